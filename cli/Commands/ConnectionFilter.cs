using System.Collections.Generic;
using System.IO;
using Mptcp.Codec.Capture.Analysis;

namespace Mptcp.Codec.Cli.Commands;

/// <summary>
/// <c>--connection N</c>: which subflows make up connection N. A subflow joins its connection only at its third
/// packet (MP_CAPABLE) or its SYN (MP_JOIN), so a first pass finds them and the command's own pass keeps the frames
/// of those subflows from their SYN on. Subflows are told apart by the frame that started them, which both passes
/// number alike.
/// </summary>
internal static class ConnectionFilter
{
    /// <summary>The subflows of connection <paramref name="number"/> of the file at <paramref name="path"/>, which the user calls <paramref name="name"/>.</summary>
    public static bool TryFind(string path, string name, int number, TextWriter error, out HashSet<long>? subflows)
    {
        subflows = null;
        if (path == "-")
        {
            error.WriteLine("mptcp-dump: --connection needs a capture file or standard input, not an interface: it reads the capture twice");
            return false;
        }

        // A file that cannot be opened or read is reported by the command's own pass, once.
        subflows = [];
        if (CaptureFiles.FirstPass(path, new AnalysisOptions { Verify = false, KeepData = false }) is not AnalysisResult result)
        {
            return true;
        }

        if (number < 1 || number > result.Connections.Count)
        {
            error.WriteLine($"mptcp-dump: {(name == "-" ? "(standard input)" : name)}: no MPTCP connection {number}: the capture has {result.Connections.Count} (numbered from 1, as summary numbers them)");
            return false;
        }

        foreach (Subflow subflow in result.Connections[number - 1].Subflows)
        {
            subflows.Add(subflow.FirstFrame);
        }

        return true;
    }
}
