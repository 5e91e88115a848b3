using System;
using System.IO;
using Mptcp.Codec.Crypto;
using Mptcp.Codec.Options;
using Mptcp.Codec.Packets;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Capture.Synthesis;

/// <summary>What <see cref="Synthesizer"/> writes.</summary>
/// <param name="Connections">Number of MPTCP connections, written one after the other.</param>
/// <param name="Packets">Total packets in the file (split evenly between the connections).</param>
/// <param name="Version">MPTCP version.</param>
/// <param name="Checksum">Whether DSS checksums are used.</param>
/// <param name="Seed">Seed of keys, nonces and data: the same options give the same file.</param>
public sealed record SynthesisOptions(int Connections, long Packets, MptcpVersion Version, bool Checksum, int Seed);

/// <summary>
/// Writes a valid MPTCP trace: MP_CAPABLE handshakes with real keys, an ADD_ADDR (with its HMAC in v1), an MP_JOIN
/// subflow with real token and HMACs, data both ways over both subflows with DSS mappings (and checksums), DATA_FIN,
/// and the subflows' FIN exchanges.
/// </summary>
public static class Synthesizer
{
    /// <summary>Packets every connection needs besides its data rounds.</summary>
    public const int FixedPacketsPerConnection = 3 + 2 + 4 + 3 + 6;

    /// <summary>Writes the trace; returns the number of packets written.</summary>
    public static long Write(Stream output, SynthesisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        long perConnection = options.Packets / Math.Max(1, options.Connections);
        if (options.Connections < 1 || perConnection < FixedPacketsPerConnection + 2)
        {
            throw new ArgumentException($"each connection needs at least {FixedPacketsPerConnection + 2} packets");
        }

        using var capture = new CaptureWriter(new BufferedStream(output, 1 << 20), linkType: LinkTypes.Raw);
        var session = new SessionWriter(capture, options);
        long written = 0;
        for (int i = 0; i < options.Connections; i++)
        {
            long packets = i == options.Connections - 1 ? options.Packets - written : perConnection;
            written += session.WriteConnection(i, packets);
        }

        return written;
    }
}
