using System;

namespace Mptcp.Codec.Schema;

/// <summary>
/// A header bit field that states the IP version of an address field: 4 for IPv4, 6 for IPv6 (RFC 6824's
/// ADD_ADDR IPVer). The reader answers <see cref="MptcpStatus.BadLength"/> when the option's length gives the
/// address the other width; <c>Validate()</c> answers <see cref="MptcpStatus.InconsistentFields"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false)]
public sealed class IPVersionOfAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="address">The name of the <see cref="MptcpAddress"/> field of the same option.</param>
    public IPVersionOfAttribute(string address) => Address = address;

    /// <summary>The address field whose version this is.</summary>
    public string Address { get; }
}
