using System;

namespace Mptcp.Codec.Packets;

// The addresses of an IPv4 or IPv6 header, where each version keeps them.
internal static class IPAddresses
{
    public static MptcpAddress Source(bool isIPv6, ReadOnlySpan<byte> ipHeader) =>
        isIPv6 ? MptcpAddress.Read(ipHeader[8..], 16) : MptcpAddress.Read(ipHeader[12..], 4);

    public static MptcpAddress Destination(bool isIPv6, ReadOnlySpan<byte> ipHeader) =>
        isIPv6 ? MptcpAddress.Read(ipHeader[24..], 16) : MptcpAddress.Read(ipHeader[16..], 4);
}
