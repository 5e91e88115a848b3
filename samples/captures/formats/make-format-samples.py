#!/usr/bin/env python3
"""Rewrap the seed's packets (and the kernel IPv6 capture's) into other capture formats.

Usage: make-format-samples.py            (writes next to this script)

Reads ../seed-echo.pcap (19 IPv4 packets, link type 228, little-endian, microseconds) and ipv6-ethernet.pcap
(Ethernet, IPv6) with the standard library only, and writes the files listed in README.md beside this script.
It imports and runs no code of the project: every byte here follows the pcap and pcapng specifications
(draft-ietf-opsawg-pcap, draft-ietf-opsawg-pcapng), the link-layer header types registry
(tcpdump.org/linktypes.html) and, for the other link layers and tunnels, the specification cited where each
header is built.
"""

import os
import struct
import zlib  # only for CRC-32, the 802.11 FCS

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.join(HERE, "..", "seed-echo.pcap")
IPV6 = os.path.join(HERE, "ipv6-ethernet.pcap")  # a copy of ../v1-ipv6.pcap as it was made (see README.md)

LINKTYPE_NULL, LINKTYPE_ETHERNET, LINKTYPE_RAW, LINKTYPE_LINUX_SLL = 0, 1, 101, 113
LINKTYPE_IPV4, LINKTYPE_LINUX_SLL2 = 228, 276
LINKTYPE_PPP, LINKTYPE_PPP_HDLC, LINKTYPE_C_HDLC, LINKTYPE_IEEE802_11, LINKTYPE_LOOP = 9, 50, 104, 105, 108
LINKTYPE_IEEE802_11_RADIOTAP, LINKTYPE_PPI, LINKTYPE_IPV6, LINKTYPE_NFLOG = 127, 192, 229, 239
ETHERTYPE_IPV4, ETHERTYPE_VLAN = 0x0800, 0x8100
ETHERTYPE_QINQ, ETHERTYPE_MPLS, ETHERTYPE_PPPOE_SESSION, ETHERTYPE_IPV6 = 0x88A8, 0x8847, 0x8864, 0x86DD
ETHERTYPE_TEB, ETHERTYPE_PPP = 0x6558, 0x880B  # transparent Ethernet bridging (GRE), PPP (PPTP's GRE)
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


def numbered(records, wrap):
    """Like rewrap, but wrap(n, ip) also gets the frame number n (1 for the first): odd and even frames differ."""
    return [(sec, usec, wrap(n, ip)) for n, (sec, usec, ip) in enumerate(records, 1)]


