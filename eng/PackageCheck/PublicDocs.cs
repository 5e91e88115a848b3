using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace Mptcp.Codec.PackageCheck;

/// <summary>
/// The XML documentation beside each assembly of a package lists public surface only: every member it names must be
/// visible outside the assembly (public or protected, in public types). The names are the compiler's documentation
/// ids (<c>T:</c>, <c>M:</c>, <c>P:</c>, <c>F:</c>, <c>E:</c>); a member is found by its type's full name and its own
/// name, so an overload is public if any of that name is.
/// </summary>
internal static class PublicDocs
{
    public static IEnumerable<string> Check(ZipArchive package)
    {
        foreach (ZipArchiveEntry xml in package.Entries.Where(e => e.FullName.StartsWith("lib/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
        {
            ZipArchiveEntry? dll = package.GetEntry(xml.FullName[..^4] + ".dll");
            if (dll is null)
            {
                continue;
            }

            Surface surface = Surface.Read(dll);
            using Stream stream = xml.Open();
            string[] hidden = [.. XDocument.Load(stream).Descendants("member").Select(m => (string)m.Attribute("name")!).Where(id => !surface.IsVisible(id))];
            if (hidden.Length > 0)
            {
                yield return $"{xml.FullName} documents {hidden.Length} members that are not public, e.g. {string.Join(", ", hidden.Take(3))}";
            }
        }
    }

    /// <summary>The types of an assembly by documentation name, with whether each is visible and the names of its visible members.</summary>
    private sealed class Surface(Dictionary<string, (bool Visible, HashSet<string> Members)> types)
    {
        public static Surface Read(ZipArchiveEntry dll)
        {
            using var copy = new MemoryStream();
            using (Stream stream = dll.Open())
            {
                stream.CopyTo(copy);
            }

            copy.Position = 0;
            using var pe = new PEReader(copy);
            MetadataReader reader = pe.GetMetadataReader();
            var types = new Dictionary<string, (bool, HashSet<string>)>(StringComparer.Ordinal);
            foreach (TypeDefinitionHandle handle in reader.TypeDefinitions)
            {
                TypeDefinition type = reader.GetTypeDefinition(handle);
                var members = new HashSet<string>(StringComparer.Ordinal);
                foreach (MethodDefinitionHandle m in type.GetMethods())
                {
                    MethodDefinition method = reader.GetMethodDefinition(m);
                    if (Visible(method.Attributes & MethodAttributes.MemberAccessMask, MethodAttributes.Public, MethodAttributes.Family, MethodAttributes.FamORAssem))
                    {
                        members.Add(reader.GetString(method.Name).Replace('.', '#'));
                    }
                }

                foreach (FieldDefinitionHandle f in type.GetFields())
                {
                    FieldDefinition field = reader.GetFieldDefinition(f);
                    if (Visible(field.Attributes & FieldAttributes.FieldAccessMask, FieldAttributes.Public, FieldAttributes.Family, FieldAttributes.FamORAssem))
                    {
                        members.Add(reader.GetString(field.Name));
                    }
                }

                // A property or event is visible when one of its accessors is.
                foreach (PropertyDefinitionHandle p in type.GetProperties())
                {
                    PropertyDefinition property = reader.GetPropertyDefinition(p);
                    PropertyAccessors accessors = property.GetAccessors();
                    if (new[] { accessors.Getter, accessors.Setter }.Any(a => !a.IsNil && members.Contains(reader.GetString(reader.GetMethodDefinition(a).Name).Replace('.', '#'))))
                    {
                        members.Add(reader.GetString(property.Name).Replace('.', '#'));
                    }
                }

                foreach (EventDefinitionHandle e in type.GetEvents())
                {
                    EventDefinition definition = reader.GetEventDefinition(e);
                    EventAccessors accessors = definition.GetAccessors();
                    if (new[] { accessors.Adder, accessors.Remover }.Any(a => !a.IsNil && members.Contains(reader.GetString(reader.GetMethodDefinition(a).Name).Replace('.', '#'))))
                    {
                        members.Add(reader.GetString(definition.Name));
                    }
                }

                types[Name(reader, type)] = (TypeVisible(reader, type), members);
            }

            return new Surface(types);
        }

        public bool IsVisible(string id)
        {
            string body = id[2..];
            int paren = body.IndexOf('(', StringComparison.Ordinal);
            if (paren >= 0)
            {
                body = body[..paren];
            }

            if (id[0] == 'T')
            {
                return types.TryGetValue(body, out var t) && t.Visible;
            }

            int dot = body.LastIndexOf('.');
            string typeName = body[..dot];
            string member = body[(dot + 1)..];
            int generic = member.IndexOf("``", StringComparison.Ordinal);
            member = generic >= 0 ? member[..generic] : member;
            return types.TryGetValue(typeName, out var type) && type.Visible && type.Members.Contains(member);
        }

        private static bool Visible<T>(T access, params T[] visible) where T : Enum => visible.Contains(access);

        private static bool TypeVisible(MetadataReader reader, TypeDefinition type)
        {
            TypeAttributes visibility = type.Attributes & TypeAttributes.VisibilityMask;
            if (!type.GetDeclaringType().IsNil)
            {
                return visibility is TypeAttributes.NestedPublic or TypeAttributes.NestedFamily or TypeAttributes.NestedFamORAssem
                    && TypeVisible(reader, reader.GetTypeDefinition(type.GetDeclaringType()));
            }

            return visibility == TypeAttributes.Public;
        }

        private static string Name(MetadataReader reader, TypeDefinition type)
        {
            string name = reader.GetString(type.Name);
            if (!type.GetDeclaringType().IsNil)
            {
                return Name(reader, reader.GetTypeDefinition(type.GetDeclaringType())) + "." + name;
            }

            string ns = reader.GetString(type.Namespace);
            return ns.Length == 0 ? name : ns + "." + name;
        }
    }
}
