using System;
using System.Buffers.Binary;
using System.IO.Hashing;

namespace Mptcp.Codec.Capture.Analysis;

/// <summary>A TCP flow whatever its direction: the lower endpoint first. Hashed with XxHash3 for the flow table.</summary>
public readonly struct FlowKey : IEquatable<FlowKey>
{
    private readonly Endpoint _low;
    private readonly Endpoint _high;

    /// <summary>The flow between <paramref name="a"/> and <paramref name="b"/>, in either direction.</summary>
    public FlowKey(Endpoint a, Endpoint b)
    {
        bool ordered = Endpoint.Compare(a, b) <= 0;
        _low = ordered ? a : b;
        _high = ordered ? b : a;
    }

    /// <inheritdoc/>
    public bool Equals(FlowKey other) => _low == other._low && _high == other._high;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is FlowKey other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        Span<byte> bytes = stackalloc byte[2 * (16 + 2)];
        Write(bytes, _low);
        Write(bytes[18..], _high);
        return (int)XxHash3.HashToUInt64(bytes);
    }

    private static void Write(Span<byte> destination, Endpoint endpoint)
    {
        BinaryPrimitives.WriteUInt128BigEndian(destination, endpoint.Address.IsIPv6 ? endpoint.Address.IPv6 : endpoint.Address.IPv4);
        BinaryPrimitives.WriteUInt16BigEndian(destination[16..], endpoint.Port);
    }
}
