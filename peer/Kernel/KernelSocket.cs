using System;
using System.Net;
using System.Net.Sockets;
using Mptcp.Codec.Peer.Network;

namespace Mptcp.Codec.Peer.Kernel;

/// <summary>
/// MPTCP sockets of the kernel (IPPROTO_MPTCP = 262), made with libc <c>socket()</c>: .NET refuses protocol numbers it
/// does not know before any system call (dotnet/runtime#67303). Created in the calling thread's network namespace.
/// </summary>
public static class KernelSocket
{
    /// <summary>IPPROTO_MPTCP.</summary>
    public const int IpProtoMptcp = 262;

    /// <summary>An MPTCP stream socket of <paramref name="family"/>.</summary>
    /// <exception cref="SocketException">The kernel refuses (no MPTCP, or net.mptcp.enabled=0).</exception>
    public static Socket Create(AddressFamily family)
    {
        int fd = Native.Socket(family == AddressFamily.InterNetworkV6 ? 10 : 2, 1 | Native.OCloexec, IpProtoMptcp);
        if (fd < 0)
        {
            throw new SocketException(System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        }

        return new Socket(new SafeSocketHandle(fd, ownsHandle: true));
    }

    /// <summary>An MPTCP listener on <paramref name="endpoint"/>.</summary>
    public static Socket Listen(IPEndPoint endpoint)
    {
        Socket listener = Create(endpoint.AddressFamily);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(endpoint);
        listener.Listen(8);
        return listener;
    }
}
