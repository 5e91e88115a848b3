namespace Mptcp.Codec.Peer.Packetdrill.Syntax;

// What the lexer tells apart; one-character punctuation is Symbol with its character as text.
internal enum TokenKind
{
    End,
    Integer,
    Float,
    Hex,
    IPv4Address,
    IPv6Address,
    String,
    BackQuoted,
    HeaderOption,
    Ellipsis,
    Word,
    Symbol,
}

// One token and the line it starts on (1-based), for FILE:LINE messages.
internal readonly record struct Token(TokenKind Kind, string Text, int Line)
{
    public bool Is(string symbolOrWord) => (Kind is TokenKind.Symbol or TokenKind.Word) && Text == symbolOrWord;

    public override string ToString() => Kind switch
    {
        TokenKind.End => "the end of the script",
        TokenKind.String => $"\"{Text}\"",
        TokenKind.BackQuoted => $"`{Text}`",
        TokenKind.HeaderOption => $"--{Text}",
        _ => $"'{Text}'",
    };
}
