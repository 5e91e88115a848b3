using System;
using System.IO;

namespace Mptcp.Codec.Tests.Support;

/// <summary>The repository the tests run from: the folder above the test assembly that holds Mptcp.Codec.sln.</summary>
internal static class Repository
{
    public static readonly string Root = FindRoot();

    /// <summary>A path below the root, e.g. <c>Path("samples", "peer")</c>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = System.IO.Path.GetDirectoryName(dir))
        {
            if (File.Exists(System.IO.Path.Combine(dir, "Mptcp.Codec.sln")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException("Mptcp.Codec.sln not found above " + AppContext.BaseDirectory);
    }
}
