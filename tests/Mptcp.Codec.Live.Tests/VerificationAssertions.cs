// (c) of the live tests: what the SDK's capture analysis (capture/Analysis/, Mptcp.Codec.Capture.Analysis) must find
// in a capture that the kernel made. Kept apart from the rest so it can follow that API as it settles; the project
// defines ANALYSIS_API (Mptcp.Codec.Live.Tests.csproj). Without it this file compiles against nothing and every
// scenario reports the checks as inactive.
using System;
using System.Linq;
#if ANALYSIS_API
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Crypto;
using Mptcp.Codec.Options;
#endif

namespace Mptcp.Codec.Live.Tests;

internal static class VerificationAssertions
{
#if ANALYSIS_API
    /// <summary>
    /// Analyses the scenario's capture with <c>MptcpAnalysis.Analyze</c> and requires: one v1 connection with the keys
    /// on the wire and the scenario's checksum mode; no check of any kind failed; every check that the scenario's
    /// packets call for was made (tokens and HMACs of each MP_JOIN, HMAC of each ADD_ADDR, DSS checksums when
    /// checksum_enabled=1, the IDSN) and none was unverifiable (the capture is complete: snap length 262144, no drops);
    /// and both data-level streams, rebuilt in DSN order from every subflow, equal what the client sent and what the
    /// server echoed.
    /// </summary>
    public static string Verify(LiveCapture c)
    {
        AnalysisResult result = MptcpAnalysis.Analyze(c.CapturePath);
        Assert.Empty(result.Problems);
        Assert.Equal(c.Sdk.Count, result.Frames);
        MptcpConnection connection = Assert.Single(result.Connections);
        Assert.Equal(MptcpVersion.V1, connection.Version);
        Assert.False(connection.FellBack, "the analysis says the connection fell back to TCP");
        Assert.Equal((c.ClientKey, c.ServerKey), (connection.ClientKey, connection.ServerKey));
        Assert.Equal(c.Checksums, connection.ChecksumRequested);
        Assert.Equal(MptcpKeys.Token(c.ClientKey, MptcpVersion.V1), connection.ClientToken);
        Assert.Equal(MptcpKeys.Token(c.ServerKey, MptcpVersion.V1), connection.ServerToken);

        VerificationCounts v = connection.Verification;
        string counts = string.Join(", ", Enum.GetValues<CheckKind>().Select(k => $"{k} {v[k].Checked}/{v[k].Failed}/{v[k].Unverifiable}"));
        foreach (CheckKind kind in Enum.GetValues<CheckKind>())
        {
            Assert.True(v[kind].Failed == 0, $"{kind}: {v[kind].Failed} of {v[kind].Checked} checks failed (checked/failed/unverifiable: {counts})");
            Assert.True(v[kind].Unverifiable == 0, $"{kind}: {v[kind].Unverifiable} checks unverifiable in a complete capture ({counts})");
        }

        Assert.Equal(0, result.Verification.TotalFailed);

        // Which checks this scenario's packets call for, counted from the SDK's decode of the capture.
        int joins = c.JoinSyns().Count;
        // A join the other side refused (Linux's server-side path manager also tries the client's addresses: RST) has no HMAC.
        int completedJoins = c.JoinSyns().Count(j => c.SdkWith<MpJoinSynAckOption>().Any(a => a.Frame.Subflow == j.Frame.Subflow));
        int announcements = c.SdkWith<AddAddressOption>().Count(a => !a.Option.Echo);
        int checksummed = c.SdkWith<DssOption>().Count(d => d.Option.HasChecksum && d.Option.DataLevelLength > 0);
        Assert.True(v.Idsn.Checked > 0, $"no IDSN checked ({counts})");
        if (joins > 0)
        {
            Assert.True(v.Token.Checked >= joins, $"{joins} MP_JOIN SYNs but {v.Token.Checked} tokens checked ({counts})");
            Assert.True(v.JoinHmac.Checked >= 2 * completedJoins, $"{completedJoins} completed MP_JOINs but {v.JoinHmac.Checked} HMACs checked ({counts})");
        }

        if (announcements > 0)
        {
            Assert.True(v.AddAddressHmac.Checked >= announcements, $"{announcements} ADD_ADDRs but {v.AddAddressHmac.Checked} HMACs checked ({counts})");
        }

        if (c.Checksums)
        {
            Assert.True(checksummed > 0 && v.DssChecksum.Checked > 0, $"{checksummed} DSS mappings with checksums but {v.DssChecksum.Checked} checked ({counts})");
        }
        else
        {
            Assert.Equal(0, v.DssChecksum.Checked);
        }

        // The data-level streams, rebuilt from every subflow in DSN order.
        AssertStream(c, fromClient: true, connection.ClientIdsn, c.Payload, connection.ClientToServer.ToArray());
        AssertStream(c, fromClient: false, connection.ServerIdsn, c.ClientReceived, connection.ServerToClient.ToArray());
        return $"analysis: {result.Connections.Count} connection, {connection.Subflows.Count} subflows; checked/failed/unverifiable: {counts}; streams {connection.ClientToServer.ContiguousLength} + {connection.ServerToClient.ContiguousLength} bytes equal";
    }

    private static void AssertStream(LiveCapture c, bool fromClient, ulong idsn, byte[] expected, byte[] rebuilt)
    {
        int common = Math.Min(expected.Length, rebuilt.Length);
        int first = expected.AsSpan(0, common).CommonPrefixLength(rebuilt.AsSpan(0, common));
        if (expected.Length == rebuilt.Length && first == common)
        {
            return;
        }

        // Say which mappings on the wire cover the first wrong octet: e.g. Linux's MPTCP zero-window probe
        // (mptcp_sendmsg_frag) sends the next unsent octet labelled with DSN snd_una - 1, an octet the receiver
        // already has and drops; a reassembler must keep the first copy of an octet, not the last.
        ulong dsn = unchecked(idsn + 1 + (ulong)first);
        var covering = c.SdkWith<DssOption>()
            .Where(d => d.Option.MappingPresent && c.FromClient(d.Frame) == fromClient && d.Option.DataSequenceNumberIs8Octets
                && dsn - d.Option.DataSequenceNumber < d.Option.DataLevelLength)
            .Select(d => $"frame {d.Frame.Number} [{d.Frame.Subflow}] dsn +{d.Option.DataSequenceNumber - idsn - 1} ssn {d.Option.SubflowSequenceNumber} len {d.Option.DataLevelLength} payload {d.Frame.PayloadLength}");
        Assert.Fail(
            $"{(fromClient ? "client to server" : "server to client")}: the analysis rebuilt {rebuilt.Length} bytes, the peers saw {expected.Length}; "
            + $"first difference at offset {first} (expected 0x{(first < expected.Length ? expected[first] : 0):x2}, rebuilt 0x{(first < rebuilt.Length ? rebuilt[first] : 0):x2}); "
            + $"mappings covering it: {string.Join("; ", covering)}");
    }
#else
    /// <summary>The analysis API is not compiled in (ANALYSIS_API is not defined): nothing is checked.</summary>
    public static string Verify(LiveCapture c) =>
        $"{c.Scenario}: VerificationAssertions inactive (build without ANALYSIS_API): tokens, HMACs, DSS checksums and streams not checked by the analysis";
#endif
}
