using System;
using System.IO;
using System.Text;

namespace Mptcp.Codec.Peer.Network;

/// <summary>
/// A TUN interface (<c>IFF_TUN | IFF_NO_PI</c>, no offloads): each read is one whole IP packet the kernel routed to
/// it, with valid checksums; each write injects one, which must carry correct IP and TCP checksums (the kernel
/// verifies them and drops a bad one silently). It is created in the network namespace of the calling thread.
/// </summary>
public sealed unsafe class TunDevice : IDisposable
{
    private int _fd;

    private TunDevice(int fd, string name)
    {
        _fd = fd;
        Name = name;
    }

    /// <summary>The interface's name (at most 15 characters).</summary>
    public string Name { get; }

    /// <summary>Creates the interface <paramref name="name"/> (down, without addresses: <c>ip</c> sets it up).</summary>
    /// <exception cref="IOException">/dev/net/tun cannot be opened (no root?) or the interface cannot be made.</exception>
    public static TunDevice Create(string name)
    {
        if (name.Length is 0 or > 15)
        {
            throw new ArgumentException("an interface name has 1 to 15 characters", nameof(name));
        }

        int fd = Native.Open("/dev/net/tun", Native.ORdWr | Native.OCloexec);
        if (fd < 0)
        {
            throw new IOException($"cannot open /dev/net/tun: {Native.Error()}");
        }

        // struct ifreq: char ifr_name[16], then the union whose first member is short ifr_flags; 40 octets in all.
        byte* request = stackalloc byte[40];
        new Span<byte>(request, 40).Clear();
        Encoding.ASCII.GetBytes(name, new Span<byte>(request, 15));
        *(short*)(request + 16) = Native.TunNoPi;
        if (Native.Ioctl(fd, Native.TunSetIff, request) < 0)
        {
            string error = Native.Error();
            Native.Close(fd);
            throw new IOException($"TUNSETIFF {name}: {error}");
        }

        return new TunDevice(fd, name);
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> for a packet; its length, or 0 when none came.</summary>
    public int Read(Span<byte> buffer, int timeoutMs)
    {
        var poll = new Native.PollFd { Fd = _fd, Events = Native.PollIn };
        int ready = Native.Poll(&poll, 1, Math.Max(timeoutMs, 0));
        if (ready <= 0)
        {
            return 0;
        }

        fixed (byte* p = buffer)
        {
            nint read = Native.Read(_fd, p, (nuint)buffer.Length);
            return read < 0 ? throw new IOException($"read {Name}: {Native.Error()}") : (int)read;
        }
    }

    /// <summary>Injects one IP packet.</summary>
    public void Write(ReadOnlySpan<byte> packet)
    {
        fixed (byte* p = packet)
        {
            if (Native.Write(_fd, p, (nuint)packet.Length) != packet.Length)
            {
                throw new IOException($"write {Name}: {Native.Error()}");
            }
        }
    }

    /// <summary>Closes the descriptor; the interface goes with it.</summary>
    public void Dispose()
    {
        if (_fd >= 0)
        {
            Native.Close(_fd);
            _fd = -1;
        }
    }
}
