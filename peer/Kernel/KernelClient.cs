using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace Mptcp.Codec.Peer.Kernel;

/// <summary>
/// The kernel-side application when the kernel is the client: an MPTCP socket that connects to the peer and sends its
/// data, reading whatever the peer sends all along. It closes its direction (DATA_FIN) after the first data unless
/// told to keep it open; then each <see cref="Send"/> writes more, interleaved with what it reads, until
/// <see cref="Close"/>. Create it on the namespace's thread.
/// </summary>
public sealed class KernelClient : IDisposable
{
    private readonly Socket _socket;
    private readonly IPEndPoint _remote;
    private readonly MemoryStream _sent = new();
    private readonly MemoryStream _received = new();
    private readonly BlockingCollection<byte[]?> _writes = [];
    private readonly Thread _writer;
    private readonly Thread _reader;

    private KernelClient(Socket socket, IPEndPoint remote)
    {
        _socket = socket;
        _remote = remote;
        _writer = new Thread(Write) { IsBackground = true, Name = "kernel client" };
        _reader = new Thread(Read) { IsBackground = true, Name = "kernel client reader" };
        _writer.Start();
    }

    /// <summary>What the application was given to send, in order.</summary>
    public byte[] Sent
    {
        get
        {
            lock (_sent)
            {
                return _sent.ToArray();
            }
        }
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

    /// <summary>Why the application stopped early, or null.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>
    /// Connects to <paramref name="remote"/> with an MPTCP socket (in the background) and sends <paramref name="data"/>;
    /// then closes its direction, unless <paramref name="keepOpen"/>.
    /// </summary>
    public static KernelClient Start(IPEndPoint remote, byte[] data, bool keepOpen = false)
    {
        var client = new KernelClient(KernelSocket.Create(remote.AddressFamily), remote);
        client.Send(data);
        if (!keepOpen)
        {
            client.Close();
        }

        return client;
    }

    /// <summary>Has the application write <paramref name="data"/> next (after what it was given before).</summary>
    public void Send(byte[] data)
    {
        lock (_sent)
        {
            _sent.Write(data);
        }

        _writes.Add(data);
    }

    /// <summary>Has the application close its direction once what it was given is written (shutdown(2), a DATA_FIN).</summary>
    public void Close()
    {
        if (!_writes.IsAddingCompleted)
        {
            _writes.Add(null);
            _writes.CompleteAdding();
        }
    }

    /// <summary>Closes the socket.</summary>
    public void Dispose()
    {
        _writes.CompleteAdding();
        _socket.Dispose();
    }

    private void Write()
    {
        try
        {
            _socket.Connect(_remote);
            _reader.Start();
            foreach (byte[]? data in _writes.GetConsumingEnumerable())
            {
                if (data is null)
                {
                    _socket.Shutdown(SocketShutdown.Send);
                    return;
                }

                _socket.Send(data);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
        {
            Failure ??= e;
        }
    }

    private void Read()
    {
        try
        {
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
            Failure ??= e;
        }
    }
}
