using System.CommandLine;
using Mptcp.Codec.Cli;

return Cli.Run(args, System.Console.Out, System.Console.Error);
