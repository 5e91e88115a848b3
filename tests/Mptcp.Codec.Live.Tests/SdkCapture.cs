using System;
using System.Collections.Generic;
using System.Linq;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Options;
using Mptcp.Codec.Packets;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Live.Tests;

/// <summary>One MPTCP option of a captured segment: its octets and the SDK's decode of them.</summary>
internal sealed record SdkOption(byte[] Raw, MptcpOption Option)
{
    /// <summary>The decoded option struct (MpCapableOption, DssOption, …), boxed once for the tests' convenience.</summary>
    public object Decoded { get; } = Unwrap(Option);

    public int Subtype => Raw[2] >> 4;

    public int Length => Raw[1];

    public T Get<T>()
        where T : struct => Decoded is T value ? value : throw new InvalidOperationException($"option {Convert.ToHexStringLower(Raw)} is a {Decoded.GetType().Name}, not a {typeof(T).Name}");

    public bool Is<T>()
        where T : struct => Decoded is T;

    private static object Unwrap(MptcpOption o) =>
        o.TryGet(out MpCapableOption a) ? a
        : o.TryGet(out MpJoinSynOption b) ? b
        : o.TryGet(out MpJoinSynAckOption c) ? c
        : o.TryGet(out MpJoinAckOption d) ? d
        : o.TryGet(out DssOption e) ? e
        : o.TryGet(out AddAddressOption f) ? f
        : o.TryGet(out AddAddressV0Option g) ? g
        : o.TryGet(out RemoveAddressOption h) ? h
        : o.TryGet(out MpPrioOption i) ? i
        : o.TryGet(out MpFailOption j) ? j
        : o.TryGet(out MpFastCloseOption k) ? k
        : o.TryGet(out MpTcpRstOption l) ? l
        : o.TryGet(out MpExperimentalOption m) ? m
        : throw new InvalidOperationException($"an MptcpOption of kind {o.Kind} that no TryGet returns");
}

/// <summary>One frame as the capture library and the SDK decode it.</summary>
internal sealed record SdkFrame(
    long Number,
    bool IsTcp,
    bool IsIPv6,
    string Source,
    string Destination,
    int SourcePort,
    int DestinationPort,
    int TcpFlags,
    int PayloadLength,
    IReadOnlyList<SdkOption> Options)
{
    public bool Syn => (TcpFlags & 0x02) != 0;

    public bool Rst => (TcpFlags & 0x04) != 0;

    public bool Fin => (TcpFlags & 0x01) != 0;

    public bool Ack => (TcpFlags & 0x10) != 0;

    /// <summary>The subflow (4-tuple) the frame belongs to, the same string for both directions.</summary>
    public string Subflow
    {
        get
        {
            string a = $"{Source}:{SourcePort}";
            string b = $"{Destination}:{DestinationPort}";
            return string.CompareOrdinal(a, b) < 0 ? $"{a} {b}" : $"{b} {a}";
        }
    }

    public IEnumerable<T> All<T>()
        where T : struct => Options.Where(o => o.Is<T>()).Select(o => o.Get<T>());

    public override string ToString() =>
        $"frame {Number} {Source}:{SourcePort} > {Destination}:{DestinationPort} flags 0x{TcpFlags:x2} len {PayloadLength} mptcp [{string.Join(",", Options.Select(o => o.Subtype))}]";
}

/// <summary>
/// Reads a capture with Mptcp.Codec.Capture (CaptureReader, PacketDecoder) and decodes every MPTCP option of every
/// TCP segment with the SDK (TcpOptionWalker, MptcpOption.TryRead). Any option the SDK refuses is a failure: the
/// kernel only sends well-formed options.
/// </summary>
internal static class SdkCapture
{
    public static IReadOnlyList<SdkFrame> Read(string pcap)
    {
        var frames = new List<SdkFrame>();
        var errors = new List<string>();
        using CaptureReader reader = CaptureReader.Open(pcap);
        while (reader.TryReadNext(out CapturedFrame frame))
        {
            if (!PacketDecoder.TryDecodeTcp(frame.LinkType, frame.Data, out TcpSegment segment, out PacketDecodeStatus status))
            {
                frames.Add(new SdkFrame(frame.FrameNumber, false, false, status.ToString(), string.Empty, 0, 0, 0, 0, []));
                continue;
            }

            var options = new List<SdkOption>();
            TcpOptionWalker walker = TcpOptionWalker.MptcpOptions(segment.Options);
            while (walker.MoveNext())
            {
                byte[] raw = walker.Current.Bytes.ToArray();
                if (MptcpOption.TryRead(raw, out MptcpOption option, out MptcpError error))
                {
                    options.Add(new SdkOption(raw, option));
                }
                else
                {
                    errors.Add($"frame {frame.FrameNumber}: the SDK refuses {Convert.ToHexStringLower(raw)}: {error.Describe()}");
                }
            }

            if (!walker.Error.IsOk)
            {
                errors.Add($"frame {frame.FrameNumber}: the option walk failed: {walker.Error.Describe()}");
            }

            frames.Add(new SdkFrame(
                frame.FrameNumber,
                true,
                segment.IsIPv6,
                segment.Source.ToString(),
                segment.Destination.ToString(),
                segment.SourcePort,
                segment.DestinationPort,
                segment.Flags,
                segment.PayloadLength,
                options));
        }

        if (reader.Problems.Count > 0)
        {
            errors.AddRange(reader.Problems.Select(p => $"capture problem: {p}"));
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"{pcap}: the SDK could not read everything the kernel sent:\n{string.Join('\n', errors.Take(30))}");
        }

        return frames;
    }
}
