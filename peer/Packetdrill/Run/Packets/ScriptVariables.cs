using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Security.Cryptography;
using Mptcp.Codec.Crypto;
using Mptcp.Codec.Peer.Packetdrill.Syntax;

namespace Mptcp.Codec.Peer.Packetdrill.Run.Packets;

// The keys and addresses of a run, by the names the script gives them (key[NAME], addr[NAME]). The keys: the
// script's own (NAME=N or drawn at random at its first MP_CAPABLE) and the kernel's (learned from the kernel's first
// MP_CAPABLE that carries one), held as the option carries them: packetdrill copies a script's N into the key's
// octets in the host's order (little-endian here), so skey=2 is 02 00 00 00 00 00 00 00 on the wire, and so it is here.
internal sealed class ScriptVariables
{
    private readonly Dictionary<string, ulong> _keys = [];

    public string? ScriptKeyName { get; private set; }

    public string? KernelKeyName { get; private set; }

    public MptcpVersion Version { get; set; } = MptcpVersion.V1;

    public bool TryGet(string name, out ulong key) => _keys.TryGetValue(name, out key);

    // A key the script's side sends: bound now if the script gives its value or it is the script's first key.
    public ulong Sent(ScriptValue value)
    {
        string name = value.Name ?? throw new ScriptRunException("a key is named, as key[skey]");
        if (_keys.TryGetValue(name, out ulong known))
        {
            return known;
        }

        if (ScriptKeyName is not null && value.Value is null)
        {
            throw new ScriptRunException($"the key {name} is not known yet: the kernel has not sent it, and the script's own key is {ScriptKeyName}");
        }

        ulong key = value.Value is ulong given ? BinaryPrimitives.ReverseEndianness(given) : BinaryPrimitives.ReadUInt64BigEndian(RandomNumberGenerator.GetBytes(8));
        _keys[name] = key;
        ScriptKeyName ??= name;
        return key;
    }

    // A key the kernel sent: learned when its name is new, else what the script expects.
    public ulong? Expected(ScriptValue value, ulong live)
    {
        string name = value.Name ?? throw new ScriptRunException("a key is named, as key[skey]");
        if (_keys.TryGetValue(name, out ulong known))
        {
            return known;
        }

        if (value.Value is ulong given)
        {
            _keys[name] = BinaryPrimitives.ReverseEndianness(given);
            return _keys[name];
        }

        _keys[name] = live;
        KernelKeyName ??= name;
        return null;
    }

    // The script's own key.
    public ulong Script => ScriptKeyName is not null && _keys.TryGetValue(ScriptKeyName, out ulong key) ? key
        : throw new ScriptRunException("the script's key is not known yet");

    // Addresses by the names addr[NAME] gives them, bound at first use.
    public Dictionary<string, MptcpAddress> Addresses { get; } = [];

    // The ids of the script's own addresses: its first is 0, each new one the next.
    public Dictionary<MptcpAddress, byte> ScriptAddressIds { get; } = [];

    // The kernel's key itself (MP_FASTCLOSE sends it back).
    public ulong Kernel => KernelKeyName is not null && _keys.TryGetValue(KernelKeyName, out ulong key) ? key
        : throw new ScriptRunException("the kernel's key is not known yet");

    public ulong ScriptIdsn => Idsn(ScriptKeyName, "the script's");

    public ulong KernelIdsn => Idsn(KernelKeyName, "the kernel's");

    private ulong Idsn(string? name, string whose) => name is not null && _keys.TryGetValue(name, out ulong key)
        ? MptcpKeys.InitialDataSequenceNumber(key, Version)
        : throw new ScriptRunException($"{whose} key is not known yet: a DSS number is relative to its IDSN");
}
