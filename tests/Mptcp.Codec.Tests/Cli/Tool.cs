using System.IO;

namespace Mptcp.Codec.Tests.Cli;

/// <summary>Runs mptcp-dump in this process, as its Main does, with its output and errors captured.</summary>
internal static class Tool
{
    public static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = global::Mptcp.Codec.Cli.Cli.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
