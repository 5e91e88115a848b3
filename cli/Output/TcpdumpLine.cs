using System;
using System.Collections.Generic;
using System.Globalization;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Format.Text;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Cli.Output;

/// <summary>
/// Writes a TCP segment in the layout of <c>tcpdump -# -n -tttt</c> (times in UTC): packet number, time, addresses,
/// flags, sequence numbers relative as tcpdump makes them, window, the option list with every MPTCP option in
/// current tcpdump's words, and the payload length.
/// </summary>
internal sealed class TcpdumpLine
{
    private readonly Dictionary<FlowKey, (uint BaseSeq, uint BaseAck)> _relative = [];
    private readonly char[] _buffer = new char[4096];

    /// <summary>Writes one line (with its newline) and returns it as a span of the internal buffer.</summary>
    public ReadOnlySpan<char> Format(long frame, long timestampNanoseconds, in TcpSegment segment, ReadOnlySpan<char> suffix = default)
    {
        Span<char> d = _buffer;
        int n = 0;
        var time = DateTime.UnixEpoch.AddTicks(timestampNanoseconds / 100);
        n += Write(d[n..], Invariant, $"{frame,5}  {time:yyyy-MM-dd HH:mm:ss}.{timestampNanoseconds / 1000 % 1_000_000:D6} {(segment.IsIPv6 ? "IP6" : "IP")} ");
        n += Endpoint(d[n..], segment.Source, segment.SourcePort);
        n += Write(d[n..], Invariant, $" > ");
        n += Endpoint(d[n..], segment.Destination, segment.DestinationPort);
        n += Write(d[n..], Invariant, $": Flags [");
        n += Flags(d[n..], segment.Flags);
        n += Write(d[n..], Invariant, $"]");
        (uint seq, uint ack) = Relative(segment);
        bool hasData = segment.PayloadLength > 0;
        if (hasData || (segment.Flags & 0x07) != 0)
        {
            n += hasData
                ? Write(d[n..], Invariant, $", seq {seq}:{unchecked(seq + (uint)segment.PayloadLength)}")
                : Write(d[n..], Invariant, $", seq {seq}");
        }

        if (segment.Ack)
        {
            n += Write(d[n..], Invariant, $", ack {ack}");
        }

        n += Write(d[n..], Invariant, $", win {segment.Window}");
        if ((segment.Flags & 0x20) != 0)
        {
            n += Write(d[n..], Invariant, $", urg {System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(segment.TcpHeader[18..])}");
        }

        bool malformed = false;
        if (!segment.Options.IsEmpty)
        {
            n += Write(d[n..], Invariant, $", options [");
            TcpOptionsText.TryFormat(segment.Options, (TcpFlags)segment.Flags, d[n..], out int written, out malformed);
            n += written;
            if (!malformed)
            {
                n += Write(d[n..], Invariant, $"]");
            }
        }

        if (!malformed)
        {
            n += Write(d[n..], Invariant, $", length {segment.PayloadLength}");
        }

        suffix.CopyTo(d[n..]);
        n += suffix.Length;
        d[n++] = '\n';
        return d[..n];
    }

    private (uint Seq, uint Ack) Relative(in TcpSegment segment)
    {
        uint seq = segment.SequenceNumber;
        uint ack = segment.AcknowledgmentNumber;
        if (!segment.Ack)
        {
            return (seq, ack);
        }

        var source = new Endpoint(segment.Source, segment.SourcePort);
        var destination = new Endpoint(segment.Destination, segment.DestinationPort);
        bool reversed = segment.SourcePort > segment.DestinationPort ||
            (segment.SourcePort == segment.DestinationPort && Capture.Analysis.Endpoint.Compare(source with { Port = 0 }, destination with { Port = 0 }) > 0);
        var key = new FlowKey(source, destination);
        if (segment.Syn || !_relative.TryGetValue(key, out (uint BaseSeq, uint BaseAck) bases))
        {
            _relative[key] = reversed ? (unchecked(ack - 1), seq) : (seq, unchecked(ack - 1));
            return (seq, ack);
        }

        return reversed
            ? (unchecked(seq - bases.BaseAck), unchecked(ack - bases.BaseSeq))
            : (unchecked(seq - bases.BaseSeq), unchecked(ack - bases.BaseAck));
    }

    private static int Endpoint(Span<char> d, MptcpAddress address, ushort port)
    {
        address.TryFormat(d, out int n);
        return n + Write(d[n..], Invariant, $".{port}");
    }

    private static int Flags(Span<char> d, byte flags)
    {
        // tcpdump's order: FIN SYN RST PSH ACK URG ECE CWR.
        ReadOnlySpan<char> letters = "FSRP.UEW";
        ReadOnlySpan<byte> bits = [0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80];
        int n = 0;
        for (int i = 0; i < bits.Length; i++)
        {
            if ((flags & bits[i]) != 0)
            {
                d[n++] = letters[i];
            }
        }

        return n > 0 ? n : Write(d, Invariant, $"none");
    }

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static int Write(Span<char> d, IFormatProvider provider, [System.Runtime.CompilerServices.InterpolatedStringHandlerArgument(nameof(d), nameof(provider))] ref MemoryExtensions.TryWriteInterpolatedStringHandler text)
    {
        d.TryWrite(provider, ref text, out int written);
        return written;
    }
}
