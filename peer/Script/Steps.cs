using Mptcp.Codec.Peer.Mptcp;
using Mptcp.Codec.Peer.Tcp;

namespace Mptcp.Codec.Peer.Script;

/// <summary>One line of a peer script: what it says to do or to expect, with where it stands.</summary>
/// <param name="Line">The line number, from 1.</param>
/// <param name="Text">The line as written, without its comment.</param>
public abstract record Step(int Line, string Text);

/// <summary><c>`COMMAND`</c>: a command run inside the run's namespace (e.g. <c>`ip mptcp limits set subflows 2`</c>).</summary>
public sealed record ShellStep(int Line, string Text, string Command) : Step(Line, Text);

/// <summary><c>kernel listen PORT</c>: the kernel-side application, an MPTCP listener on 10.9.0.1 that echoes.</summary>
public sealed record KernelListenStep(int Line, string Text, ushort Port) : Step(Line, Text);

/// <summary>
/// <c>kernel connect [ipv6] [to A] port P send N [open]</c>: the kernel-side application is a client: an MPTCP socket that
/// connects to the peer's address A, sends N octets and reads what the peer sends until it closes; it closes its
/// direction after the N octets, or, with <c>open</c>, at <c>kernel close</c>.
/// </summary>
public sealed record KernelConnectStep(int Line, string Text, int To, ushort Port, int Octets, bool IPv6, bool KeepOpen = false) : Step(Line, Text);

/// <summary><c>kernel send N</c>: the kernel's client (started with <c>open</c>) writes N octets more, whatever it has read meanwhile.</summary>
public sealed record KernelSendStep(int Line, string Text, int Octets) : Step(Line, Text);

/// <summary><c>kernel close</c>: the kernel's client closes its direction (shutdown(2): a DATA_FIN once its data is out).</summary>
public sealed record KernelCloseStep(int Line, string Text) : Step(Line, Text);

/// <summary><c>&gt; connect [csum]</c>: the kernel's SYN with MP_CAPABLE, answered as server (SYN/ACK with the peer's key), and its third ACK.</summary>
public sealed record ExpectConnectStep(int Line, string Text, bool Not, int WithinMs, bool Checksums) : ExpectStep(Line, Text, Not, WithinMs)
{
    /// <summary><c>[sack] [ts] [wscale N]</c>: what the peer's SYN/ACKs take up of the kernel's offers besides MSS.</summary>
    public TcpFeatures Features { get; init; }
}

/// <summary>
/// <c>&lt; connect [ipv6] [csum] [sack] [ts] [wscale N] [from A] [port P]</c>: the MP_CAPABLE handshake, the peer as
/// client (over IPv6: fd09::2 → fd09::1).
/// </summary>
public sealed record ConnectStep(int Line, string Text, bool Checksums, int From, ushort Port, bool IPv6, bool BadKey = false, byte[]? Raw = null) : Step(Line, Text)
{
    /// <summary><c>[sack] [ts] [wscale N]</c>: what every subflow's SYN offers besides MSS.</summary>
    public TcpFeatures Features { get; init; }

    /// <summary><c>third-ack edit …</c>: the third ACK's MP_CAPABLE (both keys) edited so.</summary>
    public OptionEdit? ThirdAckEdit { get; init; }
}

/// <summary>
/// <c>&lt; data N [on S] [bad-csum] [ahead K] [length L | infinite | capable]</c>: N octets in mappings of at most 1,200 on subflow S; with
/// <c>ahead K</c>, mapped K octets past the next DSN (and not part of the stream the kernel's application must read).
/// </summary>
public sealed record SendDataStep(int Line, string Text, int Octets, int On, bool BadChecksum, long? Ahead = null) : Step(Line, Text)
{
    /// <summary>
    /// <c>length L</c>, <c>infinite</c> or <c>capable</c>: the one segment's mapping says a data-level length of L, or 0
    /// (an infinite mapping), or the data goes under MP_CAPABLE; <see cref="MappingForm.Dss"/> otherwise.
    /// </summary>
    public MappingForm Form { get; init; }

    /// <summary>The data-level length of <c>length L</c>.</summary>
    public int? DataLevelLength { get; init; }

    /// <summary><c>edit …</c>: the one segment's DSS (mapping and DATA_ACK) edited so.</summary>
    public OptionEdit? Edit { get; init; }
}

