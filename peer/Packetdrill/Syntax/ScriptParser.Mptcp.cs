using System.Collections.Generic;

namespace Mptcp.Codec.Peer.Packetdrill.Syntax;

internal sealed partial class ScriptParser
{
    private static readonly Dictionary<string, byte> CapableFlags = new()
    {
        ["no_flags"] = 0, ["flag_a"] = 0x80, ["flag_b"] = 0x40, ["flag_c"] = 0x20, ["flag_d"] = 0x10,
        ["flag_e"] = 0x08, ["flag_f"] = 0x04, ["flag_g"] = 0x02, ["flag_h"] = 0x01,
    };

    private TcpOptionSyntax? MptcpOption(Token name) => name.Text switch
    {
        "mpcapable" => MpCapable(),
        "dss" => Dss(),
        "mp_join_syn" => Join(JoinForm.Syn),
        "mp_join_syn_ack" => Join(JoinForm.SynAck),
        "mp_join_ack" => Join(JoinForm.Ack),
        "add_address" => AddAddress(name.Line),
        "remove_address" => RemoveAddress(),
        "mp_prio" => Prio(),
        "mp_fail" => Fail(),
        "mp_fastclose" => FastClose(),
        "mp_reset" => Reset(),
        _ => null,
    };

    // mpcapable v0|v1|none flags[f, ...]|flags N nokey|key[A]|key[A, B] [mpcdatalen N]
    private MpCapableSyntax MpCapable()
    {
        Token version = Expect(TokenKind.Word, "mpcapable's version (v0, v1)");
        int v = version.Text switch
        {
            "v0" => 0,
            "v1" or "none" => 1,
            _ => throw new PacketdrillSyntaxException(version.Line, $"'{version.Text}' is not an MP_CAPABLE version (v0, v1)"),
        };
        ExpectWord("flags", "flags[...] or flags N after the version");
        byte flags = 0;
        if (Current.Is("["))
        {
            foreach (string flag in List("[", "]", () => Expect(TokenKind.Word, "a flag (flag_a … flag_h, no_flags)").Text))
            {
                flags |= CapableFlags.TryGetValue(flag, out byte bit) ? bit : throw Error($"'{flag}' is not an MP_CAPABLE flag (flag_a … flag_h, no_flags)");
            }
        }
        else
        {
            flags = (byte)Unsigned("the MP_CAPABLE flags", byte.MaxValue);
        }

        var keys = new List<ScriptValue>();
        if (Current.Kind == TokenKind.Word && Current.Text == "nokey")
        {
            Take();
        }
        else
        {
            ExpectWord("key", "nokey or key[...]");
            keys = List("[", "]", Named);
            if (keys.Count is 0 or > 2)
            {
                throw Error("an MP_CAPABLE has one key or two: key[A] or key[A, B]");
            }
        }

        ushort? dataLevelLength = null;
        if (Current.Kind == TokenKind.Word && Current.Text == "mpcdatalen")
        {
            Take();
            dataLevelLength = (ushort)Unsigned("mpcdatalen", ushort.MaxValue);
        }

        return new MpCapableSyntax(v, flags, keys, dataLevelLength);
    }

    // NAME or NAME=N
    private ScriptValue Named()
    {
        string name = Expect(TokenKind.Word, "a name").Text;
        if (!Current.Is("="))
        {
            return new ScriptValue(name, null);
        }

        Take();
        return new ScriptValue(name, Unsigned($"the value of {name}", ulong.MaxValue));
    }

    // dss [dack4|dack8[=N]] [dsn4|dsn8[=N]] [ssn=N] [dll=N] [nocs|cksum=N] [fin]
    private DssSyntax Dss()
    {
        DssNumber ack = default, dsn = default;
        uint? ssn = null;
        ushort? dll = null, checksum = null;
        bool nocs = false, fin = false, more = true;
        while (more && Current.Kind == TokenKind.Word)
        {
            switch (Current.Text)
            {
                case "dack4" or "dack8":
                    ack = DssValue();
                    break;
                case "dsn4" or "dsn8":
                    dsn = DssValue();
                    break;
                case "ssn":
                    Take();
                    ExpectSymbol("=", "'=' after ssn");
                    ssn = (uint)Unsigned("ssn", uint.MaxValue);
                    break;
                case "dll":
                    Take();
                    ExpectSymbol("=", "'=' after dll");
                    dll = (ushort)Unsigned("dll", ushort.MaxValue);
                    break;
                case "nocs":
                    Take();
                    nocs = true;
                    break;
                case "cksum":
                    Take();
                    ExpectSymbol("=", "'=' after cksum");
                    checksum = (ushort)Unsigned("cksum", ushort.MaxValue);
                    break;
                case "fin":
                    Take();
                    fin = true;
                    break;
                default:
                    more = false;
                    break;
            }
        }

        if (!ack.Present)
        {
            throw Error("a dss option here has a DATA_ACK (dack4 or dack8)");
        }

        return new DssSyntax(ack, dsn, ssn, dll, nocs, checksum, fin);
    }

