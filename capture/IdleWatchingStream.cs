using System;
using System.IO;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace Mptcp.Codec.Capture;

// A pipe, terminal or socket under a CaptureReader: before a read waits longer than
// CaptureReader.IdleDelay for octets, the reader's CaptureReader.OnIdle runs, so that a tool
// printing as packets come (tcpdump -r -, a live capture) puts out what it holds while its input is quiet,
// instead of at the next packet. A file descriptor is asked with poll(2), one system call a read and no thread; any
// other stream is read on the thread pool and waited for. A file (seekable) is never wrapped: it does not wait.
internal sealed class IdleWatchingStream(Stream inner, Func<Action?> idle) : Stream
{
    private const short PollIn = 0x1;

    private readonly SafeHandle? _descriptor = OperatingSystem.IsWindows() ? null : inner switch
    {
        FileStream file => file.SafeFileHandle,
        PipeStream pipe => pipe.SafePipeHandle,
        _ => null,
    };

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        Action? onIdle = idle();
        if (onIdle is null || count == 0)
        {
            return inner.Read(buffer, offset, count);
        }

        if (_descriptor is not null)
        {
            if (!Readable(_descriptor, (int)CaptureReader.IdleDelay.TotalMilliseconds))
            {
                onIdle();
            }

            return inner.Read(buffer, offset, count);
        }

        Task<int> read = inner.ReadAsync(buffer, offset, count);
        if (!((IAsyncResult)read).AsyncWaitHandle.WaitOne(CaptureReader.IdleDelay))
        {
            onIdle();
        }

        return read.GetAwaiter().GetResult();
    }

    public override int Read(Span<byte> buffer)
    {
        // CaptureInput and the decompressors read arrays; a span is read through a pooled one.
        byte[] copy = System.Buffers.ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            int read = Read(copy, 0, buffer.Length);
            copy.AsSpan(0, read).CopyTo(buffer);
            return read;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(copy);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    // True when the descriptor has octets (or an end, or an error, which the read then meets) within milliseconds.
    private static bool Readable(SafeHandle descriptor, int milliseconds)
    {
        bool added = false;
        try
        {
            descriptor.DangerousAddRef(ref added);
            var poll = new PollDescriptor { Descriptor = (int)descriptor.DangerousGetHandle(), Events = PollIn };
            int ready;
            do
            {
                ready = Poll(ref poll, 1, milliseconds);
            }
            while (ready < 0 && Marshal.GetLastPInvokeError() == 4); // EINTR: a signal, not an answer

            return ready != 0; // an error of poll itself is left to the read, which reports it as the stream's
        }
        finally
        {
            if (added)
            {
                descriptor.DangerousRelease();
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollDescriptor
    {
        public int Descriptor;
        public short Events;
        public short Returned;
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in this assembly for one blittable call
    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static extern int Poll(ref PollDescriptor descriptors, nuint count, int timeoutMilliseconds);
#pragma warning restore SYSLIB1054
}
