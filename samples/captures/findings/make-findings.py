#!/usr/bin/env python3
"""Make one small capture per MPTCP "finding" by editing a real capture of this repository.

Usage: make-findings.py [--verify]      (writes next to this script)

Each output is a copy of one input capture (../seed-echo.pcap, ../v1-csum-ipv4.pcap or
../v1-nocsum-ipv4.pcap) in which a few octets of one or more MPTCP options (TCP option kind 30)
are changed, as listed in FINDINGS below and in README.md.  The frames to edit are found by
walking the TCP option list of every packet, not by fixed offsets; the frame numbers found are
then checked against the ones README.md documents, so that a changed input is noticed.

Rules kept for every edit:
  * an option keeps its length; a removed option is overwritten with NOPs (kind 1);
  * the TCP checksum of every edited packet is recomputed (RFC 1071 over the IPv4 pseudo-header
    and the segment).  The kernel captures hold only the partial pseudo-header sum that the
    loopback checksum offload leaves, so their checksums are "bad" already; an edited packet of
    such a capture gets the correct checksum, the others keep theirs.  No IPv4 header is edited;
  * after editing, every frame is compared octet by octet with the input: only the octets the
    edit meant to change and the two TCP checksum octets may differ (the script fails otherwise);
  * the pcap file header and every record header are copied unchanged.

The output is deterministic (no clock, no randomness).  Standard library only; nothing of the
project is imported.  With --verify, the script also runs tshark (/usr/bin/tshark, tested with
4.0.17) on each input and output and prints every dissected header or option field that differs,
frame by frame, and the expert infos that appear or disappear.
"""

import hashlib
import os
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CAPTURES = os.path.dirname(HERE)

PCAP_MAGIC_LE_US = b"\xd4\xc3\xb2\xa1"
LINKTYPE_ETHERNET, LINKTYPE_RAW, LINKTYPE_IPV4 = 1, 101, 228
ETHERTYPE_IPV4 = 0x0800
TCP_SYN, TCP_ACK = 0x02, 0x10
OPT_EOL, OPT_NOP, OPT_MPTCP = 0, 1, 30
MP_CAPABLE, MP_JOIN, DSS, ADD_ADDR, MP_FAIL = 0, 1, 2, 3, 6
# MP_CAPABLE flags (option octet 3): A = checksum required, H = HMAC-SHA256 (RFC 8684 3.1)
CAP_A, CAP_H, CAP_G = 0x80, 0x01, 0x02
# DSS flags (option octet 3, RFC 8684 3.3): F m M a A
DSS_F, DSS_m, DSS_M, DSS_a, DSS_A = 0x10, 0x08, 0x04, 0x02, 0x01


# --------------------------------------------------------------------------------------------
# pcap, IPv4, TCP


def read_pcap(path):
    """(24-octet file header, link type, [[record header, bytearray]]) of a LE microsecond pcap."""
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:4] != PCAP_MAGIC_LE_US:
        raise SystemExit("%s: not a classic little-endian microsecond pcap" % path)
    linktype = struct.unpack_from("<I", raw, 20)[0]
    records, off = [], 24
    while off < len(raw):
        rec = raw[off:off + 16]
        incl, orig = struct.unpack_from("<II", rec, 8)
        data = bytearray(raw[off + 16:off + 16 + incl])
        if len(data) != incl or incl != orig:
            raise SystemExit("%s: truncated or snapped record at offset %d" % (path, off))
        records.append([rec, data])
        off += 16 + incl
    return raw[:24], linktype, records


def write_pcap(path, header, records):
    with open(path, "wb") as f:
        f.write(header)
        for rec, data in records:
            f.write(rec)
            f.write(bytes(data))


def ones_complement_sum(data):
    if len(data) % 2:
        data = bytes(data) + b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return total


class Option:
    def __init__(self, kind, off, length):
        self.kind, self.off, self.length = kind, off, length


