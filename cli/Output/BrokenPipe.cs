using System;
using System.IO;

namespace Mptcp.Codec.Cli.Output;

/// <summary>
/// The end tcpdump has when the reader of its output goes away (<c>| head -1</c>): it stops at once, without reading
/// the rest, with status 14 (tcpdump 4.99's S_ERR_ND_WRITE_FILE, measured here: "Unable to write output: Broken
/// pipe"). The message is left out: the reader that would want it is gone, and a pipeline's stderr is the user's.
/// </summary>
internal static class BrokenPipe
{
    private const int Epipe = 32;

    /// <summary>True when <paramref name="e"/> is a write to a pipe whose reader is gone.</summary>
    public static bool Is(IOException e) => e.HResult == Epipe || e.Message.Contains("Broken pipe", StringComparison.Ordinal);

    /// <summary>Ends the process with <see cref="Cli.OutputClosed"/>; does not return.</summary>
    public static void Die() => Environment.Exit(Cli.OutputClosed);
}
