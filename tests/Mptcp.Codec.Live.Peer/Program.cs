using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Mptcp.Codec.Live.Peer;

/// <summary>
/// A tiny MPTCP echo server / client (IPPROTO_MPTCP = 262) for the live tests. It writes one line per event on
/// stdout (the tests read them), errors on stderr, and exits non-zero on any failure.
/// <code>
///   server ADDR PORT [--connections N] [--received FILE] [--timeout-ms T]
///       accepts connections and echoes every byte back until the client closes (or resets);
///       with --connections it exits after N connections have ended.
///   client ADDR PORT --send FILE_OR_TEXT [--chunks N --delay-ms D] [--wait-subflows S] [--pause-after K]...
///          [--received FILE] [--abort] [--timeout-ms T]
///       sends the payload (the file's bytes if FILE_OR_TEXT names a file, else the text in UTF-8), in N chunks
///       D ms apart; after the first chunk waits until the connection has S extra subflows; after chunk K waits
///       until everything sent so far is echoed, prints "paused K" and waits for a line on stdin ("wait-subflows S"
///       or "wait-subflows-at-most S" make it wait for that many extra subflows first); reads the
///       whole echo, writes it to --received, then closes (FIN, DATA_FIN), or with --abort sets SO_LINGER {1,0}
///       and closes abortively (MP_FASTCLOSE + MP_TCPRST).
/// </code>
/// </summary>
internal static class Program
{
    /// <summary>IPPROTO_MPTCP.</summary>
    private const int IpProtoMptcp = 262;

    /// <summary>SOL_MPTCP and MPTCP_INFO (include/uapi/linux/mptcp.h).</summary>
    private const int SolMptcp = 284;

    private const int MptcpInfo = 1;

    private static readonly object s_outLock = new();

    private static int Main(string[] args)
    {
        try
        {
            if (args.Length < 3)
            {
                return Usage("missing arguments");
            }

            var options = Options.Parse(args.AsSpan(3));
            IPAddress address = IPAddress.Parse(args[1]);
            int port = int.Parse(args[2], CultureInfo.InvariantCulture);
            return args[0] switch
            {
                "server" => RunServer(address, port, options),
                "client" => RunClient(address, port, options),
                _ => Usage($"unknown role '{args[0]}'"),
            };
        }
        catch (MptcpUnavailableException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or SocketException or IOException or TimeoutException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }

    private static int Usage(string problem)
    {
        Console.Error.WriteLine($"error: {problem}");
        Console.Error.WriteLine("usage: server ADDR PORT [--connections N] [--received FILE] [--timeout-ms T]");
        Console.Error.WriteLine("       client ADDR PORT --send FILE_OR_TEXT [--chunks N --delay-ms D] [--wait-subflows S] [--pause-after K]... [--received FILE] [--abort] [--timeout-ms T]");
        return 64;
    }

    private static void Say(string line)
    {
        lock (s_outLock)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }

    /// <summary>
    /// An MPTCP stream socket. <c>new Socket(family, SocketType.Stream, (ProtocolType)262)</c> is tried first; .NET's
    /// Unix PAL (System.Native, up to .NET 10 at least) refuses protocol numbers it does not know with
    /// EPROTONOSUPPORT before any system call (dotnet/runtime#67303), so on that refusal the socket is made with
    /// libc <c>socket(AF_INET/AF_INET6, SOCK_STREAM, 262)</c> and wrapped in a <see cref="Socket"/>. If the kernel
    /// refuses protocol 262 too, the peer fails loudly (exit code 2).
    /// </summary>
    private static Socket CreateMptcpSocket(AddressFamily family)
    {
        try
        {
            return new Socket(family, SocketType.Stream, (ProtocolType)IpProtoMptcp);
        }
        catch (SocketException managed) when (managed.SocketErrorCode == SocketError.ProtocolNotSupported)
        {
            int fd = NativeMethods.socket(family == AddressFamily.InterNetworkV6 ? NativeMethods.AfInet6 : NativeMethods.AfInet,
                NativeMethods.SockStream | NativeMethods.SockCloexec, IpProtoMptcp);
            if (fd < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                throw new MptcpUnavailableException(
                    $"cannot create an MPTCP socket (socket({family}, SOCK_STREAM, {IpProtoMptcp})): errno {errno} {Marshal.GetPInvokeErrorMessage(errno)}; " +
                    $"new Socket(..., (ProtocolType){IpProtoMptcp}) said: {managed.Message} (is net.mptcp.enabled=1?)");
            }

            var socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
            int protocol = socket.GetRawSocketOption(NativeMethods.SolSocket, NativeMethods.SoProtocol, s_protocolBuffer.Value);
            int actual = BitConverter.ToInt32(s_protocolBuffer.Value!, 0);
            if (protocol != sizeof(int) || actual != IpProtoMptcp)
            {
                socket.Dispose();
                throw new MptcpUnavailableException($"the socket's SO_PROTOCOL is {actual}, not {IpProtoMptcp}");
            }

            return socket;
        }
    }

    private static readonly ThreadLocal<byte[]> s_protocolBuffer = new(() => new byte[sizeof(int)]);

    private static class NativeMethods
    {
        public const int AfInet = 2;
        public const int AfInet6 = 10;
        public const int SockStream = 1;
        public const int SockCloexec = 0x80000;
        public const int SolSocket = 1;
        public const int SoProtocol = 38;

        [DllImport("libc", SetLastError = true)]
#pragma warning disable SA1300, IDE1006 // the libc name
        public static extern int socket(int domain, int type, int protocol);
#pragma warning restore SA1300, IDE1006
    }

    // ---- server ------------------------------------------------------------------------------------------------

    private static int RunServer(IPAddress address, int port, Options options)
    {
        using Socket listener = CreateMptcpSocket(address.AddressFamily);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(address, port));
        listener.Listen(16);
        Say($"listening {address} {port}");

        var sessions = new List<Task<bool>>();
        int index = 0;
        while (options.Connections == 0 || index < options.Connections)
        {
            Socket connection = listener.Accept();
            index++;
            int id = index;
            Say($"accepted {id} {connection.RemoteEndPoint} -> {connection.LocalEndPoint}");
            sessions.Add(Task.Run(() => Echo(connection, id, options)));
        }

        Task.WaitAll(sessions.ToArray());
        return sessions.All(t => t.Result) ? 0 : 1;
    }

