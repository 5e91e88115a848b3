using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;

namespace Mptcp.Codec.Capture;

/// <summary>
/// Reads the packet records of a classic pcap (µs or ns, either byte order) or pcapng capture, one at a time,
/// without allocating per packet. Damage never throws: it is reported in <see cref="Problems"/> and
/// <see cref="OnProblem"/>, and reading goes on wherever the format allows. Exceptions of the stream itself
/// (an I/O error) propagate.
/// </summary>
public sealed class CaptureReader : IDisposable
{
    private readonly Queue<string> _nextFiles = new();
    private Stream _stream;
    private readonly bool _leaveOpen;
    private long _frameBase;
    private long _lastFrameNumber;
    private CaptureInput _input;
    private Compression.DamageStoppingStream? _decompressed;
    private List<CaptureProblem>? _problems;
    private RecordSource? _source;
    private bool _done;

    /// <summary>Reads the capture that starts at <paramref name="stream"/>'s position.</summary>
    /// <param name="stream">The capture; it is read in chunks of up to 1 MiB.</param>
    /// <param name="leaveOpen">Whether <see cref="Dispose"/> leaves <paramref name="stream"/> open.</param>
    /// <exception cref="ArgumentException">The stream cannot be read.</exception>
    public CaptureReader(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream cannot be read.", nameof(stream));
        }

        _leaveOpen = leaveOpen;
        _stream = Watched(stream);
        _input = new CaptureInput(_stream);
    }

    /// <summary>How long a read of a pipe, terminal or socket waits for octets before <see cref="OnIdle"/> runs: 100 ms.</summary>
    public static TimeSpan IdleDelay { get; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Called on the reading thread, inside <see cref="TryReadNext"/>, when an input that can wait (a pipe, standard
    /// input, a socket: not a file) has had nothing for <see cref="IdleDelay"/>; once per wait. A tool that prints as
    /// packets come writes out what it holds here, so that its output keeps up with a quiet input.
    /// </summary>
    public Action? OnIdle { get; set; }

    /// <summary>Problems found so far, in file order (empty, and allocated only once one is found).</summary>
    public IReadOnlyList<CaptureProblem> Problems => (IReadOnlyList<CaptureProblem>?)_problems ?? [];

    /// <summary>Called with each problem as it is found, besides <see cref="Problems"/>.</summary>
    public Action<CaptureProblem>? OnProblem { get; set; }

    /// <summary>Opens a capture file for sequential reading (unbuffered by the stream: this reader reads 1 MiB at a time).</summary>
    public static CaptureReader Open(string path) => new(OpenFile(path));

    /// <summary>
    /// Opens several capture files as one trace, read in the order given, as the pieces of a rotated capture
    /// (<c>tcpdump -C</c> or <c>-G</c>) are: frames are numbered on across the files, each file is told by its own
    /// header (any mix of pcap, pcapng and compressed), and a problem's offset is within its file.
    /// </summary>
    /// <exception cref="ArgumentException">No path.</exception>
    /// <exception cref="IOException">The first file cannot be opened (a later one that cannot ends the trace with its exception then).</exception>
    public static CaptureReader Open(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
        {
            throw new ArgumentException("no capture file", nameof(paths));
        }

        var reader = new CaptureReader(OpenFile(paths[0]));
        for (int i = 1; i < paths.Count; i++)
        {
            reader._nextFiles.Enqueue(paths[i]);
        }

        return reader;
    }

    private Stream Watched(Stream stream) => stream.CanSeek ? stream : new IdleWatchingStream(stream, () => OnIdle);

    private static FileStream OpenFile(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);

    /// <summary>Reads the next packet record; false at the end of the capture or of what can be read of it.</summary>
    /// <param name="frame">The record; its <see cref="CapturedFrame.Data"/> is valid until the next call.</param>
    public bool TryReadNext(out CapturedFrame frame)
    {
        frame = default;
        if (_done)
        {
            return false;
        }

        while (true)
        {
            _source ??= Detect();
            _done = _source is null || !_source.TryReadNext(out frame);
            if (!_done)
            {
                _lastFrameNumber = frame.FrameNumber;
                if (_frameBase != 0)
                {
                    frame = new CapturedFrame(frame.FrameNumber + _frameBase, frame.TimestampNanoseconds, frame.LinkType, frame.InterfaceId, frame.OriginalLength, frame.Data, frame.FileOffset);
                }

                return true;
            }

            if (_decompressed?.DamagedAt is long damaged)
            {
                Report(new CaptureProblem(damaged, CaptureProblemKind.DamagedCompression, _lastFrameNumber + 1));
            }

            if (!_nextFiles.TryDequeue(out string? next))
            {
                return false;
            }

            // The next piece of the trace: its own header, frames numbered on.
            _decompressed?.Dispose();
            _decompressed = null;
            _input.Dispose();
            _stream.Dispose();
            _stream = Watched(OpenFile(next));
            _input = new CaptureInput(_stream);
            _source = null;
            _frameBase += _lastFrameNumber;
            _lastFrameNumber = 0;
            _done = false;
        }
    }

    /// <summary>Closes the stream unless the reader was made with leaveOpen; later reads return false.</summary>
    public void Dispose()
    {
        _done = true;
        _input.Dispose();
        _decompressed?.Dispose();
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private RecordSource? Detect()
    {
        // gzip and zstd are told by content, as Wireshark tells them; offsets are then those of the decompressed capture.
        if (_decompressed is null && _input.Ensure(Compression.Decompression.MagicLength) &&
            Compression.Decompression.IsCompressed(_input.Peek(Compression.Decompression.MagicLength)))
        {
            _decompressed = Compression.Decompression.Open(_input.TakeBuffered(), _stream);
            _input.Dispose();
            _input = new CaptureInput(_decompressed);
        }

        if (_input.Ensure(4))
        {
            uint magic = BinaryPrimitives.ReadUInt32LittleEndian(_input.Peek(4));
            if (magic == PcapNgBlockType.SectionHeader)
            {
                return new PcapNgSource(_input, Report);
            }

            if (!PcapSource.IsMagic(magic))
            {
                Report(new CaptureProblem(0, CaptureProblemKind.UnknownFormat, 1));
                return null;
            }

            if (_input.Ensure(PcapSource.FileHeaderLength))
            {
                return new PcapSource(_input, Report);
            }
        }

        Report(new CaptureProblem(0, CaptureProblemKind.TruncatedFile, 1));
        return null;
    }

    private void Report(CaptureProblem problem)
    {
        // Where damaged compressed data ends the capture, the end the format reader meets is that damage, reported next
        // in its own words: not a second, truer-sounding problem.
        if (problem.Kind is CaptureProblemKind.TruncatedRecord or CaptureProblemKind.TruncatedFile && _decompressed?.DamagedAt is not null)
        {
            return;
        }

        problem = problem with { FrameNumber = problem.FrameNumber + _frameBase };
        (_problems ??= []).Add(problem);
        OnProblem?.Invoke(problem);
    }
}
