using Mptcp.Codec.Cli;
using Mptcp.Codec.Cli.Output;

using StdoutWriter output = StdoutWriter.Open();
int exit = Cli.Run(args, output, System.Console.Error);
output.Flush();
return exit;
