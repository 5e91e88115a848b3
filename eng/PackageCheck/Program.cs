using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Mptcp.Codec.PackageCheck;

// eng/PackageCheck FOLDER [MAX_TOOL_MB]: every check of every package in FOLDER, one line per finding; exit 1 on any.
if (args.Length < 1 || !Directory.Exists(args[0]))
{
    Console.Error.WriteLine("usage: PackageCheck FOLDER [MAX_TOOL_MB]");
    return 2;
}

long maxToolOctets = (args.Length > 1 ? long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 30) << 20;
var findings = new List<string>();
foreach (string path in Directory.GetFiles(args[0], "*.nupkg").Order(StringComparer.Ordinal))
{
    using ZipArchive package = ZipFile.OpenRead(path);
    var nuspec = Nuspec.Read(package);
    string name = Path.GetFileName(path);
    if (nuspec.IsTool)
    {
        long size = new FileInfo(path).Length;
        Console.WriteLine($"{name}: tool package, {size / 1048576.0:0.0} MB");
        if (size > maxToolOctets)
        {
            findings.Add($"{name}: {size / 1048576.0:0.0} MB, over {maxToolOctets >> 20} MB");
        }

        // A platform's package carries its symbols (PDBs, or Native AOT's .dbg); the pointer package has no code.
        bool code = package.Entries.Any(e => e.FullName.StartsWith("tools/", StringComparison.Ordinal) && e.FullName.EndsWith(".dll", StringComparison.Ordinal) || e.Name == "mptcp-dump");
        if (code && !package.Entries.Any(e => e.FullName.EndsWith(".pdb", StringComparison.Ordinal) || e.FullName.EndsWith(".dbg", StringComparison.Ordinal)))
        {
            findings.Add($"{name}: no symbols in the package");
        }

        continue;
    }

    findings.AddRange(nuspec.LooseInternalDependencies().Select(d => $"{name}: depends on {d.Id} {d.Version}, not exactly the version it was built with"));
    findings.AddRange(PublicDocs.Check(package).Select(f => $"{name}: {f}"));
    string symbols = Path.ChangeExtension(path, ".snupkg");
    if (File.Exists(symbols))
    {
        using ZipArchive snupkg = ZipFile.OpenRead(symbols);
        findings.AddRange(PdbPaths.Check(snupkg).Select(f => $"{Path.GetFileName(symbols)}: {f}"));
    }
    else
    {
        findings.Add($"{name}: no symbol package beside it");
    }

    Console.WriteLine($"{name}: checked (dependencies, XML docs, PDB paths)");
}

foreach (string finding in findings)
{
    Console.Error.WriteLine(finding);
}

return findings.Count == 0 ? 0 : 1;
