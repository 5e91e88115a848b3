using System;
using System.Collections.Generic;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Live.Tests;

/// <summary>The recogniser of docs/kernel-findings.md §1 on the capture of the run that found it.</summary>
public sealed partial class LiveScenarioTests
{
    [Fact]
    public void The_kernels_misplaced_mapping_is_recognised_from_its_capture()
    {
        // The first 40 frames of the failing run of 2026-12-07 (docs/kernel-findings/bulk-join-misplaced.pcap), the
        // payload that run sent (the bulk test's), and what its server application read: every octet as written but
        // 81,869–113,074, which held the octets written at 98,255–129,460 (compared with the kept files that day).
        string path = Repository.Path("docs", "kernel-findings", "bulk-join-misplaced.pcap");
        byte[] sent = Pattern(4 << 20, 11);
        byte[] read = (byte[])sent.Clone();
        sent.AsSpan(98_255, 31_206).CopyTo(read.AsSpan(81_869));

        string? finding = KernelFindings.MisplacedMapping(Run(path, sent, read));
        output.WriteLine(finding ?? "(not recognised)");
        Assert.NotNull(finding);
        Assert.StartsWith("kernel finding 1 (docs/kernel-findings.md): the server's application read the mapping of frame 14 ", finding);
        Assert.Contains(" at 81869 from its octet 16386 on, 31206 octets, as if it began where frame 13 ", finding);
        Assert.Contains("the server's DATA_ACK acknowledged 113075", finding);

        // The right bytes, and another damage, are not taken for it.
        Assert.Null(KernelFindings.MisplacedMapping(Run(path, sent, sent)));
        byte[] flipped = (byte[])sent.Clone();
        flipped[81_869] ^= 0xFF;
        Assert.Null(KernelFindings.MisplacedMapping(Run(path, sent, flipped)));
    }

    private static LiveCapture Run(string path, byte[] sent, byte[] serverRead) => new()
    {
        Scenario = "bulk",
        CapturePath = path,
        Checksums = true,
        Payload = sent,
        ServerReceived = serverRead,
        ClientReceived = serverRead,
        ClientInfo = new Dictionary<string, string>(),
        ServerInfo = new Dictionary<string, string>(),
        ServerStdout = [],
        Tshark = Tshark.Read(path),
        Sdk = SdkCapture.Read(path),
    };
}
