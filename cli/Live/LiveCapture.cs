using System;
using System.IO;
using System.IO.Pipes;
using System.Threading;
using System.Threading.Tasks;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Packets;
using SharpPcap;
using SharpPcap.LibPcap;

namespace Mptcp.Codec.Cli.Live;

/// <summary>
/// Packets from a network interface through libpcap (SharpPcap), handed to the capture commands as a pcap stream:
/// SharpPcap's capture thread writes each packet into a pipe as it arrives, and the command reads the other end
/// with the same <see cref="CaptureReader"/> that reads files. The pipe's buffer bounds memory; a slow reader holds
/// libpcap back and the kernel counts what it dropped, which <see cref="Finish"/> reports.
/// </summary>
internal sealed class LiveCapture : IDisposable
{
    private const int SnapLength = 262144;
    private const int ReadTimeoutMilliseconds = 100;

    private readonly LibPcapLiveDevice _device;
    private readonly AnonymousPipeServerStream _pipe = new(PipeDirection.Out);
    private readonly CaptureWriter _writer;
    private readonly long? _count;
    private readonly int _linkType;
    private int _stopped;
    private Task? _stopping;

    private LiveCapture(LibPcapLiveDevice device, long? count)
    {
        _device = device;
        _count = count;
        _linkType = (int)device.LinkType;
        Stream = new AnonymousPipeClientStream(PipeDirection.In, _pipe.ClientSafePipeHandle);
        _writer = new CaptureWriter(_pipe, pcapNg: false, leaveOpen: true, _linkType);
    }

    /// <summary>The pcap stream of the captured packets; it ends when the capture stops.</summary>
    public Stream Stream { get; }

    /// <summary>Packets written to <see cref="Stream"/>.</summary>
    public long Captured { get; private set; }

    /// <summary>Opens <paramref name="name"/>, sets the BPF filter, starts capturing; or says why not and returns null.</summary>
    public static LiveCapture? Start(string name, string? filter, long? count, TextWriter error)
    {
        LibPcapLiveDevice? device;
        try
        {
            device = Find(name);
        }
        catch (Exception e) when (e is DllNotFoundException or PcapException or TypeInitializationException)
        {
            error.WriteLine($"mptcp-dump: {name}: live capture needs libpcap (Debian: apt-get install libpcap0.8): {e.GetBaseException().Message}");
            return null;
        }

        if (device is null)
        {
            error.WriteLine($"mptcp-dump: {name}: no such interface (ip link lists them)");
            return null;
        }

        try
        {
            device.Open(new DeviceConfiguration
            {
                Mode = DeviceModes.None,
                Snaplen = SnapLength,
                ReadTimeout = ReadTimeoutMilliseconds,
                Immediate = true,
                TimestampResolution = TimestampResolution.Nanosecond,
            });
            if (!string.IsNullOrWhiteSpace(filter))
            {
                device.Filter = filter;
            }
        }
        catch (Exception e) when (e is PcapException or InvalidOperationException)
        {
            error.WriteLine($"mptcp-dump: {name}: {e.Message}{(filter is null ? string.Empty : $" (filter '{filter}')")}");
            device.Close();
            return null;
        }

        var capture = new LiveCapture(device, count);
        int linkType = (int)device.LinkType;
        error.WriteLine($"mptcp-dump: listening on {name}, link type {linkType} ({LinkTypes.NameOf(linkType) ?? "unnamed"}), snapshot length {SnapLength} octets");
        device.OnPacketArrival += capture.Arrived;
        device.StartCapture();
        return capture;
    }

    /// <summary>
    /// Ends the capture (Ctrl-C, or -c reached): libpcap's loop is broken (SharpPcap's StopCapture, which wakes a
    /// capture thread that waits for packets), and the stream ends after the packets already captured.
    /// </summary>
    public void Stop()
    {
        // Not on the caller's thread: -c stops from within SharpPcap's capture thread, which StopCapture joins.
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            _stopping = Task.Run(() =>
            {
                _device.StopCapture();
                _pipe.Dispose();
            });
        }
    }

    /// <summary>Stops if not yet stopped, and returns libpcap's statistics: "N packets captured, … dropped by the kernel".</summary>
    public string Finish()
    {
        ICaptureStatistics? statistics = null;
        try
        {
            statistics = _device.Statistics;
        }
        catch (PcapException)
        {
        }

        Stop();
        return statistics is null
            ? $"{Captured} packets captured"
            : $"{Captured} packets captured, {statistics.ReceivedPackets} received by filter, {statistics.DroppedPackets} dropped by the kernel";
    }

    public void Dispose()
    {
        Stop();
        _stopping?.Wait();
        _device.Close();
        Stream.Dispose();
    }

    private static LibPcapLiveDevice? Find(string name)
    {
        foreach (LibPcapLiveDevice device in LibPcapLiveDeviceList.New())
        {
            if (device.Name == name)
            {
                return device;
            }
        }

        return null;
    }

    /// <summary>SharpPcap's capture thread: each packet goes into the pipe at once.</summary>
    private void Arrived(object sender, PacketCapture packet)
    {
        if (Volatile.Read(ref _stopped) != 0)
        {
            return;
        }

        try
        {
            long timestamp = (long)(packet.Header.Timeval.Value * 1_000_000_000m); // seconds, to the device's resolution
            uint length = packet.Header is PcapHeader header ? header.PacketLength : (uint)packet.Data.Length;
            _writer.TryWrite(timestamp, _linkType, length, packet.Data);
            _pipe.Flush();
        }
        catch (IOException)
        {
            Stop(); // the reading end closed: the command ended early
            return;
        }

        if (++Captured == _count)
        {
            Stop();
        }
    }
}
