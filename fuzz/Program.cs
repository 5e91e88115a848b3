using System;
using Mptcp.Codec.Fuzz;
using SharpFuzz;

// Usage under afl-fuzz: `Mptcp.Codec.Fuzz TARGET` reads each input on stdin (see fuzz/run.sh when it lands).
string target = args.Length > 0 ? args[0] : "decode";
Fuzzer.OutOfProcess.Run(stream =>
{
    using var memory = new System.IO.MemoryStream();
    stream.CopyTo(memory);
    Targets.Run(target, memory.ToArray());
});

/// <summary>Entry point holder.</summary>
public partial class Program;
