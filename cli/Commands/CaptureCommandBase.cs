using System;
using System.CommandLine;
using System.IO;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Cli.Output;

namespace Mptcp.Codec.Cli.Commands;

/// <summary>What the capture commands share: opening the file, reporting its problems, progress on a terminal.</summary>
internal static class CaptureFiles
{
    /// <summary>Opens the capture (<c>-</c> is standard input, read as it arrives), or writes one line naming the file and returns null.</summary>
    public static CaptureReader? Open(string path, TextWriter error) => Open(path, error, StandardInput.Open);

    /// <summary>Several files as one trace (the pieces of a rotated capture), each checked first so that a bad one is named.</summary>
    public static CaptureReader? Open(string[] paths, TextWriter error)
    {
        foreach (string path in paths)
        {
            if (path == "-")
            {
                error.WriteLine("mptcp-dump: standard input (-) is read alone, not with other files");
                return null;
            }

            using CaptureReader? probe = Open(path, error);
            if (probe is null)
            {
                return null;
            }
        }

        CaptureReader reader = CaptureReader.Open(paths);
        reader.OnProblem = problem => error.WriteLine($"mptcp-dump: {paths[0]} and the rest: {Names.Describe(problem)}");
        return reader;
    }

    /// <summary>
    /// As <see cref="Open(string, TextWriter)"/>, with <paramref name="standardInput"/> behind <c>-</c>, and the file
    /// called <paramref name="shownAs"/> in messages (a copy of an input is named as the user named the input).
    /// </summary>
    public static CaptureReader? Open(string path, TextWriter error, Func<Stream> standardInput, string? shownAs = null)
    {
        shownAs ??= path;
        string name = shownAs == "-" ? "(standard input)" : shownAs;
        if (path.Length == 0)
        {
            error.WriteLine("mptcp-dump: an empty file name: name a capture file, or - for standard input");
            return null;
        }

        if (path != "-" && Directory.Exists(path))
        {
            error.WriteLine($"mptcp-dump: {name}: is a directory, not a capture file");
            return null;
        }

        try
        {
            CaptureReader reader = path == "-" ? new CaptureReader(standardInput()) : CaptureReader.Open(path);
            reader.OnProblem = problem => error.WriteLine($"mptcp-dump: {name}: {Names.Describe(problem)}");
            return reader;
        }
        catch (FileNotFoundException)
        {
            error.WriteLine($"mptcp-dump: {name}: no such file");
        }
        catch (DirectoryNotFoundException)
        {
            error.WriteLine($"mptcp-dump: {name}: no such file (a folder on the way does not exist)");
        }
        catch (IOException e)
        {
            error.WriteLine($"mptcp-dump: {name}: {e.Message}");
        }
        catch (UnauthorizedAccessException)
        {
            error.WriteLine($"mptcp-dump: {name}: permission denied");
        }
        catch (ArgumentException)
        {
            // A NUL octet, say: no file can have that name.
            error.WriteLine($"mptcp-dump: {name}: not a file name this system accepts");
        }

        return null;
    }

    /// <summary>
    /// A first pass over a file, before the command's own (for <c>--connection</c>, JSON's <c>reinjected_in</c>): null
    /// when the file cannot be read, which the command's own pass then reports, once.
    /// </summary>
    public static AnalysisResult? FirstPass(string path, AnalysisOptions options)
    {
        using CaptureReader? reader = Open(path, TextWriter.Null);
        if (reader is null)
        {
            return null;
        }

        reader.OnProblem = null;
        AnalysisResult result = MptcpAnalysis.Analyze(reader, options);
        return Unreadable(reader) ? null : result;
    }

    /// <summary>
    /// True when the input could not be read as a capture at all (empty, too short, not a capture, or compressed data
    /// damaged before a capture's header came out of it).
    /// </summary>
    public static bool Unreadable(CaptureReader reader) =>
        reader.Problems.Count > 0 && reader.Problems[0] is { FileOffset: 0, Kind: CaptureProblemKind.UnknownFormat or CaptureProblemKind.TruncatedFile }
            or { FrameNumber: 1, Kind: CaptureProblemKind.DamagedCompression };

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
