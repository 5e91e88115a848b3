using System;
using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using System.IO;
using System.Text.Json;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Format.Json;
using Mptcp.Codec.Format.Text;

namespace Mptcp.Codec.Cli.Output;

/// <summary>The per-connection summary: subflows, version, checksum use, bytes, events and verification counts.</summary>
internal static class SummaryWriter
{
    /// <summary>Writes the text summary.</summary>
    public static void WriteText(TextWriter output, AnalysisResult result)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(result);
        IFormatProvider c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"{result.Frames} frames, {result.Connections.Count} MPTCP connection(s), {result.MptcpStreams} MPTCP stream(s) numbered"));
        foreach (MptcpConnection connection in result.Connections)
        {
            Subflow first = connection.Subflows[0];
            string stream = connection.MptcpStream is int number ? string.Create(c, $" (mptcp.stream {number})") : string.Empty;
            output.WriteLine(string.Create(c, $"connection {connection.Number}{stream}: MPTCP {(!connection.HandshakeSeen ? "(handshake not in the capture)" : connection.Version == Crypto.MptcpVersion.V0 ? "v0" : "v1")}, checksums {(connection.ChecksumRequested ? "on" : "off")}{(connection.FellBack ? ", fell back to TCP" : string.Empty)}"));
            if (connection.KeysKnown)
            {
                output.WriteLine(string.Create(c, $"  client {first.Initiator.Address} key 0x{connection.ClientKey:x16} token 0x{connection.ClientToken:x8} idsn {connection.ClientIdsn}"));
                output.WriteLine(string.Create(c, $"  server {first.Listener.Address} key 0x{connection.ServerKey:x16} token 0x{connection.ServerToken:x8} idsn {connection.ServerIdsn}"));
            }
            else
            {
                output.WriteLine(string.Create(c, $"  client {first.Initiator.Address}, server {first.Listener.Address}: the handshake did not exchange keys"));
            }
            foreach (Subflow subflow in connection.Subflows)
            {
                string role = subflow.IsJoin ? $"join from {Names.Of(subflow.InitiatorSide)}" : "initial";
                string state = subflow.Reset ? "reset" : subflow.Established ? "established" : "not established";
                output.WriteLine(string.Create(c, $"  subflow {subflow.Number} ({role}{(subflow.Backup ? ", backup" : string.Empty)}, {state}): {subflow}, bytes {subflow.InitiatorBytes} > / < {subflow.ListenerBytes}"));
                (SubflowTraffic a, SubflowTraffic b) = (subflow.FromInitiator, subflow.FromListener);
                string joined = subflow.IsJoin && first.FirstSeenNanoseconds != 0
                    ? string.Create(c, $", {(subflow.FirstSeenNanoseconds - first.FirstSeenNanoseconds) / 1e6:0.###} ms after the MP_CAPABLE SYN") : string.Empty;
                output.WriteLine(string.Create(c, $"    segments {a.Segments} > / < {b.Segments}; first delivered {a.FirstDeliveredOctets} > / < {b.FirstDeliveredOctets}; TCP retransmissions {a.RetransmittedSegments} > / < {b.RetransmittedSegments}; reinjected {a.ReinjectedSegments} segments {a.ReinjectedOctets} octets > / < {b.ReinjectedSegments} segments {b.ReinjectedOctets} octets; RTT min/mean/max {Rtt(a.Rtt)} > / < {Rtt(b.Rtt)}{joined}"));
            }

            if (first.FirstSeenNanoseconds != 0)
            {
                output.WriteLine(string.Create(c, $"  duration {(connection.LastSeenNanoseconds - first.FirstSeenNanoseconds) / 1e9:0.######} s"));
            }

            WriteStream(output, "client > server", connection.ClientToServer);
            WriteStream(output, "server > client", connection.ServerToClient);
            if (connection.Reinjections is { Pairs: > 0 } r)
            {
                output.WriteLine(string.Create(c, $"  data sent again on another subflow: {r.Frames} frames ({r.Pairs} links to the earlier frames, Wireshark's reinjection_of), of which {r.MptcpResends} MPTCP re-sends (the subflows' \"reinjected\") and {r.TcpRetransmissions} TCP retransmissions"));
            }

            foreach (ConnectionEvent e in connection.Events)
            {
                output.WriteLine(string.Create(c, $"  frame {e.Frame} {Names.Of(e.Side)}: {Text(e)}"));
            }

            foreach (Finding f in connection.Findings)
            {
                output.WriteLine(string.Create(c, $"  finding frame {f.Frame} {Names.Of(f.Side)}: {Names.Of(f.Kind)}"));
            }

            output.Write("  verification:");
            WriteCounts(output, connection.Verification);
        }

        output.Write("total verification:");
        WriteCounts(output, result.Verification);
        if (result.InvalidOptions > 0)
        {
            output.WriteLine(string.Create(c, $"invalid MPTCP options: {result.InvalidOptions}"));
        }

        foreach (Finding f in result.UnattachedFindings)
        {
            output.WriteLine(string.Create(c, $"finding frame {f.Frame} {Names.Of(f.Side)} (outside any connection): {Names.Of(f.Kind)}"));
        }

        long unlisted = result.FindingCount - result.UnattachedFindings.Count - result.Connections.Sum(x => (long)x.Findings.Count);
        if (unlisted > 0)
        {
            output.WriteLine(string.Create(c, $"findings outside any connection not listed: {unlisted}"));
        }

        if (result.IncompleteHandshakes > 0)
        {
            output.WriteLine(string.Create(c, $"finding incomplete_handshakes: {result.IncompleteHandshakes} MP_CAPABLE SYN(s) whose handshake never completed"));
        }

        if (result.EvictedSubflows > 0)
        {
            output.WriteLine(string.Create(c, $"flow table bounded: {result.EvictedSubflows} subflow(s) of no connection evicted"));
        }

        if (result.MalformedOptionBlocks > 0)
        {
            output.WriteLine(string.Create(c, $"malformed TCP option blocks: {result.MalformedOptionBlocks}"));
        }

        if (result.CutHeaders > 0)
        {
            output.WriteLine(string.Create(c, $"TCP headers cut by the snap length: {result.CutHeaders} (their options read as far as captured)"));
        }
    }

    /// <summary>Writes the JSON summary (one object).</summary>
    public static void WriteJson(Utf8JsonWriter json, AnalysisResult result)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(result);
        json.WriteStartObject();
        json.WriteNumber("frames", result.Frames);
        json.WriteNumber("streams", result.MptcpStreams);
        json.WriteStartArray("connections");
        foreach (MptcpConnection connection in result.Connections)
        {
            json.WriteStartObject();
            json.WriteNumber("connection", connection.Number);
            if (connection.MptcpStream is int stream)
            {
                json.WriteNumber("stream", stream);
            }

            if (connection.HandshakeSeen)
            {
                json.WriteNumber("version", (int)connection.Version);
            }

            json.WriteBoolean("handshake_seen", connection.HandshakeSeen);
            json.WriteBoolean("checksums", connection.ChecksumRequested);
            json.WriteBoolean("fallback", connection.FellBack);
            if (connection.KeysKnown)
            {
                MptcpJson.WriteUInt64(json, "client_key", connection.ClientKey);
                MptcpJson.WriteUInt64(json, "server_key", connection.ServerKey);
                json.WriteNumber("client_token", connection.ClientToken);
                json.WriteNumber("server_token", connection.ServerToken);
            }
            else
            {
                json.WriteNull("client_key");
                json.WriteNull("server_key");
                json.WriteNull("client_token");
                json.WriteNull("server_token");
            }
            json.WriteStartArray("subflows");
            foreach (Subflow subflow in connection.Subflows)
            {
                json.WriteStartObject();
                json.WriteNumber("subflow", subflow.Number);
                json.WriteString("role", subflow.IsJoin ? "join" : "initial");
                json.WriteString("initiator_side", Names.Of(subflow.InitiatorSide));
                json.WriteString("initiator", subflow.Initiator.ToString());
                json.WriteString("listener", subflow.Listener.ToString());
                json.WriteBoolean("backup", subflow.Backup);
                json.WriteBoolean("established", subflow.Established);
                json.WriteBoolean("reset", subflow.Reset);
                json.WriteNumber("initiator_bytes", subflow.InitiatorBytes);
                json.WriteNumber("listener_bytes", subflow.ListenerBytes);
                WriteTraffic(json, "from_initiator", subflow.FromInitiator);
                WriteTraffic(json, "from_listener", subflow.FromListener);
                json.WriteNumber("first_seen_ns_after_connection", subflow.FirstSeenNanoseconds - connection.Subflows[0].FirstSeenNanoseconds);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNumber("duration_ns", connection.LastSeenNanoseconds - connection.Subflows[0].FirstSeenNanoseconds);
            WriteStream(json, "client_to_server", connection.ClientToServer);
            WriteStream(json, "server_to_client", connection.ServerToClient);
            ReinjectionCounts reinjections = connection.Reinjections;
            json.WriteStartObject("reinjections");
            json.WriteNumber("frames", reinjections.Frames);
            json.WriteNumber("pairs", reinjections.Pairs);
            json.WriteNumber("mptcp_resends", reinjections.MptcpResends);
            json.WriteNumber("tcp_retransmissions", reinjections.TcpRetransmissions);
            json.WriteEndObject();
            json.WriteStartArray("events");
            foreach (ConnectionEvent e in connection.Events)
            {
                json.WriteStartObject();
                json.WriteNumber("frame", e.Frame);
                json.WriteString("from", Names.Of(e.Side));
                json.WriteString("kind", Names.Of(e.Kind));
                json.WriteString("text", Text(e));
                if (e.Kind is ConnectionEventKind.InvalidOption or ConnectionEventKind.MalformedOptionBlock)
                {
                    json.WriteStartObject("error");
                    json.WriteString("status", e.Error.Status.ToString());
                    json.WriteNumber("offset", e.Error.Offset);
                    json.WriteEndObject();
                }
                else
                {
                    json.WritePropertyName("option");
                    MptcpJson.Write(json, e.Option);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            WriteFindings(json, connection.Findings);
            WriteCounts(json, connection.Verification);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteCounts(json, result.Verification);
        json.WriteNumber("invalid_options", result.InvalidOptions);
        json.WriteNumber("malformed_option_blocks", result.MalformedOptionBlocks);
        json.WriteNumber("cut_headers", result.CutHeaders);
        json.WriteNumber("incomplete_handshakes", result.IncompleteHandshakes);
        WriteFindings(json, result.UnattachedFindings);
        json.WriteNumber("finding_count", result.FindingCount);
        json.WriteNumber("evicted_subflows", result.EvictedSubflows);
        json.WriteEndObject();
    }

    // The event as the text summary has always shown it: the option in tcpdump's words, or what was wrong.
    private static string Text(in ConnectionEvent e) => e.Kind switch
    {
        ConnectionEventKind.InvalidOption => "invalid MPTCP option: " + e.Error.Describe(),
        ConnectionEventKind.MalformedOptionBlock => "malformed TCP option block: " + e.Error.Describe(),
        _ => MptcpText.Format(e.Option),
    };

    private static void WriteStream(TextWriter output, string name, DataStream stream) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: {stream.Received} data bytes{(stream.DataFinSeen ? " + DATA_FIN" : string.Empty)}{(stream.HighestDataAck is long ack ? $", data acked {ack}" : string.Empty)}, goodput {stream.ContiguousLength}, out of order {stream.OutOfOrderEvents} (depth {stream.MaxReorderDepth}), data-level RTT {Rtt(stream.Rtt)}"));

    private static string Rtt(RttEstimator rtt) => rtt.Samples == 0 ? "none"
        : string.Create(CultureInfo.InvariantCulture, $"{rtt.MinNanoseconds / 1e6:0.###}/{rtt.MeanNanoseconds / 1e6:0.###}/{rtt.MaxNanoseconds / 1e6:0.###} ms ({rtt.Samples})");

    private static void WriteTraffic(Utf8JsonWriter json, string name, SubflowTraffic traffic)
    {
        json.WriteStartObject(name);
        json.WriteNumber("segments", traffic.Segments);
        json.WriteNumber("payload_octets", traffic.PayloadOctets);
        json.WriteNumber("first_delivered_octets", traffic.FirstDeliveredOctets);
        json.WriteNumber("retransmitted_segments", traffic.RetransmittedSegments);
        json.WriteNumber("reinjected_segments", traffic.ReinjectedSegments);
        json.WriteNumber("reinjected_octets", traffic.ReinjectedOctets);
        WriteRtt(json, "rtt", traffic.Rtt);
        json.WriteEndObject();
    }

    private static void WriteRtt(Utf8JsonWriter json, string name, RttEstimator rtt)
    {
        json.WriteStartObject(name);
        json.WriteNumber("samples", rtt.Samples);
        json.WriteNumber("min_ns", rtt.MinNanoseconds);
        json.WriteNumber("mean_ns", rtt.MeanNanoseconds);
        json.WriteNumber("max_ns", rtt.MaxNanoseconds);
        json.WriteEndObject();
    }

    private static void WriteStream(Utf8JsonWriter json, string name, DataStream stream)
    {
        json.WriteStartObject(name);
        json.WriteNumber("bytes", stream.Received);
        json.WriteBoolean("data_fin", stream.DataFinSeen);
        json.WriteNumber("goodput", stream.ContiguousLength);
        json.WriteNumber("out_of_order_events", stream.OutOfOrderEvents);
        json.WriteNumber("max_reorder_depth", stream.MaxReorderDepth);
        WriteRtt(json, "data_rtt", stream.Rtt);
        if (stream.HighestDataAck is long ack)
        {
            json.WriteNumber("data_acked", ack);
        }

        json.WriteEndObject();
    }

    private static void WriteCounts(TextWriter output, VerificationCounts counts)
    {
        foreach (CheckKind kind in Enum.GetValues<CheckKind>())
        {
            CheckCounts c = counts[kind];
            output.Write(string.Create(CultureInfo.InvariantCulture, $" {Names.Of(kind)} {c.Checked} checked/{c.Failed} failed/{c.Unverifiable} unverifiable;"));
        }

        output.WriteLine();
    }

    private static void WriteCounts(Utf8JsonWriter json, VerificationCounts counts)
    {
        json.WriteStartObject("verification");
        foreach (CheckKind kind in Enum.GetValues<CheckKind>())
        {
            CheckCounts c = counts[kind];
            json.WriteStartObject(Names.Of(kind));
            json.WriteNumber("checked", c.Checked);
            json.WriteNumber("failed", c.Failed);
            json.WriteNumber("unverifiable", c.Unverifiable);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    /// <summary><c>findings: [{frame, from, kind}]</c>.</summary>
    private static void WriteFindings(Utf8JsonWriter json, IReadOnlyList<Finding> findings)
    {
        json.WriteStartArray("findings");
        foreach (Finding f in findings)
        {
            json.WriteStartObject();
            json.WriteNumber("frame", f.Frame);
            json.WriteString("from", Names.Of(f.Side));
            json.WriteString("kind", Names.Of(f.Kind));
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
