using System;
using Mptcp.Codec.Packets;

namespace Mptcp.Codec.Capture.Analysis;

/// <summary>
/// Sees every frame of a capture as <see cref="MptcpAnalysis"/> reads it, after the analysis took it: for a packet
/// listing, inline marks, progress. A struct observer passed by <c>ref</c> is called without boxing.
/// </summary>
public interface IPacketObserver
{
    /// <summary>One frame, in capture order.</summary>
    /// <param name="frame">The frame as read from the file.</param>
    /// <param name="packet">Its TCP segment, if it has one, and the checks the analysis made on it.</param>
    void OnPacket(in CapturedFrame frame, in AnalyzedPacket packet);
}

/// <summary>What the analysis made of one frame. Valid only during <see cref="IPacketObserver.OnPacket"/>.</summary>
public readonly ref struct AnalyzedPacket
{
    internal AnalyzedPacket(PacketDecodeStatus status, TcpSegment segment, ReadOnlySpan<PacketCheck> checks, ReadOnlySpan<FindingKind> findings, Subflow? subflow, PacketDataLevel dataLevel, ReadOnlySpan<long> reinjectionOf)
    {
        ReinjectionOf = reinjectionOf;
        DataLevel = dataLevel;
        Status = status;
        Segment = segment;
        Checks = checks;
        Findings = findings;
        Subflow = subflow;
    }

    /// <summary><see cref="PacketDecodeStatus.Ok"/> when the frame holds a TCP segment; otherwise why not.</summary>
    public PacketDecodeStatus Status { get; }

    /// <summary>True when the frame holds a TCP segment (<see cref="Segment"/>).</summary>
    public bool IsTcp => Status == PacketDecodeStatus.Ok;

    /// <summary>The TCP segment (default when <see cref="IsTcp"/> is false).</summary>
    public TcpSegment Segment { get; }

    /// <summary>The checks made on this packet, in the order made (empty without verification).</summary>
    public ReadOnlySpan<PacketCheck> Checks { get; }

    /// <summary>The data-level view of the segment (Wireshark's <c>mptcp.*</c> fields); all null outside connections or without verification.</summary>
    public PacketDataLevel DataLevel { get; }

    /// <summary>
    /// Every frame, on another subflow, that carried an octet of this segment's data before (Wireshark's
    /// <c>mptcp.reinjection_of</c>), ascending; <see cref="PacketDataLevel.ReinjectionOf"/> is the first of them.
    /// </summary>
    public ReadOnlySpan<long> ReinjectionOf { get; }

    /// <summary>What is wrong in this packet (empty without verification).</summary>
    public ReadOnlySpan<FindingKind> Findings { get; }

    /// <summary>
    /// The subflow the segment belongs to, and through it its connection once known (null without
    /// <see cref="AnalysisOptions.TrackConnections"/>, or when the frame holds no TCP segment).
    /// </summary>
    public Subflow? Subflow { get; }
}
