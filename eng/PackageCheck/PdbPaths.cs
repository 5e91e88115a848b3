using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;

namespace Mptcp.Codec.PackageCheck;

/// <summary>The source paths in a symbol package's PDBs: each must be deterministic (<c>/_/…</c>), never a build machine's folder.</summary>
internal static class PdbPaths
{
    public static IEnumerable<string> Check(ZipArchive symbols)
    {
        foreach (ZipArchiveEntry entry in symbols.Entries.Where(e => e.FullName.EndsWith(".pdb", StringComparison.Ordinal)))
        {
            using var copy = new MemoryStream();
            using (Stream stream = entry.Open())
            {
                stream.CopyTo(copy);
            }

            copy.Position = 0;
            using var provider = MetadataReaderProvider.FromPortablePdbStream(copy);
            MetadataReader reader = provider.GetMetadataReader();
            string[] names = [.. reader.Documents.Select(d => reader.GetString(reader.GetDocument(d).Name))];
            string[] absolute = [.. names.Where(n => !n.StartsWith("/_/", StringComparison.Ordinal))];
            if (names.Length == 0)
            {
                yield return $"{entry.FullName}: no source documents";
            }
            else if (absolute.Length > 0)
            {
                yield return $"{entry.FullName}: {absolute.Length} of {names.Length} source paths are not /_/…, e.g. {absolute[0]}";
            }
        }
    }
}
