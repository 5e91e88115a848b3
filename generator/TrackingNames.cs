namespace Mptcp.Codec.Generator;

/// <summary>Names of the pipeline steps, so tests can prove they are cached.</summary>
public static class TrackingNames
{
    /// <summary>Option structs parsed into specs and diagnostics.</summary>
    public const string ParseResults = nameof(ParseResults);

    /// <summary>Valid option specs.</summary>
    public const string Specs = nameof(Specs);

    /// <summary>Diagnostics of the option parser.</summary>
    public const string Diagnostics = nameof(Diagnostics);

    /// <summary>Union structs parsed into specs and diagnostics.</summary>
    public const string UnionResults = nameof(UnionResults);

    /// <summary>Valid union specs.</summary>
    public const string Unions = nameof(Unions);

    /// <summary>All specs collected for the union.</summary>
    public const string AllSpecs = nameof(AllSpecs);

    /// <summary>The SDK's union read from the references, for unions that include the built-in options.</summary>
    public const string BuiltIn = nameof(BuiltIn);
}
