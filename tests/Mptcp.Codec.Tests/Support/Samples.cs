using System;
using System.IO;

namespace Mptcp.Codec.Tests.Support;

/// <summary>Paths of the sample captures and of tcpdump's test captures (vendored in tests/data/tcpdump-tests).</summary>
internal static class Samples
{
    public static readonly string Root = Repository.Root;

    public static string Capture(string name) => Path.Combine(Root, "samples", "captures", name);

    public static string TcpdumpTests => Path.Combine(Root, "tests", "data", "tcpdump-tests");
}
