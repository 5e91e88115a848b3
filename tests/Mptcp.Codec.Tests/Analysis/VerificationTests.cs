using System;
using System.IO;
using System.Linq;
using System.Text;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Crypto;
using Mptcp.Codec.Packets;
using Mptcp.Codec.Tcp;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Analysis;

/// <summary>Connection tracking, verification and reassembly on the seed, tcpdump's captures and real kernel captures.</summary>
public sealed class VerificationTests
{
    private static (int Checked, int Failed, int Unverifiable) Counts(CheckCounts c) => (c.Checked, c.Failed, c.Unverifiable);

    [Fact]
    public void SeedCaptureVerifiesCompletelyAndReassemblesToHelloEachWay()
    {
        AnalysisResult result = MptcpAnalysis.Analyze(Samples.Capture("seed-echo.pcap"));
        Assert.Equal(19, result.Frames);
        MptcpConnection connection = Assert.Single(result.Connections);
        Assert.Equal(SeedVectors.ClientKey, connection.ClientKey);
        Assert.Equal(SeedVectors.ServerKey, connection.ServerKey);
        Assert.Equal(SeedVectors.ServerToken, connection.ServerToken);
        Assert.True(connection.ChecksumRequested);
        Assert.Equal((2, 0, 0), Counts(connection.Verification.Token));        // both MP_JOIN SYNs carry 0xa9a0dd64
        Assert.Equal((4, 0, 0), Counts(connection.Verification.DssChecksum));  // 0x9e97, 0x9878, 0xdc4a, 0xe269
        Assert.Equal((2, 0, 0), Counts(connection.Verification.Idsn));         // 2208729441 and 4007607362
        Assert.Equal("hello", Encoding.ASCII.GetString(connection.ClientToServer.ToArray()));
        Assert.Equal("hello", Encoding.ASCII.GetString(connection.ServerToClient.ToArray()));
        Assert.True(connection.ClientToServer.DataFinSeen && connection.ServerToClient.DataFinSeen);
        Assert.Equal(3, connection.Subflows.Count); // the initial subflow and the two joins the server reset
        Assert.All(connection.Subflows.Skip(1), s => Assert.True(s.IsJoin && s.Reset));
    }

    [Theory]
    [InlineData("v1-csum-ipv4.pcap", true)]
    [InlineData("v1-nocsum-ipv4.pcap", false)]
    [InlineData("v1-ipv6.pcap", true)]
    [InlineData("v1-addaddr-port.pcap", false)]
    [InlineData("v1-prio-remove.pcap", true)]
    [InlineData("v1-fastclose.pcap", false)]
    public void EveryTokenHmacAndChecksumOfAKernelCaptureVerifies(string file, bool checksums)
    {
        AnalysisResult result = MptcpAnalysis.Analyze(Samples.Capture(file));
        MptcpConnection connection = Assert.Single(result.Connections);
        Assert.Equal(MptcpVersion.V1, connection.Version);
        Assert.Equal(checksums, connection.ChecksumRequested);
        VerificationCounts v = result.Verification;
        Assert.Equal(0, v.TotalFailed);
        Assert.True(v.Token.Checked > 0 && v.JoinHmac.Checked > 0 && v.Idsn.Checked > 0, file);
        Assert.Equal(0, v.Token.Unverifiable + v.JoinHmac.Unverifiable + v.AddAddressHmac.Unverifiable + v.Idsn.Unverifiable);
        Assert.Equal(checksums, v.DssChecksum.Checked > 0);
        Assert.Equal(0, v.DssChecksum.Unverifiable);
    }

    [Fact]
    public void KernelCaptureStreamsAreWhatTheClientSentAndTheServerEchoed()
    {
        // samples/captures/README.md: the client sends "hello from client N" and reads the echo.
        foreach (string file in new[] { "v1-csum-ipv4.pcap", "v1-nocsum-ipv4.pcap", "v1-ipv6.pcap" })
        {
            MptcpConnection connection = Assert.Single(MptcpAnalysis.Analyze(Samples.Capture(file)).Connections);
            string sent = Encoding.ASCII.GetString(connection.ClientToServer.ToArray());
            Assert.Matches("^(hello from client \\d+)+$", sent);
            Assert.Equal(sent, Encoding.ASCII.GetString(connection.ServerToClient.ToArray()));
        }
    }

    [Fact]
    public void AFlippedPayloadByteIsExactlyOneChecksumFailure()
    {
        byte[] file = File.ReadAllBytes(Samples.Capture("v1-csum-ipv4.pcap"));
        long frame = FlipFirst(file, (data, segment) => segment.PayloadLength > 0 ? Offset(data, segment.Payload) : -1, 0x01);
        VerificationCounts v = Analyze(file);
        Assert.Equal(1, v.DssChecksum.Failed);
        Assert.Equal(1, v.TotalFailed);
        Assert.True(frame > 0);
    }

    [Fact]
    public void AFlippedJoinHmacBitIsExactlyOneJoinHmacFailure()
    {
        byte[] file = File.ReadAllBytes(Samples.Capture("v1-csum-ipv4.pcap"));
        // The last octet of the first MP_JOIN SYN/ACK option (length 16): its truncated HMAC ends 4 octets before.
        FlipFirst(file, (data, segment) => JoinSynAckHmacOffset(data, segment), 0x80);
        VerificationCounts v = Analyze(file);
        Assert.Equal(1, v.JoinHmac.Failed);
        Assert.Equal(1, v.TotalFailed);
    }

