using System;
using System.IO;
using System.Threading.Tasks;
using Mptcp.Codec.Peer.Packetdrill.Run;
using Mptcp.Codec.Peer.Packetdrill.Syntax;

namespace Mptcp.Codec.Live.Tests;

// One packetdrill script run in a namespace of its own, failed by the test if it does not end within 60 s.
internal static class PacketdrillRuns
{
    public static RunOutcome Run(string text, RunSettings? settings = null, string? folder = null)
    {
        PacketdrillScript script = ScriptParser.Parse(text);
        Task<RunOutcome> run = Task.Run(() => new ScriptRun(script, settings ?? new RunSettings { ToleranceMicroseconds = 100_000 }, folder ?? Path.GetTempPath()).Run());
        Assert.True(run.Wait(TimeSpan.FromSeconds(60)), "the run did not end within 60 s");
        return run.Result;
    }
}
