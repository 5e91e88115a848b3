using System;
using System.IO;
using System.Linq;
using System.Text;
using Mptcp.Codec.Format.Text;
using Mptcp.Codec.Options;
using Mptcp.Codec.Tcp;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Properties;

/// <summary>
/// Every input that made a fuzz campaign fail or hang (fuzz/crashes/TARGET/*, kept by fuzz/run.sh) goes through the same SDK
/// calls and invariants as its target in fuzz/Targets.cs, written out here (the test project does not build the fuzz
/// project). A failure here is the bug the campaign found, until the SDK is fixed.
/// </summary>
public sealed class FuzzRegressionTests
{
    private static readonly string Crashes = Path.Combine(Samples.Root, "fuzz", "crashes");

    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        if (Directory.Exists(Crashes))
        {
            foreach (string directory in Directory.GetDirectories(Crashes).Order(StringComparer.Ordinal))
            {
                foreach (string file in Directory.GetFiles(directory).Where(IsInput).Order(StringComparer.Ordinal))
                {
                    data.Add(Path.GetFileName(directory), Path.GetFileName(file));
                }
            }
        }

        if (data.Count == 0)
        {
            data.Add("none", string.Empty); // a theory needs a row; this one checks that nothing is left unread
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void CrashingInputNoLongerFails(string target, string name)
    {
        if (target == "none")
        {
            Assert.False(Directory.Exists(Crashes) && Directory.EnumerateFiles(Crashes, "*", SearchOption.AllDirectories).Any(IsInput));
            return;
        }

        // The fuzz project's own target code (linked into this assembly), so a replay is exactly the campaign's call;
        // some inputs were hangs, so the replay has a time limit that fails it.
        byte[] input = File.ReadAllBytes(Path.Combine(Crashes, target, name));
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? thrown = null;
        var replay = new System.Threading.Thread(() =>
        {
            try
            {
                Mptcp.Codec.Fuzz.Targets.Run(target, input);
            }
            catch (Exception e)
            {
                thrown = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            }
        })
        { IsBackground = true };
        replay.Start();
        Assert.True(replay.Join(TimeSpan.FromSeconds(30)), $"{target}/{name} did not end within 30 s");
        thrown?.Throw();
    }

    private static bool IsInput(string path) =>
        !Path.GetFileName(path).StartsWith('.') && Path.GetExtension(path) is not (".md" or ".txt");
}
