using System;
using System.Globalization;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Format.Text;
using Mptcp.Codec.Packets;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Cli.Output;

/// <summary>
/// Writes a TCP segment in the layout of <c>tcpdump -# -n -tttt</c> (times in UTC): packet number, time, addresses,
/// flags, sequence numbers relative as tcpdump makes them, window, the option list with every MPTCP option in
/// current tcpdump's words, and the payload length.
/// </summary>
internal sealed class TcpdumpLine
{
    private RelativeSequence? _relative;
    private readonly char[] _buffer = new char[4096];
    private readonly char[] _secondText = new char[19];
    private long _second = -1;

    /// <summary>Writes one line (with its newline) and returns it as a span of the internal buffer; the relative sequence numbers are this writer's own.</summary>
    public ReadOnlySpan<char> Format(long frame, long timestampNanoseconds, in TcpSegment segment, ReadOnlySpan<char> suffix = default)
    {
        (uint seq, uint ack) = (_relative ??= new RelativeSequence()).Of(segment);
        return Format(frame, timestampNanoseconds, segment, seq, ack, suffix);
    }

    /// <summary>Writes one line with the seq and ack given (<see cref="RelativeSequence"/>), and returns it as a span of the internal buffer.</summary>
    public ReadOnlySpan<char> Format(long frame, long timestampNanoseconds, in TcpSegment segment, uint seq, uint ack, ReadOnlySpan<char> suffix)
    {
        var d = new LineWriter(_buffer);
        Stamp(ref d, frame, timestampNanoseconds);
        d.Append(segment.IsIPv6 ? " IP6 " : " IP ");
        Endpoint(ref d, segment.Source, segment.SourcePort);
        d.Append(" > ");
        Endpoint(ref d, segment.Destination, segment.DestinationPort);
        d.Append(": Flags [");
        Flags(ref d, segment.Flags);
        d.Append(']');
        bool hasData = segment.PayloadLength > 0;
        if (hasData || (segment.Flags & 0x07) != 0)
        {
            d.Append(", seq ");
            d.Append(seq);
            if (hasData)
            {
                d.Append(':');
                d.Append(unchecked(seq + (uint)segment.PayloadLength));
            }
        }

        if (segment.Ack)
        {
            d.Append(", ack ");
            d.Append(ack);
        }

        d.Append(", win ");
        d.Append(segment.Window);
        if ((segment.Flags & 0x20) != 0)
        {
            d.Append(", urg ");
            d.Append(System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(segment.TcpHeader[18..]));
        }

        bool malformed = false;
        if (segment.HeaderLength > 20)
        {
            d.Append(", options [");
            TcpOptionsText.TryFormat(segment.Options, segment.HeaderLength - 20, (TcpFlags)segment.Flags, d.Free, out int written, out malformed);
            d.Advance(written);
            if (!malformed)
            {
                d.Append(']');
            }
        }

        if (!malformed)
        {
            d.Append(", length ");
            d.Append((ulong)segment.PayloadLength);
        }

        d.Append(suffix);
        d.Append('\n');
        return d.Written;
    }

    /// <summary>
    /// Writes the line of a TCP header cut inside its fixed octets as tcpdump writes it: the addresses, the ports if
    /// they were captured, and the truncation mark.
    /// </summary>
    public ReadOnlySpan<char> Format(long frame, long timestampNanoseconds, in CutTcpHeader header)
    {
        var d = new LineWriter(_buffer);
        Stamp(ref d, frame, timestampNanoseconds);
        d.Append(header.IsIPv6 ? " IP6 " : " IP ");
        if (header.HasPorts)
        {
            Endpoint(ref d, header.Source, header.SourcePort);
            d.Append(" > ");
            Endpoint(ref d, header.Destination, header.DestinationPort);
            d.Append(": ");
        }
        else
        {
            Address(ref d, header.Source);
            d.Append(" > ");
            Address(ref d, header.Destination);
            d.Append(':');
        }

        d.Append(" [|tcp]\n");
        return d.Written;
    }

    /// <summary>The packet number and the time, as tcpdump -# -tttt writes them.</summary>
    private void Stamp(ref LineWriter d, long frame, long timestampNanoseconds)
    {
        if (frame < 0 || timestampNanoseconds < 0)
        {
            // Not from a capture file (frames count from 1, times from 1970): the general formatting.
            d.Advance(Write(d.Free, Invariant, $"{frame,5}  {DateTime.UnixEpoch.AddTicks(timestampNanoseconds / 100):yyyy-MM-dd HH:mm:ss}.{timestampNanoseconds / 1000 % 1_000_000:D6}"));
        }
        else
        {
            d.Append((ulong)frame, 5, zeros: false);
            d.Append("  ");
            d.Append(Second(timestampNanoseconds));
            d.Append('.');
            d.Append((ulong)(timestampNanoseconds / 1000 % 1_000_000), 6, zeros: true);
        }
    }

    /// <summary>"yyyy-MM-dd HH:mm:ss" of the time's second, formatted once per second of capture time.</summary>
    private ReadOnlySpan<char> Second(long timestampNanoseconds)
    {
        long second = timestampNanoseconds / 1_000_000_000;
        if (second != _second)
        {
            DateTime.UnixEpoch.AddSeconds(second).TryFormat(_secondText, out _, "yyyy-MM-dd HH:mm:ss", Invariant);
            _second = second;
        }

        return _secondText;
    }

    private static void Address(ref LineWriter d, MptcpAddress address)
    {
        address.TryFormat(d.Free, out int n);
        d.Advance(n);
    }

    private static void Endpoint(ref LineWriter d, MptcpAddress address, ushort port)
    {
        Address(ref d, address);
        d.Append('.');
        d.Append(port);
    }

    private static void Flags(ref LineWriter d, byte flags)
    {
        // tcpdump's order: FIN SYN RST PSH ACK URG ECE CWR.
        ReadOnlySpan<char> letters = "FSRP.UEW";
        if (flags == 0)
        {
            d.Append("none");
            return;
        }

        for (int i = 0; i < letters.Length; i++)
        {
            if ((flags & (1 << i)) != 0)
            {
                d.Append(letters[i]);
            }
        }
    }

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static int Write(Span<char> d, IFormatProvider provider, [System.Runtime.CompilerServices.InterpolatedStringHandlerArgument(nameof(d), nameof(provider))] ref MemoryExtensions.TryWriteInterpolatedStringHandler text)
    {
        d.TryWrite(provider, ref text, out int written);
        return written;
    }
}
