using System;
using System.Collections.Generic;
using Mptcp.Codec.Options;

namespace Mptcp.Codec.Capture.Analysis;

/// <summary>Findings: what is wrong in a trace, as opposed to checks, which verify what the trace claims.</summary>
public sealed partial class MptcpAnalyzer
{
    // Findings outside any connection kept with their frames; beyond this many only counted.
    private const int MaxListedUnattachedFindings = 1000;

    private readonly List<FindingKind> _packetFindings = [];
    private readonly List<Finding> _unattachedFindings = [];
    private long _frame;

    /// <summary>The findings of the last packet processed (for inline marks); valid until the next packet.</summary>
    public ReadOnlySpan<FindingKind> LastFindings => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_packetFindings);

    /// <summary>Findings of subflows that belong to no connection (joins to unknown tokens…), the first 1,000 of them.</summary>
    public IReadOnlyList<Finding> UnattachedFindings => _unattachedFindings;

    /// <summary>Findings outside any connection, listed or not.</summary>
    public long UnattachedFindingCount { get; private set; }

    private void Report(Subflow subflow, bool fromInitiator, FindingKind kind)
    {
        var finding = new Finding(_frame, subflow.SideOf(fromInitiator), kind);
        _packetFindings.Add(kind);
        if (subflow.Connection is MptcpConnection connection)
        {
            connection.Add(finding);
        }
        else
        {
            (subflow.PendingFindings ??= []).Add(finding); // its connection may become known at its third packet
        }
    }

    // A subflow that will never join a connection (evicted, or at the end of the capture): its findings are the capture's.
    private void Orphan(Subflow subflow)
    {
        if (subflow.Connection is not null || subflow.PendingFindings is not { } pending)
        {
            return;
        }

        foreach (Finding finding in pending)
        {
            UnattachedFindingCount++;
            if (_unattachedFindings.Count < MaxListedUnattachedFindings)
            {
                _unattachedFindings.Add(finding);
            }
        }

        subflow.PendingFindings = null;
    }

    // MP_CAPABLE's crypto algorithm bits, D to H: exactly H is what both versions define.
    private void CheckAlgorithm(Subflow subflow, bool fromInitiator, in MpCapableOption capable)
    {
        bool others = capable.FlagD || capable.FlagE || capable.FlagF || capable.FlagG;
        if (!others && !capable.HmacSha)
        {
            Report(subflow, fromInitiator, FindingKind.MissingAlgorithm);
        }
        else if (others)
        {
            Report(subflow, fromInitiator, FindingKind.UnsupportedAlgorithm);
        }
    }

    // An ADD_ADDR (either version) of sender: the same ID with another address is a finding.
    private void Announce(Subflow subflow, bool fromInitiator, Side sender, byte id, MptcpAddress address, ushort port)
    {
        if (subflow.Connection is not MptcpConnection connection)
        {
            return;
        }

        Dictionary<byte, (MptcpAddress, ushort)> announced = connection.Announced[(int)sender] ??= [];
        if (announced.TryGetValue(id, out (MptcpAddress Address, ushort Port) earlier) && earlier != (address, port))
        {
            Report(subflow, fromInitiator, FindingKind.AddressIdReused);
        }

        announced[id] = (address, port);
    }

    // A REMOVE_ADDR frees its IDs for new announcements.
    private static void Withdraw(MptcpConnection connection, Side sender, in RemoveAddressOption remove)
    {
        if (connection.Announced[(int)sender] is { } announced)
        {
            foreach (byte id in remove.AddressIds.AsSpan())
            {
                announced.Remove(id);
            }
        }
    }

    // A mapping that maps one of the octets the previous mapping of the direction mapped, to another DSN. Only the
    // previous mapping is kept (no allocation per packet), so only a contradiction with it is seen.
    private void CheckMapping(Subflow subflow, bool fromInitiator, Mapping? previous, ulong dsn, uint subflowSequence, int payloadLength)
    {
        if (previous is null || previous.PayloadLength == 0 || payloadLength == 0 || subflow.Connection is null)
        {
            return;
        }

        uint fromPrevious = subflowSequence - previous.SubflowSequenceNumber;
        uint toPrevious = previous.SubflowSequenceNumber - subflowSequence;
        bool overlap = fromPrevious < (uint)previous.PayloadLength || toPrevious < (uint)payloadLength;
        if (overlap && dsn - previous.DataSequenceNumber != (ulong)(long)(int)fromPrevious)
        {
            Report(subflow, fromInitiator, FindingKind.MappingConflict);
        }
    }

    // Data beyond the end of the last mapping its direction holds, on a connection that has not fallen back. Not on a
    // subflow with a header cut by the snap length: the mapping may have been in the cut.
    private void CheckMapped(Subflow subflow, bool fromInitiator, Mapping? mapping, uint relative)
    {
        if (subflow.Connection is not { FellBack: false } || subflow.HeaderCut || (mapping is not null && (int)(relative - (mapping.SubflowSequenceNumber + (uint)mapping.PayloadLength)) < 0))
        {
            return;
        }

        Report(subflow, fromInitiator, FindingKind.MissingMapping);
    }
}
