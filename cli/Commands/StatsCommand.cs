using System.Linq;
using System.CommandLine;
using System.IO;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Format.Text;

namespace Mptcp.Codec.Cli.Commands;

/// <summary><c>stats FILE</c>: MPTCP options per subtype and per connection, without verification, as fast as the disk.</summary>
internal static class StatsCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var input = new CaptureSource.Options();
        var command = new Command("stats", "Count MPTCP options per subtype and per connection.\n" +
            "Example: mptcp-dump stats samples/captures/seed-echo.pcap");
        input.AddTo(command);
        command.SetAction(parse => Run(input.Open(parse, error), output, error));
        return command;
    }

    private static int Run(CaptureSource? source, TextWriter output, TextWriter error)
    {
        using (source)
        {
            return source is null ? Cli.BadUsage : Run(source.Reader, output, error);
        }
    }

    private static int Run(CaptureReader reader, TextWriter output, TextWriter error)
    {

        var progress = new CaptureFiles.ProgressObserver(error);
        AnalysisResult result = MptcpAnalysis.Analyze(reader, new AnalysisOptions { Verify = false, KeepData = false }, ref progress);
        if (CaptureFiles.Unreadable(reader))
        {
            return Cli.BadUsage;
        }

        output.WriteLine($"{result.Frames} frames, {result.TcpSegments} TCP segments, {result.Connections.Count} MPTCP connection(s)");
        for (int subtype = 0; subtype < result.OptionsPerSubtype.Count; subtype++)
        {
            if (result.OptionsPerSubtype[subtype] > 0)
            {
                output.WriteLine($"  subtype {subtype,2} {MptcpText.SubtypeName(subtype),-10} {result.OptionsPerSubtype[subtype],12}");
            }
        }

        foreach (MptcpConnection connection in result.Connections)
        {
            output.WriteLine($"  connection {connection.Number,6}: {connection.Subflows.Count} subflow(s), {connection.Subflows.Sum(s => s.MptcpOptions)} MPTCP options");
        }

        if (result.UnattachedOptions > 0)
        {
            output.WriteLine($"  outside any known connection: {result.UnattachedOptions} MPTCP options");
        }

        if (result.MalformedOptionBlocks > 0)
        {
            output.WriteLine($"  malformed TCP option blocks: {result.MalformedOptionBlocks}");
        }

        if (result.CutHeaders > 0)
        {
            output.WriteLine($"  TCP headers cut by the snap length: {result.CutHeaders}");
        }

        return Cli.Ok;
    }
}
