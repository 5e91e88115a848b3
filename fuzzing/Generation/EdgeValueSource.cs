using System;
using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Fuzzing.Generation;

/// <summary>
/// Values at the edges, drawn from a <see cref="Random"/>: a number is 0, 1, its largest, one below it, its top bit
/// alone, or anything (each about as often); a flag either way; an address IPv4 or IPv6, unspecified, all ones or
/// anything; a list at its shortest, its longest or between. The same seed gives the same values.
/// </summary>
/// <param name="random">Where the choices come from.</param>
public readonly struct EdgeValueSource(Random random) : IMptcpFieldSource
{
    private readonly Random _random = random ?? throw new ArgumentNullException(nameof(random));

    /// <inheritdoc/>
    public bool Flag(string name) => _random.Next(2) == 1;

    /// <inheritdoc/>
    public ulong Number(string name, int bits) => Edge(_random, bits);

    /// <inheritdoc/>
    public MptcpAddress Address(string name)
    {
        bool v6 = _random.Next(2) == 1;
        int pick = _random.Next(4);
        if (!v6)
        {
            return MptcpAddress.FromIPv4(pick switch { 0 => 0u, 1 => uint.MaxValue, _ => (uint)Edge(_random, 32) });
        }

        return MptcpAddress.FromIPv6(pick switch
        {
            0 => UInt128.Zero,
            1 => UInt128.MaxValue,
            _ => new UInt128(Edge(_random, 64), Edge(_random, 64)),
        });
    }

    /// <inheritdoc/>
    public int Count(string name, int min, int max) => _random.Next(3) switch
    {
        0 => min,
        1 => max,
        _ => _random.Next(min, max + 1),
    };

    /// <inheritdoc/>
    public void Octets(string name, scoped Span<byte> destination)
    {
        switch (_random.Next(4))
        {
            case 0: destination.Clear(); break;
            case 1: destination.Fill(0xFF); break;
            default: _random.NextBytes(destination); break;
        }
    }

    // A number of bits bits at an edge, or anything.
    internal static ulong Edge(Random random, int bits)
    {
        ulong max = bits >= 64 ? ulong.MaxValue : (1UL << bits) - 1;
        return random.Next(6) switch
        {
            0 => 0,
            1 => 1 & max,
            2 => max,
            3 => max - 1,
            4 => 1UL << (Math.Min(bits, 64) - 1),
            _ => ((ulong)random.NextInt64() | ((ulong)random.Next(2) << 63)) & max,
        };
    }
}