    private static bool Echo(Socket connection, int id, Options options)
    {
        using (connection)
        {
            connection.ReceiveTimeout = options.TimeoutMs;
            connection.SendTimeout = options.TimeoutMs;
            var received = new MemoryStream();
            byte[] buffer = new byte[64 * 1024];
            bool reset = false;
            bool ok = true;
            try
            {
                while (true)
                {
                    int n = connection.Receive(buffer);
                    if (n == 0)
                    {
                        break;
                    }

                    received.Write(buffer, 0, n);
                    SendAll(connection, buffer.AsSpan(0, n));
                }

                Say($"info {id} {DescribeInfo(connection)}");
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown)
            {
                reset = true;
            }
            catch (SocketException e)
            {
                Console.Error.WriteLine($"error: connection {id}: {e.SocketErrorCode} {e.Message}");
                ok = false;
            }

            if (options.Received is { } file)
            {
                File.WriteAllBytes(options.Connections == 1 ? file : $"{file}.{id}", received.ToArray());
            }

            Say($"closed {id} received={received.Length} reset={(reset ? 1 : 0)}");
            return ok;
        }
    }

    // ---- client ------------------------------------------------------------------------------------------------

    private static int RunClient(IPAddress address, int port, Options options)
    {
        if (options.Send is null)
        {
            return Usage("client needs --send FILE_OR_TEXT");
        }

        byte[] payload = File.Exists(options.Send) ? File.ReadAllBytes(options.Send) : Encoding.UTF8.GetBytes(options.Send);
        int chunks = Math.Clamp(options.Chunks, 1, Math.Max(1, payload.Length));

        using Socket socket = CreateMptcpSocket(address.AddressFamily);
        socket.SendTimeout = options.TimeoutMs;
        socket.ReceiveTimeout = options.TimeoutMs;
        socket.Connect(new IPEndPoint(address, port));
        Say($"connected {socket.LocalEndPoint} -> {socket.RemoteEndPoint}");

        var echo = new EchoReader(socket, payload.Length);
        var reader = new Thread(echo.Run) { IsBackground = true, Name = "echo reader" };
        reader.Start();

        var deadline = Stopwatch.StartNew();
        int sent = 0;
        for (int i = 1; i <= chunks; i++)
        {
            int end = (int)((long)payload.Length * i / chunks);
            SendAll(socket, payload.AsSpan(sent, end - sent));
            sent = end;
            Say($"sent {i}/{chunks} bytes={sent}");

            if (i == 1 && options.WaitSubflows > 0)
            {
                WaitForSubflows(socket, options.WaitSubflows, options.TimeoutMs);
            }

            if (options.PauseAfter.Contains(i))
            {
                echo.WaitFor(sent, options.TimeoutMs);
                Say($"paused {i}");
                string? line = Console.In.ReadLine();
                string[] command = (line ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (command is ["wait-subflows", var least])
                {
                    WaitForSubflows(socket, int.Parse(least, CultureInfo.InvariantCulture), options.TimeoutMs);
                }
                else if (command is ["wait-subflows-at-most", var most])
                {
                    WaitForSubflows(socket, int.Parse(most, CultureInfo.InvariantCulture), options.TimeoutMs, atMost: true);
                }

                Say($"resumed {i}{(line is null ? " (stdin closed)" : string.Empty)}");
            }

            if (i < chunks && options.DelayMs > 0)
            {
                Thread.Sleep(options.DelayMs);
            }
        }

        echo.WaitFor(payload.Length, Math.Max(options.TimeoutMs - (int)deadline.ElapsedMilliseconds, 1000));
        Say($"info 0 {DescribeInfo(socket)}");
        byte[] got = echo.Snapshot();
        if (options.Received is { } file)
        {
            File.WriteAllBytes(file, got);
        }

        Say($"received {got.Length}");
        bool same = got.AsSpan().SequenceEqual(payload);
        if (!same)
        {
            Console.Error.WriteLine($"error: the echo ({got.Length} bytes) differs from what was sent ({payload.Length} bytes)");
        }

        if (options.Abort)
        {
            echo.Aborting = true;
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
            Say("aborted");
        }
        else
        {
            socket.Shutdown(SocketShutdown.Send);
            if (!reader.Join(options.TimeoutMs))
            {
                throw new TimeoutException("the server did not close its side");
            }

            if (echo.Failure is { } failure)
            {
                throw failure;
            }

            if (echo.Count != payload.Length)
            {
                Console.Error.WriteLine($"error: {echo.Count - payload.Length} bytes arrived after the echo");
                same = false;
            }

            socket.Close();
            Say("closed");
        }

        return same ? 0 : 1;
    }

    /// <summary>Polls MPTCP_INFO until the connection has at least (or, with atMost, at most) that many extra subflows.</summary>
    private static void WaitForSubflows(Socket socket, int wanted, int timeoutMs, bool atMost = false)
    {
        var clock = Stopwatch.StartNew();
        int subflows = 0;
        while (clock.ElapsedMilliseconds < timeoutMs)
        {
            subflows = ReadInfo(socket) is { } info ? info[0] : 0;
            if (atMost ? subflows <= wanted : subflows >= wanted)
            {
                Say($"subflows {subflows}");
                return;
            }

            Thread.Sleep(10);
        }

        throw new TimeoutException($"{subflows} extra subflow(s) after {timeoutMs} ms, wanted {(atMost ? "at most" : "at least")} {wanted}");
    }

    private static void SendAll(Socket socket, ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            int n = socket.Send(data);
            data = data[n..];
        }
    }

