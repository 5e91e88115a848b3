using System;
using System.CommandLine;
using System.IO;
using System.Runtime.InteropServices;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Cli.Live;

namespace Mptcp.Codec.Cli.Commands;

/// <summary>
/// Where a capture command's packets come from: a file, standard input (<c>-</c>), or an interface (<c>-i</c>),
/// all read through one <see cref="CaptureReader"/>. A live capture ends at <c>-c N</c> packets or at Ctrl-C (SIGINT),
/// after which the command finishes as at the end of a file, and its statistics go to stderr.
/// </summary>
internal sealed class CaptureSource : IDisposable
{
    private readonly LiveCapture? _live;
    private readonly PosixSignalRegistration? _interrupt;
    private readonly TextWriter _error;

    private CaptureSource(CaptureReader reader, string name, LiveCapture? live, TextWriter error)
    {
        Reader = reader;
        Name = name;
        _live = live;
        _error = error;
        if (live is not null)
        {
            _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
            {
                context.Cancel = true; // not the default exit: the command prints what it has, then exits
                live.Stop();
            });
        }
    }

    public CaptureReader Reader { get; }

    /// <summary>The file's path, "(standard input)", or the interface's name.</summary>
    public string Name { get; }

    /// <summary>True when reading an interface.</summary>
    public bool IsLive => _live is not null;

    /// <summary>The file argument and the live-capture options of a capture command.</summary>
    public sealed class Options
    {
        public Argument<string?> File { get; } = new("file")
        {
            Description = "A pcap or pcapng capture (gzip or zstd compressed too), or - for standard input.",
            Arity = ArgumentArity.ZeroOrOne,
        };

        /// <summary>More files after the first, read as one trace (only where the command allows it).</summary>
        public Argument<string[]> More { get; } = new("more")
        {
            Description = "More capture files, read after the first as one trace: the pieces of one run (tcpdump -C or -G), in order.",
            Arity = ArgumentArity.ZeroOrMore,
        };

        private bool _more;

        public Option<string?> Interface { get; } = new("--interface", "-i") { Description = "Capture live from this interface through libpcap instead of reading a file; Ctrl-C ends it." };

        public Option<string?> Filter { get; } = new("--filter") { Description = "A BPF filter for live capture, as tcpdump takes it (e.g. \"tcp port 80\")." };

        public Option<long?> Count { get; } = new("-c") { Description = "Stop a live capture after this many packets." };

        public void AddTo(Command command, bool moreFiles = false)
        {
            command.Arguments.Add(File);
            if (moreFiles)
            {
                _more = true;
                command.Arguments.Add(More);
            }

            command.Options.Add(Interface);
            command.Options.Add(Filter);
            command.Options.Add(Count);
        }

        /// <summary>
        /// Opens what the command line names (or its copy, <paramref name="spooled"/>, for a command that reads it
        /// twice), or says why not (one line) and returns null.
        /// </summary>
        public CaptureSource? Open(ParseResult parse, TextWriter error, SpooledInput? spooled = null)
        {
            string? path = parse.GetValue(File);
            string? name = parse.GetValue(Interface);
            if ((path is null) == (name is null))
            {
                error.WriteLine("mptcp-dump: name a capture file (or - for standard input), or an interface with -i; not both");
                return null;
            }

            if (name is null && (parse.GetValue(Filter) is not null || parse.GetValue(Count) is not null))
            {
                error.WriteLine("mptcp-dump: --filter and -c are for live capture (-i)");
                return null;
            }

            string[] more = _more ? parse.GetValue(More) ?? [] : [];
            if (name is null && more.Length > 0)
            {
                CaptureReader? pieces = CaptureFiles.Open([path!, .. more], error);
                return pieces is null ? null : new CaptureSource(pieces, $"{path} and {more.Length} more", null, error);
            }

            if (spooled is not null)
            {
                CaptureReader? copy = CaptureFiles.Open(spooled.Path, error, StandardInput.Open, spooled.Name);
                return copy is null ? null : new CaptureSource(copy, spooled.Name, null, error);
            }

            if (name is null)
            {
                CaptureReader? reader = CaptureFiles.Open(path!, error);
                return reader is null ? null : new CaptureSource(reader, path!, null, error);
            }

            LiveCapture? live = LiveCapture.Start(name, parse.GetValue(Filter), parse.GetValue(Count), error);
            if (live is null)
            {
                return null;
            }

            var liveReader = new CaptureReader(live.Stream);
            liveReader.OnProblem = problem => error.WriteLine($"mptcp-dump: {name}: {Output.Names.Describe(problem)}");
            return new CaptureSource(liveReader, name, live, error);
        }
    }

    public void Dispose()
    {
        _interrupt?.Dispose();
        if (_live is not null)
        {
            _error.WriteLine($"mptcp-dump: {_live.Finish()}");
            _live.Dispose();
        }

        Reader.Dispose();
    }
}
