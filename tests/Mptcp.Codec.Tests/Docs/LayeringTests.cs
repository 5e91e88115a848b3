using System;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Mptcp.Codec.Tests.Docs;

/// <summary>
/// The peer and the tool are built on the libraries' public surface, as a user's program is: no library lets them
/// see its internals, so whatever they need of packets, captures or analysis is there for users too.
/// </summary>
public sealed class LayeringTests
{
    [Theory]
    [InlineData(typeof(Mptcp.Codec.Packets.TcpPacketBuilder))]
    [InlineData(typeof(Mptcp.Codec.Capture.CaptureReader))]
    [InlineData(typeof(Mptcp.Codec.Format.Text.MptcpText))]
    [InlineData(typeof(Mptcp.Codec.Options.MptcpOption))]
    [InlineData(typeof(Mptcp.Codec.Peer.PeerHost))]
    public void No_library_opens_its_internals_to_the_peer_or_the_tool(Type inLibrary)
    {
        string[] friends = inLibrary.Assembly.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName).ToArray();
        Assert.DoesNotContain("Mptcp.Codec.Peer", friends);
        Assert.DoesNotContain("mptcp-dump", friends);
    }

    [Fact]
    public void The_friends_a_library_has_are_read()
    {
        // Capture opens its internals to the tests and the benchmarks, so the attribute the theory reads is there.
        string[] friends = typeof(Mptcp.Codec.Capture.CaptureReader).Assembly.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName).ToArray();
        Assert.Contains("Mptcp.Codec.Tests", friends);
    }

    [Fact]
    public void Packets_is_below_capture_and_the_peer()
    {
        AssemblyName[] packets = typeof(Mptcp.Codec.Packets.PacketDecoder).Assembly.GetReferencedAssemblies();
        Assert.DoesNotContain(packets, a => a.Name is "Mptcp.Codec.Capture" or "Mptcp.Codec.Peer");
        Assert.Contains(typeof(Mptcp.Codec.Capture.CaptureReader).Assembly.GetReferencedAssemblies(), a => a.Name == "Mptcp.Codec.Packets");
        Assert.Contains(typeof(Mptcp.Codec.Peer.PeerHost).Assembly.GetReferencedAssemblies(), a => a.Name == "Mptcp.Codec.Packets");
    }
}
