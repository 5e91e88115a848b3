using System;

namespace Mptcp.Codec.Tcp;

/// <summary>The TCP header's flag bits (byte 13).</summary>
[Flags]
public enum TcpFlags : byte
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>FIN.</summary>
    Fin = 0x01,

    /// <summary>SYN.</summary>
    Syn = 0x02,

    /// <summary>RST.</summary>
    Rst = 0x04,

    /// <summary>PSH.</summary>
    Psh = 0x08,

    /// <summary>ACK.</summary>
    Ack = 0x10,

    /// <summary>URG.</summary>
    Urg = 0x20,

    /// <summary>ECE.</summary>
    Ece = 0x40,

    /// <summary>CWR.</summary>
    Cwr = 0x80,
}
