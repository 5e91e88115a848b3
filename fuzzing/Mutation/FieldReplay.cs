using System;
using System.Collections.Generic;
using Mptcp.Codec.Fuzzing.Generation;
using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Fuzzing.Mutation;

// An option's values as its Accept shows them, to be given back to Fill with one of them changed.
internal sealed class FieldRecord : IMptcpFieldVisitor
{
    public readonly List<string> Names = [];
    public readonly Dictionary<string, ulong> Numbers = [];
    public readonly Dictionary<string, MptcpAddress> Addresses = [];
    public readonly Dictionary<string, byte[]> OctetValues = [];

    public void Flag(string name, bool value) => Add(name, value ? 1UL : 0);

    public void Number(string name, ulong value, int octets) => Add(name, value);

    public void Octets(string name, scoped ReadOnlySpan<byte> value)
    {
        Names.Add(name);
        OctetValues[name] = value.ToArray();
    }

    public void Address(string name, MptcpAddress value)
    {
        Names.Add(name);
        Addresses[name] = value;
    }

    private void Add(string name, ulong value)
    {
        Names.Add(name);
        Numbers[name] = value;
    }
}

// Gives Fill the recorded values back, except the one named Target, which gets an edge value (a
// flag is flipped); a field the record lacks (it appears because a flag was flipped) gets an edge value too.
internal readonly struct ReplaySource(FieldRecord record, string target, Random random) : IMptcpFieldSource
{
    public string Target => target;

    public bool Flag(string name)
    {
        bool recorded = record.Numbers.TryGetValue(name, out ulong value) ? value != 0
            : name.StartsWith("Has", StringComparison.Ordinal) && record.Names.Contains(name[3..]);
        return name == target ? !recorded : recorded;
    }

    public ulong Number(string name, int bits) =>
        name != target && record.Numbers.TryGetValue(name, out ulong value) ? value : EdgeValueSource.Edge(random, bits);

    public MptcpAddress Address(string name) =>
        name != target && record.Addresses.TryGetValue(name, out MptcpAddress value) ? value : new EdgeValueSource(random).Address(name);

    public int Count(string name, int min, int max) =>
        name != target && record.OctetValues.TryGetValue(name, out byte[]? value) ? Math.Clamp(value.Length, min, max) : new EdgeValueSource(random).Count(name, min, max);

    public void Octets(string name, scoped Span<byte> destination)
    {
        if (name != target && record.OctetValues.TryGetValue(name, out byte[]? value))
        {
            int copied = Math.Min(value.Length, destination.Length);
            value.AsSpan(0, copied).CopyTo(destination);
            random.NextBytes(destination[copied..]);
            return;
        }

        new EdgeValueSource(random).Octets(name, destination);
    }
}
