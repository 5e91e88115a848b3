using Mptcp.Codec.Capture.Analysis;

namespace Mptcp.Codec.Capture.Pairing;

// One subflow of one capture with its handshake: the initial sequence numbers name it whatever a NAT did to its
// addresses, and the time from SYN to SYN/ACK tells at which end the capture was made (an RTT at the initiator,
// almost nothing at the listener).
internal sealed class SubflowRecord(Subflow subflow)
{
    public Subflow Subflow { get; } = subflow;

    public uint? InitiatorIsn { get; set; }

    public uint? ListenerIsn { get; set; }

    public long? SynTime { get; set; }

    public long? SynAckTime { get; set; }

    // SYN to SYN/ACK, in nanoseconds, when both were seen.
    public long? HandshakeGap => SynTime is long syn && SynAckTime is long synAck && synAck >= syn ? synAck - syn : null;

    // What names the subflow in both captures: its two ISNs when the handshake was seen, else its endpoints.
    public (uint, uint, Endpoint, Endpoint) Identity => InitiatorIsn is uint i && ListenerIsn is uint l
        ? (i, l, default, default)
        : (0, 0, Subflow.Initiator, Subflow.Listener);
}
