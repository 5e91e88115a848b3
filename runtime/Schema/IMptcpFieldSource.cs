using System;

namespace Mptcp.Codec.Schema;

/// <summary>
/// Gives the values of one option to its generated <c>Fill</c> method, the inverse of <see cref="IMptcpFieldVisitor"/>:
/// every header bit field, then every field the option's flags and presence members leave in, in wire order. A
/// fuzzer's generator is one; a struct source passed by <c>ref</c> is called without boxing.
/// </summary>
/// <remarks>
/// Names are the schema's member names; a presence member is asked by its own name (<c>HasChecksum</c>). The schema's
/// own rules are kept by <c>Fill</c> (a field left out by its flag is not asked for; an IP version follows its
/// address); whether the values make a valid option (a range, a combination of lengths) is <c>Validate</c>'s answer.
/// </remarks>
public interface IMptcpFieldSource
{
    /// <summary>A one-bit header field, or whether a field the option's length implies is present.</summary>
    bool Flag(string name);

    /// <summary>A number of <paramref name="bits"/> bits (a header bit field, or a field of 1, 2, 4 or 8 octets); higher bits are dropped.</summary>
    ulong Number(string name, int bits);

    /// <summary>An IPv4 or IPv6 address, as the source chooses.</summary>
    MptcpAddress Address(string name);

    /// <summary>How many octets a list holds, from <paramref name="min"/> to <paramref name="max"/>.</summary>
    int Count(string name, int min, int max);

    /// <summary>Fills <paramref name="destination"/>: an HMAC of 20 octets, or a list of the length <see cref="Count"/> gave.</summary>
    void Octets(string name, scoped Span<byte> destination);
}
