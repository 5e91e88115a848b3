using System;
using System.IO;
using System.IO.Pipes;
using System.Threading;
using System.Threading.Tasks;
using Mptcp.Codec.Capture.Tests.Support;

namespace Mptcp.Codec.Capture.Tests;

/// <summary>
/// <see cref="CaptureReader.OnIdle"/>: a reader of a pipe that has gone quiet says so once per wait, on its own thread,
/// whether the pipe is a descriptor (poll) or any other stream that blocks; a file never waits and never says it.
/// </summary>
public sealed class IdleInputTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_quiet_pipe_calls_OnIdle_once_and_the_next_record_still_comes(bool hideDescriptor)
    {
        (byte[] header, byte[] first, byte[] second) = SeedRecords();
        using var server = new AnonymousPipeServerStream(PipeDirection.Out);
        using var client = new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle);
        using var reader = new CaptureReader(hideDescriptor ? new Opaque(client) : client, leaveOpen: true);
        int idles = 0;
        int idleThread = -1;
        using var quiet = new SemaphoreSlim(0);
        reader.OnIdle = () =>
        {
            idleThread = Environment.CurrentManagedThreadId;
            Interlocked.Increment(ref idles);
            quiet.Release();
        };

        server.Write([.. header, .. first]);
        server.Flush();
        int readingThread = -1;
        using var frames = new SemaphoreSlim(0);
        long[] numbers = new long[2];
        Task reading = Task.Factory.StartNew(() =>
        {
            readingThread = Environment.CurrentManagedThreadId;
            for (int i = 0; i < 2 && reader.TryReadNext(out CapturedFrame frame); i++)
            {
                numbers[i] = frame.FrameNumber;
                frames.Release();
            }
        }, TaskCreationOptions.LongRunning);

        Assert.True(await frames.WaitAsync(Limit), "the first record did not come");
        Assert.True(await quiet.WaitAsync(Limit), "OnIdle was not called while the pipe was quiet");
        await Task.Delay(3 * CaptureReader.IdleDelay); // still quiet: no second call for the same wait
        Assert.Equal(1, Volatile.Read(ref idles));
        Assert.Equal(readingThread, idleThread);

        server.Write(second);
        server.Flush();
        Assert.True(await frames.WaitAsync(Limit), "the second record did not come after the quiet");
        await reading.WaitAsync(Limit);
        Assert.Equal([1L, 2L], numbers);
    }

    [Fact]
    public void A_file_never_calls_OnIdle()
    {
        using CaptureReader reader = CaptureReader.Open(Samples.Seed);
        int idles = 0;
        reader.OnIdle = () => idles++;
        int frames = 0;
        while (reader.TryReadNext(out _))
        {
            frames++;
        }

        Assert.Equal((19, 0), (frames, idles));
    }

    private static (byte[] Header, byte[] First, byte[] Second) SeedRecords()
    {
        byte[] seed = File.ReadAllBytes(Samples.Seed);
        int first = 16 + BitConverter.ToInt32(seed, 24 + 8);
        int second = 16 + BitConverter.ToInt32(seed, 24 + first + 8);
        return (seed[..24], seed[24..(24 + first)], seed[(24 + first)..(24 + first + second)]);
    }

    /// <summary>A stream that blocks as a pipe does but shows no descriptor: the reader must wait for it on another thread.</summary>
    private sealed class Opaque(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
