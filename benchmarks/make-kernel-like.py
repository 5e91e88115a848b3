#!/usr/bin/env python3
"""A long capture of Linux kernel MPTCP traffic, made by repeating a real one.

Usage: make-kernel-like.py PACKETS OUT.pcap [CAPTURE.pcap]

Repeats CAPTURE (default ../samples/captures/v1-csum-bulk.pcap: the kernel's own MPTCP v1 traffic on loopback, DSS
checksums on, segments of up to 52,708 octets) until PACKETS frames are written, as issue 17's comparison file was
made. Repetition r is the same connection 1 ms after the previous one ended, from and to 127.0.y.* with y = r mod 64:
64 4-tuples in turn, as a host reconnecting, and as many flows as tcpdump's table of relative sequence numbers holds
without slowing down (with a 4-tuple per repetition, 38,462 of them, tcpdump -nr took over 100 s, walking its hash
chains: the comparison would measure that). Each repetition's TCP sequence numbers are shifted (new initial ones, so
that a repetition is a new connection on its 4-tuple, not a replay of the last one, which Wireshark and the analysis
would take for retransmissions of it). Keys and tokens stay the kernel's, so repetitions share them. IPv4 header
checksums are recomputed; TCP checksums are left as the kernel's loopback left them. Classic pcap, as captured (the
link type and timestamp resolution of CAPTURE). Standard library only; imports nothing of the project.
"""

import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = os.path.join(HERE, "..", "samples", "captures", "v1-csum-bulk.pcap")
FLOWS = 64
ISN_STEP = 0x9E3779B1


def read(path):
    data = open(path, "rb").read()
    magic = struct.unpack_from("<I", data)[0]
    assert magic in (0xA1B2C3D4, 0xA1B23C4D), "little-endian classic pcap expected"
    linktype = struct.unpack_from("<I", data, 20)[0]
    assert linktype == 1, "Ethernet (link type 1) expected"
    ticks = 1_000_000_000 if magic == 0xA1B23C4D else 1_000_000
    offset, frames = 24, []
    while offset < len(data):
        sec, frac, caplen, length = struct.unpack_from("<IIII", data, offset)
        frames.append((sec * ticks + frac, length, data[offset + 16:offset + 16 + caplen]))
        offset += 16 + caplen
    return data[:24], ticks, frames


def ip_checksum(header):
    total = sum(struct.unpack("!%dH" % (len(header) // 2), header))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def retarget(frame, r):
    if len(frame) < 34 or frame[12:14] != b"\x08\x00":
        return frame
    ip = bytearray(frame[14:14 + (frame[14] & 0x0F) * 4])
    for at in (12, 16):  # source, destination: 127.0.y.z with y the repetition mod FLOWS
        ip[at + 2] = r % FLOWS
    ip[10:12] = b"\x00\x00"
    ip[10:12] = struct.pack("!H", ip_checksum(bytes(ip)))
    tcp = bytearray(frame[14 + len(ip):14 + len(ip) + 20])
    if ip[9] == 6 and len(tcp) == 20:
        # New initial sequence numbers, both ways: a new connection on the 4-tuple, not a replay of the last one.
        shift = (r * ISN_STEP) & 0xFFFFFFFF
        seq, ack = struct.unpack_from("!II", tcp, 4)
        struct.pack_into("!I", tcp, 4, (seq + shift) & 0xFFFFFFFF)
        if tcp[13] & 0x10:
            struct.pack_into("!I", tcp, 8, (ack + shift) & 0xFFFFFFFF)
    return frame[:14] + bytes(ip) + bytes(tcp) + frame[14 + len(ip) + len(tcp):]


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    packets, out = int(sys.argv[1]), sys.argv[2]
    header, ticks, frames = read(sys.argv[3] if len(sys.argv) == 4 else DEFAULT)
    first, last = frames[0][0], frames[-1][0]
    period = last - first + ticks // 1000
    written, r = 0, 0
    with open(out, "wb") as f:
        f.write(header)
        while written < packets:
            for time, length, frame in frames:
                if written == packets:
                    break
                t = time + r * period
                data = retarget(frame, r)
                f.write(struct.pack("<IIII", t // ticks, t % ticks, len(data), length))
                f.write(data)
                written += 1
            r += 1
    print(f"{out}: {written} packets, {r} repetitions of {len(frames)}")


if __name__ == "__main__":
    main()
