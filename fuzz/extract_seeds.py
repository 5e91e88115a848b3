#!/usr/bin/env python3
"""Seed extraction for fuzz/run.sh, independent of the SDK under test (Python standard library only).

  extract_seeds.py options OUTDIR CAPTURE...   every MPTCP option (kind 30) of every TCP segment, one file each
  extract_seeds.py blocks OUTDIR CAPTURE...    every TCP option block, one file each
  extract_seeds.py hex OUTDIR FILE...          every quoted "1e.." hex string of C# sources (the seed's options)
  extract_seeds.py text OUTDIR < read-output   the "mptcp ..." parts of tcpdump-style lines (with and without "mptcp N")

Files are named by content hash, so duplicates collapse. Damaged captures are read as far as they go.
"""
import hashlib
import os
import re
import struct
import sys


def save(outdir, prefix, data):
    name = os.path.join(outdir, prefix + "-" + hashlib.sha1(data).hexdigest()[:16])
    with open(name, "wb") as f:
        f.write(data)


def records(data):
    """Yields (linktype, frame) of a classic pcap or pcapng capture."""
    if len(data) < 24:
        return
    magic = struct.unpack("<I", data[:4])[0]
    if magic in (0xA1B2C3D4, 0xA1B23C4D, 0xD4C3B2A1, 0x4D3CB2A1):
        end = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
        link = struct.unpack(end + "I", data[20:24])[0] & 0xFFFF
        off = 24
        while off + 16 <= len(data):
            incl = struct.unpack(end + "I", data[off + 8:off + 12])[0]
            if off + 16 + incl > len(data):
                return
            yield link, data[off + 16:off + 16 + incl]
            off += 16 + incl
    elif magic == 0x0A0D0D0A:
        end, off, links = "<", 0, []
        while off + 12 <= len(data):
            btype = struct.unpack(end + "I", data[off:off + 4])[0]
            if btype == 0x0A0D0D0A:
                end = "<" if data[off + 8:off + 12] == b"\x4d\x3c\x2b\x1a" else ">"
                links = []
            total = struct.unpack(end + "I", data[off + 4:off + 8])[0]
            if total < 12 or total % 4 or off + total > len(data):
                off += 4  # resynchronise, as a damaged file may need
                continue
            body = data[off + 8:off + total - 4]
            if btype == 1 and len(body) >= 8:
                links.append(struct.unpack(end + "H", body[:2])[0])
            elif btype == 6 and len(body) >= 20:
                iface, caplen = struct.unpack(end + "I", body[:4])[0], struct.unpack(end + "I", body[12:16])[0]
                if iface < len(links):
                    yield links[iface], body[20:20 + caplen]
            elif btype == 3 and len(body) >= 4 and links:
                yield links[0], body[4:]
            off += total


def ip_packet(link, frame):
    if link == 1 and len(frame) >= 14:
        off, ethertype = 12, struct.unpack(">H", frame[12:14])[0]
        while ethertype in (0x8100, 0x88A8) and len(frame) >= off + 6:
            off += 4
            ethertype = struct.unpack(">H", frame[off:off + 2])[0]
        return frame[off + 2:]
    if link in (0, 108) and len(frame) >= 4:
        return frame[4:]
    if link == 113 and len(frame) >= 16:
        return frame[16:]
    if link == 276 and len(frame) >= 20:
        return frame[20:]
    if link in (12, 14, 101, 228, 229):
        return frame
    return b""


def tcp_options(packet):
    if not packet:
        return None
    version = packet[0] >> 4
    if version == 4 and len(packet) >= 20 and packet[9] == 6:
        tcp = packet[(packet[0] & 0x0F) * 4:]
    elif version == 6 and len(packet) >= 40:
        nh, off = packet[6], 40
        while nh in (0, 43, 60) and len(packet) >= off + 8:  # hop-by-hop, routing, destination options
            nh, off = packet[off], off + (packet[off + 1] + 1) * 8
        if nh != 6:
            return None
        tcp = packet[off:]
    else:
        return None
    if len(tcp) < 20:
        return None
    return tcp[20:(tcp[12] >> 4) * 4]


def walk(block):
    i = 0
    while i < len(block):
        kind = block[i]
        if kind == 0:
            return
        if kind == 1:
            i += 1
            continue
        if i + 1 >= len(block) or block[i + 1] < 2 or i + block[i + 1] > len(block):
            return
        yield kind, block[i:i + block[i + 1]]
        i += block[i + 1]


def split_options(line):
    """The comma-separated items of the 'options [...]' of a tcpdump line, brackets and braces respected."""
    start = line.find("options [")
    if start < 0:
        return []
    items, depth, current = [], 0, ""
    for c in line[start + len("options ["):]:
        if c in "[{":
            depth += 1
        elif c in "]}":
            if depth == 0:
                break
            depth -= 1
        if c == "," and depth == 0:
            items.append(current)
            current = ""
        else:
            current += c
    items.append(current)
    return [i.strip() for i in items]


def main():
    mode, outdir, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
    os.makedirs(outdir, exist_ok=True)
    if mode in ("options", "blocks"):
        for path in paths:
            with open(path, "rb") as f:
                data = f.read()
            for link, frame in records(data):
                block = tcp_options(ip_packet(link, frame))
                if not block:
                    continue
                if mode == "blocks":
                    save(outdir, "blk", block)
                else:
                    for kind, option in walk(block):
                        if kind == 30:
                            save(outdir, "opt", option)
    elif mode == "hex":
        for path in paths:
            with open(path, encoding="utf-8") as f:
                for text in re.findall(r'"(1[eE][0-9a-fA-F ]+)"', f.read()):
                    digits = text.replace(" ", "")
                    if len(digits) % 2 == 0:
                        save(outdir, "hex", bytes.fromhex(digits))
    elif mode == "text":
        for line in sys.stdin:
            for item in split_options(line):
                if item.startswith("mptcp "):
                    save(outdir, "txt", item.encode())
                    words = item.split(" ", 2)
                    if len(words) == 3 and words[1].isdigit():
                        save(outdir, "txt", words[2].encode())
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    main()
