using System;
using System.IO;

namespace Mptcp.Codec.Tests.Support;

/// <summary>Paths of the sample captures and of tcpdump's test captures (vendored in tests/data/tcpdump-tests).</summary>
internal static class Samples
{
    public static readonly string Root = FindRoot();

    public static string Capture(string name) => Path.Combine(Root, "samples", "captures", name);

    public static string TcpdumpTests => Path.Combine(Root, "tests", "data", "tcpdump-tests");

    private static string FindRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "Mptcp.Codec.sln")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException("Mptcp.Codec.sln not found above " + AppContext.BaseDirectory);
    }
}
