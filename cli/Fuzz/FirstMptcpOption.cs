using System;

namespace Mptcp.Codec.Cli.Fuzz;

/// <summary>
/// The subtype of a block's first MPTCP option, found as a lenient receiver finds it: options skipped by their length
/// octets, the walk stopped at EOL or at a length that cannot be followed. It names a case's kind whatever the
/// SDK's verdict on the block is.
/// </summary>
internal static class FirstMptcpOption
{
    /// <summary>No MPTCP option before EOL or a broken length.</summary>
    public const int None = -1;

    /// <summary>An MPTCP option too short to hold its subtype octet.</summary>
    public const int Cut = -2;

    /// <summary>The subtype nibble (0 to 15), <see cref="None"/> or <see cref="Cut"/>.</summary>
    public static int Subtype(ReadOnlySpan<byte> block)
    {
        int at = 0;
        while (at < block.Length && block[at] != MptcpConstants.Kind)
        {
            if (block[at] == 0 || (block[at] != 1 && (at + 1 >= block.Length || block[at + 1] < 2)))
            {
                return None;
            }

            at += block[at] == 1 ? 1 : block[at + 1];
        }

        return at >= block.Length ? None : block.Length - at < 3 ? Cut : block[at + 2] >> 4;
    }
}
