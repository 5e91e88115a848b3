using System;
using System.Diagnostics.CodeAnalysis;

namespace Mptcp.Codec.Tcp;

/// <summary>
/// Walks a TCP option block (the octets between the 20-octet fixed header and the data offset):
/// EOL ends it, NOP is one octet, every other kind is skipped by its length octet. A length below 2 or
/// past the block ends the walk with <see cref="MptcpStatus.MalformedTcpOption"/> or <see cref="MptcpStatus.Truncated"/>
/// in <see cref="Error"/>. It allocates nothing.
/// </summary>
/// <example>
/// Walk a local, then look at <see cref="Error"/>: a malformed block is never dropped silently.
/// <code>
/// var walker = TcpOptionWalker.MptcpOptions(block);
/// foreach (TcpOption option in walker) { … }      // or: while (walker.MoveNext()) { … walker.Current … }
/// if (!walker.Error.IsOk) { … walker.Error.Offset … }
/// </code>
/// </example>
public ref struct TcpOptionWalker
{
    private readonly ReadOnlySpan<byte> _block;
    private readonly bool _mptcpOnly;
    private WalkState _state;
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
        _state = default;
        _current = default;
    }

    /// <summary>Walks only the MPTCP options (kind 30) of <paramref name="optionBlock"/>.</summary>
    public static TcpOptionWalker MptcpOptions(ReadOnlySpan<byte> optionBlock) => new(optionBlock, mptcpOnly: true);

    /// <summary>Why the walk stopped early, if it did (offset of the malformed option within the block).</summary>
    public readonly MptcpError Error => _state.Error;

    /// <summary>True when the walk reached EOL or the end of the block without a malformed option.</summary>
    public readonly bool Completed => _state.Error.IsOk && _state.Next >= _block.Length;

    /// <summary>The current option.</summary>
    public readonly TcpOption Current => _current;

    /// <summary>
    /// For <c>foreach</c> over this walker (a local variable): the loop advances this walker's own position, not a
    /// copy's, so <see cref="Error"/> tells afterwards whether the block was walked to its end.
    /// </summary>
    [UnscopedRef]
    public Enumerator GetEnumerator() => new(_block, _mptcpOnly, ref _state);

    /// <summary>Advances to the next option (of kind 30 only, for <see cref="MptcpOptions"/>).</summary>
    public bool MoveNext() => Advance(_block, _mptcpOnly, ref _state, out _current);

    /// <summary>The <c>foreach</c> enumerator of a <see cref="TcpOptionWalker"/>: it moves the walker's position.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _block;
        private readonly bool _mptcpOnly;
        private readonly ref WalkState _state;
        private TcpOption _current;

        internal Enumerator(ReadOnlySpan<byte> block, bool mptcpOnly, ref WalkState state)
        {
            _block = block;
            _mptcpOnly = mptcpOnly;
            _state = ref state;
            _current = default;
        }

        /// <summary>The current option.</summary>
        public readonly TcpOption Current => _current;

        /// <summary>Advances to the next option.</summary>
        public bool MoveNext() => Advance(_block, _mptcpOnly, ref _state, out _current);
    }

    // Where a walk is, and why it stopped if it did.
    internal struct WalkState
    {
        public int Next;
        public MptcpError Error;
    }

    private static bool Advance(ReadOnlySpan<byte> block, bool mptcpOnly, scoped ref WalkState state, out TcpOption current)
    {
        current = default;
        while (state.Next < block.Length)
        {
            int offset = state.Next;
            byte kind = block[offset];
            if (kind == 0)
            {
                state.Next = block.Length; // EOL: the rest is padding.
                if (mptcpOnly)
                {
                    return false;
                }

                current = new TcpOption(kind, offset, block.Slice(offset, 1));
                return true;
            }

            int length = 1;
            if (kind != 1)
            {
                if (offset + 1 >= block.Length)
                {
                    return Fail(ref state, block.Length, offset, MptcpStatus.Truncated);
                }

                length = block[offset + 1];
                if (length < 2)
                {
                    return Fail(ref state, block.Length, offset, MptcpStatus.MalformedTcpOption);
                }

                if (length > block.Length - offset)
                {
                    return Fail(ref state, block.Length, offset, MptcpStatus.Truncated);
                }
            }

            state.Next = offset + length;
            if (!mptcpOnly || kind == MptcpConstants.Kind)
            {
                current = new TcpOption(kind, offset, block.Slice(offset, length));
                return true;
            }
        }

        return false;
    }

    private static bool Fail(ref WalkState state, int end, int offset, MptcpStatus status)
    {
        state.Error = new MptcpError(status, offset);
        state.Next = end;
        return false;
    }
}
