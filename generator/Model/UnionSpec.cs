namespace Mptcp.Codec.Generator.Model;

/// <summary>The struct that becomes the tagged union and dispatcher of every option of the compilation.</summary>
/// <param name="IsSdkUnion">True for the SDK's own union (declared in the Mptcp.Codec assembly): every option it holds is built in.</param>
/// <param name="IncludeBuiltIn">True when the union also holds the SDK's union (<c>[MptcpOptionUnion(IncludeBuiltIn = true)]</c>).</param>
internal sealed record UnionSpec(string Namespace, string TypeName, bool IsSdkUnion, bool IncludeBuiltIn)
{
    public string FullName => Namespace.Length == 0 ? "global::" + TypeName : "global::" + Namespace + "." + TypeName;
}

/// <summary>
/// The SDK's union as a referenced assembly declares it, for a union with <c>IncludeBuiltIn</c>: its type and the
/// options it holds, each with its kind's name and value (kept, so that both unions number a built-in option alike).
/// </summary>
internal sealed record BuiltInSet(string UnionFullName, EquatableArray<BuiltInOption> Options);

/// <summary>One option of the SDK's union.</summary>
internal sealed record BuiltInOption(string FullName, string KindName, int KindValue);
