using System;

namespace Mptcp.Codec.Fuzzing.Mutation;

/// <summary>
/// One input for a campaign and what a correct parser must make of it, by the SDK's reading of RFC 8684: an MPTCP option
/// (from kind 30 on) or a whole TCP option block (<see cref="IsOptionBlock"/>), and its verdict.
/// </summary>
/// <param name="Kind">What was done to the option.</param>
/// <param name="Octets">The input.</param>
/// <param name="IsOptionBlock">True when <paramref name="Octets"/> is a TCP option block (a TCP header's options), not one option.</param>
/// <param name="Verdict">
/// <see cref="MptcpError.None"/> when the input is valid; else the status and the octet (from the start of
/// <paramref name="Octets"/>) where the SDK's decoder refuses it.
/// </param>
/// <param name="MptcpOptions">For a block: how many MPTCP options a correct parser reads in it (0 after an End of Option List).</param>
public sealed record MutatedCase(MutationKind Kind, byte[] Octets, bool IsOptionBlock, MptcpError Verdict, int MptcpOptions)
{
    /// <summary>True when a correct parser accepts the input.</summary>
    public bool IsValid => Verdict.IsOk;

    /// <summary>The input in hexadecimal, lower case.</summary>
    public override string ToString() => $"{Kind}: {Convert.ToHexStringLower(Octets)} -> {(IsValid ? "valid" : Verdict.Describe())}";
}
