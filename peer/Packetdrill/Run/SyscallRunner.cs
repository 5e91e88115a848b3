using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Net;
using System.Linq;
using System.Runtime.InteropServices;
using Mptcp.Codec.Peer.Network;
using Mptcp.Codec.Peer.Packetdrill.Syntax;

namespace Mptcp.Codec.Peer.Packetdrill.Run;

// Runs a script's system calls on real sockets of the namespace, as packetdrill does: the script's descriptor numbers
// are labels for the live ones; bind and connect take the run's addresses whatever the script's ... says (an MPTCP
// socket binds the wildcard address, a TCP one the local address, on the bind port); results and errnos are compared
// exactly, except that socket() and accept() need only a descriptor when the script expects one.
internal sealed unsafe class SyscallRunner(RunSettings settings) : IDisposable
{
    private readonly Dictionary<long, (int Fd, int Protocol)> _sockets = [];

    // null when the call did what the script says; else packetdrill's sentence for what it did instead.
    public string? Run(SyscallAction call)
    {
        Marshal.SetLastPInvokeError(0);
        _mismatch = null;
        (long result, bool descriptor) = call.Name switch
        {
            "socket" => (Socket(call), true),
            "accept" => (Accept(call), true),
            "setsockopt" => (SetSockOpt(call), false),
            "getsockopt" => (GetSockOpt(call), false),
            "fcntl" => (Native.Fcntl(Fd(call, 0), (int)Number(call, 1), call.Arguments.Count > 2 ? Number(call, 2) : 0), false),
            "bind" => (Bind(call), false),
            "listen" => (Native.Listen(Fd(call, 0), (int)Number(call, 1)), false),
            "connect" => (Connect(call), false),
            "read" or "recv" => (Transfer(call, receive: true), false),
            "write" or "send" => (Transfer(call, receive: false), false),
            "recvmsg" => (RecvMsg(call), false),
            "shutdown" => (Native.Shutdown(Fd(call, 0), (int)Number(call, 1)), false),
            "close" => (Close(call), false),
            "poll" => (Poll(call), false),
            _ => throw new ScriptRunException($"the system call {call.Name} is not one this runner makes"),
        };
        int errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
        return Judge(call, result, errno, descriptor) ?? _mismatch;
    }

    // What getsockopt's value or poll's revents were, when the result was right but they were not.
    private string? _mismatch;

    private string? Judge(SyscallAction call, long result, int errno, bool descriptor)
    {
        long expected = Value(call.Result);
        if (descriptor && expected >= 0)
        {
            if (result < 0)
            {
                return $"Expected non-negative result but got {result} with errno {Symbols.Errno(errno)}";
            }

            _sockets[expected] = (checked((int)result), _pendingProtocol);
            return null;
        }

        if (result != expected)
        {
            return $"Expected result {expected} but got {result} with errno {Symbols.Errno(errno)}";
        }

        if (call.Errno is string name)
        {
            if (!Symbols.TryErrno(name, out int wanted))
            {
                throw new ScriptRunException($"'{name}' is not an errno this runner knows");
            }

            if (wanted != errno)
            {
                return $"Expected errno {Symbols.Errno(wanted)} but got {Symbols.Errno(errno)}";
            }
        }

        return null;
    }

    private int _pendingProtocol;

    private long Socket(SyscallAction call)
    {
        _pendingProtocol = (int)Number(call, 2);
        return Native.Socket(settings.SocketsAreIPv6 ? 10 : 2, (int)Number(call, 1), _pendingProtocol);
    }

    private long Accept(SyscallAction call)
    {
        (int fd, int protocol) = Socket(call, 0);
        _pendingProtocol = protocol;
        byte* address = stackalloc byte[128];
        uint length = 128;
        return Native.Accept(fd, address, &length);
    }

    private long SetSockOpt(SyscallAction call)
    {
        long value = call.Arguments[3] is ArrayExpression { Items: [Expression item] } ? Value(item) : Number(call, 3);
        int length = (int)Number(call, 4);
        int v = (int)value;
        return Native.SetSockOpt(Fd(call, 0), (int)Number(call, 1), (int)Number(call, 2), (byte*)&v, (uint)length);
    }

