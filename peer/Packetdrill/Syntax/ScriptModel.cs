using System.Collections.Generic;

namespace Mptcp.Codec.Peer.Packetdrill.Syntax;

// A parsed script: header options, the init command, the timed events, the cleanup command. Times are microseconds.
internal sealed record PacketdrillScript(
    IReadOnlyList<HeaderOption> Options,
    string? InitCommand,
    IReadOnlyList<ScriptEvent> Events,
    string? CleanupCommand);

// --name=value (value null for --name alone).
internal sealed record HeaderOption(string Name, string? Value, int Line);

internal enum TimeKind
{
    Absolute,
    Relative,
    Any,
}

// When an event is due: T, +T, * (outbound packets only), T~T or +T~+T (outbound packets only).
internal readonly record struct EventTime(TimeKind Kind, long Microseconds, long? EndMicroseconds = null)
{
    public bool IsRange => EndMicroseconds is not null;
}

internal sealed record ScriptEvent(int Line, EventTime Time, EventAction Action);

internal abstract record EventAction;

// `command` at its time, run by /bin/sh in the script's folder.
internal sealed record CommandAction(string Command) : EventAction;

// name(args) = result [ERRNO (note)]; Blocking is the ...END of a call that is to block until END.
internal sealed record SyscallAction(string Name, IReadOnlyList<Expression> Arguments, Expression Result, string? Errno, string? Note, EventTime? Blocking) : EventAction;

internal enum Direction
{
    // "<": the script's side sends it to the kernel.
    Inbound,

    // ">": the kernel is expected to send it.
    Outbound,
}

// An endpoint of an explicit address pair: addr[NAME], an address with a port, a port alone, or nothing.
internal sealed record Endpoint(string? Variable, string? Address, ushort? Port);

internal sealed record PacketAction(
    Direction Direction,
    Endpoint? Source,
    Endpoint? Destination,
    string Flags,
    uint Start,
    uint End,
    int Length,
    uint? Ack,
    int? Window,
    ushort? UrgentPointer,
    IReadOnlyList<TcpOptionSyntax>? Options,
    bool AnyOptions) : EventAction;

// Expressions of system call arguments and results.
internal abstract record Expression;

internal sealed record EllipsisExpression : Expression;

internal sealed record NumberExpression(long Value) : Expression;

internal sealed record WordExpression(string Name) : Expression;

internal sealed record StringExpression(string Value) : Expression;

internal sealed record OrExpression(IReadOnlyList<Expression> Terms) : Expression;

internal sealed record ArrayExpression(IReadOnlyList<Expression> Items) : Expression;

// {name=value, ...} or {value, ...} (an iovec); a member name may carry a count, as msg_iov(1).
internal sealed record StructExpression(IReadOnlyList<(string? Name, Expression Value)> Members) : Expression;

// htons(N), inet_addr("..."), inet6_addr("...").
internal sealed record CallExpression(string Function, Expression Argument) : Expression;
