using System;
using System.IO;
using System.Threading;
using Microsoft.Win32.SafeHandles;

namespace Mptcp.Codec.Capture;

// Reads the next chunk of a file on a thread of its own while the reader decodes the current one, so that the copy
// out of the page cache (37 % of stats on a 5 GB capture, benchmarks/RESULTS.md, issue 17) runs on the other
// core. One read is in flight at a time, at an explicit offset (the stream's position is not moved); its target is
// a buffer the reader no longer lends from. The thread exits when the reader is disposed.
internal sealed class ReadAhead : IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly SemaphoreSlim _requested = new(0);
    private readonly SemaphoreSlim _completed = new(0);
    private readonly Thread _thread;
    private byte[] _target = [];
    private int _targetOffset;
    private long _fileOffset;
    private int _read;
    private Exception? _failure;
    private bool _pending;
    private volatile bool _disposed;

    public ReadAhead(SafeFileHandle file)
    {
        _file = file;
        _thread = new Thread(Run) { IsBackground = true, Name = "mptcp capture read-ahead" };
        _thread.Start();
    }

    // True while a read started by Start has not been collected by Wait.
    public bool Pending => _pending;

    // Starts reading into target from targetOffset to its end, at fileOffset.
    public void Start(byte[] target, int targetOffset, long fileOffset)
    {
        _target = target;
        _targetOffset = targetOffset;
        _fileOffset = fileOffset;
        _pending = true;
        _requested.Release();
    }

    // Waits for the read in flight: the octets read (0 at the end of the file); its I/O exception is thrown here.
    public int Wait()
    {
        _completed.Wait();
        _pending = false;
        if (_failure is Exception failure)
        {
            _failure = null;
            throw new IOException(failure.Message, failure);
        }

        return _read;
    }

    public void Dispose()
    {
        if (_pending)
        {
            _completed.Wait(); // the read in flight must not write into a buffer that is reused
            _pending = false;
        }

        _disposed = true;
        _requested.Release();
    }

    private void Run()
    {
        while (true)
        {
            _requested.Wait();
            if (_disposed)
            {
                return;
            }

            try
            {
                _read = RandomAccess.Read(_file, _target.AsSpan(_targetOffset), _fileOffset);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                _failure = e;
                _read = 0;
            }

            _completed.Release();
        }
    }
}
