using System;

namespace Mptcp.Codec.Tcp;

/// <summary>
/// Walks a TCP option block (the octets between the 20-octet fixed header and the data offset):
/// EOL ends it, NOP is one octet, every other kind is skipped by its length octet. A length below 2 or
/// past the block ends the walk with <see cref="MptcpStatus.MalformedTcpOption"/> in <see cref="Error"/>.
/// Use it with <c>foreach</c>; it allocates nothing.
/// </summary>
public ref struct TcpOptionWalker
{
    private readonly ReadOnlySpan<byte> _block;
    private readonly bool _mptcpOnly;
    private int _next;
    private TcpOption _current;

    /// <summary>Walks every option of <paramref name="optionBlock"/>.</summary>
    public TcpOptionWalker(ReadOnlySpan<byte> optionBlock)
        : this(optionBlock, mptcpOnly: false)
    {
    }

    private TcpOptionWalker(ReadOnlySpan<byte> optionBlock, bool mptcpOnly)
    {
        _block = optionBlock;
        _mptcpOnly = mptcpOnly;
        _next = 0;
        _current = default;
        Error = MptcpError.None;
    }

    /// <summary>Walks only the MPTCP options (kind 30) of <paramref name="optionBlock"/>.</summary>
    public static TcpOptionWalker MptcpOptions(ReadOnlySpan<byte> optionBlock) => new(optionBlock, mptcpOnly: true);

    /// <summary>Why the walk stopped early, if it did (offset of the malformed option within the block).</summary>
    public MptcpError Error { get; private set; }

    /// <summary>True when the walk reached EOL or the end of the block without a malformed option.</summary>
    public readonly bool Completed => Error.IsOk && _next >= _block.Length;

    /// <summary>The current option.</summary>
    public readonly TcpOption Current => _current;

    /// <summary>For <c>foreach</c>.</summary>
    public readonly TcpOptionWalker GetEnumerator() => this;

    /// <summary>Advances to the next option (of kind 30 only, for <see cref="MptcpOptions"/>).</summary>
    public bool MoveNext()
    {
        while (_next < _block.Length)
        {
            int offset = _next;
            byte kind = _block[offset];
            if (kind == 0)
            {
                _next = _block.Length; // EOL: the rest is padding.
                if (_mptcpOnly)
                {
                    return false;
                }

                _current = new TcpOption(kind, offset, _block.Slice(offset, 1));
                return true;
            }

            int length = 1;
            if (kind != 1)
            {
                if (offset + 1 >= _block.Length)
                {
                    return Fail(offset, MptcpStatus.Truncated);
                }

                length = _block[offset + 1];
                if (length < 2)
                {
                    return Fail(offset, MptcpStatus.MalformedTcpOption);
                }

                if (length > _block.Length - offset)
                {
                    return Fail(offset, MptcpStatus.Truncated);
                }
            }

            _next = offset + length;
            if (!_mptcpOnly || kind == MptcpConstants.Kind)
            {
                _current = new TcpOption(kind, offset, _block.Slice(offset, length));
                return true;
            }
        }

        return false;
    }

    private bool Fail(int offset, MptcpStatus status)
    {
        Error = new MptcpError(status, offset);
        _next = _block.Length;
        return false;
    }
}
