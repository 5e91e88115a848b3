using System;
using System.Collections.Generic;
using System.Net;
using Mptcp.Codec.Format.Text;
using Mptcp.Codec.Packets;
using Mptcp.Codec.Peer.Network;
using Mptcp.Codec.Peer.Packetdrill.Syntax;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Peer.Packetdrill.Run.Packets;

// The packets of a run through tun0: "<" lines built and injected, ">" lines waited for and compared. A SYN opens a
// flow (the script's SYN from the remote address and a port of its own to the bind port; the kernel's SYN after
// connect); any other line goes to the newest flow, as packetdrill's line without addresses does.
internal sealed class PacketRunner(RunSettings settings, TunDevice tun)
{
    private readonly List<Flow> _flows = [];
    private readonly ScriptVariables _keys = new();
    private readonly byte[] _buffer = new byte[65536];
    private ushort _nextPort = 48_000;

    private bool WireIsIPv6 => settings.IPVersion == IPVersion.IPv6;

    private MptcpAddress Local => MptcpAddress.From(settings.LocalAddress);

    private MptcpAddress Remote => MptcpAddress.From(settings.RemoteAddress);

    public string? Inbound(PacketAction p)
    {
        TcpFlags flags = InboundPackets.Flags(p.Flags);
        MptcpAddress? source = Bound(p.Source), destination = Bound(p.Destination);
        Flow flow;
        if ((flags & (TcpFlags.Syn | TcpFlags.Ack)) == TcpFlags.Syn)
        {
            // A new connection, or a subflow: from the script's address (a new one for a name not yet bound, as
            // packetdrill gives a join its own address) to the kernel's (the one a name is bound to).
            MptcpAddress remote = source ?? (p.Source?.Variable is not null && _flows.Count > 0 ? InboundPackets.NextScriptAddress(Remote, _keys) : Remote);
            flow = new Flow(destination ?? Local, settings.BindPort, remote, _nextPort++);
            _flows.Add(flow);
        }
        else
        {
            flow = source is not null || destination is not null
                ? _flows.FindLast(f => (source is null || f.Remote == source) && (destination is null || f.Local == destination)) ?? Newest()
                : Newest();
        }

        Bind(p.Source, flow.Remote);
        Bind(p.Destination, flow.Local);

        int length;
        try
        {
            length = InboundPackets.Build(p, flow, _keys, _buffer);
        }
        catch (InvalidOperationException e)
        {
            throw new ScriptRunException($"the packet cannot be built: {e.Message}"); // options past 40 octets, an option with no valid encoding
        }

        tun.Write(_buffer.AsSpan(0, length));
        return null;
    }

    // Waits (left() microseconds at most) for the kernel's next TCP packet and compares it; arrived is when it came.
    public string? Outbound(PacketAction p, Func<long> left, Func<long> now, out long arrived)
    {
        while (true)
        {
            long wait = left();
            int length = wait > 0 ? tun.Read(_buffer, (int)Math.Min(int.MaxValue, (wait + 999) / 1000)) : 0;
            arrived = now();
            if (length == 0)
            {
                return "timing error: expected outbound packet, and none came within the tolerance";
            }

            if (!PacketDecoder.TryDecodeIP(_buffer.AsSpan(0, length), out TcpSegment live, out _))
            {
                continue; // not TCP: an IPv6 router solicitation, or the like
            }

            TcpFlags flags = (TcpFlags)live.Flags;
            Flow flow;
            if ((flags & (TcpFlags.Syn | TcpFlags.Ack)) == TcpFlags.Syn)
            {
                flow = new Flow(live.Source, live.SourcePort, live.Destination, live.DestinationPort);
                _flows.Add(flow);
            }
            else
            {
                (MptcpAddress source, ushort sourcePort, MptcpAddress destination, ushort destinationPort) = (live.Source, live.SourcePort, live.Destination, live.DestinationPort);
                flow = _flows.FindLast(f => f.Is(source, sourcePort, destination, destinationPort)) ?? Newest();
            }

            Bind(p.Source, flow.Local);
            Bind(p.Destination, flow.Remote);

            string? mismatch = OutboundPackets.Compare(p, live, flow, _keys, WireIsIPv6);
            return mismatch is null ? null : $"error handling packet: {mismatch}\nactual packet: {Describe(live, flow)}";
        }
    }

    // The address addr[NAME] is bound to, or an address written out; null for none or a name not bound yet.
    private MptcpAddress? Bound(Endpoint? endpoint) =>
        endpoint?.Variable is string name ? (_keys.Addresses.TryGetValue(name, out MptcpAddress a) ? a : null)
        : endpoint?.Address is string text ? MptcpAddress.From(IPAddress.Parse(text))
        : null;

    private void Bind(Endpoint? endpoint, MptcpAddress address)
    {
        if (endpoint?.Variable is string name)
        {
            _keys.Addresses.TryAdd(name, address);
        }
    }

    private Flow Newest() => _flows.Count > 0 ? _flows[^1] : throw new ScriptRunException("no connection for this packet: no SYN has opened one yet");

    // The kernel's packet as the script would write it, with the SDK's decode of its options (tcpdump's words).
    private static string Describe(in TcpSegment live, Flow flow)
    {
        Span<char> options = stackalloc char[2048];
        TcpOptionsText.TryFormat(live.Options, (TcpFlags)live.Flags, options, out int n, out _);
        string flags = FlagLetters((TcpFlags)live.Flags);
        uint seq = unchecked(live.SequenceNumber - flow.KernelIsn);
        string text = new(options[..n]);
        return FormattableString.Invariant($"{live.Source}:{live.SourcePort} > {live.Destination}:{live.DestinationPort} {flags} {seq}:{unchecked(seq + (uint)live.PayloadLength)}({live.PayloadLength}) ack {unchecked(live.AcknowledgmentNumber - flow.RemoteIsn)} win {live.Window} <{text}>");
    }

    private static string FlagLetters(TcpFlags flags)
    {
        string letters = "";
        foreach ((char c, TcpFlags f) in new[] { ('F', TcpFlags.Fin), ('S', TcpFlags.Syn), ('R', TcpFlags.Rst), ('P', TcpFlags.Psh), ('U', TcpFlags.Urg), ('E', TcpFlags.Ece), ('W', TcpFlags.Cwr) })
        {
            if ((flags & f) != 0)
            {
                letters += c;
            }
        }

        return (flags & TcpFlags.Ack) != 0 ? letters + "." : letters.Length > 0 ? letters : "-";
    }
}
