using System.Linq;
using Mptcp.Codec.Generator.Model;

namespace Mptcp.Codec.Generator;

public sealed partial class MptcpOptionGenerator
{
    internal static partial class Emitter
    {
        internal const string FieldSource = Codec + "Schema.IMptcpFieldSource";

        /// <summary>
        /// <c>Fill</c>, the inverse of <c>Accept</c>: every header bit field, then every field, asked of a source in wire
        /// order. What the schema decides is not asked: a field that its flag leaves out is not asked for, a trailing field
        /// after an absent one is absent, a presence rule is obeyed, an IP version follows its address. What the schema
        /// leaves to the values (a length combination, a range) is the source's to get right, and <c>Validate</c> tells.
        /// </summary>
        private static void EmitFill(SourceWriter w, OptionSpec spec)
        {
            w.Line("/// <summary>Sets every member from <paramref name=\"source\"/>, asked in wire order; members the schema decides are not asked.</summary>")
             .Line("/// <param name=\"source\">Gives the values (a fuzzer's generator, say); a struct source is called without boxing.</param>")
             .Open($"public void Fill<TSource>(ref TSource source) where TSource : {FieldSource}, allows ref struct")
             .Line("this = default;");
            foreach (BitFieldSpec bit in spec.Bits.Where(b => b.IPVersionOf is null))
            {
                if (bit.Type == MemberType.Boolean)
                {
                    w.Line($"{bit.Name} = source.Flag(\"{bit.Name}\");");
                    continue;
                }

                int bits = 0;
                for (int mask = bit.MaxValue; mask != 0; mask >>= 1)
                {
                    bits++;
                }

                string value = $"(byte)(source.Number(\"{bit.Name}\", {bits}) & 0x{bit.MaxValue:X2})";
                w.Line($"{bit.Name} = {(bit.EnumType is null ? value : $"({bit.EnumType}){value}")};");
            }

            string? previousTrailing = null;
            foreach (FieldSpec field in spec.Fields)
            {
                if (field.HasPresenceProperty)
                {
                    string asked = $"source.Flag(\"{field.PresenceName}\")";
                    string gate = string.Join(" && ", new[] { field.When, field.Presence == PresenceKind.Trailing ? previousTrailing : null, asked }.Where(c => c is not null));
                    w.Line($"{field.PresenceName} = {gate};");
                    foreach (PresenceRule rule in field.Rules)
                    {
                        w.Line($"if ({rule.Member} == {rule.Value}) {field.PresenceName} = {(rule.Present ? "true" : "false")};");
                    }

                    if (field.Presence == PresenceKind.Trailing)
                    {
                        previousTrailing = field.PresenceName;
                    }
                }

                string? present = PresenceCondition(field);
                string set = field.Type switch
                {
                    MemberType.Address => $"{field.Name} = source.Address(\"{field.Name}\");",
                    MemberType.Octets20 => $"{{ {Span} octets = stackalloc byte[20]; source.Octets(\"{field.Name}\", octets); {field.Name} = {Codec}Octets20.From(octets); }}",
                    MemberType.OctetList => $"{{ {Span} octets = stackalloc byte[{Codec}OctetList.Capacity]; octets = octets.Slice(0, source.Count(\"{field.Name}\", {field.MinCount}, global::System.Math.Min({Codec}OctetList.Capacity, {Codec}MptcpConstants.MaxTcpOptionSpace - {spec.HeaderLength}))); source.Octets(\"{field.Name}\", octets); {field.Name} = {Codec}OctetList.Of(octets); }}",
                    _ => $"{field.Name} = ({FillType(field)})source.Number(\"{field.Name}\", {FillBits(field)});",
                };
                w.Line(present is null ? set : $"if ({present}) {set}");
                foreach (BitFieldSpec version in spec.Bits.Where(b => b.IPVersionOf == field.Name))
                {
                    w.Line($"{version.Name} = (byte)({field.Name}.IsIPv6 ? 6 : 4);");
                }
            }

            w.Close();
        }

        /// <summary>
        /// <c>OptionTypeCount</c> and <c>Create</c>: a union's option types by index (its own, then the SDK's it holds),
        /// each filled from a source, so that a generator covers a user's options with the built-in ones.
        /// </summary>
        private static void EmitUnionFill(SourceWriter w, UnionSpec union, EquatableArray<OptionSpec> specs, BuiltInSet? builtIn)
        {
            string count = builtIn is null ? $"{specs.Count}" : $"{specs.Count} + {builtIn.UnionFullName}.OptionTypeCount";
            w.Line("/// <summary>How many option types the union holds (<see cref=\"Create\"/> takes 0 to one less).</summary>")
             .Line($"public static int OptionTypeCount => {count};")
             .Line("/// <summary>An option of type number <paramref name=\"index\"/>, its members filled from <paramref name=\"source\"/>.</summary>")
             .Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\">No such type.</exception>")
             .Open($"public static {union.TypeName} Create<TSource>(int index, ref TSource source) where TSource : {FieldSource}, allows ref struct")
             .Open("switch (index)");
            for (int i = 0; i < specs.Count; i++)
            {
                w.Line($"case {i}: {{ {specs[i].FullName} option = default; option.Fill(ref source); return new(option); }}");
            }

            w.Close();
            if (builtIn is not null)
            {
                w.Line($"if (index >= {specs.Count} && index < OptionTypeCount) return new({builtIn.UnionFullName}.Create(index - {specs.Count}, ref source));");
            }

            w.Line("throw new global::System.ArgumentOutOfRangeException(nameof(index));")
             .Close()
             .Line("/// <summary>The type number of the option held, as <see cref=\"Create\"/> takes it (-1 for none).</summary>")
             .Open($"public readonly int OptionTypeIndex => _kind switch");
            string kind = union.TypeName + "Kind";
            for (int i = 0; i < specs.Count; i++)
            {
                w.Line($"{kind}.{specs[i].KindName} => {i},");
            }

            if (builtIn is not null)
            {
                w.Line($"_ when HoldsBuiltIn => {specs.Count} + _builtIn.OptionTypeIndex,");
            }

            w.Line("_ => -1,").Close(";");
        }

        private static string FillType(FieldSpec field) => field.EnumType ?? CSharpType(field.Type);

        /// <summary>The bits a number field may take: 32 for a wide field that is narrow this time, else its type's.</summary>
        private static string FillBits(FieldSpec field)
        {
            string bits = (Layout.FixedWidth(field.Type) * 8).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return field.WideWhen is null ? bits : $"({field.WideWhen} ? 64 : 32)";
        }
    }
}
