using System;
using System.CommandLine;
using System.IO;
using Mptcp.Codec.Format.Text;
using Mptcp.Codec.Options;

namespace Mptcp.Codec.Cli.Commands;

/// <summary><c>craft TEXT</c>: the inverse of the text format, printing the option's hex.</summary>
internal static class CraftCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var text = new Argument<string>("text") { Description = "An option as the text format writes it; 'csum auto payload HEX|\"text\" [dsn N]' and 'hmac auto keys 0xSENDER 0xRECEIVER' derive values." };
        var command = new Command("craft", "Encode an MPTCP option from its text.\n" +
            "Example: mptcp-dump craft \"dss ack 4007607362 seq 2208729441 subseq 1 len 5 csum 0x9e97\"") { text };
        command.SetAction(parse => Run(parse.GetValue(text)!, output, error));
        return command;
    }

    private static int Run(string text, TextWriter output, TextWriter error)
    {
        if (!MptcpTextParser.TryParse(text, out MptcpOption option, out string? problem))
        {
            error.WriteLine($"mptcp-dump: craft: {problem}");
            return Cli.BadUsage;
        }

        Span<byte> bytes = stackalloc byte[MptcpConstants.MaxTcpOptionSpace];
        option.Write(bytes, out int written);
        output.WriteLine(Convert.ToHexStringLower(bytes[..written]));
        return Cli.Ok;
    }
}
