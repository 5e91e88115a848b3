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
        Argument<string> file = CaptureFiles.FileArgument();
        var command = new Command("stats", "Count MPTCP options per subtype and per connection.\n" +
            "Example: mptcp-dump stats samples/captures/seed-echo.pcap") { file };
        command.SetAction(parse => Run(parse.GetValue(file)!, output, error));
        return command;
    }

    private static int Run(string path, TextWriter output, TextWriter error)
    {
        using CaptureReader? reader = CaptureFiles.Open(path, error);
        if (reader is null)
        {
            return Cli.BadUsage;
        }

        long frames = 0, tcp = 0;
        var analyzer = new MptcpAnalyzer(verify: false);
        while (reader.TryReadNext(out CapturedFrame frame))
        {
            frames++;
            CaptureFiles.Progress(frames, error);
            if (PacketDecoder.TryDecodeTcp(frame.LinkType, frame.Data, out TcpSegment segment, out _))
            {
                tcp++;
                analyzer.Process(frame.FrameNumber, segment);
            }
        }

        if (CaptureFiles.Unreadable(reader))
        {
            return Cli.BadUsage;
        }

        output.WriteLine($"{frames} frames, {tcp} TCP segments, {analyzer.Connections.Count} MPTCP connection(s)");
        for (int subtype = 0; subtype < analyzer.OptionsPerSubtype.Length; subtype++)
        {
            if (analyzer.OptionsPerSubtype[subtype] > 0)
            {
                output.WriteLine($"  subtype {subtype,2} {MptcpText.SubtypeName(subtype),-10} {analyzer.OptionsPerSubtype[subtype],12}");
            }
        }

        foreach (MptcpConnection connection in analyzer.Connections)
        {
            output.WriteLine($"  connection {connection.Number,6}: {connection.Subflows.Count} subflow(s), {connection.Subflows.Sum(s => s.MptcpOptions)} MPTCP options");
        }

        long unattached = analyzer.UnattachedOptions;
        if (unattached > 0)
        {
            output.WriteLine($"  outside any known connection: {unattached} MPTCP options");
        }

        return Cli.Ok;
    }
}
