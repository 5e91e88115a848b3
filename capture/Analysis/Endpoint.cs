using System;

namespace Mptcp.Codec.Capture.Analysis;

/// <summary>An address and port.</summary>
public readonly record struct Endpoint(MptcpAddress Address, ushort Port)
{
    /// <summary>"a.b.c.d.port" or "v6addr.port", as tcpdump writes endpoints.</summary>
    public override string ToString() => $"{Address}.{Port}";

    /// <summary>Orders endpoints so that a flow has one key whatever its direction.</summary>
    public static int Compare(Endpoint a, Endpoint b)
    {
        int byFamily = a.Address.IsIPv6.CompareTo(b.Address.IsIPv6);
        if (byFamily != 0)
        {
            return byFamily;
        }

        int byAddress = a.Address.IsIPv6 ? a.Address.IPv6.CompareTo(b.Address.IPv6) : a.Address.IPv4.CompareTo(b.Address.IPv4);
        return byAddress != 0 ? byAddress : a.Port.CompareTo(b.Port);
    }
}
