using System.Collections.Generic;

namespace Mptcp.Codec.Peer.Packetdrill.Run.Packets;

// One connection (or subflow) of a run, as packetdrill keeps a socket: the kernel's end (local) and the script's
// (remote), both initial sequence numbers, and the kernel's TS values by the script's, for the ecr of what is sent.
internal sealed class Flow(MptcpAddress local, ushort localPort, MptcpAddress remote, ushort remotePort)
{
    public MptcpAddress Local { get; } = local;

    public ushort LocalPort { get; set; } = localPort;

    public MptcpAddress Remote { get; } = remote;

    public ushort RemotePort { get; } = remotePort;

    // The script's ISN: its SYN's sequence number, 0 in the suite's scripts.
    public uint RemoteIsn { get; set; }

    // The kernel's ISN less the script's relative start, so that live - KernelIsn is the script's number.
    public uint KernelIsn { get; set; }

    // The subflow sequence number of the script's next mapping when the script leaves ssn out (RFC 8684: relative to the ISN).
    public uint NextSubflowSequence { get; set; } = 1;

    public Dictionary<uint, uint> LiveTimestamps { get; } = [];

    // MP_JOIN's nonces of this subflow: the script's (42 unless written, as packetdrill's) and the kernel's.
    public uint ScriptNonce { get; set; } = 42;

    public uint KernelNonce { get; set; }

    // True when the script's side sent this subflow's MP_JOIN SYN (the kernel is the listener).
    public bool ScriptInitiated { get; set; }

    public bool Is(MptcpAddress source, ushort sourcePort, MptcpAddress destination, ushort destinationPort) =>
        (Local == source && LocalPort == sourcePort && Remote == destination && RemotePort == destinationPort)
        || (Remote == source && RemotePort == sourcePort && Local == destination && LocalPort == destinationPort);
}
