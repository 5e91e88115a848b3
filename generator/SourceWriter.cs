using System.Text;

namespace Mptcp.Codec.Generator;

/// <summary>A small indenting text writer for generated sources.</summary>
internal sealed class SourceWriter
{
    /// <summary>What marks generated members, as the BCL's generators mark theirs (tools skip them in coverage and analysis).</summary>
    public static readonly string GeneratedCode =
        $"[global::System.CodeDom.Compiler.GeneratedCode(\"Mptcp.Codec.Generator\", \"{typeof(SourceWriter).Assembly.GetName().Version}\")]";

    private readonly StringBuilder _text = new();
    private int _indent;
    private int _memberIndent = -1;

    /// <summary>From here on, every member declared at the current depth is marked <see cref="GeneratedCode"/>.</summary>
    public SourceWriter MarkMembersHere()
    {
        _memberIndent = _indent;
        return this;
    }

    public SourceWriter Line(string line = "")
    {
        if (_indent == _memberIndent && (line.StartsWith("public ", System.StringComparison.Ordinal) || line.StartsWith("private ", System.StringComparison.Ordinal) || line.StartsWith("internal ", System.StringComparison.Ordinal)))
        {
            _text.Append(' ', _indent * 4).Append(GeneratedCode).Append('\n');
        }

        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4);
        }

        _text.Append(line).Append('\n');
        return this;
    }

    public SourceWriter Open(string line)
    {
        Line(line);
        Line("{");
        _indent++;
        return this;
    }

    public SourceWriter Close(string suffix = "")
    {
        _indent--;
        return Line("}" + suffix);
    }

    public override string ToString() => _text.ToString();
}
