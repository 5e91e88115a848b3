using System;
using System.IO;

namespace Mptcp.Codec.Tests.Cli;

/// <summary>
/// <c>mptcp-dump packetdrill</c> on a script it cannot parse: exit status 2 and packetdrill's FILE:LINE: form, before
/// anything that needs root (the runs themselves are the live tests').
/// </summary>
public sealed class PacketdrillCommandTests
{
    [Fact]
    public void A_script_that_does_not_parse_is_refused_with_its_file_and_line()
    {
        string path = Path.Combine(Path.GetTempPath(), $"pd-{Guid.NewGuid():N}.pkt");
        File.WriteAllText(path, "0 socket(..., SOCK_STREAM, IPPROTO_MPTCP) = 3\n+0 bind(3, ..., ...) = 0\n+0 < S 0:0(0) <mss 1460>\n");
        try
        {
            (int exit, string output, string error) = Tool.Run("packetdrill", path);
            Assert.Equal(2, exit);
            Assert.Equal("", output);
            Assert.Equal($"{path}:3: a packet sent to the kernel (<) needs its window: win N", error.Trim());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_define_without_a_value_is_bad_usage()
    {
        (int exit, _, string error) = Tool.Run("packetdrill", "x.pkt", "-D", "TFO_COOKIE");
        Assert.Equal((2, "mptcp-dump: packetdrill: -D TFO_COOKIE: expected NAME=VALUE"), (exit, error.Trim()));
    }
}
