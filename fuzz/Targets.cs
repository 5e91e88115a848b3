using System;
using Mptcp.Codec;
using Mptcp.Codec.Options;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Fuzz;

/// <summary>The fuzz targets: each must never throw on any input; a broken invariant throws on purpose.</summary>
public static class Targets
{
    /// <summary>Runs one target on one input.</summary>
    public static void Run(string target, ReadOnlySpan<byte> input)
    {
        switch (target)
        {
            case "decode":
                Decode(input);
                break;
            case "walk":
                Walk(input);
                break;
            case "roundtrip":
                RoundTrip(input);
                break;
            default:
                throw new ArgumentException($"unknown target {target}");
        }
    }

    private static void Decode(ReadOnlySpan<byte> input) => MptcpOption.TryRead(input, out _, out _);

    private static void Walk(ReadOnlySpan<byte> input)
    {
        foreach (TcpOption option in TcpOptionWalker.MptcpOptions(input))
        {
            MptcpOption.TryRead(option.Bytes, out _, out _);
        }
    }

    // decode → encode → decode gives the same value; the bytes equal the input but for reserved bits.
    private static void RoundTrip(ReadOnlySpan<byte> input)
    {
        if (!MptcpOption.TryRead(input, out MptcpOption first, out _))
        {
            return;
        }

        Span<byte> buffer = stackalloc byte[MptcpConstants.MaxTcpOptionSpace];
        if (first.Write(buffer, out int written) != MptcpStatus.Ok)
        {
            throw new InvalidOperationException($"decoded {first} but cannot re-encode it: {first.Validate()}");
        }

        if (written != input[1] || !MptcpOption.TryRead(buffer[..written], out MptcpOption second, out _) || second != first)
        {
            throw new InvalidOperationException($"round trip changed {first}");
        }
    }
}
