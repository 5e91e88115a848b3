namespace Mptcp.Codec.Generator.Model;

/// <summary>The struct that becomes the tagged union and dispatcher of every option of the compilation.</summary>
internal sealed record UnionSpec(string Namespace, string TypeName, LocationInfo? Location);
