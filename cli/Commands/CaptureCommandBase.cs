using System;
using System.CommandLine;
using System.IO;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Analysis;

namespace Mptcp.Codec.Cli.Commands;

/// <summary>What the capture commands share: opening the file, reporting its problems, progress on a terminal.</summary>
internal static class CaptureFiles
{
    public static Argument<string> FileArgument() => new("file") { Description = "A pcap or pcapng capture." };

    /// <summary>Opens the capture, or writes one line naming the file and returns null.</summary>
    public static CaptureReader? Open(string path, TextWriter error)
    {
        try
        {
            var reader = CaptureReader.Open(path);
            reader.OnProblem = problem => error.WriteLine($"mptcp-dump: {path}: offset {problem.FileOffset}: {problem.Kind} (frame {problem.FrameNumber})");
            return reader;
        }
        catch (IOException e)
        {
            error.WriteLine($"mptcp-dump: {path}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            error.WriteLine($"mptcp-dump: {path}: {e.Message}");
        }

        return null;
    }

    /// <summary>True when the file could not be read as a capture at all.</summary>
    public static bool Unreadable(CaptureReader reader) =>
        reader.Problems.Count > 0 && reader.Problems[0].Kind == CaptureProblemKind.UnknownFormat;

    /// <summary>Shows progress while a command that prints at the end reads the capture.</summary>
    public readonly struct ProgressObserver(TextWriter error) : IPacketObserver
    {
        public void OnPacket(in CapturedFrame frame, in AnalyzedPacket packet) => Progress(frame.FrameNumber, error);
    }

    /// <summary>Writes "frame N" to stderr now and then, only when stderr is a terminal.</summary>
    public static void Progress(long frame, TextWriter error)
    {
        if (frame % 100_000 == 0 && error == Console.Error && !Console.IsErrorRedirected)
        {
            error.Write($"\rmptcp-dump: frame {frame}");
        }
    }
}