/// <summary>How the peer maps a <c>&lt; data</c> step's octets.</summary>
public enum MappingForm
{
    /// <summary>DSS mappings of the payload's own length, one a segment.</summary>
    Dss,

    /// <summary>One segment whose DSS mapping says another data-level length (<c>length L</c>).</summary>
    Length,

    /// <summary>One segment under an infinite mapping: data-level length 0 (<c>infinite</c>, RFC 8684 §3.7).</summary>
    Infinite,

    /// <summary>The connection's first data under MP_CAPABLE with its data-level length (<c>capable</c>, RFC 8684 §3.1).</summary>
    Capable,

    /// <summary>One segment whose valid DSS is edited (<c>edit LEN AT:HEX…</c>).</summary>
    Edited,
}

/// <summary><c>&lt; reinject N [on S]</c>: the last N octets the peer sent, again, at the same DSNs, on subflow S (RFC 8684 §3.3.6).</summary>
public sealed record ReinjectStep(int Line, string Text, int Octets, int On) : Step(Line, Text);

/// <summary><c>&lt; data-fin [on S]</c>: DATA_FIN.</summary>
public sealed record SendDataFinStep(int Line, string Text, int On) : Step(Line, Text);

/// <summary><c>&lt; fin [on S]</c>: TCP FIN on a subflow.</summary>
public sealed record SendFinStep(int Line, string Text, int On) : Step(Line, Text);

/// <summary><c>&lt; join [from A] [id N] [backup] [bad-token | bad-hmac] [ack-id N] [ack-backup]</c>: a new subflow by MP_JOIN (the next subflow number).</summary>
public sealed record JoinStep(int Line, string Text, int From, byte AddressId, bool Backup, JoinFault Fault, byte[]? Raw = null) : Step(Line, Text)
{
    /// <summary><c>[ack-id N] [ack-backup]</c>: an address id and backup bit written into the third ACK's reserved bits.</summary>
    public JoinThirdAck ThirdAck { get; init; }

    /// <summary><c>edit …</c>: the SYN's valid MP_JOIN (this run's token, a nonce) edited so; the peer then resets the subflow.</summary>
    public OptionEdit? SynEdit { get; init; }

    /// <summary><c>third-ack edit …</c>: the third ACK's valid MP_JOIN (this run's HMAC) edited so.</summary>
    public OptionEdit? ThirdAckEdit { get; init; }
}

/// <summary><c>&lt; add-addr A id N [port P] [bad-hmac]</c>: ADD_ADDR of one of the peer's addresses, with its HMAC.</summary>
public sealed record AddAddressStep(int Line, string Text, int Address, byte AddressId, ushort? Port, bool BadHmac) : Step(Line, Text)
{
    /// <summary><c>edit …</c>: the valid ADD_ADDR (this run's HMAC) edited so, sent alone.</summary>
    public OptionEdit? Edit { get; init; }
}

/// <summary><c>&lt; remove-addr N…</c>: REMOVE_ADDR of address ids.</summary>
public sealed record RemoveAddressStep(int Line, string Text, byte[] AddressIds) : Step(Line, Text);

/// <summary><c>&lt; prio backup|regular [on S]</c>: MP_PRIO on a subflow.</summary>
public sealed record PrioStep(int Line, string Text, bool Backup, int On) : Step(Line, Text);

/// <summary><c>&lt; reset [on S] [reason R]</c>: RST with MP_TCPRST (reason 0 unless given) on a subflow.</summary>
public sealed record SendResetStep(int Line, string Text, int On, int Reason) : Step(Line, Text);

/// <summary><c>&lt; mp-fail</c>: MP_FAIL with the DSN of the peer's last mapping, on the initial subflow.</summary>
public sealed record SendFailStep(int Line, string Text) : Step(Line, Text)
{
    /// <summary><c>edit …</c>: the valid MP_FAIL edited so, sent alone.</summary>
    public OptionEdit? Edit { get; init; }
}

/// <summary><c>&lt; raw HEX [on S] [rst]</c>: TCP option octets as they are (a malformed MPTCP option, say) on an ACK or a RST.</summary>
public sealed record SendRawStep(int Line, string Text, byte[] Octets, int On, bool Reset) : Step(Line, Text);

/// <summary><c>&gt; add-addr id N</c>: the kernel announces an address with id N and the right HMAC; the peer echoes it.</summary>
public sealed record ExpectAnnouncementStep(int Line, string Text, bool Not, int WithinMs, byte AddressId) : ExpectStep(Line, Text, Not, WithinMs);

