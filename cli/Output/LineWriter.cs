using System;

namespace Mptcp.Codec.Cli.Output;

/// <summary>
/// Appends a line's pieces to a span: text, decimal numbers, padded numbers. The text listing's formatting went
/// through interpolated-string handlers (a format parse, a culture lookup and a bounds check per hole); this writes
/// the digits directly (benchmarks/RESULTS.md, issue 17). The caller sizes the span for the longest line.
/// </summary>
internal ref struct LineWriter(Span<char> destination)
{
    private readonly Span<char> _destination = destination;

    /// <summary>The characters written so far.</summary>
    public int Length { get; private set; }

    /// <summary>What has been written.</summary>
    public readonly ReadOnlySpan<char> Written => _destination[..Length];

    /// <summary>The room left, for a formatter that writes into it; then <see cref="Advance"/>.</summary>
    public readonly Span<char> Free => _destination[Length..];

    public void Advance(int count) => Length += count;

    public void Append(char value) => _destination[Length++] = value;

    public void Append(scoped ReadOnlySpan<char> text)
    {
        text.CopyTo(_destination[Length..]);
        Length += text.Length;
    }

    /// <summary>A number in decimal, as <c>%u</c> prints it.</summary>
    public void Append(ulong value)
    {
        value.TryFormat(_destination[Length..], out int written, default, System.Globalization.CultureInfo.InvariantCulture);
        Length += written;
    }

    /// <summary>A number in decimal, at least <paramref name="width"/> wide: right-aligned in spaces, or zero-padded.</summary>
    public void Append(ulong value, int width, bool zeros)
    {
        int digits = 1;
        for (ulong rest = value / 10; rest != 0; rest /= 10)
        {
            digits++;
        }

        for (int i = digits; i < width; i++)
        {
            _destination[Length++] = zeros ? '0' : ' ';
        }

        Append(value);
    }
}
