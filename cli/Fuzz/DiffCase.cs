using System;
using System.Linq;
using Mptcp.Codec.Fuzzing.Mutation;
using Mptcp.Codec.Packets;

namespace Mptcp.Codec.Cli.Fuzz;

/// <summary>One case of a differential campaign: its number (its frame in the campaign's captures) and the mutated option block.</summary>
internal sealed record DiffCase(int Number, MutatedCase Case)
{
    /// <summary>The most octets of TCP options a segment can carry; a mutation that grew past it cannot be sent.</summary>
    public const int MaxBlock = 40;

    private const uint Source = 0xC0000201, Destination = 0xC6336401; // 192.0.2.1 and 198.51.100.1 (RFC 5737)

    /// <summary>The option block as the segment carries it: the case's octets, NOP-padded to a multiple of four.</summary>
    public byte[] Block => Padded(Case.Octets);

    /// <summary>Option octets as a segment carries them after options of whole words: NOP-padded to a multiple of four, as the segment builder pads them.</summary>
    public static byte[] Padded(byte[] octets) => [.. octets, .. Enumerable.Repeat((byte)1, (4 - octets.Length % 4) % 4)];

    /// <summary>
    /// The case as an IPv4/TCP ACK segment, the block as its options (NOP-padded), each case its own flow (the source
    /// port follows the number) so that the peers' relative sequence numbers never join two cases.
    /// </summary>
    public ReadOnlySpan<byte> Packet(Span<byte> buffer)
    {
        var builder = new TcpPacketBuilder(MptcpAddress.FromIPv4(Source + (uint)(Number / 60_000)), (ushort)(1024 + Number % 60_000), MptcpAddress.FromIPv4(Destination), 5000)
        {
            SequenceNumber = 1000,
            AcknowledgmentNumber = 2000,
            Flags = Tcp.TcpFlags.Ack,
        };
        builder.AddRawOptions(Case.Octets);
        builder.TryWrite([], buffer, out int length);
        return buffer[..length];
    }
}
