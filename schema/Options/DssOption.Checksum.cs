using System;
using Mptcp.Codec.Crypto;

namespace Mptcp.Codec.Options;

public partial record struct DssOption
{
    /// <summary>
    /// The DSS checksum of this mapping over <paramref name="payload"/> (RFC 8684 §3.3.1: the pseudo-header of the
    /// 64-bit DSN, subflow sequence number and data-level length, then the data), for a mapping with an 8-octet DSN.
    /// </summary>
    /// <exception cref="InvalidOperationException">The option has no mapping, or a 4-octet DSN (give the 64-bit one).</exception>
    public readonly ushort ComputeChecksum(ReadOnlySpan<byte> payload) => DataSequenceNumberIs8Octets
        ? ComputeChecksum(payload, DataSequenceNumber)
        : throw new InvalidOperationException("the mapping's DSN is 4 octets: the checksum covers the 64-bit DSN, so pass it");

    /// <summary>The DSS checksum over <paramref name="payload"/> for a mapping whose 64-bit DSN is <paramref name="dataSequenceNumber64"/>.</summary>
    /// <exception cref="InvalidOperationException">The option has no mapping.</exception>
    public readonly ushort ComputeChecksum(ReadOnlySpan<byte> payload, ulong dataSequenceNumber64) => MappingPresent
        ? DssChecksum.Compute(dataSequenceNumber64, SubflowSequenceNumber, DataLevelLength, payload)
        : throw new InvalidOperationException("the option has no mapping to checksum");

    /// <summary>This option with its checksum filled in for <paramref name="payload"/> (<see cref="HasChecksum"/> set).</summary>
    public readonly DssOption WithChecksum(ReadOnlySpan<byte> payload) => this with { HasChecksum = true, Checksum = ComputeChecksum(payload) };

    /// <summary>True when the option carries a checksum and it is the one <paramref name="payload"/> gives (8-octet DSN).</summary>
    public readonly bool VerifyChecksum(ReadOnlySpan<byte> payload) => HasChecksum && Checksum == ComputeChecksum(payload);
}
