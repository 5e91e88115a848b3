using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Capture.Pairing;

namespace Mptcp.Codec.Cli.Output;

/// <summary>
/// <c>pair</c>'s output: the text tables, or JSON Lines (one object per segment of the paired subflows, then one per
/// subflow direction, per connection direction and the clock). Every nanosecond figure is a decimal string, as every
/// 64-bit value of the tool's JSON.
/// </summary>
internal static class PairWriter
{
    private static readonly IFormatProvider C = CultureInfo.InvariantCulture;

    public static void WriteText(TextWriter output, PairResult pair, string nameA, string nameB)
    {
        output.WriteLine($"A: {nameA}; B: {nameB}");
        ClockEstimate clock = pair.Clock;
        string verdict = clock.NegativeDelays > 0 ? string.Create(C, $"disagree: {clock.NegativeDelays} segment(s) arrived before they were sent")
            : clock.AsymmetricMinima ? "may disagree: the fastest segments of the two directions differ" : "agree";
        output.WriteLine(clock.OffsetNanoseconds is long offset
            ? string.Create(C, $"clocks {verdict}; offset estimate {Ms(offset)} ms (B minus A, from the minimum delays A>B {Ms(clock.MinimumAToBNanoseconds!.Value)} ms and B>A {Ms(clock.MinimumBToANanoseconds!.Value)} ms, assumed equal)")
            : $"clocks {verdict}; no offset estimate (matched segments in one direction only)");
        foreach (ConnectionDelay c in pair.Connections)
        {
            output.WriteLine(string.Create(C, $"connection {c.Connection} {Names.Of(c.Sender)} to {Names.Of(c.Sender.Other())} (sent in {c.SentIn}, ends told by {Name(c.EndsFrom)}): {c.Ranges} DSN ranges, {c.Arrived} arrived; data-level delay {Stats(c.Delay, c.CorrectedDelay, clock)}; reinjections {Tally(c.Reinjections)}"));
        }

        foreach (SubflowDelay s in pair.Subflows)
        {
            output.WriteLine(string.Create(C, $"  connection {s.Connection} subflow {s.Subflow} {s.Source} > {s.Destination} (sent in {s.SentIn}): {s.Sent} sent, {s.Matched} matched, {s.Lost} lost, {s.SeenOnlyAtReceiver} seen only at the receiver; delay {Stats(s.Delay, s.CorrectedDelay, clock)}; reinjections {Tally(s.Reinjections)}"));
        }

        if (pair.UnpairedSubflows > 0)
        {
            output.WriteLine(string.Create(C, $"{pair.UnpairedSubflows} subflow(s) seen in one capture only"));
        }
    }

