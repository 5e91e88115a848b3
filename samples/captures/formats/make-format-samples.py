#!/usr/bin/env python3
"""Rewrap the seed's packets (and the kernel IPv6 capture's) into other capture formats.

Usage: make-format-samples.py            (writes next to this script)

Reads ../seed-echo.pcap (19 IPv4 packets, link type 228, little-endian, microseconds) and ipv6-ethernet.pcap
(Ethernet, IPv6) with the standard library only, and writes the files listed in README.md beside this script.
It imports and runs no code of the project: every byte here follows the pcap and pcapng specifications
(draft-ietf-opsawg-pcap, draft-ietf-opsawg-pcapng) and the link-layer header types registry.
"""

import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.join(HERE, "..", "seed-echo.pcap")
IPV6 = os.path.join(HERE, "ipv6-ethernet.pcap")  # a copy of ../v1-ipv6.pcap as it was made (see README.md)

LINKTYPE_NULL, LINKTYPE_ETHERNET, LINKTYPE_RAW, LINKTYPE_LINUX_SLL = 0, 1, 101, 113
LINKTYPE_IPV4, LINKTYPE_LINUX_SLL2 = 228, 276
ETHERTYPE_IPV4, ETHERTYPE_VLAN = 0x0800, 0x8100
MAC_A, MAC_B = bytes.fromhex("020000000001"), bytes.fromhex("020000000002")
NS_EXTRA = 123  # added to every timestamp of the nanosecond interface, so that nanoseconds show


def read_pcap(path):
    """(link type, [(seconds, microseconds, bytes)]) of a little-endian microsecond pcap."""
    with open(path, "rb") as f:
        data = f.read()
    magic, _, _, _, _, _, linktype = struct.unpack_from("<IHHiIII", data, 0)
    assert magic == 0xA1B2C3D4, "%s: not a little-endian microsecond pcap" % path
    records, offset = [], 24
    while offset < len(data):
        sec, usec, caplen, _ = struct.unpack_from("<IIII", data, offset)
        records.append((sec, usec, data[offset + 16:offset + 16 + caplen]))
        offset += 16 + caplen
    return linktype, records


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)
    print("%-36s %6d bytes" % (name, len(data)))


