using System.Collections.Generic;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Cli.Commands;
using Mptcp.Codec.Cli.Plot;

namespace Mptcp.Codec.Cli.Report;

/// <summary>
/// What a report draws, collected in the same single pass of the analysis that gives its tables: one
/// <see cref="PlotCollector"/> per connection and data direction, made when the connection shows its first packet.
/// Its memory follows the data segments of the capture (a few tens of bytes each), as every plot's does.
/// </summary>
internal sealed class ReportCollector(System.IO.TextWriter error) : IPacketObserver
{
    private readonly Dictionary<int, (PlotCollector Client, PlotCollector Server)> _connections = [];

    /// <summary>The collectors of connection <paramref name="number"/>, if it showed a packet.</summary>
    public bool TryGet(int number, out (PlotCollector Client, PlotCollector Server) collectors) => _connections.TryGetValue(number, out collectors);

    public void OnPacket(in CapturedFrame frame, in AnalyzedPacket packet)
    {
        CaptureFiles.Progress(frame.FrameNumber, error);
        if (packet.Subflow?.Connection is not MptcpConnection c)
        {
            return;
        }

        if (!_connections.TryGetValue(c.Number, out var collectors))
        {
            _connections[c.Number] = collectors = (new PlotCollector(c.Number, Side.Client), new PlotCollector(c.Number, Side.Server));
        }

        collectors.Client.OnPacket(frame, packet);
        collectors.Server.OnPacket(frame, packet);
    }

    /// <summary>The analysis' RTT callback, handed to the connection's collectors.</summary>
    public void OnRtt(RttSample sample)
    {
        if (sample.Subflow.Connection is MptcpConnection c && _connections.TryGetValue(c.Number, out var collectors))
        {
            collectors.Client.OnRtt(sample);
            collectors.Server.OnRtt(sample);
        }
    }
}
