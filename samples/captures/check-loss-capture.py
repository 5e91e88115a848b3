#!/usr/bin/env python3
"""Check a capture made by make-loss-captures.sh, with tshark.

  python3 samples/captures/check-loss-capture.py v1-loss-reinject.pcap [--tshark tshark] [--port 10000]

Reads every TCP segment with payload (one tshark pass, the four MPTCP
preferences on) and, per direction (client -> server is the direction to
--port):

  * puts every segment's bytes at its data sequence number, computed from the
    frame's own mapping: DSS (64-bit DSN + tcp.seq - subflow seq) or, for the
    client's first data packets, the MP_CAPABLE mapping (IDSN + seq, IDSN =
    low 64 bits of SHA-256 of the sender's key); tshark's mptcp.rawdsn64 is
    only a fallback and the frames where it differs are counted (tshark 4.0
    picks a wrong one of several overlapping mappings there), and checks that
    every copy of a data-level byte - original, TCP retransmission, MPTCP
    reinjection - holds the same octet;
  * reassembles the data stream from the lowest DSN, checks it has no hole
    and equals the payload the script sent: messages 1..N of 100,000 bytes,
    records "M<n>@<12-digit offset>|" (the echo direction carries the same);
  * lists the data ranges carried on more than one subflow (reinjections as
    the capture shows them) and tshark's one-pass mptcp.reinjection_of marks.

Exits 1 if any check fails; with --require-reinjection also if no data byte
was carried on two subflows (a run where the kernel reinjected only on the
same subflow, or not at all).  Needs a capture with whole payloads (-s 0).
"""

import argparse
import hashlib
import re
import subprocess
import sys

PREFS = [
    "-o", "mptcp.analyze_mptcp:TRUE",
    "-o", "mptcp.analyze_mappings:TRUE",
    "-o", "mptcp.relative_sequence_numbers:TRUE",
    "-o", "mptcp.intersubflows_retransmission:TRUE",
]
FIELDS = ["frame.number", "tcp.stream", "tcp.srcport", "tcp.dstport", "tcp.seq", "tcp.len",
          "mptcp.rawdsn64", "tcp.options.mptcp.rawdataseqno", "tcp.options.mptcp.subflowseqno",
          "tcp.options.mptcp.datalvllen", "tcp.payload", "mptcp.reinjection_of",
          "tcp.options.mptcp.subtype", "tcp.options.mptcp.dseqn8.flag", "tcp.options.mptcp.sendkey",
          "tcp.flags.syn"]


