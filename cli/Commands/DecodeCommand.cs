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
        var hex = new Argument<string>("hex") { Description = "One MPTCP option or a TCP option block, as hex (spaces allowed)." };
        Option<string> format = Cli.FormatOption();
        var command = new Command("decode", "Decode one MPTCP option or a TCP option block given as hex.\n" +
            "Example: mptcp-dump decode \"1e14 2005 eedf 3c42 83a6 8961 0000 0001 0005 9e97\"") { hex, format };
        command.SetAction(parse => Run(parse.GetValue(hex)!, parse.GetValue(format)!, output, error));
        return command;
    }

    private static int Run(string hex, string format, TextWriter output, TextWriter error)
    {
        if (!Cli.TryParseHex(hex, out byte[] bytes))
        {
            error.WriteLine($"mptcp-dump: decode: '{hex}' is not hex");
            return Cli.BadUsage;
        }

        // Input that starts with kind 30 and is not longer than that option's length is one option (perhaps cut
        // short); anything else is an option block.
        bool single = bytes[0] == MptcpConstants.Kind && (bytes.Length < 2 || bytes[1] >= bytes.Length);
        if (single)
        {
            Write(bytes, 0, format, output);
            return Cli.Ok;
        }

        var walker = new TcpOptionWalker(bytes);
        Span<char> text = stackalloc char[256];
        while (walker.MoveNext())
        {
            TcpOption option = walker.Current;
            if (option.IsMptcp)
            {
                Write(option.Bytes, option.Offset, format, output);
            }
            else if (format == "text")
            {
                TcpOptionsText.TryFormat(option.Bytes, null, text, out int n, out _);
                output.WriteLine(text[..n]);
            }
        }

        if (!walker.Error.IsOk)
        {
            output.WriteLine($"malformed option block: {walker.Error.Describe()}");
        }

        return Cli.Ok;
    }

    private static void Write(ReadOnlySpan<byte> option, int offset, string format, TextWriter output)
    {
        if (format == "json")
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                MptcpJson.Write(json, option);
            }

            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            return;
        }

        output.WriteLine(MptcpText.Format(option));
        if (!MptcpOption.TryRead(option, out _, out MptcpError failure))
        {
            output.WriteLine($"  malformed: {(failure with { Offset = failure.Offset + offset }).Describe()}");
        }
    }
}
