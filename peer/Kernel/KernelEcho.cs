using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace Mptcp.Codec.Peer.Kernel;

/// <summary>
/// The kernel-side application of a run: an MPTCP listener that accepts one connection and echoes every octet back
/// until the peer closes its direction (DATA_FIN), then closes its own. What it received is kept for the verdict.
/// Create it on the namespace's thread: the listener belongs to the namespace it is created in.
/// </summary>
public sealed class KernelEcho : IDisposable
{
    private readonly Socket _listener;
    private readonly Thread _thread;
    private readonly MemoryStream _received = new();
    private readonly ManualResetEventSlim _done = new();

    private KernelEcho(Socket listener)
    {
        _listener = listener;
        _thread = new Thread(Run) { IsBackground = true, Name = "kernel echo" };
        _thread.Start();
    }

    /// <summary>The octets the application read, in order.</summary>
    public byte[] Received
    {
        get
        {
            lock (_received)
            {
                return _received.ToArray();
            }
        }
    }

    /// <summary>Why the application stopped early (a reset, say), or null.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Listens on <paramref name="endpoint"/> with an MPTCP socket and serves one connection.</summary>
    public static KernelEcho Start(IPEndPoint endpoint) => new(KernelSocket.Listen(endpoint));

    /// <summary>Waits until the connection has ended (read 0 and closed, or failed).</summary>
    public bool WaitForEnd(int timeoutMs) => _done.Wait(timeoutMs);

    /// <summary>Stops listening.</summary>
    public void Dispose()
    {
        _listener.Dispose();
        _done.Dispose();
    }

    private void Run()
    {
        try
        {
            using Socket connection = _listener.Accept();
            byte[] buffer = new byte[65536];
            int read;
            while ((read = connection.Receive(buffer)) > 0)
            {
                lock (_received)
                {
                    _received.Write(buffer, 0, read);
                }

                connection.Send(buffer.AsSpan(0, read));
            }

            connection.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Failure = e;
        }
        finally
        {
            try
            {
                _done.Set();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
