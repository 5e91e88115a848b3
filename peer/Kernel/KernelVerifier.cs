using System;
using System.Collections.Generic;
using System.Globalization;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Packets;

namespace Mptcp.Codec.Peer.Kernel;

/// <summary>
/// The capture analysis (<see cref="MptcpAnalyzer"/>, the same code as <c>read --verify</c>) run on a live run's
/// traffic, both directions, as the packets cross the TUN device: every token, MP_JOIN HMAC, ADD_ADDR HMAC, DSS
/// checksum and IDSN the kernel sends is checked. A failed check of a packet the kernel sent is a failure of the step
/// that saw it; the peer's own packets are checked too (a script may make them wrong on purpose) but never fail a step.
/// </summary>
public sealed class KernelVerifier
{
    private readonly MptcpAnalyzer _analyzer = new(verify: true, keepData: false);
    private readonly List<string> _failures = [];
    private long _frame;

    /// <summary>The checks of what the kernel sent: passed, failed and not verifiable, over the whole run.</summary>
    public VerificationCounts KernelChecks { get; } = new();

    /// <summary>Takes one packet (a <see cref="Network.LinkObserver"/>).</summary>
    public void Observe(ReadOnlySpan<byte> packet, bool fromPeer, long timestampNanoseconds)
    {
        _frame++;
        if (!PacketDecoder.TryDecodeTcp(LinkTypes.Raw, packet, out TcpSegment segment, out _))
        {
            return;
        }

        _analyzer.Process(_frame, timestampNanoseconds, segment);
        if (fromPeer)
        {
            return;
        }

        foreach (PacketCheck check in _analyzer.LastChecks)
        {
            KernelChecks[check.Kind].Add(check.Outcome);
            if (check.Outcome == CheckOutcome.Failed)
            {
                _failures.Add(string.Create(CultureInfo.InvariantCulture, $"the kernel's {Name(check.Kind)} failed the SDK's verification (packet {_frame} of the run)"));
            }
        }
    }

    /// <summary>The failures seen since the last call, in words; empty when none.</summary>
    public IReadOnlyList<string> TakeFailures()
    {
        string[] taken = [.. _failures];
        _failures.Clear();
        return taken;
    }

    private static string Name(CheckKind kind) => kind switch
    {
        CheckKind.Token => "MP_JOIN token",
        CheckKind.JoinHmac => "MP_JOIN HMAC",
        CheckKind.AddAddressHmac => "ADD_ADDR HMAC",
        CheckKind.DssChecksum => "DSS checksum",
        CheckKind.Idsn => "initial data sequence number",
        _ => kind.ToString(),
    };
}
