using Mptcp.Codec.Generator.Model;

namespace Mptcp.Codec.Generator;

public sealed partial class MptcpOptionGenerator
{
    internal static partial class Emitter
    {
        internal const string Visitor = Codec + "Schema.IMptcpFieldVisitor";

        /// <summary>
        /// <c>Accept</c>: every header bit field, then every present field, in wire order, to a visitor. The text and
        /// JSON of an option that has no hand-written form (a user's own) are derived from it.
        /// </summary>
        private static void EmitAccept(SourceWriter w, OptionSpec spec)
        {
            w.Line("/// <summary>Shows every header bit field, then every field present, in wire order, to <paramref name=\"visitor\"/>.</summary>")
             .Line("/// <param name=\"visitor\">Receives the values; a struct visitor is called without boxing.</param>")
             .Open($"public readonly void Accept<TVisitor>(ref TVisitor visitor) where TVisitor : {Visitor}, allows ref struct");
            foreach (BitFieldSpec bit in spec.Bits)
            {
                w.Line(bit.Type == MemberType.Boolean
                    ? $"visitor.Flag(\"{bit.Name}\", {bit.Name});"
                    : $"visitor.Number(\"{bit.Name}\", (ulong){bit.Name}, 1);");
            }

            foreach (FieldSpec field in spec.Fields)
            {
                string? present = PresenceCondition(field);
                string visit = field.Type switch
                {
                    MemberType.Address => $"visitor.Address(\"{field.Name}\", {field.Name});",
                    MemberType.Octets20 or MemberType.OctetList => $"{{ var octets = {field.Name}; visitor.Octets(\"{field.Name}\", octets.AsSpan()); }}",
                    _ => $"visitor.Number(\"{field.Name}\", (ulong){field.Name}, {ReadWidth(field with { When = null }, string.Empty)});",
                };
                w.Line(present is null ? visit : $"if ({present}) {visit}");
            }

            w.Close();
        }
    }
}
