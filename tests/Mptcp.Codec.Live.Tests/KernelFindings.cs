#if ANALYSIS_API
using System;
using System.Linq;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Options;

namespace Mptcp.Codec.Live.Tests;

/// <summary>
/// Kernel behaviour that docs/kernel-findings.md describes, recognised from a run's capture and the applications'
/// bytes, so that a test reports it as what it is instead of failing on a mismatch it cannot explain, or retrying it
/// away.
/// </summary>
internal static class KernelFindings
{
    /// <summary>
    /// Finding 1: the server's application read the client's data misplaced although the wire carried it right. The
    /// stream rebuilt by DSN is what the client wrote; at the first octet the application got wrong, a mapping
    /// of another subflow starts right where the previous mapping ends; the application got that mapping's octets
    /// from the previous mapping's length on; and the server's DATA_ACK acknowledged exactly the misplaced amount.
    /// Returns the report, or null when the run's mismatch is not this (or there is none).
    /// </summary>
    public static string? MisplacedMapping(LiveCapture c)
    {
        byte[] sent = c.Payload, read = c.ServerReceived;
        if (read.Length != sent.Length || read.AsSpan().SequenceEqual(sent))
        {
            return null;
        }

        // What the capture holds of the stream (all of it, or a cut capture's beginning) is what the client wrote.
        MptcpConnection connection = MptcpAnalysis.Analyze(c.CapturePath).Connections.Single();
        byte[] wire = connection.ClientToServer.ToArray();
        if (wire.Length > sent.Length || !sent.AsSpan().StartsWith(wire))
        {
            return null; // the wire does not carry what the client wrote: not a receiver's doing
        }

        // The client's segments go to the listening port, which the MP_CAPABLE SYN names (this runs before the
        // capture's other checks, so it does not lean on their bookkeeping of sides).
        int port = c.SdkWith<MpCapableOption>().First(s => s.Frame.Syn && !s.Frame.Ack).Frame.DestinationPort;
        bool FromClient(SdkFrame f) => f.DestinationPort == port;
        int at = sent.AsSpan().CommonPrefixLength(read);
        ulong first = unchecked(connection.ClientIdsn + 1);
        var mappings = c.SdkWith<DssOption>()
            .Where(d => d.Option.MappingPresent && d.Option.DataSequenceNumberIs8Octets && FromClient(d.Frame))
            .Select(d => (d.Frame, Start: (long)(d.Option.DataSequenceNumber - first), Length: (long)d.Option.DataLevelLength))
            .ToList();
        var misplaced = mappings.FirstOrDefault(m => m.Start == at);
        var before = mappings.FirstOrDefault(m => m.Start + m.Length == at && m.Frame.Subflow != misplaced.Frame?.Subflow);
        if (misplaced.Frame is null || before.Frame is null || before.Length >= misplaced.Length)
        {
            return null;
        }

        long shift = before.Length, kept = misplaced.Length - shift;
        ulong acknowledged = unchecked(first + (ulong)(at + kept));
        bool asFound = read.AsSpan(at, (int)kept).SequenceEqual(sent.AsSpan((int)(at + shift), (int)kept))
            && c.SdkWith<DssOption>().Any(d => !FromClient(d.Frame) && d.Option.DataAckPresent && d.Option.DataAck == acknowledged);
        return asFound
            ? $"kernel finding 1 (docs/kernel-findings.md): the server's application read the mapping of frame {misplaced.Frame.Number} "
              + $"[{misplaced.Frame.Subflow}] at {at} from its octet {shift} on, {kept} octets, as if it began where frame {before.Frame.Number} "
              + $"[{before.Frame.Subflow}] began; the server's DATA_ACK acknowledged {at + kept}; the wire carried every octet at its DSN"
            : null;
    }
}
#endif
