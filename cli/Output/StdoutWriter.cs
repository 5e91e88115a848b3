using System;
using System.Diagnostics;
using System.IO;
using System.Text;

namespace Mptcp.Codec.Cli.Output;

/// <summary>
/// The tool's standard output: text and UTF-8 bytes into a 1 MiB buffer, written to the OS in large chunks.
/// <c>Console.Out</c> flushes after every write, one write(2) per line: that was 77 % of <c>read</c>'s time
/// (benchmarks/RESULTS.md, the profile of issue 17). Output still streams: the buffer goes out whenever a write finds
/// it older than <see cref="MaxDelayMs"/>, on <see cref="Flush"/> (the listing calls it when its input goes quiet:
/// <see cref="Listing.ListingPipeline.Idle"/>), and at exit; so a reader of a pipe or a terminal sees each line at most
/// 100 ms after it, or after the input went quiet.
/// </summary>
internal sealed class StdoutWriter : StreamWriter
{
    /// <summary>The longest a written line waits in the buffer while more lines come.</summary>
    public const int MaxDelayMs = 100;

    private const int BufferSize = 1 << 20;

    private readonly BufferedStream _bytes;
    private long _lastFlush = Stopwatch.GetTimestamp() - Stopwatch.Frequency; // as if a second ago: the first line goes out at once
    private bool _textPending;

    private StdoutWriter(BufferedStream bytes)
        : base(bytes, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024)
    {
        _bytes = bytes;
    }

    /// <summary>The process's standard output, buffered.</summary>
    public static StdoutWriter Open() =>
        new(new BufferedStream(OperatingSystem.IsWindows() ? Console.OpenStandardOutput() : new StdoutStream(), BufferSize));

    public override void Write(char value)
    {
        base.Write(value);
        Written();
    }

    public override void Write(string? value)
    {
        base.Write(value);
        Written();
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        base.Write(buffer);
        Written();
    }

    public override void WriteLine(string? value)
    {
        base.WriteLine(value);
        Written();
    }

    public override void WriteLine(ReadOnlySpan<char> buffer)
    {
        base.WriteLine(buffer);
        Written();
    }

    /// <summary>UTF-8 octets (a JSON line), after any text written before them.</summary>
    public void WriteUtf8(ReadOnlySpan<byte> octets)
    {
        if (_textPending)
        {
            base.Flush(); // the text into the byte buffer first, in order (and to the OS: rare, text and bytes seldom mix)
            _textPending = false;
        }

        _bytes.Write(octets);
        MaybeFlush();
    }

    public override void Flush()
    {
        base.Flush();
        _textPending = false;
        _lastFlush = Stopwatch.GetTimestamp();
    }

    private void Written()
    {
        _textPending = true;
        MaybeFlush();
    }

    private void MaybeFlush()
    {
        if (Stopwatch.GetElapsedTime(_lastFlush).TotalMilliseconds >= MaxDelayMs)
        {
            Flush();
        }
    }
}
