using System;
using System.CommandLine;
using System.IO;
using System.Text.Json;
using Mptcp.Codec.Format.Json;
using Mptcp.Codec.Format.Text;
using Mptcp.Codec.Options;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Cli.Commands;

/// <summary><c>decode HEX</c>: one MPTCP option, or a whole TCP option block, explained.</summary>
internal static class DecodeCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var hex = new Argument<string>("hex") { Description = "One MPTCP option or a TCP option block, as hex: spaces, colons and 0x prefixes allowed." };
        Option<string> format = Cli.FormatOption();
        var command = new Command("decode", "Decode one MPTCP option or a TCP option block given as hex; exit 1 if an option does not decode.\n" +
            "Example: mptcp-dump decode \"1e14 2005 eedf 3c42 83a6 8961 0000 0001 0005 9e97\"") { hex, format };
        command.SetAction(parse => Run(parse.GetValue(hex)!, parse.GetValue(format)!, output, error));
        return command;
    }

    private static int Run(string hex, string format, TextWriter output, TextWriter error)
    {
        if (!HexInput.TryParse(hex, out byte[] bytes, out string problem))
        {
            error.WriteLine($"mptcp-dump: decode: {problem}");
            return Cli.BadUsage;
        }

        // Input that starts with kind 30 and is not longer than that option's length is one option (perhaps cut
        // short); anything else is an option block.
        bool single = bytes[0] == MptcpConstants.Kind && (bytes.Length < 2 || bytes[1] >= bytes.Length);
        if (single)
        {
            return Write(bytes, 0, format, output) ? Cli.Ok : Cli.Findings;
        }

        var walker = new TcpOptionWalker(bytes);
        Span<char> text = stackalloc char[256];
        bool allDecode = true;
        while (walker.MoveNext())
        {
            TcpOption option = walker.Current;
            if (option.IsMptcp)
            {
                allDecode &= Write(option.Bytes, option.Offset, format, output);
            }
            else if (format == "text")
            {
                TcpOptionsText.TryFormat(option.Bytes, null, text, out int n, out _);
                output.WriteLine(text[..n]);
            }
        }

        if (!walker.Error.IsOk && format == "json")
        {
            // The same object as read's JSON gives a damaged block, so a pipeline into jq reads one JSON value a line.
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                Output.PacketJson.WriteOptionBlockError(json, walker.Error);
                json.WriteEndObject();
            }

            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else if (!walker.Error.IsOk)
        {
            output.WriteLine($"malformed option block: {walker.Error.Describe()}");
        }

        return allDecode && walker.Error.IsOk ? Cli.Ok : Cli.Findings;
    }

    /// <summary>Writes one option; false when it does not decode.</summary>
    private static bool Write(ReadOnlySpan<byte> option, int offset, string format, TextWriter output)
    {
        bool decodes = MptcpOption.TryRead(option, out _, out MptcpError failure);
        if (format == "json")
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                MptcpJson.Write(json, option);
            }

            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            return decodes;
        }

        output.WriteLine(MptcpText.Format(option));
        if (!decodes)
        {
            output.WriteLine($"  malformed: {(failure with { Offset = failure.Offset + offset }).Describe()}");
        }

        return decodes;
    }
}
