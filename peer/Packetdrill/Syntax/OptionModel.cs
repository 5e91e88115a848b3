using System.Collections.Generic;

namespace Mptcp.Codec.Peer.Packetdrill.Syntax;

// The TCP options of a packet line, in the order written.
internal abstract record TcpOptionSyntax;

internal sealed record NopSyntax : TcpOptionSyntax;

internal sealed record EolSyntax : TcpOptionSyntax;

internal sealed record MssSyntax(ushort Value) : TcpOptionSyntax;

internal sealed record WindowScaleSyntax(byte Shift) : TcpOptionSyntax;

internal sealed record SackPermittedSyntax : TcpOptionSyntax;

internal sealed record SackSyntax(IReadOnlyList<(uint Left, uint Right)> Blocks) : TcpOptionSyntax;

internal sealed record TimestampSyntax(uint Value, uint EchoReply) : TcpOptionSyntax;

// A key, nonce or id by name (bound at first use or given a value as NAME=N), or a number.
internal sealed record ScriptValue(string? Name, ulong? Value)
{
    public override string ToString() => Name is null ? $"{Value}" : Value is null ? Name : $"{Name}={Value}";
}

// mpcapable VERSION flags[...]|flags N nokey|key[A]|key[A, B] [mpcdatalen N]
internal sealed record MpCapableSyntax(int Version, byte Flags, IReadOnlyList<ScriptValue> Keys, ushort? DataLevelLength) : TcpOptionSyntax;

// A DSS number: absent, bare (the kernel's own value, not checked), or N (relative to the owner's IDSN).
internal readonly record struct DssNumber(bool Present, bool EightOctets, ulong? Value);

// dss [dack4|dack8[=N]] [dsn4|dsn8[=N]] [ssn=N] [dll=N] [nocs|cksum=N] [fin]
internal sealed record DssSyntax(DssNumber DataAck, DssNumber DataSequence, uint? SubflowSequence, ushort? DataLevelLength, bool NoChecksum, ushort? Checksum, bool DataFin) : TcpOptionSyntax;

internal enum JoinForm
{
    Syn,
    SynAck,
    Ack,
}

// How an MP_JOIN's token or HMAC is given: a number, sha1_32/sha256_32 of a key, or auto (computed from the keys).
internal sealed record JoinValue(string Form, ulong? Value, IReadOnlyList<string> Keys);

// mp_join_syn / mp_join_syn_ack / mp_join_ack with backup=, address_id=, token= / sender_hmac=, rand=.
internal sealed record MpJoinSyntax(JoinForm Form, bool? Backup, byte? AddressId, JoinValue Secret, uint? Nonce) : TcpOptionSyntax;

// add_address [address_id=N] addr[NAME[=inet_addr("...")]] [port=N] addr_echo|hmac=auto|hmac=N
internal sealed record AddAddressSyntax(byte? AddressId, string Variable, string? Address, ushort? Port, bool Echo, ulong? Hmac) : TcpOptionSyntax;

internal sealed record RemoveAddressSyntax(IReadOnlyList<byte> AddressIds) : TcpOptionSyntax;

internal sealed record MpPrioSyntax(bool Backup, byte? AddressId) : TcpOptionSyntax;

internal sealed record MpFailSyntax(DssNumber DataSequence) : TcpOptionSyntax;

// mp_fastclose [NAME[=N]] [+ N]: the receiver's key.
internal sealed record MpFastCloseSyntax(ScriptValue? Key, long Offset) : TcpOptionSyntax;

internal sealed record MpTcpRstSyntax(byte Reason, bool Transient) : TcpOptionSyntax;
