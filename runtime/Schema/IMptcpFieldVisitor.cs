using System;

namespace Mptcp.Codec.Schema;

/// <summary>
/// Receives the values of one decoded option, in wire order, from its generated <c>Accept</c> method: every header bit
/// field, then every field that is present. A struct visitor passed by <c>ref</c> is called without boxing.
/// </summary>
/// <remarks>
/// Names are the schema's member names (<c>DataAck</c>, <c>AddressId</c>). A field whose presence flag or length
/// says "absent" is not visited, so what a visitor sees is exactly what the option's octets hold.
/// </remarks>
public interface IMptcpFieldVisitor
{
    /// <summary>A one-bit header field.</summary>
    void Flag(string name, bool value);

    /// <summary>A number: a header bit field of several bits, or a field of <paramref name="octets"/> octets (1, 2, 4 or 8).</summary>
    void Number(string name, ulong value, int octets);

    /// <summary>Octets held as such: an HMAC of 20 octets, or a list (address IDs, experimental data).</summary>
    void Octets(string name, scoped ReadOnlySpan<byte> value);

    /// <summary>An IPv4 or IPv6 address.</summary>
    void Address(string name, MptcpAddress value);
}
