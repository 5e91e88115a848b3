using System;
using System.CommandLine;
using System.IO;
using Mptcp.Codec.Capture.Synthesis;
using Mptcp.Codec.Crypto;

namespace Mptcp.Codec.Cli.Commands;

/// <summary><c>synth OUT.pcap</c>: a valid MPTCP trace for tests, fuzz corpora and benchmarks.</summary>
internal static class SynthCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("out") { Description = "The pcap file to write." };
        var connections = new Option<int>("--connections") { Description = "MPTCP connections.", DefaultValueFactory = _ => 1 };
        var packets = new Option<long>("--packets") { Description = "Packets in all.", DefaultValueFactory = _ => 100 };
        var version = new Option<int>("--version") { Description = "MPTCP version, 0 or 1.", DefaultValueFactory = _ => 1 };
        version.AcceptOnlyFromAmong("0", "1");
        var checksum = new Option<bool>("--checksum") { Description = "Use DSS checksums." };
        var seed = new Option<int>("--seed") { Description = "Seed of keys, nonces and data.", DefaultValueFactory = _ => 1 };
        var command = new Command("synth", "Write a valid MPTCP trace: handshakes, ADD_ADDR, MP_JOIN, DSS mappings, DATA_FIN.\n" +
            "Example: mptcp-dump synth /tmp/trace.pcap --connections 10 --packets 10000 --checksum") { file, connections, packets, version, checksum, seed };
        command.SetAction(parse =>
        {
            var options = new SynthesisOptions(parse.GetValue(connections), parse.GetValue(packets), parse.GetValue(version) == 0 ? MptcpVersion.V0 : MptcpVersion.V1, parse.GetValue(checksum), parse.GetValue(seed));
            string path = parse.GetValue(file)!;
            try
            {
                using FileStream stream = File.Create(path);
                long written = Synthesizer.Write(stream, options);
                output.WriteLine($"{path}: {written} packets, {options.Connections} connection(s), MPTCP v{(int)options.Version}{(options.Checksum ? ", checksums" : string.Empty)}");
                return Cli.Ok;
            }
            catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"mptcp-dump: {path}: {e.Message}");
                return Cli.BadUsage;
            }
        });
        return command;
    }
}
