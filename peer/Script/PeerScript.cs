using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Mptcp.Codec.Peer.Mptcp;
using Mptcp.Codec.Peer.Tcp;

namespace Mptcp.Codec.Peer.Script;

/// <summary>A mistake in a script: the line and what is wrong with it, in words.</summary>
/// <param name="Line">The line number, from 1.</param>
/// <param name="Message">What is wrong.</param>
public sealed record ScriptError(int Line, string Message);

/// <summary>
/// A peer script, parsed: one step per line, in the spirit of packetdrill's: <c>&lt;</c> lines are what the peer
/// sends, <c>&gt;</c> lines what the kernel must answer (or, with <c>no</c>, must not), <c>`…`</c> lines commands
/// inside the namespace, <c>kernel …</c> the kernel-side application, <c>counter …</c> the kernel's MPTcpExt
/// counters, <c>#</c> a comment. Mistakes are found before anything runs: an unknown word, a missing or bad value,
/// a subflow that does not exist at that line, and an expectation that can never hold (more data than was sent).
/// The syntax is docs/peer-scripts.md.
/// </summary>
public sealed class PeerScript
{
    private PeerScript(IReadOnlyList<Step> steps, IReadOnlyList<ScriptError> errors)
    {
        Steps = steps;
        Errors = errors;
    }

    /// <summary>The steps, in order.</summary>
    public IReadOnlyList<Step> Steps { get; }

    /// <summary>The mistakes; a script with any does not run.</summary>
    public IReadOnlyList<ScriptError> Errors { get; }

    /// <summary>
    /// The <c>counter</c> steps that name no counter of <paramref name="kernelCounters"/> (the kernel's MPTcpExt names,
    /// <see cref="Kernel.MptcpCounters.Names"/>), each a mistake naming the closest real one: a mistyped name would
    /// otherwise stay 0 and pass <c>+0</c> silently.
    /// </summary>
    public IReadOnlyList<ScriptError> CheckCounters(IReadOnlyCollection<string> kernelCounters)
    {
        ArgumentNullException.ThrowIfNull(kernelCounters);
        return Steps.OfType<CounterStep>().Where(c => !kernelCounters.Contains(c.Name))
            .Select(c => new ScriptError(c.Line, $"'{c.Name}' is no MPTcpExt counter of this kernel{Spelling.Suggestion(c.Name, kernelCounters)}"))
            .ToList();
    }

    /// <summary>
    /// The peer's addresses by name, 1 to 8: N is 10.9.0.(N+1) or fd09::(N+1) (1, the initial subflow's, is 10.9.0.2);
    /// the index into <see cref="PeerHost.PeerAddresses"/>.
    /// </summary>
    public static int AddressOf(string word)
    {
        for (int i = 0; i < PeerHost.AddressCount; i++)
        {
            if (word == (i + 1).ToString(CultureInfo.InvariantCulture) || word == PeerHost.PeerAddresses[i].ToString() || word == PeerHost.PeerAddresses6[i].ToString())
            {
                return i;
            }
        }

        throw new FormatException($"'{word}' is no address of the peer's (1 to {PeerHost.AddressCount}: 1 is 10.9.0.2 or fd09::2, 2 is 10.9.0.3 or fd09::3, … {PeerHost.AddressCount} is 10.9.0.{PeerHost.AddressCount + 1})");
    }

    /// <summary>Parses a script's text.</summary>
    public static PeerScript Parse(string text)
    {
        var steps = new List<Step>();
        var errors = new List<ScriptError>();
        var state = new State();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            int hash = line.StartsWith('`') ? line.IndexOf('#', Math.Max(line.IndexOf('`', 1), 0)) : line.IndexOf('#');
            string body = (hash >= 0 ? line[..hash] : line).Trim();
            if (body.Length == 0)
            {
                continue;
            }

            try
            {
                steps.Add(ParseLine(i + 1, body, state));
            }
            catch (FormatException e)
            {
                errors.Add(new ScriptError(i + 1, e.Message));
            }
        }

