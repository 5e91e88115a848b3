#!/usr/bin/env python3
"""Rebuild the seed MPTCP echo session as a pcap file.

Usage: make-seed-pcap.py SEED_TEXT_FILE OUTPUT_PCAP

The seed document (Korean text, RFC 6824 / MPTCP v0 era) lists captured IPv4
packets as hex dumps:

    3L >> 4500 0048 ...        IPv4 header (20 bytes)
    4L >> 9372 270f ...        TCP header incl. options (MPTCP options may
                               already be on this line)
    MPTCP >> 1e0c 0081 ...     zero or more continuation lines: rest of the
                               TCP options and, for data packets, the payload

A packet starts at each "3L >>" line; its bytes are 3L + 4L + every MPTCP line
concatenated, in document order.  The concatenation must be exactly as long as
the IPv4 total-length field says.

Output: classic pcap (magic a1b2c3d4 written little-endian, microsecond
timestamps), version 2.4, snaplen 65535, link type 228 (LINKTYPE_IPV4, raw
IPv4 without link-layer header).  Timestamps start at 2019-01-01T00:00:00Z and
advance 1 ms per packet.

Stdlib only.  The script also recomputes the IPv4 header checksum and the TCP
checksum of every packet and prints a per-packet report; a mismatch is reported
but not fatal (the bytes are written exactly as the document gives them).
"""

import re
import struct
import sys

LINKTYPE_IPV4 = 228
START_EPOCH = 1546300800  # 2019-01-01T00:00:00Z
STEP_US = 1000

LINE_RE = re.compile(r"^\s*(3L|4L|MPTCP)\s*>>\s*(.*?)\s*$")


def parse_hex(text, lineno):
    digits = re.sub(r"\s+", "", text)
    if not re.fullmatch(r"[0-9a-fA-F]*", digits) or len(digits) % 2:
        raise ValueError("line %d: not a whole number of hex bytes: %r" % (lineno, text))
    return bytes.fromhex(digits)


def parse_seed(path):
    """Return a list of dicts {line, ip, tcp, extra:[bytes...]} in document order."""
    packets = []
    cur = None
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            m = LINE_RE.match(line)
            if not m:
                continue
            tag, hexpart = m.group(1), m.group(2)
            data = parse_hex(hexpart, lineno)
            if tag == "3L":
                cur = {"line": lineno, "ip": data, "tcp": None, "extra": []}
                packets.append(cur)
            elif cur is None:
                raise ValueError("line %d: %s line before any 3L line" % (lineno, tag))
            elif tag == "4L":
                if cur["tcp"] is not None:
                    raise ValueError("line %d: second 4L line for packet at line %d" % (lineno, cur["line"]))
                cur["tcp"] = data
            else:  # MPTCP
                if cur["tcp"] is None:
                    raise ValueError("line %d: MPTCP line before 4L line" % lineno)
                cur["extra"].append(data)
    for p in packets:
        if p["tcp"] is None:
            raise ValueError("packet at line %d has no 4L line" % p["line"])
    return packets


def ones_complement_sum(data):
    if len(data) % 2:
        data += b"\x00"
    s = 0
    for (w,) in struct.iter_unpack("!H", data):
        s += w
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def checksum(data):
    return (~ones_complement_sum(data)) & 0xFFFF


def check_packet(pkt):
    """Return a list of problems (empty if IP and TCP checksums are right)."""
    problems = []
    ihl = (pkt[0] & 0x0F) * 4
    ip_hdr = pkt[:ihl]
    if checksum(ip_hdr) != 0:
        zeroed = ip_hdr[:10] + b"\x00\x00" + ip_hdr[12:]
        problems.append("IPv4 header checksum 0x%04x, expected 0x%04x"
                        % (struct.unpack("!H", ip_hdr[10:12])[0], checksum(zeroed)))
    if pkt[9] != 6:
        problems.append("IP protocol %d is not TCP" % pkt[9])
        return problems
    seg = pkt[ihl:]
    doff = (seg[12] >> 4) * 4
    if doff > len(seg):
        problems.append("TCP data offset %d > segment length %d" % (doff, len(seg)))
    pseudo = pkt[12:20] + struct.pack("!BBH", 0, 6, len(seg))
    if checksum(pseudo + seg) != 0:
        zeroed = seg[:16] + b"\x00\x00" + seg[18:]
        problems.append("TCP checksum 0x%04x, expected 0x%04x"
                        % (struct.unpack("!H", seg[16:18])[0], checksum(pseudo + zeroed)))
    return problems


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: %s SEED_TEXT OUTPUT_PCAP\n" % argv[0])
        return 2
    packets = parse_seed(argv[1])
    if not packets:
        sys.stderr.write("no packets found in %s\n" % argv[1])
        return 1

    records = []
    bad = 0
    for i, p in enumerate(packets, 1):
        assert len(p["ip"]) == 20, "packet %d (line %d): 3L is %d bytes, not 20" % (i, p["line"], len(p["ip"]))
        pkt = p["ip"] + p["tcp"] + b"".join(p["extra"])
        total_len = struct.unpack("!H", p["ip"][2:4])[0]
        assert len(pkt) == total_len, (
            "packet %d (line %d): %d bytes but IP total length is %d"
            % (i, p["line"], len(pkt), total_len))
        problems = check_packet(pkt)
        status = "ok" if not problems else "; ".join(problems)
        if problems:
            bad += 1
        print("packet %2d (line %3d): %3d bytes, %s" % (i, p["line"], len(pkt), status))
        records.append(pkt)

    with open(argv[2], "wb") as out:
        # magic, version 2.4, thiszone, sigfigs, snaplen, linktype
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, LINKTYPE_IPV4))
        for i, pkt in enumerate(records):
            us = i * STEP_US
            out.write(struct.pack("<IIII", START_EPOCH + us // 1000000, us % 1000000, len(pkt), len(pkt)))
            out.write(pkt)

    print("wrote %d packets to %s (%d with checksum problems)" % (len(records), argv[2], bad))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