    /// <summary>The kernel's struct mptcp_info, or null when the socket fell back to TCP.</summary>
    private static byte[]? ReadInfo(Socket socket)
    {
        byte[] buffer = new byte[256];
        int length = socket.GetRawSocketOption(SolMptcp, MptcpInfo, buffer);
        return length >= 43 ? buffer : null;
    }

    /// <summary>
    /// struct mptcp_info as key=value pairs: u8 subflows, add_addr_signal, add_addr_accepted, (3 maxima), u32 flags
    /// at 8, u32 token at 12, u64 write_seq at 16, snd_una at 24, rcv_nxt at 32, u8 local_addr_used at 40,
    /// local_addr_max at 41, csum_enabled at 42 (native byte order).
    /// </summary>
    private static string DescribeInfo(Socket socket)
    {
        byte[]? info = ReadInfo(socket);
        if (info is null)
        {
            return "fallback=1";
        }

        var ci = CultureInfo.InvariantCulture;
        return string.Create(ci, $"subflows={info[0]} add_addr_signal={info[1]} add_addr_accepted={info[2]} " +
            $"flags=0x{BinaryPrimitives.ReadUInt32LittleEndian(info.AsSpan(8)):x} token={BinaryPrimitives.ReadUInt32LittleEndian(info.AsSpan(12))} " +
            $"write_seq={BinaryPrimitives.ReadUInt64LittleEndian(info.AsSpan(16))} snd_una={BinaryPrimitives.ReadUInt64LittleEndian(info.AsSpan(24))} " +
            $"rcv_nxt={BinaryPrimitives.ReadUInt64LittleEndian(info.AsSpan(32))} local_addr_used={info[40]} csum={info[42]}");
    }

