using System;
using System.IO;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Cli;

/// <summary>
/// Bad input in words a person reads, and one exit code per meaning in every command (issue 16): 0 done, 1 the
/// input was read and something in it is wrong, 2 the command could not do its work (usage, unreadable input).
/// </summary>
public sealed class InputMessageTests
{
    [Theory]
    [InlineData("1e1", "odd number of hex digits (3): each octet takes two")]
    [InlineData("1e 0g", "'g' at character 5 is not a hex digit")]
    [InlineData("", "no hex digits")]
    [InlineData("0x", "no hex digits")]
    [InlineData("1e14 2005 eedf 3c42 83a6 8961 0000 0001 0005 9e9", "odd number of hex digits (39): each octet takes two")]
    public void DecodeSaysWhatIsWrongWithTheHex(string hex, string message)
    {
        Assert.Equal((2, string.Empty, $"mptcp-dump: decode: {message}\n"), Tool.Run("decode", hex));
    }

    [Theory]
    [InlineData("0x1e14 0x2005 0xeedf 0x3c42 0x83a6 0x8961 0x0000 0x0001 0x0005 0x9e97")]
    [InlineData("0x1e142005eedf3c4283a689610000000100059e97")]
    [InlineData("1e:14:20:05:ee:df:3c:42:83:a6:89:61:00:00:00:01:00:05:9e:97")]
    [InlineData("0x1e, 0x14, 0x20, 0x05, 0xee, 0xdf, 0x3c, 0x42, 0x83, 0xa6, 0x89, 0x61, 0x00, 0x00, 0x00, 0x01, 0x00, 0x05, 0x9e, 0x97")]
    public void DecodeTakesHexAsPeopleCopyIt(string hex)
    {
        // The seed's DSS of the client's "hello" (SeedVectors.DssClientData).
        Assert.Equal((0, "mptcp 20 dss ack 4007607362 seq 2208729441 subseq 1 len 5 csum 0x9e97\n", string.Empty), Tool.Run("decode", hex));
    }

    [Fact]
    public void AMalformedOptionIsAFindingNotASuccess()
    {
        // MP_TCPRST is 4 octets (RFC 8684 §3.6); 8 is not a length it can have.
        Assert.Equal((1, "mptcp 8 tcprst[bad opt]\n  malformed: byte 1: length is not valid for this subtype and flags\n", string.Empty),
            Tool.Run("decode", "1e08 8001 0000 0001"));
        Assert.Equal(1, Tool.Run("decode", "0101 1e08 8001 0000 0001").Exit); // inside an option block too
        Assert.Equal(1, Tool.Run("decode", "1e14 2005").Exit);                // cut short
    }

    [Theory]
    [InlineData("tcprst flags [T] reason 6", "1e048106")]       // RFC 8684 §3.6: 0x06 middlebox interference, T = transient
    [InlineData("tcprst flags [none] reason 0x01", "1e048001")]
    [InlineData("tcprst flags [UVWT] reason 200", "1e048fc8")] // a code RFC 8684 does not name
    [InlineData("tcprst flags [UVWT] reason unknown (0xc8)", "1e048fc8")] // as decode prints it
    public void CraftTakesResetReasonsAsNumbers(string text, string hex)
    {
        Assert.Equal((0, hex + "\n", string.Empty), Tool.Run("craft", text));
    }

    [Theory]
    [InlineData("dss ack 1 seq 1 subseq 4294967296 len 5", "'4294967296' does not fit in 32 bits")]
    [InlineData("dss ack 1 seq 1 subseq 1 len 70000", "'70000' does not fit in 16 bits")]
    [InlineData("tcprst flags [none] reason 256", "'256' does not fit in 8 bits")]
    [InlineData("tcprst flags [none] reason overload", "'overload' is not a reset reason (a name as the text format writes it, or its code 0-255)")]
    public void CraftSaysWhichValueDoesNotFit(string text, string message)
    {
        Assert.Equal((2, string.Empty, $"mptcp-dump: craft: {message}\n"), Tool.Run("craft", text));
    }

    [Fact]
    public void AnUnreadLinkTypeIsNamedByNumberAndName()
    {
        // A classic pcap header with link type 189 (LINKTYPE_USB_LINUX) and one 4-octet record.
        byte[] capture = Convert.FromHexString("d4c3b2a1020004000000000000000000ffff0000bd000000" + "00000000000000000400000004000000" + "01020304");
        string path = Path.Combine(Path.GetTempPath(), $"usb-{Guid.NewGuid():N}.pcap");
        File.WriteAllBytes(path, capture);
        try
        {
            foreach (string command in new[] { "read", "summary", "stats" })
            {
                (int exit, _, string error) = Tool.Run(command, path);
                Assert.Equal(0, exit); // read to the end: the frames are there, only not decoded
                Assert.Equal($"mptcp-dump: {path}: offset 0, frame 1: link type 189 (USB_LINUX) is not one this tool decodes: its frames are listed as not TCP\n", error);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
