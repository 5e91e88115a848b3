using System;
using System.Buffers.Binary;
using Mptcp.Codec.Crypto;
using Mptcp.Codec.Options;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Capture.Synthesis;

// Builds an IPv4/TCP packet with MPTCP options (and any other TCP option, e.g. MSS on a SYN) and correct IP and TCP
// checksums: synth's traces, and the segments the userspace peer (peer/) sends to the kernel.
internal sealed class SegmentBuilder
{
    private readonly byte[] _packet = new byte[65535];
    private readonly byte[] _options = new byte[40];
    private int _optionLength;

    // The TCP window advertised (65535 unless set).
    public ushort Window { get; set; } = 65535;

    public void ClearOptions() => _optionLength = 0;

    // The octets of the 40 for TCP options not yet used.
    public int Remaining => _options.Length - _optionLength;

    // Appends a TCP option as its octets (kind, length, value), e.g. 02 04 05 b4 for MSS 1460.
    public void AddTcpOption(ReadOnlySpan<byte> option)
    {
        if (option.Length > Remaining)
        {
            throw new InvalidOperationException($"TCP options of {option.Length} octets do not fit in the {Remaining} of the 40 octets of TCP options left");
        }

        option.CopyTo(_options.AsSpan(_optionLength));
        _optionLength += option.Length;
    }

    public void Add(in MptcpOption option)
    {
        MptcpStatus status = option.Write(_options.AsSpan(_optionLength), out int written);
        if (status != MptcpStatus.Ok)
        {
            // An option that is valid but does not fit beside the ones before it is told apart from an invalid one.
            MptcpStatus invalid = option.Validate();
            throw new InvalidOperationException(invalid == MptcpStatus.Ok
                ? $"cannot encode {option}: its {option.GetEncodedLength()} octets do not fit in the {_options.Length - _optionLength} of the 40 octets of TCP options left"
                : $"cannot encode {option}: {invalid}");
        }

        _optionLength += written;
    }

    // An IPv4 packet (synth's traces).
    public ReadOnlySpan<byte> Build(uint source, ushort sourcePort, uint destination, ushort destinationPort, uint seq, uint ack, TcpFlags flags, ReadOnlySpan<byte> payload) =>
        Build(MptcpAddress.FromIPv4(source), sourcePort, MptcpAddress.FromIPv4(destination), destinationPort, seq, ack, flags, payload);

    // An IPv4 or IPv6 packet, as the addresses are (both of one family).
    public ReadOnlySpan<byte> Build(MptcpAddress source, ushort sourcePort, MptcpAddress destination, ushort destinationPort, uint seq, uint ack, TcpFlags flags, ReadOnlySpan<byte> payload)
    {
        int optionSpace = (_optionLength + 3) & ~3;
        _options.AsSpan(_optionLength, optionSpace - _optionLength).Fill(1); // NOP padding
        int tcpLength = 20 + optionSpace;
        int ipLength = source.IsIPv6 ? 40 : 20;
        int total = ipLength + tcpLength + payload.Length;
        Span<byte> ip = _packet.AsSpan(0, total);
        ip.Clear();
        var tcpChecksum = default(InternetChecksum);
        if (source.IsIPv6)
        {
            // RFC 8200: version 6, no traffic class or flow label, the payload's length, next header TCP, hop limit 64.
            ip[0] = 0x60;
            BinaryPrimitives.WriteUInt16BigEndian(ip[4..], (ushort)(tcpLength + payload.Length));
            ip[6] = 6;
            ip[7] = 64;
            source.Write(ip[8..]);
            destination.Write(ip[24..]);
            tcpChecksum.Append(ip[8..40]); // RFC 8200 §8.1: addresses, 32-bit upper-layer length, next header
        }
        else
        {
            ip[0] = 0x45;
            BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)total);
            ip[6] = 0x40; // don't fragment
            ip[8] = 64;
            ip[9] = 6;
            source.Write(ip[12..]);
            destination.Write(ip[16..]);
            var ipChecksum = default(InternetChecksum);
            ipChecksum.Append(ip[..20]);
            BinaryPrimitives.WriteUInt16BigEndian(ip[10..], ipChecksum.Result);
            tcpChecksum.Append(ip[12..20]); // RFC 793: addresses, protocol, TCP length
        }

        Span<byte> tcp = ip[ipLength..];
        BinaryPrimitives.WriteUInt16BigEndian(tcp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], seq);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[8..], (flags & TcpFlags.Ack) != 0 ? ack : 0);
        tcp[12] = (byte)(tcpLength / 4 << 4);
        tcp[13] = (byte)flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], Window);
        _options.AsSpan(0, optionSpace).CopyTo(tcp[20..]);
        payload.CopyTo(tcp[tcpLength..]);

        // The rest of the pseudo-header (the upper 16 bits of IPv6's 32-bit length are 0 here), then the segment.
        tcpChecksum.Add(6);
        tcpChecksum.Add((ushort)(tcpLength + payload.Length));
        tcpChecksum.Append(tcp);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], tcpChecksum.Result);
        return ip;
    }
}