def checksum(data):
    """The Internet checksum (RFC 1071): the one's complement of the one's complement sum of the 16-bit words,
    an odd last octet padded with zero."""
    if len(data) % 2:
        data += b"\x00"
    total = sum(w for (w,) in struct.iter_unpack("!H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ethernet(ip, tags=b"", ethertype=ETHERTYPE_IPV4):
    """Ethernet II, optional 802.1Q tags, the Ethernet type (IPv4 unless told), padded to the 60-octet minimum as a
    NIC delivers it."""
    frame = MAC_B + MAC_A + tags + struct.pack("!H", ethertype) + ip
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
    struct.pack_into("!H", header, 10, checksum(bytes(header)))
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


# Serial links, loopback, NFLOG --------------------------------------------------------------------------------

PPP_ADDRESS_CONTROL = b"\xff\x03"  # RFC 1662 section 3.1: the All-Stations address, Unnumbered Information
PPP_IP = 0x0021  # RFC 1332: the PPP protocol number of IPv4


def ppp(n, ip):
    """LINKTYPE_PPP: RFC 1661 PPP, the packet starting with ff 03 (HDLC-like framing, RFC 1662) on odd frames,
    with the protocol field alone on even ones (address and control compressed away, RFC 1661 section 6.6)."""
    return (PPP_ADDRESS_CONTROL if n % 2 else b"") + struct.pack("!H", PPP_IP) + ip


def ppp_hdlc(ip):
    """LINKTYPE_PPP_HDLC: PPP in HDLC-like framing (RFC 1662), neither octet- nor bit-stuffed."""
    return PPP_ADDRESS_CONTROL + struct.pack("!H", PPP_IP) + ip


def chdlc(n, ip):
    """LINKTYPE_C_HDLC: Cisco HDLC (RFC 1547 section 4.3.1): address 0x0F (unicast, odd frames) or 0x8F
    (broadcast, even frames), control 0, then the protocol as an Ethernet type."""
    return struct.pack("!BBH", 0x0F if n % 2 else 0x8F, 0, ETHERTYPE_IPV4) + ip


AF_INET = 2


def loop(ip):
    return struct.pack("!I", AF_INET) + ip  # LINKTYPE_LOOP (OpenBSD): the address family in network byte order


NFULA_PACKET_HDR, NFULA_TIMESTAMP, NFULA_PAYLOAD, NFULA_PREFIX = 1, 3, 9, 10  # linux/netfilter/nfnetlink_log.h
NF_INET_LOCAL_IN = 1


def tlv(tlv_type, value):
    """An NFLOG TLV: length (the 4-octet TLV header included, the padding not) and type in the host's byte order
    (little-endian here), the value, then padding to a multiple of 4 octets."""
    return struct.pack("<HH", 4 + len(value), tlv_type) + value + b"\x00" * (-len(value) % 4)


def nflog(n, ip, sec, usec):
    """LINKTYPE_NFLOG: family AF_INET, version 0, resource id (the log group) 1 in network byte order, then TLVs:
    the packet header (hardware protocol 0x0800 in network byte order, hook NF_INET_LOCAL_IN, pad), the prefix
    "mptcp" with its NUL, on even frames the timestamp (struct nfulnl_msg_packet_timestamp: seconds and
    microseconds, 64 bits each, network byte order), and the IP packet last."""
    out = struct.pack("!BBH", AF_INET, 0, 1)
    out += tlv(NFULA_PACKET_HDR, struct.pack("!HBB", ETHERTYPE_IPV4, NF_INET_LOCAL_IN, 0))
    out += tlv(NFULA_PREFIX, b"mptcp\x00")
    if n % 2 == 0:
        out += tlv(NFULA_TIMESTAMP, struct.pack("!QQ", sec, usec))
    return out + tlv(NFULA_PAYLOAD, ip)


# IEEE 802.11, radiotap, PPI -----------------------------------------------------------------------------------

BSSID = bytes.fromhex("020000000010")
LLC_SNAP_IPV4 = b"\xaa\xaa\x03\x00\x00\x00" + struct.pack("!H", ETHERTYPE_IPV4)  # IEEE 802.2 LLC, SNAP (RFC 1042)
RATE_54M, CHANNEL_6, CHANNEL_2GHZ_OFDM = 108, 2437, 0x0080 | 0x0040  # rate in 500 kb/s; MHz; channel flags


def wifi(n, ip):
    """An IEEE 802.11 data frame from the AP to a station (FromDS), all fields little-endian: frame control
    (protocol version 0, type 2 data, subtype 0 Data on odd frames and 8 QoS Data on even ones; flags FromDS),
    duration 44 µs, address 1 the destination (…:02), address 2 the BSSID (…:10), address 3 the source (…:01),
    sequence control (sequence number n, fragment 0), and for QoS Data the QoS control field (TID 0, normal
    ack): a 24- or 26-octet header. Then LLC/SNAP and the IP packet; no FCS."""
    subtype = 0 if n % 2 else 8
    frame_control = struct.pack("<BB", subtype << 4 | 2 << 2, 0x02)
    header = frame_control + struct.pack("<H", 44) + MAC_B + BSSID + MAC_A + struct.pack("<H", n << 4)
    if subtype == 8:
        header += struct.pack("<H", 0)
    return header + LLC_SNAP_IPV4 + ip


RADIOTAP_PRESENT = 1 << 1 | 1 << 2 | 1 << 3 | 1 << 5 | 1 << 14  # Flags, Rate, Channel, antenna signal, RX flags
RADIOTAP_F_FCS = 0x10  # Flags: the frame ends with its FCS


def radiotap(n, ip):
    """LINKTYPE_IEEE802_11_RADIOTAP (radiotap.org): version 0, pad, length and one present word, little-endian;
    then, each field aligned to its size from the header's start: Flags (offset 8), Rate 54 Mb/s (9), Channel
    2437 MHz with flags 2 GHz + OFDM (10, 12), dBm antenna signal -50 (14), a pad octet, RX flags 0 (16): 18
    octets. Then wifi()'s frame; on even frames Flags has FCS set and the frame ends with its FCS (CRC-32,
    least significant octet first, as transmitted)."""
    flags = RADIOTAP_F_FCS if n % 2 == 0 else 0
    fields = struct.pack("<BBHHbxH", flags, RATE_54M, CHANNEL_6, CHANNEL_2GHZ_OFDM, -50, 0)
    frame = wifi(n, ip)
    if flags & RADIOTAP_F_FCS:
        frame += struct.pack("<I", zlib.crc32(frame))
    return struct.pack("<BBHI", 0, 0, 8 + len(fields), RADIOTAP_PRESENT) + fields + frame


PPI_80211_COMMON = 2


def ppi(n, ip):
    """LINKTYPE_PPI (the Per-Packet Information header specification, CACE Technologies 1.0.10): version 0,
    flags 0 (fields not aligned), header length, DLT 105, little-endian; on even frames one field, 802.11-Common
    (type 2, 20 octets): TSF timer n ms, flags 0 (no FCS), rate 54 Mb/s, channel 2437 MHz with flags
    2 GHz + OFDM, FHSS hop set and pattern 0, antenna signal -50 dBm, noise -90 dBm. Then wifi()'s frame."""
    fields = b""
    if n % 2 == 0:
        common = struct.pack("<QHHHHBBbb", 1000 * n, 0, RATE_54M, CHANNEL_6, CHANNEL_2GHZ_OFDM, 0, 0, -50, -90)
        fields = struct.pack("<HH", PPI_80211_COMMON, len(common)) + common
    return struct.pack("<BBHI", 0, 0, 8 + len(fields), LINKTYPE_IEEE802_11) + fields + wifi(n, ip)


# Ethernet: 802.1ad, MPLS, PPPoE -------------------------------------------------------------------------------

def qinq(ip):
    # IEEE 802.1ad service tag (TPID 0x88A8, PCP 0, DEI 0, VLAN 200), then the 802.1Q customer tag (VLAN 100)
    return ethernet(ip, struct.pack("!HHHH", ETHERTYPE_QINQ, 200, ETHERTYPE_VLAN, 100))


def mpls_label(label, bottom, ttl=64):
    """An RFC 3032 label stack entry: label (20 bits), traffic class 0 (3 bits), bottom of stack (1), TTL (8)."""
    return struct.pack("!I", label << 12 | bottom << 8 | ttl)


def mpls(n, ip):
    """Ethernet type 0x8847 (MPLS unicast): label 16 alone on odd frames; labels 1000 then 16 on even frames,
    the bottom-of-stack bit on the last only. IPv4 follows the bottom entry (RFC 3032 has no payload type)."""
    stack = mpls_label(16, 1) if n % 2 else mpls_label(1000, 0) + mpls_label(16, 1)
    return ethernet(stack + ip, ethertype=ETHERTYPE_MPLS)


def pppoe(ip):
    """Ethernet type 0x8864, a PPPoE session packet (RFC 2516 section 4): version 1, type 1, code 0, session id
    0x1234, length of the PPP payload (protocol field and IP packet), then PPP without address and control."""
    payload = struct.pack("!H", PPP_IP) + ip
    session = struct.pack("!BBHH", 0x11, 0, 0x1234, len(payload))
    return ethernet(session + payload, ethertype=ETHERTYPE_PPPOE_SESSION)


# Tunnels over IP ----------------------------------------------------------------------------------------------

IPPROTO_IPIP, IPPROTO_UDP, IPPROTO_IPV6, IPPROTO_GRE = 4, 17, 41, 47
OUTER_SRC, OUTER_DST = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])
OUTER6_SRC, OUTER6_DST = bytes.fromhex("fd00" + "00" * 13 + "01"), bytes.fromhex("fd00" + "00" * 13 + "02")


