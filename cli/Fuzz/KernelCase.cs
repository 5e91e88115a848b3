using System.Collections.Generic;
using Mptcp.Codec.Fuzzing.Mutation;

namespace Mptcp.Codec.Cli.Fuzz;

/// <summary>Where a kernel case's option goes: the context in which it means something.</summary>
internal enum KernelContext
{
    /// <summary>In place of MP_CAPABLE on the connection's SYN.</summary>
    Syn,

    /// <summary>In place of MP_CAPABLE (both keys) on the handshake's third ACK.</summary>
    ThirdAck,

    /// <summary>In place of MP_JOIN on a join SYN of an established connection.</summary>
    JoinSyn,

    /// <summary>In place of MP_JOIN (the HMAC) on a join's third ACK.</summary>
    JoinThirdAck,

    /// <summary>Alone on an ACK of an established connection.</summary>
    Ack,

    /// <summary>In place of the DSS mapping of a segment with data.</summary>
    AckWithData,

    /// <summary>On a RST of the established connection's subflow.</summary>
    Rst,
}

/// <summary>
/// One case of a kernel campaign, run: where it went, the valid option it was mutated from, the octets sent, the
/// SDK's verdict, and the kernel's reaction (in words, the counters that moved while it took the option, their change
/// since the case began, and whether it acted).
/// <c>Sent</c> is the subtype of the first MPTCP option the block holds before any EOL (what a receiver finds), or
/// "no MPTCP option"; <c>Judged</c>, whether the kernel has a counter that shows it acting on it in this context.
/// </summary>
internal sealed record KernelCase(int Number, KernelContext Context, string Base, MutatedCase Case, string Sent, bool SdkValid, string SdkVerdict,
    string Reaction, bool Judged, bool Acted, IReadOnlyList<string> Moved, IReadOnlyDictionary<string, long> SinceStart, IReadOnlyList<string> Counters)
{
    /// <summary>The valid option's octets as that run built them (its keys), before the mutation.</summary>
    public byte[] Valid { get; init; } = [];

    /// <summary>
    /// Whether the kernel did what the SDK's verdict says a correct endpoint does: act on a valid option, not on an
    /// invalid one; a case without a counter to judge by agrees by default.
    /// </summary>
    public bool Agrees => !Judged || SdkValid == Acted;

    /// <summary>The kind of the case: context, option (and what it was made from, if the mutation changed its subtype), both verdicts.</summary>
    public string Kind => $"{Names(Context)} {Sent}{(Sent == Base ? string.Empty : $" (from {Base})")}: SDK {(SdkValid ? "valid" : "rejects")}, kernel {Reaction}";

    public static string Names(KernelContext context) => context switch
    {
        KernelContext.Syn => "SYN",
        KernelContext.ThirdAck => "third ACK",
        KernelContext.JoinSyn => "join SYN",
        KernelContext.JoinThirdAck => "join third ACK",
        KernelContext.Ack => "ACK",
        KernelContext.AckWithData => "data segment",
        _ => "RST",
    };
}