class Segment:
    """One IPv4/TCP packet of a capture; offsets are absolute in self.data (the record's bytes)."""

    def __init__(self, number, data, linktype):
        self.number, self.data = number, data
        if linktype == LINKTYPE_ETHERNET:
            if struct.unpack_from("!H", data, 12)[0] != ETHERTYPE_IPV4:
                raise ValueError("frame %d: not IPv4 over Ethernet" % number)
            ip = 14
        elif linktype in (LINKTYPE_RAW, LINKTYPE_IPV4):
            ip = 0
        else:
            raise ValueError("link type %d not handled" % linktype)
        if data[ip] >> 4 != 4 or data[ip + 9] != 6:
            raise ValueError("frame %d: not IPv4/TCP" % number)
        self.ip = ip
        self.ihl = (data[ip] & 0x0F) * 4
        self.ip_total = struct.unpack_from("!H", data, ip + 2)[0]
        self.src, self.dst = bytes(data[ip + 12:ip + 16]), bytes(data[ip + 16:ip + 20])
        self.tcp = ip + self.ihl
        t = self.tcp
        self.sport, self.dport, self.seq, self.ack = struct.unpack_from("!HHII", data, t)
        self.doff = (data[t + 12] >> 4) * 4
        self.flags = data[t + 13]
        self.tcp_len = self.ip_total - self.ihl
        self.payload_len = self.tcp_len - self.doff
        self.options = self._walk_options()

    def _walk_options(self):
        opts, i, end = [], self.tcp + 20, self.tcp + self.doff
        while i < end:
            kind = self.data[i]
            if kind == OPT_EOL:
                break
            if kind == OPT_NOP:
                opts.append(Option(kind, i, 1))
                i += 1
                continue
            length = self.data[i + 1]
            if length < 2 or i + length > end:
                raise ValueError("frame %d: bad TCP option length at %d" % (self.number, i))
            opts.append(Option(kind, i, length))
            i += length
        return opts

    # addressing -------------------------------------------------------------------------
    @property
    def syn(self):
        return bool(self.flags & TCP_SYN)

    @property
    def synack(self):
        return self.flags & (TCP_SYN | TCP_ACK) == (TCP_SYN | TCP_ACK)

    def direction(self):
        return (self.src, self.sport, self.dst, self.dport)

    def subflow(self):
        return frozenset([(self.src, self.sport), (self.dst, self.dport)])

    def endpoint(self):
        return "%s:%d" % (".".join(map(str, self.src)), self.sport)

    # MPTCP options ----------------------------------------------------------------------
    def mptcp(self, subtype=None):
        out = []
        for o in self.options:
            if o.kind == OPT_MPTCP and o.length >= 3:
                if subtype is None or self.data[o.off + 2] >> 4 == subtype:
                    out.append(o)
        return out

    def octets(self, opt, first, count):
        return bytes(self.data[opt.off + first:opt.off + first + count])

    # TCP checksum -----------------------------------------------------------------------
    def checksum_field(self):
        return struct.unpack_from("!H", self.data, self.tcp + 16)[0]

    def computed_checksum(self):
        seg = bytearray(self.data[self.tcp:self.tcp + self.tcp_len])
        seg[16:18] = b"\0\0"
        pseudo = self.src + self.dst + struct.pack("!BBH", 0, 6, self.tcp_len)
        return (~ones_complement_sum(pseudo + bytes(seg))) & 0xFFFF

    def checksum_ok(self):
        return self.checksum_field() == self.computed_checksum()


def parse_dss(seg, opt):
    """Fields of a DSS option (RFC 8684 3.3): dict with flags, ack, dsn, ssn, dlen and offsets."""
    d = seg.data
    o = opt.off
    flags = d[o + 3]
    r = {"flags": flags, "off": o, "len": opt.length}
    i = 4
    if flags & DSS_A:
        n = 8 if flags & DSS_a else 4
        r["ack"] = int.from_bytes(d[o + i:o + i + n], "big")
        i += n
    if flags & DSS_M:
        n = 8 if flags & DSS_m else 4
        r["dsn_at"], r["dsn_size"] = i, n
        r["dsn"] = int.from_bytes(d[o + i:o + i + n], "big")
        i += n
        r["ssn"] = int.from_bytes(d[o + i:o + i + 4], "big")
        i += 4
        r["dlen_at"] = i
        r["dlen"] = int.from_bytes(d[o + i:o + i + 2], "big")
        i += 2
        r["csum"] = opt.length - i >= 2
    return r


def dss_checksum_ok(seg, opt):
    """True if the DSS checksum verifies (RFC 8684 3.3.1: 64-bit DSN, SSN, length, checksum, payload)."""
    d = parse_dss(seg, opt)
    at = opt.off + d["dlen_at"] + 2
    payload = bytes(seg.data[seg.tcp + seg.doff:seg.tcp + seg.tcp_len])
    pseudo = d["dsn"].to_bytes(8, "big") + struct.pack("!IH", d["ssn"], d["dlen"]) + bytes(seg.data[at:at + 2])
    return ones_complement_sum(pseudo + payload) == 0xFFFF