    // dack4, dack8, dsn4, dsn8, with =N (relative to the owner's IDSN) or bare (the kernel's own value).
    private DssNumber DssValue()
    {
        string word = Take().Text;
        bool eight = word.EndsWith('8');
        if (!Current.Is("="))
        {
            return new DssNumber(true, eight, null);
        }

        Take();
        return new DssNumber(true, eight, Unsigned(word, eight ? ulong.MaxValue : uint.MaxValue));
    }

    // mp_join_syn [backup=B] [address_id=N|auto] token=… [rand=N]; …_syn_ack with sender_hmac=…; mp_join_ack sender_hmac=…
    private MpJoinSyntax Join(JoinForm form)
    {
        bool? backup = null;
        byte? id = null;
        JoinValue? secret = null;
        uint? nonce = null;
        while (Current.Kind == TokenKind.Word && PeekToken(1).Is("="))
        {
            string field = Take().Text;
            Take();
            switch (field)
            {
                case "backup":
                    backup = Unsigned("backup", 1) == 1;
                    break;
                case "address_id":
                    id = Current.Kind == TokenKind.Word && Current.Text == "auto" ? AutoId() : (byte)Unsigned("address_id", byte.MaxValue);
                    break;
                case "token" when form == JoinForm.Syn:
                    secret = Token();
                    break;
                case "sender_hmac" or "token" when form != JoinForm.Syn:
                    secret = Hmac(field);
                    break;
                case "rand":
                    nonce = (uint)Unsigned("rand", uint.MaxValue);
                    break;
                default:
                    throw Error($"'{field}' is not a field of {JoinName(form)}");
            }
        }

        return secret is null
            ? throw Error($"{JoinName(form)} needs {(form == JoinForm.Syn ? "token=" : "sender_hmac=")}…")
            : new MpJoinSyntax(form, backup, id, secret, nonce);
    }

    private byte? AutoId()
    {
        Take();
        return null;
    }

    private static string JoinName(JoinForm form) => form switch
    {
        JoinForm.Syn => "mp_join_syn",
        JoinForm.SynAck => "mp_join_syn_ack",
        _ => "mp_join_ack",
    };

    // token=N | token=sha1_32(KEY) | token=sha256_32(KEY) | token=auto
    private JoinValue Token()
    {
        if (Current.Kind == TokenKind.Word && Current.Text is "sha1_32" or "sha256_32")
        {
            string form = Take().Text;
            ExpectSymbol("(", $"'(' after {form}");
            string key = Expect(TokenKind.Word, "a key's name").Text;
            ExpectSymbol(")", $"')' after {form}({key}");
            return new JoinValue(form, null, [key]);
        }

        if (Current.Kind == TokenKind.Word && Current.Text == "auto")
        {
            Take();
            return new JoinValue("auto", null, []);
        }

        return new JoinValue("value", Unsigned("token", uint.MaxValue), []);
    }

    // sender_hmac=auto | trunc_l64_hmac(N | K1 K2) | full_160_hmac(K1 K2); token=auto is taken as sender_hmac=auto.
    private JoinValue Hmac(string field)
    {
        if (Current.Kind == TokenKind.Word && Current.Text == "auto")
        {
            Take();
            return new JoinValue("auto", null, []);
        }

        if (field == "sender_hmac" && Current.Kind == TokenKind.Word && Current.Text is "trunc_l64_hmac" or "full_160_hmac")
        {
            string form = Take().Text;
            ExpectSymbol("(", $"'(' after {form}");
            if (Current.Kind is TokenKind.Integer or TokenKind.Hex)
            {
                ulong value = Unsigned(form, ulong.MaxValue);
                ExpectSymbol(")", $"')' after {form}(N");
                return new JoinValue(form, value, []);
            }

            string first = Expect(TokenKind.Word, "two keys' names").Text;
            string second = Expect(TokenKind.Word, "a second key's name").Text;
            ExpectSymbol(")", $"')' after {form}({first} {second}");
            return new JoinValue(form, null, [first, second]);
        }

        throw Error($"expected auto, trunc_l64_hmac(…) or full_160_hmac(…) after {field}=, found {Current}");
    }

