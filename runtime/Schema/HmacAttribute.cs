using System;

namespace Mptcp.Codec.Schema;

/// <summary>
/// Marks a 64-bit field as the truncated HMAC-SHA256 of other fields of the same option (the v1 ADD_ADDR
/// HMAC covers Address ID, Address and Port). The generator emits <c>ComputeHmac</c> and <c>VerifyHmac</c>:
/// the covered fields in the given order, an absent optional field as zeros, keyed by the sender's key then
/// the receiver's, keeping the rightmost 64 bits.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false)]
public sealed class HmacAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="covers">The names of the covered fields, in message order.</param>
    public HmacAttribute(params string[] covers) => Covers = covers;

    /// <summary>The names of the covered fields, in message order.</summary>
    public string[] Covers { get; }
}
