using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Fuzzing.Mutation;
using Mptcp.Codec.Format.Text;
using Mptcp.Codec.Options;
using Mptcp.Codec.Packets;

namespace Mptcp.Codec.Cli.Fuzz;

/// <summary>One kind of disagreement: how many cases, the first of them, and what each side made of it.</summary>
internal sealed class DisagreementKind(string name, DiffCase first, PeerView ours, PeerView theirs)
{
    public string Name { get; } = name;

    public int Count { get; set; }

    public DiffCase First { get; } = first;

    public PeerView Ours { get; } = ours;

    public PeerView Theirs { get; } = theirs;

    /// <summary>How many of the cases each mutation made.</summary>
    public SortedDictionary<MutationKind, int> Mutations { get; } = [];
}

/// <summary>What a campaign did: cases asked, run, left out (too long to send), agreed, and the disagreements by kind.</summary>
internal sealed record DiffResult(string Peer, string PeerVersion, int Seed, int Cases, int Run, int TooLong, int Agreed, bool TimedOut, TimeSpan Elapsed, IReadOnlyList<DisagreementKind> Kinds);

/// <summary>
/// A differential campaign: the mutator's cases, seeded, each as the option block of one TCP segment, written to a
/// capture in batches of <see cref="Batch"/>; the peer decodes each batch, the SDK decodes the same frames, and every
/// difference is counted under its kind. Bounded by the number of cases and by a time limit, checked between batches
/// (a peer run gets what is left of it).
/// </summary>
internal sealed class DiffCampaign(DiffPeer peer, int cases, int seed, TimeSpan limit)
{
    public const int Batch = 2_000;

    public DiffResult Run()
    {
        var clock = Stopwatch.StartNew();
        var mutator = new OptionMutator<MptcpOption>(seed);
        var kinds = new Dictionary<string, DisagreementKind>(StringComparer.Ordinal);
        string work = Path.Combine(Path.GetTempPath(), $"mptcp-fuzz-diff-{Environment.ProcessId}.pcap");
        int number = 0, run = 0, tooLong = 0, agreed = 0;
        bool timedOut = false;
        try
        {
            while (number < cases)
            {
                if (clock.Elapsed >= limit)
                {
                    timedOut = true;
                    break;
                }

                var batch = new List<DiffCase>(Batch);
                while (batch.Count < Batch && number < cases)
                {
                    MutatedCase next = mutator.Next();
                    number++;
                    if (next.Octets.Length > DiffCase.MaxBlock)
                    {
                        tooLong++;
                        continue;
                    }

                    batch.Add(new DiffCase(number, next));
                }

                TimeSpan left = limit - clock.Elapsed;
                List<(string? Kind, PeerView Ours, PeerView Theirs)> judged = Judge(batch, work, left > TimeSpan.FromSeconds(30) ? left : TimeSpan.FromSeconds(30));
                for (int i = 0; i < batch.Count; i++)
                {
                    run++;
                    if (judged[i].Kind is not string kind)
                    {
                        agreed++;
                        continue;
                    }

                    if (!kinds.TryGetValue(kind, out DisagreementKind? tally))
                    {
                        kinds[kind] = tally = new DisagreementKind(kind, batch[i], judged[i].Ours, judged[i].Theirs);
                    }

                    tally.Count++;
                    tally.Mutations[batch[i].Case.Kind] = tally.Mutations.GetValueOrDefault(batch[i].Case.Kind) + 1;
                }
            }
        }
        finally
        {
            File.Delete(work);
        }

        var ordered = new List<DisagreementKind>(kinds.Values);
        ordered.Sort((a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Name, b.Name));
        return new DiffResult(peer.Name, peer.Version(), seed, cases, run, tooLong, agreed, timedOut, clock.Elapsed, ordered);
    }

    /// <summary>Writes <paramref name="batch"/> to <paramref name="pcap"/>, has the peer decode it, and judges each case in order.</summary>
    public List<(string? Kind, PeerView Ours, PeerView Theirs)> Judge(IReadOnlyList<DiffCase> batch, string pcap, TimeSpan limit)
    {
        Write(pcap, batch);
        Dictionary<long, PeerView> theirs = peer.Read(pcap, limit);
        var judged = new List<(string?, PeerView, PeerView)>(batch.Count);
        using CaptureReader reader = CaptureReader.Open(pcap);
        while (reader.TryReadNext(out CapturedFrame frame))
        {
            string? kind = Classify(batch[judged.Count].Case.Octets, frame, theirs, out PeerView ours, out PeerView their);
            judged.Add((kind, ours, their));
        }

        return judged;
    }

    /// <summary>The kind of disagreement of one case, or null when the peer and the SDK agree.</summary>
    public string? Classify(ReadOnlySpan<byte> octets, in CapturedFrame frame, Dictionary<long, PeerView> theirs, out PeerView ours, out PeerView their)
    {
        PacketDecoder.TryDecodeTcp(frame.LinkType, frame.Data, out TcpSegment segment, out _);
        ours = peer.Ours(frame, segment);
        their = theirs.GetValueOrDefault(frame.FrameNumber) ?? new PeerView(false, "(nothing printed)", []);
        string subtype = SubtypeOf(octets);
        if (ours.Rejects && !their.Rejects)
        {
            return $"{peer.Name} decodes what the SDK rejects: {subtype}";
        }

        if (!ours.Rejects && their.Rejects)
        {
            return $"{peer.Name} rejects what the SDK decodes: {subtype}";
        }

        string? difference = peer.Difference(ours, their);
        return difference is null ? null : ours.Rejects ? $"both reject, {peer.Name} prints more: {subtype}" : $"{peer.Name}'s decode differs: {subtype}, {difference}";
    }

    /// <summary>Writes the cases as the frames of one raw-IPv4 capture, in order.</summary>
    public static void Write(string path, IReadOnlyList<DiffCase> batch)
    {
        using var writer = new CaptureWriter(File.Create(path), linkType: LinkTypes.IPv4);
        Span<byte> buffer = stackalloc byte[TcpPacketBuilder.MaxOptionsLength + 40];
        for (int i = 0; i < batch.Count; i++)
        {
            ReadOnlySpan<byte> packet = batch[i].Packet(buffer);
            writer.TryWrite(1_700_000_000_000_000_000 + (long)batch[i].Number * 1000, LinkTypes.IPv4, (uint)packet.Length, packet);
        }
    }

    /// <summary>The subtype of the block's first MPTCP option in tcpdump's words (<see cref="MptcpText.SubtypeName"/>); subtypes 9 to 15 by number.</summary>
    private static string SubtypeOf(ReadOnlySpan<byte> block) => FirstMptcpOption.Subtype(block) switch
    {
        FirstMptcpOption.None => "no MPTCP option",
        FirstMptcpOption.Cut => "MPTCP option cut before its subtype",
        int subtype and <= 8 => MptcpText.SubtypeName(subtype),
        int other => $"unknown subtype {other}",
    };
}
