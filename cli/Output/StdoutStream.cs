using System;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace Mptcp.Codec.Cli.Output;

/// <summary>
/// File descriptor 1 as a stream that tells a closed pipe from success. <c>Console.OpenStandardOutput()</c> takes
/// EPIPE for a successful write, so <c>read BIG | head -1</c> read the whole file; here the first write after the
/// reader went away ends the process as it ends tcpdump: at once, without reading the rest, with status 14
/// (<see cref="Cli.OutputClosed"/>: tcpdump 4.99's S_ERR_ND_WRITE_FILE, measured here). tcpdump's "Unable to write
/// output: Broken pipe" is left out: the reader that would want it is gone, and a pipeline's stderr is the user's.
/// </summary>
internal sealed class StdoutStream : Stream
{
    private const int Epipe = 32;

    private readonly FileStream _fd = new(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            _fd.Write(buffer);
        }
        catch (IOException e) when (e.HResult == Epipe || e.Message.Contains("Broken pipe", StringComparison.Ordinal))
        {
            Environment.Exit(Cli.OutputClosed);
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _fd.Dispose();
        }

        base.Dispose(disposing);
    }
}