def ipv4(protocol, payload, ident):
    """An outer IPv4 header (RFC 791): IHL 5, TOS 0, total length, identification (the frame number), DF set (as
    the inner packets have it; RFC 2003 section 3.1 copies it), TTL 64, protocol, header checksum (RFC 1071),
    10.0.0.1 → 10.0.0.2."""
    header = bytearray(struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, 0x4000, 64, protocol, 0,
                                   OUTER_SRC, OUTER_DST))
    struct.pack_into("!H", header, 10, checksum(bytes(header)))
    return bytes(header) + payload


def ipv6(next_header, payload):
    """An outer IPv6 header (RFC 8200; RFC 2473's tunnel): traffic class 0, flow label 0, payload length, next
    header, hop limit 64, fd00::1 → fd00::2."""
    return struct.pack("!IHBB16s16s", 6 << 28, len(payload), next_header, 64, OUTER6_SRC, OUTER6_DST) + payload


def ipip(n, ip):
    return ipv4(IPPROTO_IPIP, ip, n)  # RFC 2003: IPv4 in IPv4, protocol 4


def six_in_four(n, frame):
    """RFC 4213 section 3.5: the IPv6 packet of an Ethernet frame in IPv4, protocol 41."""
    (ethertype,), (payload_length,) = struct.unpack_from("!H", frame, 12), struct.unpack_from("!H", frame, 18)
    assert ethertype == ETHERTYPE_IPV6 and len(frame) == 14 + 40 + payload_length, "not one whole IPv6 packet"
    return ipv4(IPPROTO_IPV6, frame[14:], n)