def token_of(key):
    """MPTCP token: the most significant 32 bits of SHA-256(key) (RFC 8684 3.2)."""
    return hashlib.sha256(key).digest()[:4]


# --------------------------------------------------------------------------------------------
# editing with a record of which octets may change


class Editor:
    def __init__(self, segments):
        self.segments = segments
        self.allowed = {}  # frame number -> set of absolute octet offsets
        self.log = []  # (frame, text)

    def put(self, seg, off, new, what):
        old = bytes(seg.data[off:off + len(new)])
        if old == bytes(new):
            raise SystemExit("frame %d: edit '%s' changes nothing" % (seg.number, what))
        seg.data[off:off + len(new)] = new
        self.allowed.setdefault(seg.number, set()).update(range(off, off + len(new)))
        self.log.append((seg.number, "%s: %s -> %s" % (what, old.hex(), bytes(new).hex())))

    def note(self, seg, text):
        self.log.append((seg.number, text))

    def finish(self):
        """Recompute the TCP checksum of every edited segment."""
        for number in sorted(self.allowed):
            seg = self.segments[number - 1]
            before = seg.checksum_field()
            new = seg.computed_checksum()
            struct.pack_into("!H", seg.data, seg.tcp + 16, new)
            self.allowed[number].update((seg.tcp + 16, seg.tcp + 17))
            self.log.append((number, "TCP checksum 0x%04x -> 0x%04x (recomputed)" % (before, new)))


def initial_handshake(segs):
    """(SYN, SYN/ACK) of the first subflow opened with MP_CAPABLE."""
    syn = next(s for s in segs if s.syn and not s.flags & TCP_ACK and s.mptcp(MP_CAPABLE))
    synack = next(s for s in segs if s.synack and s.direction() == syn.direction()[2:] + syn.direction()[:2])
    return syn, synack


def handshake_capables(segs):
    """Every segment of the initial subflow that carries MP_CAPABLE (SYN, SYN/ACK, ACK, ACK+data)."""
    syn, _ = initial_handshake(segs)
    return [s for s in segs if s.subflow() == syn.subflow() and s.mptcp(MP_CAPABLE)]


def the(options, what):
    if len(options) != 1:
        raise SystemExit("expected one %s, found %d" % (what, len(options)))
    return options[0]


# --------------------------------------------------------------------------------------------
# the findings


def echoed_key_mismatch(segs, ed):
    syn, synack = initial_handshake(segs)
    server_key = synack.octets(the(synack.mptcp(MP_CAPABLE), "MP_CAPABLE"), 4, 8)
    ack = next(s for s in segs if s.direction() == syn.direction() and not s.syn
               and any(o.length == 20 for o in s.mptcp(MP_CAPABLE)))
    opt = the([o for o in ack.mptcp(MP_CAPABLE) if o.length == 20], "MP_CAPABLE of length 20")
    echoed = ack.octets(opt, 12, 8)
    assert echoed == server_key, "the third ACK does not echo the SYN/ACK key"
    # octet 19 is the last (least significant) octet of the receiver's key
    ed.put(ack, opt.off + 19, bytes([ack.data[opt.off + 19] ^ 0xFF]),
           "MP_CAPABLE receiver's key, option octet 19 (SYN/ACK frame %d sent key %s)"
           % (synack.number, server_key.hex()))


def set_capable_flags(segs, ed, clear=0, setbits=0, every=False):
    targets = [s for s in segs if s.mptcp(MP_CAPABLE)] if every else handshake_capables(segs)
    for s in targets:
        for opt in s.mptcp(MP_CAPABLE):
            old = s.data[opt.off + 3]
            ed.put(s, opt.off + 3, bytes([(old & ~clear | setbits) & 0xFF]),
                   "MP_CAPABLE (length %d) flags, option octet 3" % opt.length)


def missing_algorithm(segs, ed):
    set_capable_flags(segs, ed, clear=CAP_H)


def unsupported_algorithm(segs, ed):
    set_capable_flags(segs, ed, setbits=CAP_G)


