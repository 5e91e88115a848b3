using System;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace Mptcp.Codec.Cli.Output.Listing;

/// <summary>
/// The listing on every core, in capture order and constant memory. The reading thread (the caller: capture reader and
/// analysis) fills <see cref="PacketBatch"/>es; each full batch is formatted on the thread pool, several at once; one
/// writer thread takes the batches in the order they were filled, waits for each one's formatting and writes it out.
/// At most <see cref="InFlight"/> batches exist: when all are taken, the reading thread waits for the writer, so a slow
/// output (a terminal, a pipe) slows the reading instead of filling memory.
/// One thread formatting after the reader was 70 % of <c>read</c>'s time (benchmarks/RESULTS.md, issue 17).
/// </summary>
internal sealed class ListingPipeline : IDisposable
{
    /// <summary>Batches filled, being formatted or waiting to be written: enough to keep every core formatting while one is written.</summary>
    private static readonly int InFlight = Math.Max(4, 2 * Environment.ProcessorCount + 2);

    private readonly bool _json;
    private readonly bool _verify;
    private readonly BlockingCollection<PacketBatch> _free = new(new ConcurrentQueue<PacketBatch>());
    private readonly BlockingCollection<(PacketBatch Batch, Task Formatting)> _filled;
    private readonly Thread _writer;
    private readonly Action<ReadOnlySpan<byte>> _write;
    private readonly Action? _flush;
    private bool _unflushed;
    private ExceptionDispatchInfo? _failure;
    private int _created;
    private PacketBatch? _current;
    private long _handed = Environment.TickCount64 - 1000; // as if a second ago: the first packet's line goes out at once

    /// <param name="json">JSON Lines instead of tcpdump-style lines.</param>
    /// <param name="verify">With --verify: the checks' marks (text) or "checks" arrays (JSON).</param>
    /// <param name="write">Receives the formatted UTF-8 in order, on the writer thread.</param>
    /// <param name="flush">Pushes what <paramref name="write"/> buffered to the reader (called on the writer thread, after <see cref="Idle"/>).</param>
    public ListingPipeline(bool json, bool verify, Action<ReadOnlySpan<byte>> write, Action? flush = null)
    {
        _json = json;
        _verify = verify;
        _write = write;
        _flush = flush;
        _filled = new BlockingCollection<(PacketBatch, Task)>(new ConcurrentQueue<(PacketBatch, Task)>(), InFlight);
        _writer = new Thread(WriteInOrder) { Name = "mptcp-dump output", IsBackground = true };
        _writer.Start();
    }

    /// <summary>The batch to copy the next packet into; after copying, call <see cref="Added"/>.</summary>
    public PacketBatch Current => _current ??= Take();

    /// <summary>
    /// Hands the batch over when it is full, or when the last one went more than <see cref="StdoutWriter.MaxDelayMs"/>
    /// ago: a live capture or a pipe still sees each line as its packet comes (or at most 100 ms later), as
    /// <see cref="StdoutWriter"/> promises; a file is formatted in full batches.
    /// </summary>
    public void Added()
    {
        _unflushed = true;
        if (_current is { IsFull: true } || Environment.TickCount64 - _handed >= StdoutWriter.MaxDelayMs)
        {
            Hand(_current!);
            _current = null;
            _handed = Environment.TickCount64;
        }
    }

    /// <summary>
    /// The input went quiet (<see cref="Mptcp.Codec.Capture.CaptureReader.OnIdle"/>): what was added since the last
    /// time is formatted, written and flushed now, not when the next packet comes. Called on the reading thread.
    /// </summary>
    public void Idle()
    {
        if (!_unflushed)
        {
            return;
        }

        PacketBatch batch = Current;
        batch.FlushAfter = true;
        Hand(batch);
        _current = null;
        _handed = Environment.TickCount64;
        _unflushed = false;
    }

    /// <summary>Hands over the last batch and waits until everything is written; rethrows what the formatting or the writer threw.</summary>
    public void Complete()
    {
        if (_current is { Count: > 0 })
        {
            Hand(_current);
        }

        _current = null;
        _filled.CompleteAdding();
        _writer.Join();
        _failure?.Throw();
    }

    public void Dispose()
    {
        if (!_filled.IsAddingCompleted)
        {
            _filled.CompleteAdding();
            _writer.Join();
        }

        _filled.Dispose();
        _free.Dispose();
    }

    private PacketBatch Take()
    {
        if (_free.TryTake(out PacketBatch? batch))
        {
            return batch;
        }

        if (_created < InFlight)
        {
            _created++;
            return new PacketBatch(new BatchFormatter(_json, _verify));
        }

        return _free.Take();
    }

    private void Hand(PacketBatch batch) =>
        _filled.Add((batch, Task.Run(() => batch.Formatter.Format(batch))));

    private void WriteInOrder()
    {
        foreach ((PacketBatch batch, Task formatting) in _filled.GetConsumingEnumerable())
        {
            try
            {
                formatting.GetAwaiter().GetResult();
                if (_failure is null)
                {
                    _write(batch.Output.WrittenSpan);
                    if (batch.FlushAfter)
                    {
                        _flush?.Invoke();
                    }
                }
            }
            catch (Exception e)
            {
                // Kept for the reading thread, which rethrows it at the end; later batches are drained, not written.
                _failure ??= ExceptionDispatchInfo.Capture(e);
            }

            batch.Clear();
            _free.Add(batch);
        }
    }
}