    public static void WriteJson(Utf8JsonWriter json, PairResult pair, Action flushLine)
    {
        foreach (PairedSegment s in pair.Segments)
        {
            json.WriteStartObject();
            json.WriteString("type", s.Fate switch { SegmentFate.Matched => "segment", SegmentFate.Lost => "lost", _ => "seen_only_at_receiver" });
            json.WriteString("src", s.Source.Address.ToString());
            json.WriteNumber("sport", s.Source.Port);
            json.WriteString("dst", s.Destination.Address.ToString());
            json.WriteNumber("dport", s.Destination.Port);
            json.WriteNumber("seq", s.Sequence);
            json.WriteNumber("ack", s.Acknowledgment);
            json.WriteNumber("len", s.Length);
            WriteFrame(json, "frame_a", s.FrameA);
            WriteFrame(json, "frame_b", s.FrameB);
            if (s.OneWayDelayNanoseconds is long owd)
            {
                json.WriteString("owd_ns", owd.ToString(C));
            }
            else
            {
                json.WriteNull("owd_ns");
            }

            json.WriteNumber("connection", s.Connection);
            json.WriteNumber("subflow", s.Subflow);
            json.WriteString("sender", Names.Of(s.Sender));
            json.WriteString("sent_in", s.SentIn.ToString());
            if (s.Reinjection is ReinjectionVerdict r)
            {
                json.WriteString("reinjection", Name(r));
            }

            json.WriteEndObject();
            flushLine();
        }

        foreach (SubflowDelay s in pair.Subflows)
        {
            json.WriteStartObject();
            json.WriteString("type", "subflow");
            json.WriteNumber("connection", s.Connection);
            json.WriteNumber("subflow", s.Subflow);
            json.WriteString("sender", Names.Of(s.Sender));
            json.WriteString("src", s.Source.Address.ToString());
            json.WriteNumber("sport", s.Source.Port);
            json.WriteString("dst", s.Destination.Address.ToString());
            json.WriteNumber("dport", s.Destination.Port);
            json.WriteString("sent_in", s.SentIn.ToString());
            json.WriteNumber("sent", s.Sent);
            json.WriteNumber("matched", s.Matched);
            json.WriteNumber("lost", s.Lost);
            json.WriteNumber("seen_only_at_receiver", s.SeenOnlyAtReceiver);
            WriteStats(json, "owd", s.Delay);
            WriteStats(json, "owd_corrected", s.CorrectedDelay);
            WriteTally(json, s.Reinjections);
            json.WriteEndObject();
            flushLine();
        }

        foreach (ConnectionDelay c in pair.Connections)
        {
            json.WriteStartObject();
            json.WriteString("type", "connection");
            json.WriteNumber("connection", c.Connection);
            json.WriteString("sender", Names.Of(c.Sender));
            json.WriteString("sent_in", c.SentIn.ToString());
            json.WriteString("ends_from", Name(c.EndsFrom));
            json.WriteNumber("dsn_ranges", c.Ranges);
            json.WriteNumber("arrived", c.Arrived);
            WriteStats(json, "owd", c.Delay);
            WriteStats(json, "owd_corrected", c.CorrectedDelay);
            WriteTally(json, c.Reinjections);
            json.WriteEndObject();
            flushLine();
        }

        ClockEstimate clock = pair.Clock;
        json.WriteStartObject();
        json.WriteString("type", "clock");
        json.WriteBoolean("disagree", clock.Disagree);
        WriteNanoseconds(json, "offset_ns", clock.OffsetNanoseconds);
        WriteNanoseconds(json, "min_owd_a_to_b_ns", clock.MinimumAToBNanoseconds);
        WriteNanoseconds(json, "min_owd_b_to_a_ns", clock.MinimumBToANanoseconds);
        json.WriteNumber("negative_delays", clock.NegativeDelays);
        json.WriteBoolean("asymmetric_minima", clock.AsymmetricMinima);
        json.WriteNumber("unpaired_subflows", pair.UnpairedSubflows);
        json.WriteEndObject();
        flushLine();
    }

    public static string Name(ReinjectionVerdict verdict) => verdict switch
    {
        ReinjectionVerdict.Useful => "useful",
        ReinjectionVerdict.Redundant => "redundant",
        _ => "lost",
    };

    private static string Name(EndsInferredFrom from) => from == EndsInferredFrom.Handshake ? "handshake" : "timestamps";

    private static void WriteFrame(Utf8JsonWriter json, string name, long? frame)
    {
        if (frame is long f)
        {
            json.WriteNumber(name, f);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteNanoseconds(Utf8JsonWriter json, string name, long? value)
    {
        if (value is long v)
        {
            json.WriteString(name, v.ToString(C));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteStats(Utf8JsonWriter json, string name, DelayStatistics d)
    {
        json.WriteStartObject(name);
        json.WriteNumber("count", d.Count);
        json.WriteString("min_ns", d.MinNanoseconds.ToString(C));
        json.WriteString("mean_ns", d.MeanNanoseconds.ToString(C));
        json.WriteString("median_ns", d.MedianNanoseconds.ToString(C));
        json.WriteString("p99_ns", d.P99Nanoseconds.ToString(C));
        json.WriteString("max_ns", d.MaxNanoseconds.ToString(C));
        json.WriteEndObject();
    }

    private static void WriteTally(Utf8JsonWriter json, ReinjectionTally t)
    {
        json.WriteStartObject("reinjections");
        json.WriteNumber("useful", t.Useful);
        json.WriteNumber("redundant", t.Redundant);
        json.WriteNumber("lost", t.Lost);
        json.WriteEndObject();
    }

    private static string Stats(DelayStatistics raw, DelayStatistics corrected, ClockEstimate clock)
    {
        if (raw.Count == 0)
        {
            return "none matched";
        }

        string text = string.Create(C, $"min/mean/median/p99/max {Five(raw)} ms");
        return clock.Disagree ? text + string.Create(C, $" (corrected {Five(corrected)} ms)") : text;
    }

    private static string Five(DelayStatistics d) =>
        $"{Ms(d.MinNanoseconds)}/{Ms(d.MeanNanoseconds)}/{Ms(d.MedianNanoseconds)}/{Ms(d.P99Nanoseconds)}/{Ms(d.MaxNanoseconds)}";

    private static string Tally(ReinjectionTally t) => string.Create(C, $"{t.Useful} useful, {t.Redundant} redundant, {t.Lost} lost");

    private static string Ms(long nanoseconds) => (nanoseconds / 1e6).ToString("0.###", C);
}