def four_in_six(ip):
    return ipv6(IPPROTO_IPIP, ip)  # RFC 2473: IPv4 in IPv6, next header 4


def gre(protocol, payload, checksummed=False, key=None, seq=None):
    """A GRE header (RFC 2784, with RFC 2890's key and sequence number): flags C (0x8000), K (0x2000), S (0x1000),
    version 0, protocol type; then checksum and reserved1 if C, key if K, sequence number if S. The checksum is
    RFC 1071's over the GRE header (checksum field zero) and the payload."""
    flags = 0x8000 if checksummed else 0
    flags |= (0x2000 if key is not None else 0) | (0x1000 if seq is not None else 0)
    header = struct.pack("!HH", flags, protocol)
    header += struct.pack("!HH", 0, 0) if checksummed else b""
    header += struct.pack("!I", key) if key is not None else b""
    header += struct.pack("!I", seq) if seq is not None else b""
    if checksummed:
        header = header[:4] + struct.pack("!H", checksum(header + payload)) + header[6:]
    return header + payload


GRE_KEY = 42


def gre_ip(n, ip):
    """Odd frames: the 4-octet GRE header, protocol 0x0800. Even frames: C, K and S: checksum, key 42, sequence
    number n/2 - 1 (0, 1, …), 16 octets."""
    if n % 2:
        return ipv4(IPPROTO_GRE, gre(ETHERTYPE_IPV4, ip), n)
    return ipv4(IPPROTO_GRE, gre(ETHERTYPE_IPV4, ip, checksummed=True, key=GRE_KEY, seq=n // 2 - 1), n)


def gre_ethernet(n, ip):
    return ipv4(IPPROTO_GRE, gre(ETHERTYPE_TEB, ethernet(ip)), n)  # protocol 0x6558: an Ethernet frame follows


PPTP_CALL_ID = 0x0100


def pptp(n, ip):
    """RFC 2637 section 4.1's enhanced GRE: flags K and S on every frame, A on even ones, recursion 0, version 1,
    protocol 0x880B; payload length (the octets after the GRE header), call id, sequence number n - 1,
    acknowledgment number n/2 - 1 if A. Then PPP with address and control (RFC 1662)."""
    payload = PPP_ADDRESS_CONTROL + struct.pack("!H", PPP_IP) + ip
    acked = n % 2 == 0
    flags = 0x2000 | 0x1000 | (0x0080 if acked else 0) | 1
    header = struct.pack("!HHHHI", flags, ETHERTYPE_PPP, len(payload), PPTP_CALL_ID, n - 1)
    header += struct.pack("!I", n // 2 - 1) if acked else b""
    return ipv4(IPPROTO_GRE, header + payload, n)


def udp(sport, dport, payload, checksummed):
    """A UDP header (RFC 768) under ipv4()'s header: the checksum over the pseudo-header, the UDP header and the
    payload (0 sent as 0xFFFF), or 0 (none, which IPv4 allows) if not checksummed."""
    header = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0)
    if checksummed:
        pseudo = OUTER_SRC + OUTER_DST + struct.pack("!BBH", 0, IPPROTO_UDP, len(header) + len(payload))
        header = header[:6] + struct.pack("!H", checksum(pseudo + header + payload) or 0xFFFF)
    return header + payload


VXLAN_PORT, VXLAN_VNI = 4789, 42


def vxlan(n, ip):
    """RFC 7348 section 5: UDP from port 49152 + n to 4789, checksum zero (as the RFC says it should be sent);
    the VXLAN header: flags 0x08 (I, the VNI is valid), 24 reserved bits, VNI 42, 8 reserved bits; then
    ethernet()'s frame."""
    header = struct.pack("!II", 0x08 << 24, VXLAN_VNI << 8)
    return ipv4(IPPROTO_UDP, udp(49152 + n, VXLAN_PORT, header + ethernet(ip), False), n)


GTPU_PORT, GTPU_TEID, GTP_G_PDU, GTP_PDU_SESSION_CONTAINER = 2152, 0x11223344, 0xFF, 0x85


def gtpu(n, ip):
    """3GPP TS 29.281 section 5.1: UDP port 2152 both ways (checksum computed), then the GTPv1-U header: flags
    (version 1, PT 1, then E, S, PN), message type 255 (G-PDU), length (every octet after the 8 mandatory ones),
    TEID 0x11223344. Odd frames: flags 0x30, 8 octets. Even frames: flags 0x34 (E), so sequence number 0, N-PDU
    number 0 and next extension header type 0x85 follow; the PDU Session Container (section 5.2.2.7, content
    TS 38.415): length 1 (4 octets), PDU type 1 (UL PDU SESSION INFORMATION), QFI 9, next extension type 0
    (none): 16 octets in all."""
    if n % 2:
        flags, optional = 0x30, b""
    else:
        flags = 0x34
        optional = struct.pack("!HBB", 0, 0, GTP_PDU_SESSION_CONTAINER) + bytes([1, 0x10, 0x09, 0])
    header = struct.pack("!BBHI", flags, GTP_G_PDU, len(optional) + len(ip), GTPU_TEID) + optional
    return ipv4(IPPROTO_UDP, udp(GTPU_PORT, GTPU_PORT, header + ip, True), n)


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

    write("seed-echo-ppp.pcap", pcap(LINKTYPE_PPP, numbered(seed, ppp)))
    write("seed-echo-ppp-hdlc.pcap", pcap(LINKTYPE_PPP_HDLC, rewrap(seed, ppp_hdlc)))
    write("seed-echo-chdlc.pcap", pcap(LINKTYPE_C_HDLC, numbered(seed, chdlc)))
    write("seed-echo-loop.pcap", pcap(LINKTYPE_LOOP, rewrap(seed, loop)))
    nflogged = [(sec, usec, nflog(n, ip, sec, usec)) for n, (sec, usec, ip) in enumerate(seed, 1)]
    write("seed-echo-nflog.pcap", pcap(LINKTYPE_NFLOG, nflogged))
    write("seed-echo-80211.pcap", pcap(LINKTYPE_IEEE802_11, numbered(seed, wifi)))
    write("seed-echo-radiotap.pcap", pcap(LINKTYPE_IEEE802_11_RADIOTAP, numbered(seed, radiotap)))
    write("seed-echo-ppi.pcap", pcap(LINKTYPE_PPI, numbered(seed, ppi)))
    write("seed-echo-qinq.pcap", pcap(LINKTYPE_ETHERNET, rewrap(seed, qinq)))
    write("seed-echo-mpls.pcap", pcap(LINKTYPE_ETHERNET, numbered(seed, mpls)))
    write("seed-echo-pppoe.pcap", pcap(LINKTYPE_ETHERNET, rewrap(seed, pppoe)))
    write("seed-echo-ipip.pcap", pcap(LINKTYPE_IPV4, numbered(seed, ipip)))
    write("ipv6-in-ipv4.pcap", pcap(LINKTYPE_IPV4, numbered(kernel, six_in_four)))
    write("seed-echo-4in6.pcap", pcap(LINKTYPE_IPV6, rewrap(seed, four_in_six)))
    write("seed-echo-gre.pcap", pcap(LINKTYPE_IPV4, numbered(seed, gre_ip)))
    write("seed-echo-gre-eth.pcap", pcap(LINKTYPE_IPV4, numbered(seed, gre_ethernet)))
    write("seed-echo-pptp.pcap", pcap(LINKTYPE_IPV4, numbered(seed, pptp)))
    write("seed-echo-vxlan.pcap", pcap(LINKTYPE_IPV4, numbered(seed, vxlan)))
    write("seed-echo-gtpu.pcap", pcap(LINKTYPE_IPV4, numbered(seed, gtpu)))


if __name__ == "__main__":
    main()
