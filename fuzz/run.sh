#!/usr/bin/env bash
# One AFL++ campaign on one SharpFuzz target of fuzz/Targets.cs.
#
#   fuzz/run.sh TARGET SECONDS        TARGET: decode | walk | pcap | craft | roundtrip | pipeline | commands
#   FUZZ_RESUME=1 fuzz/run.sh …       goes on from fuzz/findings/TARGET (afl-fuzz -i -) instead of starting anew
#
# On a fresh Debian machine, as root: installs AFL++ (apt) and the SharpFuzz command-line tool (NuGet, into
# fuzz/.tools), publishes the fuzz project in Release to fuzz/work/bin, instruments the SDK assemblies there,
# seeds fuzz/work/in/TARGET, runs afl-fuzz for SECONDS into fuzz/findings/TARGET, prints the statistics,
# copies crashing inputs to fuzz/crashes/TARGET/ (hangs to fuzz/hangs/TARGET/), appends a row to
# fuzz/RESULTS.md and exits non-zero if anything crashed or hung (seeds that fail count too).
# Every dotnet command holds /tmp/mptcp-dotnet.lock, so builds never overlap with other work on the machine.
# Run one campaign at a time: afl-fuzz takes a whole core.
set -euo pipefail

if [[ $# -ne 2 || ! "$1" =~ ^(decode|walk|pcap|craft|roundtrip|pipeline|commands)$ || ! "$2" =~ ^[0-9]+$ ]]; then
    echo "usage: $0 decode|walk|pcap|craft|roundtrip|pipeline|commands SECONDS" >&2
    exit 2
fi

TARGET=$1
DURATION=$2
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FUZZ=$ROOT/fuzz
LOCK=/tmp/mptcp-dotnet.lock
OUT=$FUZZ/work/bin                       # published, then instrumented
PLAIN=$FUZZ/bin/Release/net10.0          # the same build, not instrumented: seed checks and triage
IN=$FUZZ/work/in/$TARGET
FINDINGS=$FUZZ/findings/$TARGET
CRASHES=$FUZZ/crashes/$TARGET
HANGS=$FUZZ/hangs/$TARGET
TOOLS=$FUZZ/.tools
DOTNET_BIN=$(command -v dotnet)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dn() { flock "$LOCK" "$DOTNET_BIN" "$@"; }
log() { printf '== %s\n' "$*"; }

# ---- tools --------------------------------------------------------------------------------------------------
if ! command -v afl-fuzz >/dev/null; then
    log "installing AFL++"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
fi
if ! command -v python3 >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 >/dev/null
fi
if [[ ! -x $TOOLS/sharpfuzz ]]; then
    log "installing SharpFuzz.CommandLine 2.3.0"
    dn tool install --tool-path "$TOOLS" SharpFuzz.CommandLine --version 2.3.0
fi

# ---- build and instrument -----------------------------------------------------------------------------------
log "publishing fuzz/Mptcp.Codec.Fuzz.csproj (Release) to $OUT"
rm -rf "$OUT"
dn publish "$FUZZ/Mptcp.Codec.Fuzz.csproj" -c Release -o "$OUT" --nologo -v quiet
for dll in Mptcp.Codec.dll Mptcp.Codec.Runtime.dll Mptcp.Codec.Format.dll Mptcp.Codec.Capture.dll mptcp-dump.dll; do
    DOTNET_ROLL_FORWARD=Major "$TOOLS/sharpfuzz" "$OUT/$dll"
done
log "instrumented the SDK assemblies"

# ---- corpus -------------------------------------------------------------------------------------------------
RESUME=0
if [[ ${FUZZ_RESUME:-0} == 1 && -d $FINDINGS/default/queue ]]; then
    RESUME=1
fi
SEED_FAILURES=0
DICT=()
[[ $TARGET == craft ]] && DICT=(-x "$FUZZ/craft.dict")
if [[ $RESUME == 0 ]]; then
rm -rf "$IN" "$FUZZ/work/seeds-$TARGET"
mkdir -p "$IN" "$CRASHES"
CAPTURES=("$ROOT"/samples/captures/*.pcap "$ROOT"/samples/captures/formats/*.pcap "$ROOT"/samples/captures/formats/*.pcapng)
SEEDS_FROM_TESTS=("$ROOT/tests/Mptcp.Codec.Tests/Support/SeedVectors.cs" "$ROOT/tests/Mptcp.Codec.Tests/Support/ValidEncodings.cs")
gen() { dn "$PLAIN/Mptcp.Codec.Fuzz.dll" seeds "$IN" "$@" >/dev/null; }
case $TARGET in
    decode|roundtrip)
        python3 "$FUZZ/extract_seeds.py" options "$IN" "${CAPTURES[@]}"
        python3 "$FUZZ/extract_seeds.py" hex "$IN" "${SEEDS_FROM_TESTS[@]}"
        gen options 150
        ;;
    walk)
        python3 "$FUZZ/extract_seeds.py" blocks "$IN" "${CAPTURES[@]}"
        gen blocks 150
        ;;
    pcap)
        for capture in "${CAPTURES[@]}"; do cp "$capture" "$IN/"; done
        gen captures 60
        ;;
    pipeline|commands)
        # The small captures, and gzip and zstd copies of a few, so that the decompressors are on the path too.
        for capture in "${CAPTURES[@]}"; do [[ $(stat -c %s "$capture") -le 65536 ]] && cp "$capture" "$IN/"; done
        for capture in "$ROOT"/samples/captures/seed-echo.pcap "$ROOT"/samples/captures/v1-csum-ipv4.pcap; do
            gzip -c "$capture" > "$IN/$(basename "$capture").gz"
            zstd -q -c "$capture" > "$IN/$(basename "$capture").zst"
        done
        ;;
    craft)
        dn build "$ROOT/cli/mptcp-dump.csproj" -c Release --nologo -v quiet >/dev/null
        for capture in "${CAPTURES[@]}"; do
            dn run --project "$ROOT/cli/mptcp-dump.csproj" -c Release --no-build -- read "$capture" 2>/dev/null || true
        done | python3 "$FUZZ/extract_seeds.py" text "$IN"
        gen text 150
        ;;
esac
log "$(find "$IN" -type f | wc -l) seeds in $IN"

# Seeds that already fail are findings: keep them, and leave them out (afl-fuzz refuses crashing seeds).
if ! dn "$PLAIN/Mptcp.Codec.Fuzz.dll" run "$TARGET" "$IN" >"$FUZZ/work/seeds-$TARGET.txt"; then
    while read -r path; do
        cp "$path" "$CRASHES/crash-$(sha1sum "$path" | cut -c1-16)"
        rm -f "$path"
        SEED_FAILURES=$((SEED_FAILURES + 1))
    done < <(sed -n "s/^FAIL $TARGET //p" "$FUZZ/work/seeds-$TARGET.txt")
    log "$SEED_FAILURES seeds fail already (copied to $CRASHES; details in fuzz/work/seeds-$TARGET.txt)"
fi
fi

# ---- fuzz ---------------------------------------------------------------------------------------------------
export AFL_SKIP_BIN_CHECK=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 \
    AFL_NO_AFFINITY=1 AFL_FORKSRV_INIT_TMOUT=60000
if [[ $RESUME == 1 ]]; then
    log "resuming from $FINDINGS"
    IN=-
else
    rm -rf "$FINDINGS"
    mkdir -p "$(dirname "$FINDINGS")"
fi
COMMAND=(afl-fuzz -i "$IN" -o "$FINDINGS" -V "$DURATION" -t 5000 -m none "${DICT[@]}" -- "$DOTNET_BIN" "$OUT/Mptcp.Codec.Fuzz.dll" "$TARGET")
log "${COMMAND[*]}"
STARTED=$(date -u +%Y-%m-%dT%H:%MZ)
SDK=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$ROOT" status --porcelain -- schema runtime generator format capture 2>/dev/null) ]]; then
    SDK="$SDK+local changes"
fi
AFL_STATUS=0
"${COMMAND[@]}" >"$FUZZ/work/afl-$TARGET.log" 2>&1 || AFL_STATUS=$?
STATS=$FINDINGS/default/fuzzer_stats
if [[ ! -f $STATS ]]; then
    tail -40 "$FUZZ/work/afl-$TARGET.log" >&2
    echo "afl-fuzz did not run (exit $AFL_STATUS)" >&2
    exit 1
fi

stat() { sed -n "s/^$1 *: *//p" "$STATS"; }
EXECS=$(stat execs_done)
RUNTIME=$(stat run_time)
PATHS=$(stat corpus_count)
CRASHED=$(stat saved_crashes)
HUNG=$(stat saved_hangs)
RATE=$(awk -v e="$EXECS" -v t="$RUNTIME" 'BEGIN { printf "%.0f", (t > 0 ? e / t : 0) }')

# ---- findings -----------------------------------------------------------------------------------------------
for f in "$FINDINGS"/default/crashes/id:*; do
    [[ -f $f ]] && cp "$f" "$CRASHES/crash-$(sha1sum "$f" | cut -c1-16)"
done
for f in "$FINDINGS"/default/hangs/id:*; do
    [[ -f $f ]] && mkdir -p "$HANGS" && cp "$f" "$HANGS/hang-$(sha1sum "$f" | cut -c1-16)"
done
rmdir "$CRASHES" 2>/dev/null || true
if [[ -d $CRASHES ]]; then
    dn "$PLAIN/Mptcp.Codec.Fuzz.dll" run "$TARGET" "$CRASHES" >"$FINDINGS/triage.txt" || true
fi

echo "target      $TARGET"
echo "duration    ${RUNTIME}s"
echo "executions  $EXECS ($RATE/s)"
echo "paths       $PATHS (corpus count)"
echo "crashes     $CRASHED (+ $SEED_FAILURES failing seeds)"
echo "hangs       $HUNG"
[[ -f $FINDINGS/triage.txt ]] && grep -E '^(SIGNATURE|[a-z]+: )' "$FINDINGS/triage.txt" || true

RESULTS=$FUZZ/RESULTS.md
if [[ ! -f $RESULTS ]]; then
    printf '# Fuzzing campaigns\n\n| target | date (UTC) | SDK | duration | executions | exec/s | corpus paths | crashes | hangs | command |\n|---|---|---|---|---|---|---|---|---|---|\n' >"$RESULTS"
fi
printf '| %s | %s | %s | %ss | %s | %s | %s | %s | %s | `%sfuzz/run.sh %s %s` → `%s` |\n' \
    "$TARGET$([[ $RESUME == 1 ]] && echo ' (resumed)')" "$STARTED" "$SDK" "$RUNTIME" "$EXECS" "$RATE" "$PATHS" "$CRASHED (+$SEED_FAILURES seeds)" "$HUNG" \
    "$([[ $RESUME == 1 ]] && echo 'FUZZ_RESUME=1 ')" "$TARGET" "$DURATION" "${COMMAND[*]/#$ROOT\//}" >>"$RESULTS"

if [[ $CRASHED -gt 0 || $HUNG -gt 0 || $SEED_FAILURES -gt 0 ]]; then
    exit 1
fi
