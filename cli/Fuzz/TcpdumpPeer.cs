using System;
using System.Collections.Generic;
using System.Globalization;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Cli.Output;
using Mptcp.Codec.Packets;

namespace Mptcp.Codec.Cli.Fuzz;

/// <summary>
/// tcpdump (<c>tcpdump -# -n -tttt -r</c>, the layout of <c>read</c>'s text): the two decodes compared are the options
/// bracket of each line (<c>options [nop,nop,mptcp 20 dss ack 1 …]</c>), the only part the option block decides.
/// tcpdump rejects an option when it prints <c>bad opt</c> or cuts the line (<c>[|mptcp]</c>, <c>[|tcp]</c>).
/// </summary>
internal sealed class TcpdumpPeer : DiffPeer
{
    private readonly TcpdumpLine _line = new();

    public override string Name => "tcpdump";

    public override string Version() => string.Join(' ', Run("tcpdump", ["--version"], TimeSpan.FromSeconds(10)));

    public override Dictionary<long, PeerView> Read(string pcap, TimeSpan limit)
    {
        var views = new Dictionary<long, PeerView>();
        foreach (string line in Run("tcpdump", ["-#", "-n", "-tttt", "-r", pcap], limit, new Dictionary<string, string> { ["TZ"] = "UTC" }))
        {
            string number = line.TrimStart().Split(' ', 2)[0];
            if (long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out long frame))
            {
                string options = Options(line);
                views[frame] = new PeerView(Rejects(options), options, []);
            }
        }

        return views;
    }

    /// <summary>The options of <c>read</c>'s line, which rejects as tcpdump does, in context (a SYN/ACK's MP_JOIN on a segment without SYN is <c>[bad opt]</c>).</summary>
    public override PeerView Ours(in CapturedFrame frame, in TcpSegment segment)
    {
        string options = Options(_line.Format(frame.FrameNumber, frame.TimestampNanoseconds, segment).ToString().TrimEnd('\n'));
        return new(Rejects(options), options, []);
    }

    private static bool Rejects(string options) => options.Contains("bad opt", StringComparison.Ordinal) || options.Contains("[|", StringComparison.Ordinal);

    /// <summary>The first word that differs, with the word before it (the field's label in tcpdump's text).</summary>
    public override string? Difference(PeerView ours, PeerView theirs)
    {
        if (ours.Text == theirs.Text)
        {
            return null;
        }

        string[] a = ours.Text.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries), b = theirs.Text.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        int i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }

        string label = i > 0 && IsWord(a[i - 1]) ? a[i - 1] : i < a.Length && IsWord(a[i]) ? a[i] : "value";
        return i >= a.Length || i >= b.Length ? "one text is longer" : $"{label} differs";
    }

    /// <summary>From "options [" to the bracket that closes it (or the line's end, when tcpdump cut it).</summary>
    private static string Options(string line)
    {
        int start = line.IndexOf("options [", StringComparison.Ordinal);
        if (start < 0)
        {
            return line.Contains("[|tcp]", StringComparison.Ordinal) ? "[|tcp]" : string.Empty;
        }

        int depth = 0;
        for (int i = start + 8; i < line.Length; i++)
        {
            depth += line[i] == '[' ? 1 : line[i] == ']' ? -1 : 0;
            if (depth == 0)
            {
                return line[(start + 9)..i];
            }
        }

        return line[(start + 9)..];
    }

    private static bool IsWord(string token) => token.Length > 0 && char.IsLetter(token[0]) && !token.StartsWith("0x", StringComparison.Ordinal);
}