        if (errors.Count == 0 && steps.Count == 0)
        {
            errors.Add(new ScriptError(1, "the script has no step"));
        }

        return new PeerScript(steps, errors);
    }

    private static Step ParseLine(int line, string text, State state)
    {
        if (text.StartsWith('`'))
        {
            return text.Length > 2 && text.EndsWith('`') ? new ShellStep(line, text, text[1..^1].Trim())
                : throw new FormatException("a command goes between two backquotes: `ip mptcp limits set subflows 2`");
        }

        var w = new Words(text);
        string first = w.Next("a step");
        return first switch
        {
            "<" => Send(line, text, w, state),
            ">" => Expect(line, text, w, state),
            "kernel" => Kernel(line, text, w, state),
            "counter" => Counter(line, text, w),
            "app" => w.Expect("received").Done(new AppReceivedStep(line, text)),
            "sleep" => w.Done(new SleepStep(line, text, w.Int("milliseconds", 0, 60_000))),
            _ => throw new FormatException($"unknown step '{first}'{Spelling.Suggestion(first, StepWords)} (a line starts with <, >, `, kernel, counter, app or sleep)"),
        };
    }

    private static Step Kernel(int line, string text, Words w, State state)
    {
        string what = w.Next("listen, connect, send or close");
        if (what == "connect")
        {
            bool ipv6 = w.Optional("ipv6");
            int to = w.Optional("to") ? AddressOf(w.Next("an address")) : 0;
            ushort remote = (ushort)w.Expect("port").Int("a port", 1, 65535);
            int octets = w.Expect("send").Int("a number of octets", 1, MaxOctets);
            bool open = w.Optional("open");
            state.KernelSends = octets;
            state.KernelOpen = open;
            return w.Done(new KernelConnectStep(line, text, to, remote, octets, ipv6, open));
        }

        if (what is "send" or "close")
        {
            if (state.KernelSends is null || !state.KernelOpen)
            {
                throw new FormatException(state.KernelSends is null
                    ? $"'kernel {what}' needs the kernel's client: 'kernel connect … send N open' first"
                    : $"'kernel {what}': the kernel's client has closed its direction (it was started without 'open', or 'kernel close' came before)");
            }

            if (what == "close")
            {
                state.KernelOpen = false;
                return w.Done(new KernelCloseStep(line, text));
            }

            int more = w.Int("a number of octets", 1, MaxOctets);
            state.KernelSends += more;
            return w.Done(new KernelSendStep(line, text, more));
        }

        if (what != "listen")
        {
            throw new FormatException($"unknown kernel application '{what}' (known: listen PORT, connect [to A] port P send N [open], send N, close)");
        }

        ushort port = (ushort)w.Int("a port", 1, 65535);
        w.Optional("echo"); // the listener always echoes; the word is kept so that scripts that say it still run
        state.Listening = port;
        return w.Done(new KernelListenStep(line, text, port));
    }

    private static Step Counter(int line, string text, Words w)
    {
        string name = w.Next("a counter name (e.g. MPJoinAckRx)");
        if (name.StartsWith("MPTcpExt", StringComparison.Ordinal))
        {
            name = name["MPTcpExt".Length..];
        }

        if (name.Length == 0 || !name.All(char.IsAsciiLetterOrDigit))
        {
            throw new FormatException($"'{name}' is no counter name (e.g. MPJoinAckRx, as nstat prints it without MPTcpExt)");
        }

        string change = w.Next("+N or >= N");
        if (change == ">=")
        {
            return w.Done(new CounterStep(line, text, name, AtLeast: true, w.Int("a number", 0, int.MaxValue)));
        }

        return change.StartsWith('+') && long.TryParse(change[1..], NumberStyles.None, CultureInfo.InvariantCulture, out long n)
            ? w.Done(new CounterStep(line, text, name, AtLeast: false, n))
            : throw new FormatException($"'{change}': a counter's change is +N (exactly N more) or >= N");
    }

    private static Step Send(int line, string text, Words w, State state)
    {
        string what = w.Next("what the peer sends");
        if (Array.IndexOf(SendWords, what) < 0)
        {
            throw new FormatException($"unknown option word '{what}' after '<'{Spelling.Suggestion(what, SendWords)} (known: {string.Join(", ", SendWords)})");
        }

        if (what != "connect" && state.Subflows == 0)
        {
            throw BeforeConnection("<", what, state);
        }

        switch (what)
        {
            case "connect":
            {
                if (state.Listening is not ushort listening)
                {
                    throw new FormatException("the kernel listens on nothing: 'kernel listen PORT' first");
                }

                if (state.Subflows > 0)
                {
                    throw new FormatException("one connection per script: this one is already connected");
                }

                bool ipv6 = w.Optional("ipv6");
                bool csum = w.Optional("csum");
                TcpFeatures features = Features(w);
                int from = w.Optional("from") ? AddressOf(w.Next("an address")) : 0;
                ushort port = w.Optional("port") ? (ushort)w.Int("a port", 1, 65535) : listening;
                bool badKey = w.Optional("bad-key");
                byte[]? raw = w.Optional("raw") ? Hex(w, features.Any ? 16 : 36) : null;
                OptionEdit? thirdAck = raw is null && w.Optional("third-ack") ? w.Expect("edit").Edit() : null;
                state.Subflows = 1;
                return w.Done(new ConnectStep(line, text, csum, from, port, ipv6, badKey, raw) { Features = features, ThirdAckEdit = thirdAck });
            }

            case "data":
            {
                int octets = w.Int("a number of octets", 1, MaxOctets);
                int on = 0;
                bool bad = false;
                long? ahead = null;
                int? length = null;
                MappingForm form = MappingForm.Dss;
                OptionEdit? edit = null;
                while (!w.AtEnd)
                {
                    // The words after N come in any order, each once.
                    string word = w.Next("a word");
                    switch (word)
                    {
                        case "on": on = Subflow(w, state); break;
                        case "bad-csum": bad = true; break;
                        case "ahead": ahead = w.Int("a number of octets past the next DSN", 1, int.MaxValue); break;
                        case "length" when form == MappingForm.Dss: form = MappingForm.Length; length = w.Int("a data-level length", 1, 65535); break;
                        case "infinite" when form == MappingForm.Dss: form = MappingForm.Infinite; break;
                        case "capable" when form == MappingForm.Dss: form = MappingForm.Capable; break;
                        case "edit" when form == MappingForm.Dss: form = MappingForm.Edited; edit = w.Edit(); break;
                        case "length" or "infinite" or "capable" or "edit": throw new FormatException($"'{word}': one mapping form a step (length L, infinite, capable or edit)");
                        default: throw new FormatException($"unexpected '{word}' (after '< data N': on S, bad-csum, ahead K, length L, infinite, capable, edit LEN AT:HEX…)");
                    }
                }

                if (form != MappingForm.Dss && (octets > OneSegment || ahead is not null || (form == MappingForm.Edited && on != 0)))
                {
                    throw new FormatException($"'{Word(form)}' maps one segment: at most {OneSegment} octets, without 'ahead'{(form == MappingForm.Edited ? ", on subflow 0" : string.Empty)}");
                }

                if (form == MappingForm.Capable && (state.Sent > 0 || on != 0 || state.KernelSends is not null))
                {
                    throw new FormatException("'capable' is the first data of a connection the peer opened ('< connect'), on subflow 0 (RFC 8684 §3.1)");
                }

                state.Sent += ahead is null ? octets : 0;
                return w.Done(new SendDataStep(line, text, octets, on, bad, ahead) { Form = form, DataLevelLength = length, Edit = edit });
            }

            case "reinject":
            {
                int octets = w.Int("a number of octets", 1, MaxOctets);
                return octets > state.Sent
                    ? throw new FormatException($"'< reinject {octets}': the peer has sent {state.Sent} octets before this line")
                    : w.Done(new ReinjectStep(line, text, octets, On(w, state)));
            }

            case "data-fin":
                return w.Done(new SendDataFinStep(line, text, On(w, state)));
            case "fin":
                return w.Done(new SendFinStep(line, text, On(w, state)));
            case "join":
            {
                int from = w.Optional("from") ? AddressOf(w.Next("an address")) : 1;
                byte id = w.Optional("id") ? (byte)w.Int("an address id", 0, 255) : (byte)(from + 1);
                bool backup = w.Optional("backup");
                JoinFault fault = w.Optional("bad-token") ? JoinFault.UnknownToken : w.Optional("bad-hmac") ? JoinFault.WrongHmac : JoinFault.None;
                byte? ackId = w.Optional("ack-id") ? (byte)w.Int("an address id", 0, 255) : null;
                bool ackBackup = w.Optional("ack-backup");
                byte[]? raw = w.Optional("raw") ? Hex(w, 36) : null;
                OptionEdit? synEdit = null, ackEdit = null;
                if (raw is null && w.Optional("third-ack"))
                {
                    ackEdit = w.Expect("edit").Edit();
                }
                else if (raw is null && w.Optional("edit"))
                {
                    synEdit = w.Edit();
                }

                state.Subflows++;
                return w.Done(new JoinStep(line, text, from, id, backup, fault, raw) { ThirdAck = new JoinThirdAck(ackId, ackBackup), SynEdit = synEdit, ThirdAckEdit = ackEdit });
            }

            case "add-addr":
            {
                int address = AddressOf(w.Next("an address"));
                byte id = (byte)w.Expect("id").Int("an address id", 0, 255);
                ushort? port = w.Optional("port") ? (ushort)w.Int("a port", 1, 65535) : null;
                bool badHmac = w.Optional("bad-hmac");
                return w.Done(new AddAddressStep(line, text, address, id, port, badHmac) { Edit = w.Optional("edit") ? w.Edit() : null });
            }

            case "remove-addr":
            {
                var ids = new List<byte>();
                while (!w.AtEnd)
                {
                    ids.Add((byte)w.Int("an address id", 0, 255));
                }

                return ids.Count > 0 ? new RemoveAddressStep(line, text, [.. ids]) : throw new FormatException("'< remove-addr' needs at least one address id");
            }

            case "prio":
            {
                string mode = w.Next("backup or regular");
                return mode is "backup" or "regular"
                    ? w.Done(new PrioStep(line, text, mode == "backup", On(w, state)))
                    : throw new FormatException($"'{mode}': MP_PRIO is 'backup' or 'regular'");
            }

            case "fastclose":
            {
                bool badKey = w.Optional("bad-key");
                return w.Done(new FastCloseStep(line, text, badKey) { Edit = w.Optional("edit") ? w.Edit() : null });
            }

            case "reset":
            {
                int on = On(w, state);
                return w.Done(new SendResetStep(line, text, on, w.Optional("reason") ? w.Int("a reason code", 0, 255) : 0));
            }

            case "mp-fail":
                return w.Done(new SendFailStep(line, text) { Edit = w.Optional("edit") ? w.Edit() : null });
            case "raw":
            {
                byte[] octets = Hex(w, 40);
                int on = On(w, state);
                return w.Done(new SendRawStep(line, text, octets, on, w.Optional("rst")));
            }

            default:
                throw new InvalidOperationException($"no parser for '< {what}'");
        }
    }

    private static Step Expect(int line, string text, Words w, State state)
    {
        bool not = w.Optional("no");
        string what = w.Next("what the kernel sends");
        if (what == "connect")
        {
            if (state.KernelSends is null || state.Subflows > 0 || not)
            {
                throw new FormatException("'> connect' expects the kernel's SYN: 'kernel connect … port P send N' first, once");
            }

            state.Subflows = 1;
            bool csum = w.Optional("csum");
            TcpFeatures features = Features(w);
            int timeout = w.Optional("within") ? w.Int("milliseconds", 1, 120_000) : 3000;
            return w.Done(new ExpectConnectStep(line, text, false, timeout, csum) { Features = features });
        }

        if (Array.IndexOf(ExpectWords, what) < 0)
        {
            throw new FormatException($"unknown option word '{what}' after '>'{Spelling.Suggestion(what, ExpectWords)} (known: {string.Join(", ", ExpectWords)})");
        }

        if (state.Subflows == 0)
        {
            throw BeforeConnection(">", what, state);
        }

        Step step = what switch
        {
            "data" => Data(w.Int("a number of octets", 1, MaxOctets)) is var data && w.Optional("on") ? data with { On = Subflow(w, state) } : data,
            "data-fin" => new ExpectDataFinStep(line, text, not, 0),
            "fin" => new ExpectFinStep(line, text, not, 0, On(w, state)),
            "reset" => Reset(On(w, state)),
            "joined" => new ExpectJoinedStep(line, text, not, 0, On(w, state)),
            "join" => new ExpectJoinStep(line, text, not, 0, not ? state.Subflows : state.Subflows++),
            "add-addr" => new ExpectAnnouncementStep(line, text, not, 0, (byte)w.Expect("id").Int("an address id", 0, 255)),
            "add-addr-echo" => new ExpectAddAddressEchoStep(line, text, not, 0, AddressOf(w.Next("an address")), (byte)w.Expect("id").Int("an address id", 0, 255)),
            "option" => new ExpectOptionStep(line, text, not, 0, Subtype(w.Next("an option name")), w.Optional("on") ? Subflow(w, state) : null),
            _ => throw new InvalidOperationException($"no parser for '> {what}'"),
        };
        int within = w.Optional("within") ? w.Int("milliseconds", 1, 120_000) : 3000;
        return w.Done(step switch
        {
            ExpectDataStep s => s with { WithinMs = within },
            ExpectDataFinStep s => s with { WithinMs = within },
            ExpectFinStep s => s with { WithinMs = within },
            ExpectResetStep s => s with { WithinMs = within },
            ExpectJoinedStep s => s with { WithinMs = within },
            ExpectJoinStep s => s with { WithinMs = within },
            ExpectAddAddressEchoStep s => s with { WithinMs = within },
            ExpectAnnouncementStep s => s with { WithinMs = within },
            ExpectOptionStep s => s with { WithinMs = within },
            _ => step,
        });

        ExpectDataStep Data(int octets) => !not && state.KernelSends is int sends && octets > sends
            ? throw new FormatException($"'> data {octets}' can never hold: the kernel's application sends {sends} octets")
            : !not && state.KernelSends is null && octets > state.Sent
            ? throw new FormatException($"'> data {octets}' can never hold: the peer has sent {state.Sent} octets before this line, and the kernel echoes what it gets")
            : new ExpectDataStep(line, text, not, 0, octets);

        ExpectResetStep Reset(int on)
        {
            int[]? reasons = w.Optional("reason") ? w.Next("reasons, e.g. 1,3").Split(',').Select(r => int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n < 256 ? n
                : throw new FormatException($"'{r}' is no MP_TCPRST reason (0 to 255)")).ToArray() : null;
            return new ExpectResetStep(line, text, not, 0, on, reasons);
        }
    }

    private static string Word(MappingForm form) => form == MappingForm.Edited ? "edit" : form.ToString().ToLowerInvariant();

    // The most octets the peer puts in one segment.
    private const int OneSegment = 1200;

    // The most octets one step sends or expects (256 MiB: the run keeps what it sent and received in memory).
    private const int MaxOctets = 256 << 20;

    private static readonly string[] StepWords = ["<", ">", "kernel", "counter", "app", "sleep"];

    // TCP option octets in hex, 1 to most of them (a SYN keeps 4 of the 40 for its MSS).
    private static byte[] Hex(Words w, int most)
    {
        string hex = w.Next("the option octets in hex");
        byte[] octets;
        try
        {
            octets = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw new FormatException($"'{hex}' is not hex octets (two hex digits each, e.g. 1e0351)");
        }

        return octets.Length == 0 || octets.Length > most
            ? throw new FormatException($"{octets.Length} octets: TCP options take 1 to {most} here")
            : octets;
    }

    private static readonly string[] SendWords = ["connect", "data", "reinject", "data-fin", "fin", "join", "add-addr", "remove-addr", "prio", "fastclose", "reset", "mp-fail", "raw"];

    private static readonly string[] ExpectWords = ["connect", "data", "data-fin", "fin", "reset", "join", "joined", "add-addr", "add-addr-echo", "option"];

    // A step that needs the connection, before it: which step makes it depends on who connects.
    private static FormatException BeforeConnection(string direction, string what, State state) => new(state.KernelSends is null
        ? $"'{direction} {what}' before the connection: '< connect' first"
        : $"'{direction} {what}' before the connection: the kernel connects in this script ('kernel connect'), so '> connect' first");

    private static byte Subtype(string name) => name switch
    {
        "capable" => 0, "join" => 1, "dss" => 2, "add-addr" => 3, "rem-addr" => 4, "prio" => 5, "fail" => 6, "fast-close" => 7, "tcprst" => 8,
        _ => throw new FormatException($"unknown option name '{name}' (known: capable, join, dss, add-addr, rem-addr, prio, fail, fast-close, tcprst)"),
    };

    // [sack] [ts] [wscale N]: the TCP options every subflow of the connection offers in its SYN besides MSS.
    private static TcpFeatures Features(Words w)
    {
        bool sack = w.Optional("sack");
        bool ts = w.Optional("ts");
        byte? scale = w.Optional("wscale") ? (byte)w.Int("a window scale shift", 0, 14) : null;
        return new TcpFeatures(sack, ts, scale);
    }

    private static int On(Words w, State state) => w.Optional("on") ? Subflow(w, state) : 0;

    private static int Subflow(Words w, State state)
    {
        int s = w.Int("a subflow number", 0, 63);
        return s < state.Subflows ? s
            : throw new FormatException($"there is no subflow {s} at this line (subflows so far: 0{(state.Subflows > 1 ? $" to {state.Subflows - 1}" : string.Empty)}; each '< join' adds one)");
    }

    // What the lines before tell about the next one.
    private sealed class State
    {
        public ushort? Listening { get; set; }

        public int Subflows { get; set; }

        public long Sent { get; set; }

        public int? KernelSends { get; set; }

        public bool KernelOpen { get; set; }
    }

    // The words of a line, with precise complaints.
    private sealed class Words(string text)
    {
        private readonly string[] _words = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        private int _at;

        public bool AtEnd => _at >= _words.Length;

        public string Next(string what) => _at < _words.Length ? _words[_at++] : throw new FormatException($"missing {what} at the end of the line");

        public bool Optional(string word)
        {
            if (_at < _words.Length && _words[_at] == word)
            {
                _at++;
                return true;
            }

            return false;
        }

        public Words Expect(string word)
        {
            string got = Next($"'{word}'");
            return got == word ? this : throw new FormatException($"expected '{word}', found '{got}'");
        }

        public int Int(string what, int min, int max)
        {
            string word = Next(what);
            return int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= min && n <= max ? n
                : throw new FormatException($"'{word}' is not {what} ({min} to {max})");
        }

        // The words after edit, to the end of the line: a length and AT:HEX replacements.
        public OptionEdit Edit()
        {
            string length = Next("an edited option's length");
            var rest = new List<string>();
            while (!AtEnd)
            {
                rest.Add(_words[_at++]);
            }

            return OptionEdit.Parse(length, rest);
        }

        public T Done<T>(T step) => AtEnd ? step : throw new FormatException($"unexpected '{_words[_at]}'");
    }
}
