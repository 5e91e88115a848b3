using System.Collections.Generic;
using System.Linq;

namespace Mptcp.Codec.Peer.Packetdrill.Run;

// The names scripts use for constants, with Linux's values (the same on x86-64 and arm64), and errno names by number
// for messages. IPPROTO_MPTCP is 262 (include/uapi/linux/in.h).
internal static class Symbols
{
    private static readonly Dictionary<string, long> Values = new()
    {
        ["AF_INET"] = 2, ["AF_INET6"] = 10, ["AF_UNSPEC"] = 0,
        ["SOCK_STREAM"] = 1, ["SOCK_DGRAM"] = 2, ["SOCK_NONBLOCK"] = 0x800,
        ["IPPROTO_IP"] = 0, ["IPPROTO_TCP"] = 6, ["IPPROTO_UDP"] = 17, ["IPPROTO_IPV6"] = 41, ["IPPROTO_MPTCP"] = 262,
        ["SOL_SOCKET"] = 1, ["SOL_IP"] = 0, ["SOL_IPV6"] = 41, ["SOL_TCP"] = 6, ["SOL_MPTCP"] = 284,
        ["SO_REUSEADDR"] = 2, ["SO_ERROR"] = 4, ["SO_KEEPALIVE"] = 9, ["SO_LINGER"] = 13, ["SO_REUSEPORT"] = 15,
        ["SO_SNDBUF"] = 7, ["SO_RCVBUF"] = 8, ["SO_RCVLOWAT"] = 18, ["SO_SNDTIMEO"] = 21, ["SO_RCVTIMEO"] = 20,
        ["TCP_NODELAY"] = 1, ["TCP_MAXSEG"] = 2, ["TCP_CORK"] = 3, ["TCP_KEEPIDLE"] = 4, ["TCP_KEEPINTVL"] = 5,
        ["TCP_KEEPCNT"] = 6, ["TCP_INFO"] = 11, ["TCP_QUICKACK"] = 12, ["TCP_CONGESTION"] = 13, ["TCP_FASTOPEN"] = 23,
        ["TCP_NOTSENT_LOWAT"] = 25, ["TCP_FASTOPEN_CONNECT"] = 30,
        ["F_GETFL"] = 3, ["F_SETFL"] = 4, ["F_GETFD"] = 1, ["F_SETFD"] = 2,
        ["O_RDONLY"] = 0, ["O_WRONLY"] = 1, ["O_RDWR"] = 2, ["O_NONBLOCK"] = 0x800,
        ["POLLIN"] = 0x1, ["POLLPRI"] = 0x2, ["POLLOUT"] = 0x4, ["POLLERR"] = 0x8, ["POLLHUP"] = 0x10, ["POLLNVAL"] = 0x20,
        ["POLLRDNORM"] = 0x40, ["POLLRDBAND"] = 0x80, ["POLLWRNORM"] = 0x100, ["POLLRDHUP"] = 0x2000,
        ["SHUT_RD"] = 0, ["SHUT_WR"] = 1, ["SHUT_RDWR"] = 2,
        ["MSG_OOB"] = 1, ["MSG_PEEK"] = 2, ["MSG_DONTWAIT"] = 0x40, ["MSG_WAITALL"] = 0x100, ["MSG_NOSIGNAL"] = 0x4000,
        ["MSG_MORE"] = 0x8000, ["MSG_FASTOPEN"] = 0x20000000, ["MSG_ZEROCOPY"] = 0x4000000, ["MSG_ERRQUEUE"] = 0x2000,
    };

    private static readonly Dictionary<string, int> Errnos = new()
    {
        ["EPERM"] = 1, ["ENOENT"] = 2, ["EINTR"] = 4, ["EIO"] = 5, ["EBADF"] = 9, ["EAGAIN"] = 11, ["EWOULDBLOCK"] = 11,
        ["ENOMEM"] = 12, ["EACCES"] = 13, ["EFAULT"] = 14, ["EBUSY"] = 16, ["EEXIST"] = 17, ["EINVAL"] = 22,
        ["ENFILE"] = 23, ["EMFILE"] = 24, ["ENOSPC"] = 28, ["EPIPE"] = 32, ["ENOTSOCK"] = 88, ["EDESTADDRREQ"] = 89,
        ["EMSGSIZE"] = 90, ["EPROTOTYPE"] = 91, ["ENOPROTOOPT"] = 92, ["EPROTONOSUPPORT"] = 93, ["EOPNOTSUPP"] = 95,
        ["EAFNOSUPPORT"] = 97, ["EADDRINUSE"] = 98, ["EADDRNOTAVAIL"] = 99, ["ENETDOWN"] = 100, ["ENETUNREACH"] = 101,
        ["ECONNABORTED"] = 103, ["ECONNRESET"] = 104, ["ENOBUFS"] = 105, ["EISCONN"] = 106, ["ENOTCONN"] = 107,
        ["ETIMEDOUT"] = 110, ["ECONNREFUSED"] = 111, ["EHOSTUNREACH"] = 113, ["EALREADY"] = 114, ["EINPROGRESS"] = 115,
    };

    private static readonly Dictionary<int, string> ErrnoNames = Errnos.Where(e => e.Key != "EWOULDBLOCK").ToDictionary(e => e.Value, e => e.Key);

    public static bool TryValue(string name, out long value)
    {
        if (Values.TryGetValue(name, out value))
        {
            return true;
        }

        bool errno = Errnos.TryGetValue(name, out int number);
        value = number;
        return errno;
    }

    public static bool TryErrno(string name, out int number) => Errnos.TryGetValue(name, out number);

    // "111 (ECONNREFUSED)", as packetdrill's messages name an errno.
    public static string Errno(int number) => ErrnoNames.TryGetValue(number, out string? name) ? $"{number} ({name})" : $"{number}";
}