    /// <summary>Reads the echo until EOF on its own thread, so that sending never blocks on a full receive window.</summary>
    private sealed class EchoReader(Socket socket, int expected)
    {
        private readonly MemoryStream _data = new(expected);
        private readonly object _gate = new();

        public volatile bool Aborting;

        public Exception? Failure { get; private set; }

        public long Count
        {
            get
            {
                lock (_gate)
                {
                    return _data.Length;
                }
            }
        }

        public void Run()
        {
            byte[] buffer = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    int n = socket.Receive(buffer);
                    lock (_gate)
                    {
                        if (n == 0)
                        {
                            Monitor.PulseAll(_gate);
                            return;
                        }

                        _data.Write(buffer, 0, n);
                        Monitor.PulseAll(_gate);
                    }
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                lock (_gate)
                {
                    if (!Aborting)
                    {
                        Failure = e;
                    }

                    Monitor.PulseAll(_gate);
                }
            }
        }

        public void WaitFor(long count, int timeoutMs)
        {
            var clock = Stopwatch.StartNew();
            lock (_gate)
            {
                while (_data.Length < count)
                {
                    if (Failure is { } failure)
                    {
                        throw new IOException($"reading the echo failed after {_data.Length} of {count} bytes: {failure.Message}", failure);
                    }

                    int left = timeoutMs - (int)clock.ElapsedMilliseconds;
                    if (left <= 0)
                    {
                        throw new TimeoutException($"only {_data.Length} of {count} echoed bytes after {timeoutMs} ms");
                    }

                    Monitor.Wait(_gate, Math.Min(left, 200));
                }
            }
        }

        public byte[] Snapshot()
        {
            lock (_gate)
            {
                return _data.ToArray();
            }
        }
    }

    private sealed class Options
    {
        public string? Send { get; private set; }

        public string? Received { get; private set; }

        public int Chunks { get; private set; } = 1;

        public int DelayMs { get; private set; }

        public int WaitSubflows { get; private set; }

        public HashSet<int> PauseAfter { get; } = [];

        public bool Abort { get; private set; }

        public int Connections { get; private set; }

        public int TimeoutMs { get; private set; } = 20_000;

        public static Options Parse(ReadOnlySpan<string> args)
        {
            var o = new Options();
            for (int i = 0; i < args.Length; i++)
            {
                string name = args[i];
                string Value(ReadOnlySpan<string> a) => i + 1 < a.Length ? a[++i] : throw new ArgumentException($"{name} needs a value");
                int Number(ReadOnlySpan<string> a) => int.Parse(Value(a), CultureInfo.InvariantCulture);
                switch (name)
                {
                    case "--send": o.Send = Value(args); break;
                    case "--received": o.Received = Value(args); break;
                    case "--chunks": o.Chunks = Number(args); break;
                    case "--delay-ms": o.DelayMs = Number(args); break;
                    case "--wait-subflows": o.WaitSubflows = Number(args); break;
                    case "--pause-after": o.PauseAfter.Add(Number(args)); break;
                    case "--abort": o.Abort = true; break;
                    case "--connections": o.Connections = Number(args); break;
                    case "--timeout-ms": o.TimeoutMs = Number(args); break;
                    default: throw new ArgumentException($"unknown option '{name}'");
                }
            }

            return o;
        }
    }

    private sealed class MptcpUnavailableException(string message) : Exception(message);
}