/// <summary><c>&lt; fastclose [bad-key]</c>: MP_FASTCLOSE with the kernel's key (or another) on the initial subflow.</summary>
public sealed record FastCloseStep(int Line, string Text, bool BadKey) : Step(Line, Text)
{
    /// <summary><c>edit …</c>: the valid MP_FASTCLOSE (this run's kernel key) edited so, sent alone.</summary>
    public OptionEdit? Edit { get; init; }
}

/// <summary>
/// A line starting <c>&gt;</c>: something the kernel must send within a time (<c>within MS</c>, 3,000 ms unless
/// given), or, with <c>no</c>, must not send in that time (<c>&gt; no add-addr-echo within 1000</c>).
/// </summary>
public abstract record ExpectStep(int Line, string Text, bool Not, int WithinMs) : Step(Line, Text);

/// <summary>
/// <c>&gt; data N</c>: the kernel has sent N octets in all, in order, equal to what the peer sent (the echo); with
/// <c>on S</c>, N octets of its data came on subflow S (where its scheduler put them).
/// </summary>
public sealed record ExpectDataStep(int Line, string Text, bool Not, int WithinMs, int Octets, int? On = null) : ExpectStep(Line, Text, Not, WithinMs);

/// <summary><c>&gt; data-fin</c>: DATA_FIN from the kernel, and our DATA_FIN acknowledged at data level.</summary>
public sealed record ExpectDataFinStep(int Line, string Text, bool Not, int WithinMs) : ExpectStep(Line, Text, Not, WithinMs);

/// <summary><c>&gt; fin [on S]</c>: the kernel's TCP FIN on a subflow.</summary>
public sealed record ExpectFinStep(int Line, string Text, bool Not, int WithinMs, int On) : ExpectStep(Line, Text, Not, WithinMs);

/// <summary><c>&gt; reset [on S] [reason R[,R…]]</c>: the kernel resets a subflow, with MP_TCPRST of one of the reasons when given.</summary>
public sealed record ExpectResetStep(int Line, string Text, bool Not, int WithinMs, int On, int[]? Reasons) : ExpectStep(Line, Text, Not, WithinMs);

/// <summary>
/// <c>&gt; join</c>: the kernel opens a subflow by MP_JOIN to one of the peer's addresses (after an ADD_ADDR); it becomes
/// the next subflow number, and the peer answers with its SYN/ACK and checks the kernel's third-ACK HMAC.
/// </summary>
public sealed record ExpectJoinStep(int Line, string Text, bool Not, int WithinMs, int Index) : ExpectStep(Line, Text, Not, WithinMs);

/// <summary><c>&gt; joined [on S]</c>: subflow S is established by MP_JOIN and the kernel's HMAC is right.</summary>
public sealed record ExpectJoinedStep(int Line, string Text, bool Not, int WithinMs, int On) : ExpectStep(Line, Text, Not, WithinMs);

/// <summary><c>&gt; add-addr-echo A id N</c>: the kernel echoes an ADD_ADDR (E = 1, no HMAC).</summary>
public sealed record ExpectAddAddressEchoStep(int Line, string Text, bool Not, int WithinMs, int Address, byte AddressId) : ExpectStep(Line, Text, Not, WithinMs);

/// <summary><c>&gt; option NAME [on S]</c>: an MPTCP option of that subtype (capable, join, dss, add-addr, rem-addr, prio, fail, fast-close, tcprst).</summary>
public sealed record ExpectOptionStep(int Line, string Text, bool Not, int WithinMs, byte Subtype, int? On) : ExpectStep(Line, Text, Not, WithinMs);

/// <summary><c>counter NAME +N</c> (or <c>&gt;= N</c>): how much an MPTcpExt counter has moved since the script began.</summary>
public sealed record CounterStep(int Line, string Text, string Name, bool AtLeast, long Change) : Step(Line, Text);

/// <summary><c>app received</c>: the kernel-side application read exactly the octets the peer sent, in order.</summary>
public sealed record AppReceivedStep(int Line, string Text) : Step(Line, Text);

/// <summary><c>sleep MS</c>: waits, taking the kernel's segments meanwhile.</summary>
public sealed record SleepStep(int Line, string Text, int Milliseconds) : Step(Line, Text);
