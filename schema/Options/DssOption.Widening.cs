namespace Mptcp.Codec.Options;

public partial record struct DssOption
{
    /// <summary>
    /// The 64-bit DATA_ACK: as sent when it is 8 octets; when it is 4, the 64-bit value nearest
    /// <paramref name="reference"/> (the last 64-bit DATA_ACK or DSN known in that direction) whose low 32 bits were
    /// sent (RFC 8684 §3.3.1 leaves the upper bits to the receiver's knowledge of the data sequence space).
    /// </summary>
    public readonly ulong GetDataAck(ulong reference) => DataAckIs8Octets ? DataAck : Widen(reference, (uint)DataAck);

    /// <summary>The 64-bit DSN of the mapping, widened from 4 octets as <see cref="GetDataAck"/> widens the DATA_ACK.</summary>
    public readonly ulong GetDataSequenceNumber(ulong reference) =>
        DataSequenceNumberIs8Octets ? DataSequenceNumber : Widen(reference, (uint)DataSequenceNumber);

    // The 64-bit number nearest reference whose low 32 bits are low: within 2^31 either way, across a 2^32 boundary too.
    private static ulong Widen(ulong reference, uint low)
    {
        ulong candidate = (reference & 0xFFFF_FFFF_0000_0000UL) | low;
        long delta = (long)(candidate - reference);
        return delta > int.MaxValue ? candidate - (1UL << 32) : delta < int.MinValue ? candidate + (1UL << 32) : candidate;
    }
}
