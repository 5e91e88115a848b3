using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Mptcp.Codec.Fuzz;
using SharpFuzz;

// Mptcp.Codec.Fuzz TARGET                 under afl-fuzz: reads each input on stdin (SharpFuzz's out-of-process loop)
// Mptcp.Codec.Fuzz run TARGET PATH…       runs files (or every file of directories) in-process, prints each failure
// Mptcp.Codec.Fuzz seeds OUTDIR KIND [N]  writes N structure-aware inputs: KIND options | blocks | text | captures
// Targets: decode, walk, pcap, craft, roundtrip (see Targets.cs and fuzz/run.sh).
if (args.Length >= 1 && args[0] == "seeds")
{
    return SeedGenerator.Generate(args[1..]);
}

if (args.Length >= 1 && args[0] == "run")
{
    return args.Length >= 3 && Targets.Names.Contains(args[1]) ? Replay.Files(args[1], args[2..]) : Usage();
}

if (args.Length != 1 || !Targets.Names.Contains(args[0]))
{
    return Usage();
}

string target = args[0];
var memory = new MemoryStream();
Fuzzer.OutOfProcess.Run(stream =>
{
    memory.SetLength(0);
    stream.CopyTo(memory);
    Targets.Run(target, memory.GetBuffer().AsSpan(0, (int)memory.Length));
});
return 0;

static int Usage()
{
    Console.Error.WriteLine($"usage: Mptcp.Codec.Fuzz TARGET | run TARGET PATH... | seeds OUTDIR KIND [COUNT [SEED]]; targets: {string.Join(", ", Targets.Names)}");
    return 2;
}

/// <summary>Entry point holder.</summary>
public partial class Program;

/// <summary>Runs saved inputs through a target in-process and reports every exception with its stack trace.</summary>
internal static class Replay
{
    public static int Files(string target, string[] paths)
    {
        var files = new List<string>();
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.') && !f.EndsWith(".txt", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
        }

        var signatures = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (string file in files)
        {
            try
            {
                Targets.Run(target, File.ReadAllBytes(file));
            }
            catch (Exception e)
            {
                string signature = Signature(e);
                if (!signatures.TryGetValue(signature, out List<string>? list))
                {
                    signatures[signature] = list = [];
                }

                list.Add(file);
                Console.WriteLine($"FAIL {target} {file}");
                Console.WriteLine(e.ToString());
                Console.WriteLine();
            }
        }

        int failed = signatures.Values.Sum(l => l.Count);
        foreach ((string signature, List<string> list) in signatures)
        {
            Console.WriteLine($"SIGNATURE {list.Count} x {signature}: {string.Join(' ', list.Take(3).Select(Path.GetFileName))}{(list.Count > 3 ? " …" : string.Empty)}");
        }

        Console.WriteLine($"{target}: {files.Count} inputs, {files.Count - failed} passed, {failed} failed ({signatures.Count} distinct)");
        return failed == 0 ? 0 : 1;
    }

    // The exception type and the first frame of the SDK (or of the harness) that threw it.
    public static string Signature(Exception e)
    {
        string frame = e.StackTrace?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("at Mptcp.Codec", StringComparison.Ordinal)) ?? "?";
        int paren = frame.IndexOf('(', StringComparison.Ordinal);
        return $"{e.GetType().Name} {(paren > 0 ? frame[3..paren] : frame)}" + (e is InvariantException ? $" \"{e.Message.Split(':')[0]}\"" : string.Empty);
    }
}
