using System;

namespace Mptcp.Codec.Schema;

/// <summary>
/// Marks a partial struct that the generator turns into a tagged union of every
/// <see cref="MptcpOptionAttribute"/> struct of the compilation, with a dispatching reader and writer
/// (<see cref="IMptcpOptionSet{TSelf}"/>).
/// </summary>
/// <example>
/// A union of the SDK's options of RFC 6824 and RFC 8684 and of one's own (an experimental option on subtype 0xF):
/// <code>
/// [MptcpOptionUnion(IncludeBuiltIn = true)]
/// public partial struct MyOptions { }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Struct, Inherited = false)]
public sealed class MptcpOptionUnionAttribute : Attribute
{
    /// <summary>
    /// When true, the union also holds every option of the SDK's own union (<c>Mptcp.Codec.Options.MptcpOption</c>,
    /// from the referenced <c>Mptcp.Codec</c> package). The compilation's own options are tried first for their
    /// subtypes; an option that none of them matches by length or header bits is read by the SDK's union.
    /// </summary>
    public bool IncludeBuiltIn { get; set; }
}
