using System.Collections.Generic;
using Mptcp.Codec.Capture.Analysis;

namespace Mptcp.Codec.Cli.Commands;

/// <summary>
/// The first pass behind JSON's <c>reinjected_in</c>: each frame whose data was sent again on another subflow, and
/// the frames that did, ascending. Its size is the number of reinjections, not of packets.
/// </summary>
internal static class Reinjections
{
    public static Dictionary<long, List<long>>? Find(string path)
    {
        if (CaptureFiles.FirstPass(path, new AnalysisOptions { KeepData = false }) is not AnalysisResult result)
        {
            return null;
        }

        var found = new Dictionary<long, List<long>>();
        foreach (MptcpConnection connection in result.Connections)
        {
            foreach (Reinjection reinjection in connection.ReinjectionPairs)
            {
                // Reinjections are recorded in frame order, so each list is ascending.
                if (!found.TryGetValue(reinjection.OriginalFrame, out List<long>? frames))
                {
                    found[reinjection.OriginalFrame] = frames = [];
                }

                frames.Add(reinjection.Frame);
            }
        }

        return found;
    }
}