def unknown_token(segs, ed):
    syn, synack = initial_handshake(segs)
    server_key = synack.octets(the(synack.mptcp(MP_CAPABLE), "MP_CAPABLE"), 4, 8)
    # v1: the client's key first appears in the third ACK (its SYN's MP_CAPABLE has 4 octets)
    ack = next(s for s in segs if s.direction() == syn.direction() and not s.syn and s.mptcp(MP_CAPABLE))
    client_key = ack.octets(the(ack.mptcp(MP_CAPABLE), "MP_CAPABLE"), 4, 8)
    join = next(s for s in segs if s.syn and not s.flags & TCP_ACK
                and any(o.length == 12 for o in s.mptcp(MP_JOIN)))
    opt = the(join.mptcp(MP_JOIN), "MP_JOIN")
    assert join.octets(opt, 4, 4) == token_of(server_key), "the join does not carry the server's token"
    new = bytes.fromhex("deadbeef")
    assert new not in (token_of(server_key), token_of(client_key))
    ed.put(join, opt.off + 4, new, "MP_JOIN SYN receiver's token, option octets 4-7 (server token was "
           "SHA-256(key %s)[0:4])" % server_key.hex())


def address_id_reused(segs, ed):
    adds = [(s, o) for s in segs for o in s.mptcp(ADD_ADDR)]
    ids = [(s.data[o.off + 3], s.octets(o, 4, 4)) for s, o in adds]
    assert ids == [(2, bytes([192, 168, 0, 28])), (3, bytes([192, 168, 0, 25]))], ids
    s, o = adds[1]
    ed.put(s, o.off + 3, b"\x02", "ADD_ADDR (v0, 192.168.0.25) address ID, option octet 3")


def fallback(segs, ed):
    _, synack = initial_handshake(segs)
    opt = the(synack.mptcp(MP_CAPABLE), "MP_CAPABLE")
    ed.put(synack, opt.off, bytes([OPT_NOP]) * opt.length,
           "MP_CAPABLE of the SYN/ACK (%d octets) replaced by NOPs" % opt.length)


def mappings(segs):
    """[(segment, option, dss fields)] of every DSS option with a mapping, in frame order."""
    out = []
    for s in segs:
        for o in s.mptcp(DSS):
            d = parse_dss(s, o)
            if "dsn" in d:
                out.append((s, o, d))
    return out


def mapping_conflict(segs, ed):
    last = {}  # direction -> previous mapping on it
    pair = None
    for s, o, d in mappings(segs):
        prev = last.get(s.direction())
        if prev and d["dlen"] and prev[2]["dlen"] and d["ssn"] == prev[2]["ssn"] + prev[2]["dlen"]:
            pair = (prev, (s, o, d))
            break
        last[s.direction()] = (s, o, d)
    assert pair, "no two consecutive mappings"
    (s1, _, d1), (s2, o2, d2) = pair
    # The second mapping now claims the first one's subflow octets (its own DSN kept): the same subflow octets
    # mapped to two data sequence numbers, which RFC 8684 §3.3.1 forbids.
    ssn_at = d2["dlen_at"] - 4
    new = d1["ssn"]
    csum_before = dss_checksum_ok(s2, o2) if d2["csum"] else None
    ed.put(s2, o2.off + ssn_at, new.to_bytes(4, "big"),
           "DSS subflow sequence number, option octets %d-%d (%d -> %d; frame %d maps subflow seq %d..%d to DSN "
           "%d..%d; this one maps the same subflow octets to DSN %d.., length %d)"
           % (ssn_at, ssn_at + 3, d2["ssn"], new, s1.number, d1["ssn"], d1["ssn"] + d1["dlen"] - 1,
              d1["dsn"], d1["dsn"] + d1["dlen"] - 1, d2["dsn"], d2["dlen"]))
    if csum_before is not None:
        ed.note(s2, "DSS checksum (kept) verifies: before %s, after %s (the DSN is in its pseudo-header)"
                % (csum_before, dss_checksum_ok(s2, o2)))


def client_data_mapping(segs):
    """First (segment, option, dss) from the client after the handshake whose mapping is exactly its payload."""
    syn, _ = initial_handshake(segs)
    isn = {}
    for s in segs:
        if s.syn:
            isn[s.direction()] = s.seq
    for s, o, d in mappings(segs):
        if (s.direction() == syn.direction() and not s.syn and s.payload_len > 0
                and d["dlen"] == s.payload_len
                and d["ssn"] == (s.seq - isn[s.direction()]) & 0xFFFFFFFF):
            return s, o, d
    raise SystemExit("no client data segment with its own mapping")


