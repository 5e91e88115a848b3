using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Fuzzing;

/// <summary>
/// <c>fuzz dictionary</c> and <c>fuzz corpus</c>: a dictionary libFuzzer and AFL++ read, with every form RFC 8684 and RFC
/// 6824 give a length for; a corpus of the distinct option blocks tshark finds in a capture, named by SHA-1.
/// </summary>
public sealed partial class DictionaryAndCorpusTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mptcp-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_dictionary_reads_as_libFuzzer_and_AFL_read_one_and_lists_every_form()
    {
        string path = Path.Combine(_folder, "mptcp.dict");
        Assert.Equal(0, global::Mptcp.Codec.Tests.Cli.Tool.Run("fuzz", "dictionary", "-o", path).Exit);
        var tokens = new List<byte[]>();
        foreach (string line in File.ReadAllLines(path))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            // AFL++'s load_extras_file: a label of letters, digits, '_' or '-', '=', a quoted value whose non-printable
            // octets are \xNN, with \\ and \" (libFuzzer's ParseDictionaryFile takes the same).
            Match entry = Entry().Match(line);
            Assert.True(entry.Success, $"not a dictionary line: {line}");
            tokens.Add(Unescape(entry.Groups["value"].Value));
        }

        Assert.Equal(tokens.Count, tokens.Select(Convert.ToHexString).Distinct().Count());
        Assert.InRange(tokens.Count, 50, 400); // AFL++ warns past a few hundred tokens
        var forms = tokens.Where(t => t.Length >= 3 && t[0] == 30).Select(t => (Subtype: t[2] >> 4, Length: (int)t[1])).ToHashSet();
        (int Subtype, int Length)[] rfc =
        [
            (0, 4), (0, 12), (0, 20), (0, 22), (0, 24), // MP_CAPABLE (RFC 8684 §3.1; v0's 12 and 20 too)
            (1, 12), (1, 16), (1, 24),                  // MP_JOIN SYN, SYN/ACK, ACK (§3.2)
            (2, 4), (2, 8), (2, 12), (2, 14), (2, 16), (2, 18), (2, 20), (2, 22), (2, 24), (2, 26), (2, 28), // DSS (§3.3)
            (3, 8), (3, 10), (3, 16), (3, 18), (3, 20), (3, 22), (3, 28), (3, 30), // ADD_ADDR (§3.4.1)
            (4, 4), (5, 3), (5, 4), (6, 12), (7, 12), (8, 4), // REMOVE_ADDR, MP_PRIO, MP_FAIL, MP_FASTCLOSE, MP_TCPRST
        ];
        Assert.Equal([], rfc.Where(form => !forms.Contains(form)).ToArray()); // lists the missing ones if any
        // Linux's SYN/ACK MP_CAPABLE header (A and H): the token a campaign most needs.
        Assert.Contains(tokens, t => t.SequenceEqual(new byte[] { 0x1e, 0x0c, 0x01, 0x81 }) || t.SequenceEqual(new byte[] { 0x1e, 0x0c, 0x01, 0x01 }));
    }

    [Fact]
    public void The_corpus_holds_each_distinct_option_block_tshark_sees_once_named_by_its_SHA1()
    {
        string capture = Samples.Capture("seed-echo.pcap");
        string corpus = Path.Combine(_folder, "corpus");
        (int exit, string output, _) = global::Mptcp.Codec.Tests.Cli.Tool.Run("fuzz", "corpus", capture, "-o", corpus);
        Assert.Equal(0, exit);

        // tshark: the option octets of every segment with an MPTCP option.
        HashSet<string> blocks = [.. ExternalTool.Lines("tshark", ["-r", capture, "-Y", "mptcp", "-T", "fields", "-e", "tcp.options"])
            .Select(hex => hex.Replace(":", string.Empty, StringComparison.Ordinal).ToUpperInvariant())];
        string[] files = Directory.GetFiles(corpus);
        Assert.Equal(blocks.Count, files.Length);
        foreach (string file in files)
        {
            byte[] content = File.ReadAllBytes(file);
            Assert.Contains(Convert.ToHexString(content), blocks);
            Assert.Equal(Convert.ToHexStringLower(SHA1.HashData(content)), Path.GetFileName(file));
        }

        Assert.Contains($"{blocks.Count} option blocks", output, StringComparison.Ordinal);
        // Again: nothing new.
        Assert.Contains("0 option blocks", global::Mptcp.Codec.Tests.Cli.Tool.Run("fuzz", "corpus", capture, "-o", corpus).Output, StringComparison.Ordinal);
    }

    private static byte[] Unescape(string value)
    {
        var octets = new List<byte>();
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && value[i + 1] == 'x')
            {
                octets.Add(Convert.ToByte(value.Substring(i + 2, 2), 16));
                i += 3;
            }
            else if (value[i] == '\\')
            {
                octets.Add((byte)value[++i]);
            }
            else
            {
                octets.Add((byte)value[i]);
            }
        }

        return [.. octets];
    }

    [GeneratedRegex("""^[A-Za-z0-9_-]+="(?<value>(\\x[0-9A-Fa-f]{2}|\\\\|\\"|[ !#-\[\]-~])*)"$""")]
    private static partial Regex Entry();
}
