#!/usr/bin/env python3
"""A SYN flood of MP_CAPABLE SYNs, with one real MPTCP session spread through it.

Usage: make-syn-flood.py COUNT OUT.pcap

COUNT SYNs (MPTCP v0 MP_CAPABLE, 12 octets, each with its own key) from distinct sources 10.x.y.z to 192.0.2.1:80,
1 us apart, none answered: what an IDS sees in a SYN flood. The seed's 19-packet echo session
(../samples/captures/seed-echo.pcap) is spread through them, one packet every COUNT/20 SYNs, so that its SYN waits
behind COUNT/20 others before its SYN/ACK comes. Raw IPv4 (link type 228), classic little-endian us pcap; TCP
checksums are left 0 (the analysis does not read them). Standard library only; imports nothing of the project.
"""

import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.join(HERE, "..", "samples", "captures", "seed-echo.pcap")


def seed_packets():
    data = open(SEED, "rb").read()
    offset, packets = 24, []
    while offset < len(data):
        _, _, caplen, _ = struct.unpack_from("<IIII", data, offset)
        packets.append(data[offset + 16:offset + 16 + caplen])
        offset += 16 + caplen
    return packets


def syn(n):
    source = bytes([10, (n >> 16) & 0xFF, (n >> 8) & 0xFF, n & 0xFF])
    tcp = struct.pack("!HHIIBBHHH", 1024 + n % 60000, 80, n * 2654435761 & 0xFFFFFFFF, 0, 8 << 4, 0x02, 65535, 0, 0)
    key = (n * 0x9E3779B97F4A7C15 + 1) & 0xFFFFFFFFFFFFFFFF
    mptcp = struct.pack("!BBBBQ", 30, 12, 0x00, 0x81, key)  # MP_CAPABLE v0, flags A|H, the sender's key
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp) + len(mptcp), n & 0xFFFF, 0, 64, 6, 0, source, bytes([192, 0, 2, 1]))
    return ip + tcp + mptcp


def main():
    count, out = int(sys.argv[1]), sys.argv[2]
    seed = seed_packets()
    spacing = max(1, count // (len(seed) + 1))
    start = 1546300800 * 1000000
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 228))
        t = start
        next_seed = 0
        for n in range(count):
            if n % spacing == spacing - 1 and next_seed < len(seed):
                packet = seed[next_seed]
                next_seed += 1
            else:
                packet = syn(n)
            f.write(struct.pack("<IIII", t // 1000000, t % 1000000, len(packet), len(packet)) + packet)
            t += 1
        for packet in seed[next_seed:]:
            f.write(struct.pack("<IIII", t // 1000000, t % 1000000, len(packet), len(packet)) + packet)
            t += 1


if __name__ == "__main__":
    main()