def pcap(linktype, records, endian="<"):
    """A classic pcap (microseconds) in the given byte order; records are (seconds, microseconds, bytes)."""
    out = [struct.pack(endian + "IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, linktype)]
    for sec, usec, frame in records:
        out.append(struct.pack(endian + "IIII", sec, usec, len(frame), len(frame)) + frame)
    return b"".join(out)


def rewrap(records, wrap):
    return [(sec, usec, wrap(ip)) for sec, usec, ip in records]


def ethernet(ip, tags=b""):
    """Ethernet II, optional 802.1Q tags, padded to the 60-octet minimum as a NIC delivers it."""
    frame = MAC_B + MAC_A + tags + struct.pack("!H", ETHERTYPE_IPV4) + ip
    return frame + b"\x00" * (60 - len(frame))


def vlan(ip):
    return ethernet(ip, struct.pack("!HH", ETHERTYPE_VLAN, 100))  # PCP 0, DEI 0, VLAN 100


def sll(ip):
    # packet type 0 (to us), ARPHRD_ETHER, address length 6, address padded to 8, protocol
    return struct.pack("!HHH", 0, 1, 6) + MAC_A + b"\x00\x00" + struct.pack("!H", ETHERTYPE_IPV4) + ip


def sll2(ip):
    # protocol, reserved, interface index 2, ARPHRD_ETHER, packet type 0, address length 6, address padded to 8
    return struct.pack("!HHIHBB", ETHERTYPE_IPV4, 0, 2, 1, 0, 6) + MAC_A + b"\x00\x00" + ip


def ipv4_option(ip):
    """Adds a Router Alert option (RFC 2113), so IHL is 6, and recomputes the header checksum."""
    header = bytearray(ip[:20] + b"\x94\x04\x00\x00")
    header[0] = 0x46
    struct.pack_into("!H", header, 2, len(ip) + 4)
    struct.pack_into("!H", header, 10, 0)
    total = sum(w for (w,) in struct.iter_unpack("!H", bytes(header)))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    struct.pack_into("!H", header, 10, ~total & 0xFFFF)
    return bytes(header) + ip[20:]


def null(endian):
    return lambda ip: struct.pack(endian + "I", 2) + ip  # AF_INET in the capturing host's byte order


# pcapng -------------------------------------------------------------------------------------------------------

def block(e, btype, body):
    body += b"\x00" * (-len(body) % 4)
    return struct.pack(e + "II", btype, len(body) + 12) + body + struct.pack(e + "I", len(body) + 12)


def options(e, *pairs):
    out = b"".join(struct.pack(e + "HH", code, len(value)) + value + b"\x00" * (-len(value) % 4)
                   for code, value in pairs)
    return out + struct.pack(e + "HH", 0, 0) if pairs else b""


def shb(e):
    return block(e, 0x0A0D0D0A, struct.pack(e + "IHHq", 0x1A2B3C4D, 1, 0, -1))


def idb(e, linktype, snaplen=65535, *opts):
    return block(e, 1, struct.pack(e + "HHI", linktype, 0, snaplen) + options(e, *opts))


def epb(e, interface, ticks, frame):
    return block(e, 6, struct.pack(e + "IIIII", interface, ticks >> 32, ticks & 0xFFFFFFFF, len(frame), len(frame))
                 + frame)


def obsolete_pb(e, interface, ticks, frame):
    return block(e, 2, struct.pack(e + "HHIIII", interface, 0, ticks >> 32, ticks & 0xFFFFFFFF, len(frame),
                                   len(frame)) + frame)


def spb(e, frame):
    return block(e, 3, struct.pack(e + "I", len(frame)) + frame)


def isb(e, interface, ticks):
    return block(e, 5, struct.pack(e + "III", interface, ticks >> 32, ticks & 0xFFFFFFFF))


def micros(sec, usec):
    return sec * 1000000 + usec


def two_interfaces(seed):
    """Returns (file bytes, file offset of each packet block)."""
    e = "<"
    out = [shb(e), idb(e, LINKTYPE_IPV4), idb(e, LINKTYPE_ETHERNET, 65535, (9, b"\x09"))]
    offsets = []
    for n, (sec, usec, ip) in enumerate(seed, 1):
        offsets.append(sum(map(len, out)))
        if n == 10:
            out.append(spb(e, ip))
        elif n % 2:
            out.append(epb(e, 0, micros(sec, usec), ip))
        else:
            out.append(epb(e, 1, micros(sec, usec) * 1000 + NS_EXTRA, ethernet(ip)))
    out.append(isb(e, 0, micros(*seed[-1][:2])))
    return b"".join(out), offsets


SECTION2_TSOFFSET = 1546300000  # seconds, if_tsoffset of section 2's interface
SECTION2_START = 1546300800 * 1024  # in 2^-10 s since the epoch; frame n of section 2 is 8 * (n - 10) ticks later


def two_sections(seed):
    le, be = "<", ">"
    out = [shb(le), idb(le, LINKTYPE_RAW)]
    out += [epb(le, 0, micros(sec, usec), ip) for sec, usec, ip in seed[:9]]
    out += [shb(be), idb(be, LINKTYPE_IPV4, 65535, (9, b"\x8a"), (14, struct.pack(be + "q", SECTION2_TSOFFSET)))]
    out.append(block(be, 0x00000BAD, struct.pack(be + "I", 32473) + b"custom"))  # a custom block, PEN 32473
    for n, (_, _, ip) in enumerate(seed[9:], 10):
        ticks = SECTION2_START - SECTION2_TSOFFSET * 1024 + 8 * (n - 10)
        out.append((obsolete_pb if n == 10 else epb)(be, 0, ticks, ip))
    return b"".join(out)


# IPv6 extension headers ---------------------------------------------------------------------------------------

def ext(next_header, body):
    """An extension header of the 8-octet-unit kind: next header, length, then body (6 + 8k octets)."""
    assert (len(body) + 2) % 8 == 0
    return bytes([next_header, (len(body) + 2) // 8 - 1]) + body


def hop_by_hop(nh):
    return ext(nh, b"\x01\x04\x00\x00\x00\x00")  # PadN


def destination(nh):
    return ext(nh, b"\x01\x04\x00\x00\x00\x00")


def routing(nh):
    return ext(nh, bytes([253, 0]) + b"\x00" * 4)  # experimental routing type 253, segments left 0


def fragment(nh, offset_units=0):
    return struct.pack("!BBHI", nh, 0, offset_units << 3, 0x12345678)


def ah(nh):
    return struct.pack("!BBHII", nh, 4, 0, 0x100, 1) + b"\xaa" * 12  # 24 octets: length field 24/4 - 2 = 4


CHAINS = [  # (protocol numbers in order, builders in order)
    ((0,), (hop_by_hop,)),
    ((60,), (destination,)),
    ((43,), (routing,)),
    ((44,), (fragment,)),
    ((51,), (ah,)),
    ((0, 60, 43, 44, 51, 60), (hop_by_hop, destination, routing, fragment, ah, destination)),
]


def with_chain(frame, numbers, builders, tail=6):
    """Inserts extension headers between an Ethernet IPv6 frame's fixed header and its TCP header."""
    eth, ip6, tcp = frame[:14], frame[14:54], frame[54:]
    chain = b""
    for i in reversed(range(len(builders))):
        chain = builders[i](numbers[i + 1] if i + 1 < len(numbers) else tail) + chain
    header = bytearray(ip6)
    struct.pack_into("!H", header, 4, len(chain) + len(tcp))
    header[6] = numbers[0]
    return eth + bytes(header) + chain + tcp


def ipv6_extensions(records):
    out = []
    for i, (numbers, builders) in enumerate(CHAINS):
        sec, usec, frame = records[i]
        out.append((sec, usec, with_chain(frame, numbers, builders)))
    sec, usec, frame = records[len(CHAINS)]
    later = lambda nh: fragment(nh, offset_units=1)  # a non-first fragment: what follows is not a TCP header
    out.append((sec, usec, with_chain(frame, (44,), (later,))))
    return out


def main():
    _, seed = read_pcap(SEED)
    assert len(seed) == 19
    write("seed-echo-vlan.pcap", pcap(LINKTYPE_ETHERNET, rewrap(seed, vlan)))
    write("seed-echo-sll.pcap", pcap(LINKTYPE_LINUX_SLL, rewrap(seed, sll)))
    write("seed-echo-sll2.pcap", pcap(LINKTYPE_LINUX_SLL2, rewrap(seed, sll2)))
    write("seed-echo-null.pcap", pcap(LINKTYPE_NULL, rewrap(seed, null("<"))))
    write("seed-echo-raw.pcap", pcap(LINKTYPE_RAW, seed))
    write("seed-echo-bigendian.pcap", pcap(LINKTYPE_NULL, rewrap(seed, null(">")), ">"))
    write("seed-echo-ipv4-options.pcap", pcap(LINKTYPE_IPV4, rewrap(seed, ipv4_option)))

    two, offsets = two_interfaces(seed)
    write("seed-echo-two-interfaces.pcapng", two)
    write("seed-echo-two-sections.pcapng", two_sections(seed))

    original = pcap(LINKTYPE_IPV4, seed)
    with open(SEED, "rb") as f:
        assert f.read() == original, "the seed pcap is not what this script expects"
    last = len(original) - 16 - len(seed[-1][2])
    write("seed-echo-truncated.pcap", original[:last + 16 + len(seed[-1][2]) // 2])
    print("  last record at offset %d, cut after %d bytes" % (last, last + 16 + len(seed[-1][2]) // 2))
    tenth = 24 + sum(16 + len(ip) for _, _, ip in seed[:9])
    bad = bytearray(original)
    struct.pack_into("<I", bad, tenth + 8, 0x00100000)
    write("seed-echo-bad-length.pcap", bytes(bad))
    print("  record 10 at offset %d claims 1 MiB" % tenth)
    garbage = b"GARBAGE!" * 3
    write("seed-echo-garbage.pcapng", two[:offsets[9]] + garbage + two[offsets[9]:])
    print("  %d garbage bytes at offset %d, before frame 10's block" % (len(garbage), offsets[9]))

    linktype, kernel = read_pcap(IPV6)
    assert linktype == LINKTYPE_ETHERNET
    write("ipv6-extension-headers.pcap", pcap(LINKTYPE_ETHERNET, ipv6_extensions(kernel)))


if __name__ == "__main__":
    main()