    private long GetSockOpt(SyscallAction call)
    {
        int value = 0;
        uint length = 4;
        int result = Native.GetSockOpt(Fd(call, 0), (int)Number(call, 1), (int)Number(call, 2), (byte*)&value, &length);
        if (result == 0)
        {
            long wantedLength = call.Arguments[4] is ArrayExpression { Items: [Expression l] } ? Value(l) : Number(call, 4);
            long wanted = call.Arguments[3] is ArrayExpression { Items: [Expression w] } ? Value(w) : Number(call, 3);
            _mismatch = length != wantedLength ? $"Bad getsockopt optlen: expected: {wantedLength} actual: {length}"
                : value != wanted ? $"Bad getsockopt optval: expected: {wanted} actual: {value}"
                : null;
        }

        return result;
    }

    private long Bind(SyscallAction call)
    {
        (int fd, int protocol) = Socket(call, 0);
        IPAddress address = protocol == 262 ? (settings.SocketsAreIPv6 ? IPAddress.IPv6Any : IPAddress.Any) : Mapped(settings.LocalAddress);
        Span<byte> sockaddr = stackalloc byte[28];
        int length = SockAddr(address, settings.BindPort, sockaddr);
        fixed (byte* p = sockaddr)
        {
            return Native.Bind(fd, p, (uint)length);
        }
    }

    private long Connect(SyscallAction call)
    {
        Span<byte> sockaddr = stackalloc byte[28];
        int length = SockAddr(Mapped(settings.RemoteAddress), settings.ConnectPort, sockaddr);
        fixed (byte* p = sockaddr)
        {
            return Native.Connect(Fd(call, 0), p, (uint)length);
        }
    }

    // An IPv4 address as an IPv4-mapped IPv6 one when the sockets are IPv6.
    private IPAddress Mapped(IPAddress address) => settings.SocketsAreIPv6 && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? address.MapToIPv6() : address;

    private static int SockAddr(IPAddress address, ushort port, Span<byte> into)
    {
        into.Clear();
        bool v6 = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        BinaryPrimitives.WriteUInt16LittleEndian(into, (ushort)(v6 ? 10 : 2));
        BinaryPrimitives.WriteUInt16BigEndian(into[2..], port);
        address.TryWriteBytes(into[(v6 ? 8 : 4)..], out _);
        return v6 ? 28 : 16;
    }

    // read/write/send/recv(fd, ..., N [, flags]): N octets, zeros when sent, as packetdrill's buffers are.
    private long Transfer(SyscallAction call, bool receive)
    {
        int count = (int)Number(call, 2);
        int flags = call.Arguments.Count > 3 ? (int)Number(call, 3) : 0;
        byte[] buffer = new byte[Math.Max(count, 1)];
        fixed (byte* p = buffer)
        {
            int fd = Fd(call, 0);
            return receive
                ? (call.Name == "read" ? Native.Read(fd, p, (nuint)count) : Native.Recv(fd, p, (nuint)count, flags))
                : (call.Name == "write" ? Native.Write(fd, p, (nuint)count) : Native.Send(fd, p, (nuint)count, flags));
        }
    }

