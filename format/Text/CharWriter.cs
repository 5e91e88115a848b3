using System;
using System.Globalization;

namespace Mptcp.Codec.Format.Text;

// Appends text to a span without allocating; remembers whether it ran out of room.
internal ref struct CharWriter
{
    private readonly Span<char> _destination;

    public CharWriter(Span<char> destination)
    {
        _destination = destination;
        Length = 0;
        Overflowed = false;
    }

    public int Length { get; private set; }

    public bool Overflowed { get; private set; }

    public void Append(scoped ReadOnlySpan<char> text)
    {
        if (Overflowed || !text.TryCopyTo(_destination[Length..]))
        {
            Overflowed = true;
            return;
        }

        Length += text.Length;
    }

    public void Append(ulong value) => Formatted(value, default);

    // "0x" then lower-case hex without padding, as tcpdump's %x.
    public void AppendHex(ulong value)
    {
        Append("0x");
        Formatted(value, "x");
    }

    public void AppendHexBytes(scoped ReadOnlySpan<byte> bytes)
    {
        Append("0x");
        foreach (byte b in bytes)
        {
            Formatted(b, "x2");
        }
    }

    public void Append(MptcpAddress address)
    {
        if (Overflowed || !address.TryFormat(_destination[Length..], out int written))
        {
            Overflowed = true;
            return;
        }

        Length += written;
    }

    private void Formatted(ulong value, ReadOnlySpan<char> format)
    {
        if (Overflowed || !value.TryFormat(_destination[Length..], out int written, format, CultureInfo.InvariantCulture))
        {
            Overflowed = true;
            return;
        }

        Length += written;
    }
}
