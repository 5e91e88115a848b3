using System;
using System.Collections.Generic;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;

namespace Mptcp.Codec.PackageCheck;

/// <summary>A package's manifest: its id, version, whether it is a .NET tool (the pointer package or a platform's), and its dependencies.</summary>
internal sealed record Nuspec(string Id, string Version, bool IsTool, IReadOnlyList<(string Id, string Version)> Dependencies)
{
    public static Nuspec Read(ZipArchive package)
    {
        ZipArchiveEntry entry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/', StringComparison.Ordinal));
        using var stream = entry.Open();
        XElement metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Value(string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value ?? string.Empty;
        bool tool = metadata.Descendants().Any(e => e.Name.LocalName == "packageType" && ((string?)e.Attribute("name") ?? string.Empty).StartsWith("DotnetTool", StringComparison.Ordinal));
        var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => ((string)e.Attribute("id")!, (string?)e.Attribute("version") ?? string.Empty)).ToList();
        return new Nuspec(Value("id"), Value("version"), tool, dependencies);
    }

    /// <summary>
    /// Dependencies on the SDK's own packages that are not pinned to one exact version (<c>[0.1.0]</c>): the version
    /// this one was built with (a preview package, such as the peer's, depends on the stable ones of its build).
    /// </summary>
    public IEnumerable<(string Id, string Version)> LooseInternalDependencies() =>
        Dependencies.Where(d => d.Id.StartsWith("Mptcp.Codec", StringComparison.Ordinal)
            && !(d.Version.StartsWith('[') && d.Version.EndsWith(']') && !d.Version.Contains(',', StringComparison.Ordinal) && Version.StartsWith(d.Version[1..^1], StringComparison.Ordinal)));
}
