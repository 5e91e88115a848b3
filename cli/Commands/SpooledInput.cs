using System;
using System.IO;

namespace Mptcp.Codec.Cli.Commands;

/// <summary>
/// A capture that a command reads twice (JSON's <c>reinjected_in</c>, <c>--connection</c>): a file that can be read
/// again is read where it is; a FIFO, a process substitution (<c>/dev/fd/N</c>) or standard input can be read only
/// once, so it is copied, once, into a temporary file that both passes read and that is deleted at the end. The copy
/// costs the capture's size on disk, never memory.
/// </summary>
internal sealed class SpooledInput : IDisposable
{
    private readonly string? _temporary;

    private SpooledInput(string path, string name, string? temporary)
    {
        Path = path;
        Name = name;
        _temporary = temporary;
    }

    /// <summary>The path both passes read.</summary>
    public string Path { get; }

    /// <summary>What the user named: the path, or "-".</summary>
    public string Name { get; }

    /// <summary>
    /// The input named <paramref name="path"/> (<c>-</c>: standard input), copied when it cannot be read twice. A file
    /// that cannot be opened is handed on as it is, for the command's own pass to report in its words; null (with one
    /// line) when the copy cannot be written.
    /// </summary>
    public static SpooledInput? Of(string path, Func<Stream> standardInput, TextWriter error)
    {
        Stream source;
        if (path == "-")
        {
            source = standardInput();
        }
        else
        {
            try
            {
                source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                return new SpooledInput(path, path, null);
            }
        }

        using (source)
        {
            if (path != "-" && source.CanSeek)
            {
                return new SpooledInput(path, path, null);
            }

            string temporary = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"mptcp-dump-{Environment.ProcessId}-{Guid.NewGuid():N}.spool");
            try
            {
                using var copy = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
                source.CopyTo(copy, 1 << 20);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                File.Delete(temporary);
                error.WriteLine($"mptcp-dump: {(path == "-" ? "(standard input)" : path)}: read twice by this command, so copied first, and the copy in {System.IO.Path.GetTempPath()} failed: {e.Message}");
                return null;
            }

            return new SpooledInput(temporary, path, temporary);
        }
    }

    public void Dispose()
    {
        if (_temporary is not null)
        {
            File.Delete(_temporary);
        }
    }
}