    // add_address [address_id=N|auto] addr[NAME[=inet_addr("…")|inet6_addr("…")]] [port=N] addr_echo|hmac=auto|hmac=N
    private AddAddressSyntax AddAddress(int line)
    {
        byte? id = null;
        if (Current.Kind == TokenKind.Word && Current.Text == "address_id")
        {
            Take();
            ExpectSymbol("=", "'=' after address_id");
            id = Current.Kind == TokenKind.Word && Current.Text == "auto" ? AutoId() : (byte)Unsigned("address_id", byte.MaxValue);
        }

        ExpectWord("addr", "addr[NAME] in add_address");
        ExpectSymbol("[", "'[' after addr");
        string name = Expect(TokenKind.Word, "an address variable's name").Text;
        string? address = null;
        if (Current.Is("="))
        {
            Take();
            Token function = Expect(TokenKind.Word, "inet_addr(\"…\") or inet6_addr(\"…\")");
            if (function.Text is not ("inet_addr" or "inet6_addr"))
            {
                throw new PacketdrillSyntaxException(function.Line, $"expected inet_addr(\"…\") or inet6_addr(\"…\"), found '{function.Text}'");
            }

            ExpectSymbol("(", $"'(' after {function.Text}");
            address = Expect(TokenKind.String, "an address in quotes").Text;
            ExpectSymbol(")", $"')' after {function.Text}(\"{address}\"");
        }

        ExpectSymbol("]", $"']' after addr[{name}");
        ushort? port = null;
        if (Current.Kind == TokenKind.Word && Current.Text == "port")
        {
            Take();
            ExpectSymbol("=", "'=' after port");
            port = (ushort)Unsigned("port", ushort.MaxValue);
        }

        if (Current.Kind == TokenKind.Word && Current.Text == "addr_echo")
        {
            Take();
            return new AddAddressSyntax(id, name, address, port, Echo: true, Hmac: null);
        }

        if (Current.Kind == TokenKind.Word && Current.Text == "hmac")
        {
            Take();
            ExpectSymbol("=", "'=' after hmac");
            bool auto = Current.Kind == TokenKind.Word && Current.Text == "auto";
            ulong? hmac = auto ? null : Unsigned("hmac", ulong.MaxValue);
            if (auto)
            {
                Take();
            }

            return new AddAddressSyntax(id, name, address, port, Echo: false, hmac);
        }

        throw new PacketdrillSyntaxException(line, "add_address ends with addr_echo, hmac=auto or hmac=N");
    }

    // remove_address address_id=[ID, ...]
    private RemoveAddressSyntax RemoveAddress()
    {
        ExpectWord("address_id", "address_id=[…] after remove_address");
        ExpectSymbol("=", "'=' after address_id");
        List<byte> ids = List("[", "]", () => (byte)Unsigned("an address id", byte.MaxValue));
        return ids.Count > 0 ? new RemoveAddressSyntax(ids) : throw Error("remove_address lists at least one address id");
    }

    // mp_prio [backup=B] [address_id=N|auto]
    private MpPrioSyntax Prio()
    {
        bool backup = false;
        byte? id = null;
        while (Current.Kind == TokenKind.Word && Current.Text is "backup" or "address_id" && PeekToken(1).Is("="))
        {
            string field = Take().Text;
            Take();
            if (field == "backup")
            {
                backup = Unsigned("backup", 1) == 1;
            }
            else
            {
                id = Current.Kind == TokenKind.Word && Current.Text == "auto" ? AutoId() : (byte)Unsigned("address_id", byte.MaxValue);
            }
        }

        return new MpPrioSyntax(backup, id);
    }

    // mp_fail [dsn8[=N]]
    private MpFailSyntax Fail()
    {
        if (Current.Kind == TokenKind.Word && Current.Text == "dsn4")
        {
            throw Error("MP_FAIL carries a 64-bit DSN: dsn8, not dsn4");
        }

        return new MpFailSyntax(Current.Kind == TokenKind.Word && Current.Text == "dsn8" ? DssValue() : default);
    }

    // mp_fastclose [NAME[=N]] [+ N]
    private MpFastCloseSyntax FastClose()
    {
        ScriptValue? key = Current.Kind == TokenKind.Word ? Named() : null;
        long offset = 0;
        if (Current.Is("+"))
        {
            Take();
            offset = (long)Unsigned("the offset added to the key", long.MaxValue);
        }

        return new MpFastCloseSyntax(key, offset);
    }

    // mp_reset REASON [flags[flag_t]|flags[no_flags]]
    private MpTcpRstSyntax Reset()
    {
        byte reason = (byte)Unsigned("mp_reset's reason", byte.MaxValue);
        bool transient = false;
        if (Current.Kind == TokenKind.Word && Current.Text == "flags")
        {
            Take();
            List<string> flags = List("[", "]", () => Expect(TokenKind.Word, "flag_t or no_flags").Text);
            if (flags is not (["flag_t"] or ["no_flags"]))
            {
                throw Error("mp_reset takes flags[flag_t] or flags[no_flags]");
            }

            transient = flags[0] == "flag_t";
        }

        return new MpTcpRstSyntax(reason, transient);
    }
}
