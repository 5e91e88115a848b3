using System;

namespace Mptcp.Codec.Peer.Packetdrill.Syntax;

// A script that cannot be parsed: the line and one sentence, shown as FILE:LINE: sentence (exit status 2).
internal sealed class PacketdrillSyntaxException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}