def missing_mapping(segs, ed):
    s, o, d = client_data_mapping(segs)
    ed.put(s, o.off, bytes([OPT_NOP]) * o.length,
           "DSS (%d octets: data ACK %d, DSN %d, subflow seq %d, length %d) replaced by NOPs"
           % (o.length, d.get("ack", -1), d["dsn"], d["ssn"], d["dlen"]))


def unexpected_checksum(segs, ed):
    set_capable_flags(segs, ed, clear=CAP_A, every=True)


def missing_checksum(segs, ed):
    set_capable_flags(segs, ed, setbits=CAP_A, every=True)


def infinite_mapping(segs, ed):
    s, o, d = client_data_mapping(segs)
    ed.put(s, o.off + d["dlen_at"], b"\0\0",
           "DSS data-level length, option octets %d-%d (DSN %d, subflow seq %d kept)"
           % (d["dlen_at"], d["dlen_at"] + 1, d["dsn"], d["ssn"]))


def mp_fail(segs, ed):
    syn, _ = initial_handshake(segs)
    server = syn.direction()[2:] + syn.direction()[:2]
    target = None
    for s in segs:
        if s.syn or s.direction() != server:
            continue
        for o in s.mptcp(DSS):
            d = parse_dss(s, o)
            if o.length == 12 and d["flags"] == DSS_A | DSS_a:
                target = (s, o)
                break
        if target:
            break
    assert target, "no 12-octet data-ACK-only DSS from the server"
    s, o = target
    # The DSN an MP_FAIL carries is that of the mapping whose checksum failed (RFC 8684 3.7): here the
    # last mapping the server received on this subflow before this frame.
    received = [d for t, _, d in mappings(segs) if t.number < s.number and t.direction() == syn.direction()
                and t.subflow() == s.subflow() and d["dlen"]]
    d = received[-1]
    assert d["dsn_size"] == 8
    mpfail = bytes([OPT_MPTCP, 12, MP_FAIL << 4, 0]) + d["dsn"].to_bytes(8, "big")
    ed.put(s, o.off, mpfail, "DSS (data ACK only, 12 octets) replaced by MP_FAIL, DSN %d = start of the "
           "client's mapping the server received last" % d["dsn"])


# name, input, function, frames that README.md documents as edited
FINDINGS = [
    ("echoed-key-mismatch", "v1-csum-ipv4.pcap", echoed_key_mismatch, [3]),
    ("missing-algorithm", "v1-csum-ipv4.pcap", missing_algorithm, [1, 2, 3]),
    ("unsupported-algorithm", "v1-csum-ipv4.pcap", unsupported_algorithm, [1, 2, 3]),
    ("unknown-token", "v1-csum-ipv4.pcap", unknown_token, [6]),
    ("address-id-reused", "seed-echo.pcap", address_id_reused, [5]),
    ("fallback", "v1-nocsum-ipv4.pcap", fallback, [2]),
    ("mapping-conflict", "v1-csum-ipv4.pcap", mapping_conflict, [20]),
    ("missing-mapping", "v1-nocsum-ipv4.pcap", missing_mapping, [12]),
    ("unexpected-checksum", "v1-csum-ipv4.pcap", unexpected_checksum, [1, 2, 3]),
    ("missing-checksum", "v1-nocsum-ipv4.pcap", missing_checksum, [1, 2, 3, 4]),
    ("infinite-mapping", "v1-nocsum-ipv4.pcap", infinite_mapping, [12]),
    ("mp-fail", "v1-csum-ipv4.pcap", mp_fail, [17]),
]


