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
/// Every input that made a fuzz campaign fail (fuzz/crashes/TARGET/*, kept by fuzz/run.sh) goes through the same SDK
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

        byte[] input = File.ReadAllBytes(Path.Combine(Crashes, target, name));
        switch (target)
        {
            case "decode":
                Decode(input);
                break;
            case "walk":
                Walk(input);
                break;
            case "pcap":
                Pcap(input);
                break;
            case "craft":
                Craft(input);
                break;
            case "roundtrip":
                RoundTrip(input);
                break;
            default:
                Assert.Fail($"fuzz/crashes/{target}: no such target");
                break;
        }
    }

    private static bool IsInput(string path) =>
        !Path.GetFileName(path).StartsWith('.') && Path.GetExtension(path) is not (".md" or ".txt");

    private static void Decode(ReadOnlySpan<byte> input)
    {
        bool ok = MptcpOption.TryRead(input, out MptcpOption option, out MptcpError error);
        _ = error.Describe();
        if (!ok)
        {
            Assert.NotEqual(MptcpStatus.Ok, error.Status);
            Assert.Equal(MptcpOptionKind.None, option.Kind);
            Assert.InRange(error.Offset, 0, input.Length);
            return;
        }

        Assert.Equal(input[1], option.GetEncodedLength());
        Assert.Equal(MptcpStatus.Ok, option.Validate());
        Assert.True(MptcpOption.TryRead(input[..input[1]], out MptcpOption exact, out _) && exact == option);
    }

    private static void Walk(ReadOnlySpan<byte> input)
    {
        var walker = new TcpOptionWalker(input);
        int end = 0;
        while (walker.MoveNext())
        {
            TcpOption option = walker.Current;
            Assert.Equal(end, option.Offset);
            Assert.Equal(input[option.Offset], option.Kind);
            end = option.Offset + option.Bytes.Length;
            Assert.InRange(end, 1, input.Length);
            if (option.IsMptcp)
            {
                Decode(option.Bytes);
            }
        }

        Assert.True(walker.Error.IsOk ? walker.Completed : walker.Error.Offset == end, $"walk stopped at {end}: {walker.Error}");
    }

    private static void Pcap(byte[] input)
    {
        CaptureRead read = CaptureModel.ReadAndAnalyze(input);
        Assert.Null(CaptureModel.Disagreement(input, read));
    }

    private static void Craft(byte[] input)
    {
        if (!MptcpTextParser.TryParse(Encoding.UTF8.GetString(input), out MptcpOption option, out string? error))
        {
            Assert.False(string.IsNullOrEmpty(error));
            return;
        }

        Span<byte> buffer = stackalloc byte[MptcpConstants.MaxTcpOptionSpace];
        Assert.Equal(MptcpStatus.Ok, option.Write(buffer, out int written));
        Assert.True(MptcpOption.TryRead(buffer[..written], out MptcpOption decoded, out _));
        Assert.Equal(option, decoded);
    }

    private static void RoundTrip(ReadOnlySpan<byte> input)
    {
        if (!MptcpOption.TryRead(input, out MptcpOption first, out _))
        {
            return;
        }

        Span<byte> buffer = stackalloc byte[MptcpConstants.MaxTcpOptionSpace];
        Assert.Equal(MptcpStatus.Ok, first.Write(buffer, out int written));
        Assert.Equal(input[1], written);
        byte[] mask = CaptureModel.ReservedMask(first.Kind);
        for (int i = 0; i < written; i++)
        {
            Assert.Equal(input[i] & ~mask[i] & 0xFF, buffer[i]);
        }

        Assert.True(MptcpOption.TryRead(buffer[..written], out MptcpOption second, out _));
        Assert.Equal(first, second);
    }
}
