using System.Collections.Generic;

namespace Mptcp.Codec.Tests.Support;

/// <summary>
/// Valid encodings of every subtype, laid out by hand from the RFC figures (values from tcpdump's MPTCP test
/// captures where one exists), each with every length the RFC allows for its subtype and header bits.
/// </summary>
internal static class ValidEncodings
{
    public static IEnumerable<(string Name, string Hex, int[] ValidLengths)> All()
    {
        int[] capable = [4, 12, 20, 22, 24];
        yield return ("MP_CAPABLE v1 SYN", "1e04 0101", capable);
        yield return ("MP_CAPABLE v1 SYN/ACK", "1e0c 0101 73bb 1503 58a0 aecb", capable);
        yield return ("MP_CAPABLE v1 ACK", "1e14 0101 8f0c 7c64 a6a3 2ac1 73bb 1503 58a0 aecb", capable);
        yield return ("MP_CAPABLE v1 ACK data", "1e16 0101 8f0c 7c64 a6a3 2ac1 73bb 1503 58a0 aecb 0010", capable);
        yield return ("MP_CAPABLE v1 ACK data csum", "1e18 0181 8f0c 7c64 a6a3 2ac1 73bb 1503 58a0 aecb 0010 abcd", capable);
        yield return ("MP_CAPABLE v0 SYN", "1e0c 0081 9c9e abd1 e46a 33b2", [12, 20]); // RFC 6824 §3.1 has no other form
        int[] join = [12, 16, 24];
        yield return ("MP_JOIN SYN", "1e0c 1000 e47f 0142 1b66 5a18", join);
        yield return ("MP_JOIN SYN backup", "1e0c 1105 e47f 0142 1b66 5a18", join);
        yield return ("MP_JOIN SYN/ACK", "1e10 1001 5ab6 80c7 884a f03d 33ab e9d5", join);
        yield return ("MP_JOIN ACK", "1e18 1000 cb7b 87f5 e5f0 502f 43b5 35fb 70ef 6607 df2e 6c7a", join);
        foreach ((string name, string hex) in DssForms())
        {
            int fixedPart = DssFixedLength(Hex.Bytes(hex)[3]);
            bool mapping = (Hex.Bytes(hex)[3] & 0x04) != 0;
            yield return (name, hex, mapping ? [fixedPart, fixedPart + 2] : [fixedPart]);
        }

        // RFC 8684 §3.4.1: the HMAC (8 octets) is there exactly when 'E' is 0; Linux drops any other length.
        int[] addAddrV1 = [16, 18, 28, 30];
        int[] addAddrV1Echo = [8, 10, 20, 22];
        yield return ("ADD_ADDR v1 IPv4 HMAC", "1e10 3001 c0a8 88e1 6699 2874 4366 716c", addAddrV1);
        yield return ("ADD_ADDR v1 IPv4 echo", "1e08 3101 c0a8 88e1", addAddrV1Echo);
        yield return ("ADD_ADDR v1 IPv4 port HMAC", "1e12 3002 7f00 0003 2773 0102 0304 0506 0708", addAddrV1);
        yield return ("ADD_ADDR v1 IPv4 port echo", "1e0a 3102 7f00 0003 2773", addAddrV1Echo);
        yield return ("ADD_ADDR v1 IPv6 HMAC", "1e1c 3005 2001 0db8 0000 0000 0000 0000 0000 0001 1122 3344 5566 7788", addAddrV1);
        yield return ("ADD_ADDR v1 IPv6 port HMAC", "1e1e 3005 2001 0db8 0000 0000 0000 0000 0000 0001 1f90 1122 3344 5566 7788", addAddrV1);
        yield return ("ADD_ADDR v1 IPv6 echo", "1e14 3105 0000 0000 0000 0000 0000 0000 0000 0001", addAddrV1Echo);
        // RFC 6824 §3.4.1: IPVer 4 is 8 or 10 octets, IPVer 6 is 20 or 22. To RFC 8684 the same octet 2 is 'E' = 0
        // with reserved bits 010 or 011: through the union, v1's HMAC lengths read as v1 (docs/schema-model.md).
        int[] addAddrV0Ip4 = [8, 10, 16, 18, 28, 30];
        int[] addAddrV0Ip6 = [16, 18, 20, 22, 28, 30];
        yield return ("ADD_ADDR v0 IPv4", "1e08 3401 0a01 0202", addAddrV0Ip4);
        yield return ("ADD_ADDR v0 IPv4 port", "1e0a 3401 0a01 0202 0016", addAddrV0Ip4);
        yield return ("ADD_ADDR v0 IPv6", "1e14 3607 2001 0db8 0000 0000 0000 0000 0000 0002", addAddrV0Ip6);
        yield return ("ADD_ADDR v0 IPv6 port", "1e16 3607 2001 0db8 0000 0000 0000 0000 0000 0002 0016", addAddrV0Ip6);
        int[] removeAddr = [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40];
        yield return ("REMOVE_ADDR one", "1e04 4000", removeAddr);
        yield return ("REMOVE_ADDR three", "1e06 4001 0203", removeAddr);
        yield return ("MP_PRIO v1", "1e03 51", [3, 4]);
        yield return ("MP_PRIO v0", "1e04 5005", [3, 4]);
        yield return ("MP_FAIL", "1e0c 6000 1122 3344 5566 7788", [12]);
        yield return ("MP_FASTCLOSE", "1e0c 7000 d005 b1ab 34ba d344", [12]);
        yield return ("MP_TCPRST none", "1e04 8000", [4]);
        yield return ("MP_TCPRST T", "1e04 8101", [4]);
        yield return ("MP_TCPRST UVWT", "1e04 8f06", [4]);
        int[] experimental = [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40];
        yield return ("MP_EXPERIMENTAL", "1e05 f3aa bb", experimental);
        yield return ("MP_EXPERIMENTAL empty", "1e03 f0", experimental);
    }

    /// <summary>DSS with every combination of F, m, M, a, A, with and without checksum.</summary>
    public static IEnumerable<(string Name, string Hex)> DssForms()
    {
        for (int flags = 0; flags < 32; flags++)
        {
            foreach (bool checksum in new[] { false, true })
            {
                bool mapping = (flags & 0x04) != 0;
                if (checksum && !mapping)
                {
                    continue;
                }

                var hex = new System.Text.StringBuilder("1e00 20").Append(flags.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                if ((flags & 0x01) != 0)
                {
                    hex.Append((flags & 0x02) != 0 ? "0102030405060708" : "a1a2a3a4");
                }

                if (mapping)
                {
                    hex.Append((flags & 0x08) != 0 ? "1112131415161718" : "b1b2b3b4").Append("00000007").Append("0005");
                    if (checksum)
                    {
                        hex.Append("c0c1");
                    }
                }

                byte[] bytes = Hex.Bytes(hex.ToString());
                bytes[1] = (byte)bytes.Length;
                yield return ($"DSS flags 0x{flags:x2}{(checksum ? " csum" : string.Empty)}", System.Convert.ToHexString(bytes));
            }
        }
    }

    private static int DssFixedLength(byte flags) =>
        4 + ((flags & 0x01) != 0 ? ((flags & 0x02) != 0 ? 8 : 4) : 0)
          + ((flags & 0x04) != 0 ? ((flags & 0x08) != 0 ? 8 : 4) + 4 + 2 : 0);
}