def make(name, infile, func, expected):
    src = os.path.join(CAPTURES, infile)
    header, linktype, records = read_pcap(src)
    originals = [bytes(d) for _, d in records]
    segs = [Segment(i + 1, d, linktype) for i, (_, d) in enumerate(records)]
    was_ok = {s.number: s.checksum_ok() for s in segs}
    ed = Editor(segs)
    func(segs, ed)
    ed.finish()
    edited = sorted(ed.allowed)
    if edited != expected:
        raise SystemExit("%s: edited frames %s, README documents %s" % (name, edited, expected))
    for i, (old, (_, new)) in enumerate(zip(originals, records)):
        changed = {k for k in range(len(old)) if old[k] != new[k]}
        if len(old) != len(new) or not changed <= ed.allowed.get(i + 1, set()):
            raise SystemExit("%s: frame %d changed outside the edit" % (name, i + 1))
        Segment(i + 1, new, linktype)  # still parses: option lengths intact
    out = os.path.join(HERE, name + ".pcap")
    write_pcap(out, header, records)
    print("%s.pcap  (from %s, %d frames)" % (name, infile, len(records)))
    for number, text in ed.log:
        print("  frame %d: %s" % (number, text))
    for number in edited:
        print("  frame %d: TCP checksum of the input was %s, of the output is %s"
              % (number, "good" if was_ok[number] else "bad (partial, offload)",
                 "good" if segs[number - 1].checksum_ok() else "BAD"))
    return out, src


# --------------------------------------------------------------------------------------------
# --verify: tshark field and expert comparison

TSHARK = "/usr/bin/tshark"
WIRE_FIELDS = """frame.len frame.cap_len ip.hdr_len ip.len ip.id ip.flags ip.ttl ip.proto ip.checksum
ip.checksum.status ip.src ip.dst tcp.srcport tcp.dstport tcp.seq_raw tcp.ack_raw tcp.hdr_len tcp.flags
tcp.window_size_value tcp.checksum tcp.checksum.status tcp.urgent_pointer tcp.len tcp.option_kind
tcp.option_len tcp.options.mss_val tcp.options.wscale.shift tcp.options.timestamp.tsval
tcp.options.timestamp.tsecr tcp.options.mptcp.subtype tcp.options.mptcp.version tcp.options.mptcp.flags
tcp.options.mptcp.reserved tcp.options.mptcp.sendkey tcp.options.mptcp.recvkey tcp.options.mptcp.recvtok
tcp.options.mptcp.sendrand tcp.options.mptcp.sendtrunchmac tcp.options.mptcp.sendhmac
tcp.options.mptcp.addaddrtrunchmac tcp.options.mptcp.addrid tcp.options.mptcp.ipver tcp.options.mptcp.echo
tcp.options.mptcp.ipv4 tcp.options.mptcp.port tcp.options.mptcp.rawdataack tcp.options.mptcp.rawdataseqno
tcp.options.mptcp.subflowseqno tcp.options.mptcp.datalvllen tcp.options tcp.payload""".split()


def tshark_fields(path, fields, prefs=(), aggregator=","):
    cmd = [TSHARK, "-r", path, "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a",
           "-E", "aggregator=" + aggregator]
    for p in prefs:
        cmd += ["-o", p]
    for f in fields:
        cmd += ["-e", f]
    text = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in text.splitlines()]


def verify(out, src):
    checks = ("tcp.check_checksum:TRUE", "ip.check_checksum:TRUE")
    a, b = tshark_fields(src, WIRE_FIELDS, checks), tshark_fields(out, WIRE_FIELDS, checks)
    assert len(a) == len(b)
    print("  tshark fields that differ:")
    for n, (ra, rb) in enumerate(zip(a, b), 1):
        for f, va, vb in zip(WIRE_FIELDS, ra, rb):
            if va != vb:
                print("    frame %d %s: %s -> %s" % (n, f, va or "(none)", vb or "(none)"))
    for label, prefs in (("default prefs", ()), ("mptcp.analyze_mappings:TRUE", ("mptcp.analyze_mappings:TRUE",))):
        ea = tshark_fields(src, ["_ws.expert.message"], prefs, ";")
        eb = tshark_fields(out, ["_ws.expert.message"], prefs, ";")
        print("  tshark expert infos that differ (%s):" % label)
        for n, (ra, rb) in enumerate(zip(ea, eb), 1):
            ma = [m for m in ra[0].split(";") if m]
            mb = [m for m in rb[0].split(";") if m]
            for m in mb:
                if m not in ma:
                    print("    frame %d + %s" % (n, m))
            for m in ma:
                if m not in mb:
                    print("    frame %d - %s" % (n, m))


def main():
    do_verify = "--verify" in sys.argv[1:]
    for name, infile, func, expected in FINDINGS:
        out, src = make(name, infile, func, expected)
        if do_verify:
            verify(out, src)


if __name__ == "__main__":
    main()