    // recvmsg(fd, {msg_name(...)=..., msg_iov(N)=[{..., LEN}, ...], msg_flags=F}, FLAGS): the iovecs' octets
    // received, and msg_flags as the kernel set it compared with F (struct msghdr of LP64 Linux).
    private long RecvMsg(SyscallAction call)
    {
        StructExpression message = call.Arguments.Count > 1 ? call.Arguments[1] as StructExpression ?? throw new ScriptRunException("recvmsg takes {msg_name…, msg_iov…, msg_flags…}") : throw new ScriptRunException("recvmsg has no message");
        var iovecs = message.Members.FirstOrDefault(m => m.Name?.StartsWith("msg_iov", StringComparison.Ordinal) == true).Value as ArrayExpression;
        int total = iovecs?.Items.Sum(i => i is StructExpression { Members: [_, (_, Expression length)] } ? (int)Value(length) : 0) ?? 0;
        byte[] buffer = new byte[Math.Max(total, 1)];
        byte* header = stackalloc byte[56];
        byte* iov = stackalloc byte[16];
        new Span<byte>(header, 56).Clear();
        long result;
        fixed (byte* data = buffer)
        {
            *(byte**)iov = data;
            *(nuint*)(iov + 8) = (nuint)total;
            *(byte**)(header + 16) = iov;
            *(nuint*)(header + 24) = 1;
            result = Native.RecvMsg(Fd(call, 0), header, call.Arguments.Count > 2 ? (int)Number(call, 2) : 0);
        }

        Expression? flags = message.Members.FirstOrDefault(m => m.Name == "msg_flags").Value;
        int live = *(int*)(header + 48);
        if (result >= 0 && flags is not null && Value(flags) != live)
        {
            _mismatch = $"Expected msg_flags 0x{Value(flags):x} but got 0x{live:x}";
        }

        return result;
    }

    private long Close(SyscallAction call)
    {
        long label = Number(call, 0);
        int result = Native.Close(Fd(call, 0));
        _sockets.Remove(label);
        return result;
    }

    // poll([{fd=F, events=E, revents=R}, ...], N, TIMEOUT): revents compared exactly, as packetdrill compares them.
    private long Poll(SyscallAction call)
    {
        if (call.Arguments[0] is not ArrayExpression { Items: var items } || items.Count != Number(call, 1))
        {
            throw new ScriptRunException("poll's array and its count differ");
        }

        var fds = new Native.PollFd[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            StructExpression pollfd = items[i] as StructExpression ?? throw new ScriptRunException("poll takes {fd=…, events=…, revents=…}");
            fds[i] = new Native.PollFd { Fd = Socket(Value(Member(pollfd, "fd")), "poll").Fd, Events = (short)Value(Member(pollfd, "events")) };
        }

        int result;
        fixed (Native.PollFd* p = fds)
        {
            result = Native.Poll(p, (nuint)fds.Length, (int)Number(call, 2));
        }

        for (int i = 0; i < items.Count && result >= 0; i++)
        {
            Expression? revents = ((StructExpression)items[i]).Members.FirstOrDefault(m => m.Name == "revents").Value;
            long wanted = revents is null ? 0 : Value(revents);
            if (fds[i].Revents != wanted)
            {
                _mismatch ??= $"poll() revents: expected: 0x{wanted:x} actual: 0x{fds[i].Revents:x}";
            }
        }

        return result;
    }

    private static Expression Member(StructExpression s, string name) =>
        s.Members.FirstOrDefault(m => m.Name == name).Value ?? throw new ScriptRunException($"{{{name}=…}} is missing");

    private int Fd(SyscallAction call, int index) => Socket(call, index).Fd;

    private (int Fd, int Protocol) Socket(SyscallAction call, int index) => Socket(Number(call, index), call.Name);

    private (int Fd, int Protocol) Socket(long label, string what) =>
        _sockets.TryGetValue(label, out var socket) ? socket : throw new ScriptRunException($"{what}: the script has no socket {label}");

    private static long Number(SyscallAction call, int index) =>
        index < call.Arguments.Count ? Value(call.Arguments[index]) : throw new ScriptRunException($"{call.Name} has no argument {index + 1}");

    public static long Value(Expression e) => e switch
    {
        NumberExpression n => n.Value,
        WordExpression w => Symbols.TryValue(w.Name, out long v) ? v : throw new ScriptRunException($"'{w.Name}' is not a name this runner knows"),
        OrExpression o => o.Terms.Aggregate(0L, (all, t) => all | Value(t)),
        _ => throw new ScriptRunException($"a number is expected here, not {e}"),
    };

    public void Dispose()
    {
        foreach ((int fd, _) in _sockets.Values)
        {
            Native.Close(fd);
        }

        _sockets.Clear();
    }
}

// A script line the runner cannot carry out as written (not a mismatch with the kernel): the run stops there.
internal sealed class ScriptRunException(string message) : Exception(message);
