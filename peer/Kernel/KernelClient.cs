using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace Mptcp.Codec.Peer.Kernel;

/// <summary>
/// The kernel-side application when the kernel is the client: an MPTCP socket that connects to the peer, sends its
/// data, closes its direction (DATA_FIN) and reads until the peer closes. Create it on the namespace's thread.
/// </summary>
public sealed class KernelClient : IDisposable
{
    private readonly Socket _socket;
    private readonly IPEndPoint _remote;
    private readonly byte[] _data;
    private readonly MemoryStream _received = new();
    private readonly Thread _thread;

    private KernelClient(Socket socket, IPEndPoint remote, byte[] data)
    {
        _socket = socket;
        _remote = remote;
        _data = data;
        _thread = new Thread(Run) { IsBackground = true, Name = "kernel client" };
        _thread.Start();
    }

    /// <summary>What the application sends.</summary>
    public ReadOnlySpan<byte> Sent => _data;

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

    /// <summary>Why the application stopped early, or null.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Connects to <paramref name="remote"/> with an MPTCP socket (in the background) and sends <paramref name="data"/>.</summary>
    public static KernelClient Start(IPEndPoint remote, byte[] data) => new(KernelSocket.Create(remote.AddressFamily), remote, data);

    /// <summary>Closes the socket.</summary>
    public void Dispose() => _socket.Dispose();

    private void Run()
    {
        try
        {
            _socket.Connect(_remote);
            _socket.Send(_data);
            _socket.Shutdown(SocketShutdown.Send);
            byte[] buffer = new byte[65536];
            int read;
            while ((read = _socket.Receive(buffer)) > 0)
            {
                lock (_received)
                {
                    _received.Write(buffer, 0, read);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Failure = e;
        }
    }
}