def message(n):
    return "".join("M%d@%012d|" % (n, o) for o in range(0, 100000, 16)).encode("ascii")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("pcap")
    p.add_argument("--tshark", default="tshark")
    p.add_argument("--port", type=int, default=10000)
    p.add_argument("--pairs", type=int, default=5, help="reinjected ranges to list")
    p.add_argument("--require-reinjection", action="store_true",
                   help="fail unless some data was sent on more than one subflow")
    a = p.parse_args()

    cmd = [a.tshark, "-r", a.pcap] + PREFS + ["-Y", "tcp.len > 0 || tcp.options.mptcp.sendkey", "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,"]
    for f in FIELDS:
        cmd += ["-e", f]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    bad = 0
    dirs = {}  # "c2s"/"s2c" -> list of (frame, stream, dsn, bytes)
    marks = []
    keys = {}  # (stream, srcport) of the sender -> IDSN
    own_dsn = fallback = tshark_differs = 0
    for line in out.splitlines():
        c = line.split("\t")
        frame, stream, sport, dport, seq, length = (int(x) for x in c[:6])
        rawdsn, mapdsn, ssn, dlen, payload, reinj, subtype, dsn8, sendkey, syn = c[6:16]
        subtypes = subtype.split(",")
        if sendkey and "0" in subtypes:
            # MP_CAPABLE: the first key is the sender's (SYN/ACK: server's; ACK: client's)
            k = int(sendkey.split(",")[0])
            keys.setdefault((stream, sport), int.from_bytes(hashlib.sha256(k.to_bytes(8, "big")).digest()[-8:], "big"))
        if length == 0:
            continue
        data = bytes.fromhex(payload)
        if len(data) != length:
            sys.exit("frame %d: %d of %d payload bytes captured; make the capture with -s 0" % (frame, len(data), length))
        dsn = None
        if "2" in subtypes and mapdsn and ssn and dlen and int(dlen) and dsn8.split(",")[0] in ("1", "True"):
            dsn = int(mapdsn.split(",")[0]) + seq - int(ssn.split(",")[0])
        elif "0" in subtypes and dlen and (stream, sport) in keys and seq - 1 < int(dlen):
            dsn = keys[(stream, sport)] + seq  # IDSN + 1 is subflow seq 1
        if dsn is not None:
            own_dsn += 1
            if rawdsn and int(rawdsn.split(",")[0]) != dsn:
                tshark_differs += 1
        elif rawdsn:
            dsn = int(rawdsn.split(",")[0])
            fallback += 1
        else:
            print("frame %d: no DSN" % frame)
            bad += 1
            continue
        d = "c2s" if dport == a.port else "s2c"
        dirs.setdefault(d, []).append((frame, stream, dsn, data, seq))
        if reinj:
            marks.append((frame, stream, dsn, length, reinj))
    print("DSN from the frame's own mapping: %d frames, from tshark's rawdsn64: %d; "
          "tshark's rawdsn64 differs from the frame's own mapping on %d frames" % (own_dsn, fallback, tshark_differs))

    expected = None
    cross = 0
    for d in ("c2s", "s2c"):
        segs = dirs.get(d, [])
        print("%s (%s):" % (d, "client -> server" if d == "c2s" else "server -> client, the echo"), end=" ")
        if not segs:
            print("%s: no data" % d)
            bad += 1
            continue
        base = min(s[2] for s in segs)
        end = max(s[2] + len(s[3]) for s in segs)
        buf = bytearray(end - base)
        have = bytearray(end - base)
        mismatched = 0
        for frame, stream, dsn, data, seq in segs:
            o = dsn - base
            for i, b in enumerate(data):
                if have[o + i] and buf[o + i] != b:
                    mismatched += 1
                buf[o + i] = b
                have[o + i] = 1
        holes = have.count(0)
        if expected is None:
            n = len(buf) // 100000
            expected = b"".join(message(i) for i in range(1, n + 1))
        same = bytes(buf) == expected
        # A data byte sent by more than one mapping (subflow, subflow seq - DSN)
        # was sent again at the MPTCP level (a reinjection), on another
        # subflow or on the same one at a new subflow sequence number.  Copies
        # with the same mapping are TCP retransmissions.
        maps = [None] * len(buf)   # first mapping seen per byte
        multi = [0] * len(buf)     # 1: another mapping on the same subflow, 2: on another subflow
        for frame, stream, dsn, data, seq in segs:
            m = (stream, seq - dsn)
            for i in range(dsn - base, dsn - base + len(data)):
                if maps[i] is None:
                    maps[i] = m
                elif maps[i] != m:
                    multi[i] = max(multi[i], 2 if maps[i][0] != stream else 1)
        cross += multi.count(2)
        ranges = {}
        for frame, stream, dsn, data, seq in segs:
            o = dsn - base
            if any(multi[i] for i in range(o, o + len(data))):
                ranges.setdefault((o, len(data)), []).append((frame, stream, seq))
        print("%d segments, %d data bytes (DSN %d..%d), %d holes, %d mismatching copies, "
              "sha256 %s, %s the sent payload (%d bytes, sha256 %s)"
              % (len(segs), len(buf), base, end - 1, holes, mismatched,
                 hashlib.sha256(buf).hexdigest()[:16], "EQUALS" if same else "DIFFERS FROM",
                 len(expected), hashlib.sha256(expected).hexdigest()[:16]))
        print("  sent again at the MPTCP level: %d data bytes on another subflow, %d on the same subflow "
              "at a new subflow seq; %d segment ranges:" % (multi.count(2), multi.count(1), len(ranges)))
        for (o, ln), frames in sorted(ranges.items())[:a.pairs]:
            print("    data offset %d+%d (DSN %d): frames %s" % (o, ln, base + o,
                  ", ".join("%d (stream %d, seq %d)" % f for f in sorted(frames))))
        if holes or mismatched or not same:
            bad += 1

    # tshark's marks, with the frames they name checked: same bytes at the same DSN?
    byframe = {}
    for segs in dirs.values():
        for frame, stream, dsn, data, seq in segs:
            byframe[frame] = (stream, dsn, data)
    print("tshark one-pass mptcp.reinjection_of marks: %d" % len(marks))
    for frame, stream, dsn, ln, reinj in marks:
        _, _, data = byframe[frame]
        verdicts = []
        for other in (int(x) for x in re.split(r"[, ]+", reinj) if x):
            if other not in byframe:
                verdicts.append("%d: no payload" % other)
                continue
            ostream, odsn, odata = byframe[other]
            lo, hi = max(dsn, odsn), min(dsn + len(data), odsn + len(odata))
            if hi <= lo:
                verdicts.append("%d (stream %d): no common DSN" % (other, ostream))
                continue
            same = data[lo - dsn:hi - dsn] == odata[lo - odsn:hi - odsn]
            full = (dsn, len(data)) == (odsn, len(odata))
            verdicts.append("%d (stream %d): %s %d bytes %s" % (other, ostream, "same DSN range," if full else "overlap",
                                                                 hi - lo, "identical" if same else "DIFFERENT"))
            if not same:
                bad += 1
        if len(verdicts) and marks.index((frame, stream, dsn, ln, reinj)) < a.pairs:
            print("    frame %d (stream %d, %d bytes, DSN %d) reinjection_of %s" % (frame, stream, ln, dsn, "; ".join(verdicts)))
    if a.require_reinjection and not cross:
        print("no data was sent on more than one subflow (no cross-subflow reinjection)")
        bad += 1
    print("FAILED" if bad else "ok")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