    [Fact]
    public void AFlippedAddAddressHmacBitIsExactlyOneAddAddressFailure()
    {
        byte[] file = File.ReadAllBytes(Samples.Capture("v1-addaddr-port.pcap"));
        FlipFirst(file, (data, segment) => OptionOffset(data, segment, 3, 18, 17), 0x01);
        VerificationCounts v = Analyze(file);
        Assert.Equal(1, v.AddAddressHmac.Failed);
        Assert.Equal(1, v.TotalFailed);
    }

    [Fact]
    public void AnAddAddressStrippedOfItsHmacIsAnInvalidOption()
    {
        // The first ADD_ADDR with port and HMAC (18 octets) becomes 10 octets with 'E' still 0, then 8 NOPs:
        // RFC 8684 §3.4.1 requires the HMAC, Linux drops it, the analysis must report it.
        byte[] file = File.ReadAllBytes(Samples.Capture("v1-addaddr-port.pcap"));
        (long length, _) = FindFirst(file, (data, segment) => OptionOffset(data, segment, 3, 18, 1));
        Assert.Equal(18, file[length]);
        file[length] = 10;
        Array.Fill(file, (byte)0x01, (int)length + 9, 8);

        using var reader = new CaptureReader(new MemoryStream(file));
        AnalysisResult result = MptcpAnalysis.Analyze(reader);
        Assert.Equal(1, result.InvalidOptions);
        Assert.Equal(0, result.Verification.TotalFailed);
        ConnectionEvent invalid = Assert.Single(result.Connections.SelectMany(c => c.Events), e => e.Kind == ConnectionEventKind.InvalidOption);
        Assert.Equal((MptcpStatus.BadLength, 1), (invalid.Error.Status, invalid.Error.Offset));
        Assert.Equal(Side.Server, invalid.Side);
    }

    [Fact]
    public void TcpdumpsV1AddAddrCaptureFailsOnlyItsPre2020Hmac()
    {
        VerificationCounts v = MptcpAnalysis.Analyze(Path.Combine(Samples.TcpdumpTests, "mptcp-aa-v1.pcap")).Verification;
        Assert.Equal((1, 1, 0), Counts(v.AddAddressHmac));
        Assert.Equal(1, v.TotalFailed);
    }

    [Fact]
    public void TcpdumpsV0CaptureVerifiesItsJoinAnd153Checksums()
    {
        VerificationCounts v = MptcpAnalysis.Analyze(Path.Combine(Samples.TcpdumpTests, "mptcp-v0.pcap")).Verification;
        Assert.Equal((1, 0, 0), Counts(v.Token));
        Assert.Equal((2, 0, 0), Counts(v.JoinHmac));
        Assert.Equal((153, 0, 0), Counts(v.DssChecksum)); // every "csum" of mptcp-v0.out
    }

    private static VerificationCounts Analyze(byte[] file)
    {
        using var reader = new CaptureReader(new MemoryStream(file));
        return MptcpAnalysis.Analyze(reader).Verification;
    }

    private delegate int Locate(ReadOnlySpan<byte> data, TcpSegment segment);

    /// <summary>Flips <paramref name="mask"/> in the first frame where <paramref name="locate"/> finds an octet; returns the frame.</summary>
    private static long FlipFirst(byte[] file, Locate locate, byte mask)
    {
        (long offset, long frame) = FindFirst(file, locate);
        file[offset] ^= mask;
        return frame;
    }

    /// <summary>The file offset of the octet <paramref name="locate"/> finds in the first frame where it finds one, and that frame.</summary>
    private static (long FileOffset, long Frame) FindFirst(byte[] file, Locate locate)
    {
        using var reader = new CaptureReader(new MemoryStream(file));
        while (reader.TryReadNext(out CapturedFrame frame))
        {
            if (PacketDecoder.TryDecodeTcp(frame.LinkType, frame.Data, out TcpSegment segment, out _) && locate(frame.Data, segment) is int at and >= 0)
            {
                return (frame.FileOffset + 16 + at, frame.FrameNumber); // classic pcap: 16-octet record header, then the frame
            }
        }

        throw new InvalidOperationException("no frame has the octet");
    }

    private static int Offset(ReadOnlySpan<byte> data, ReadOnlySpan<byte> part) => data.Overlaps(part, out int offset) ? offset : -1;

    private static int JoinSynAckHmacOffset(ReadOnlySpan<byte> data, TcpSegment segment) => OptionOffset(data, segment, 1, 16, 11);

    /// <summary>The offset in the frame of octet <paramref name="index"/> of the first MPTCP option of that subtype and length.</summary>
    private static int OptionOffset(ReadOnlySpan<byte> data, TcpSegment segment, int subtype, int length, int index)
    {
        foreach (TcpOption option in TcpOptionWalker.MptcpOptions(segment.Options))
        {
            if (option.Bytes.Length == length && option.Bytes[2] >> 4 == subtype)
            {
                return Offset(data, option.Bytes) + index;
            }
        }

        return -1;
    }
}
