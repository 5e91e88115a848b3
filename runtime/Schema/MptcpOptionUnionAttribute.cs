using System;

namespace Mptcp.Codec.Schema;

/// <summary>
/// Marks a partial struct that the generator turns into a tagged union of every
/// <see cref="MptcpOptionAttribute"/> struct of the compilation, with a dispatching reader and writer.
/// </summary>
[AttributeUsage(AttributeTargets.Struct, Inherited = false)]
public sealed class MptcpOptionUnionAttribute : Attribute
{
}
