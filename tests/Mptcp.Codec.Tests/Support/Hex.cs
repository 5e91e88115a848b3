using System;

namespace Mptcp.Codec.Tests.Support;

/// <summary>Hex as the seed and tcpdump print it ("1e0c 0081 …").</summary>
internal static class Hex
{
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
}
