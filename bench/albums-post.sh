#!/usr/bin/env bash
# POST /albums under sustained load, with the garbage collector's pauses beside the latency: the
# tool for choosing the launcher's JVM flags. Starts one album server with the given JVM flags
# (default: the launcher's), warms POST up for 8 s, measures 15 s with wrk -t1 -c50, and prints
# req/s, p50, p99 and the young-GC pauses of the measured window.
#
#   bench/albums-post.sh                                 # the launcher's default flags
#   bench/albums-post.sh -XX:+UseParallelGC -Xmn128m     # any JVM flags to compare
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
command -v wrk >/dev/null || { echo "bench/albums-post.sh needs wrk: apt-get install wrk" >&2; exit 1; }

out="reports/bench-albums-post-$(date +%Y%m%d-%H%M%S)"; mkdir -p "$out"; port=18191
opts="$*"
if [ -z "$opts" ]; then # the launcher's own defaults, read from it so they cannot drift
  eval "$(grep '^default_opts=' scalelab)"
  opts=$default_opts
fi
. bench/lib.sh
start_albums "$out" "$port" "$opts -Xlog:gc:file=$out/gc.log"
write_post_lua "$out/post.lua"
wrk -t1 -c50 -d8s -s "$out/post.lua" "http://127.0.0.1:$port/albums" >/dev/null
before=$(wc -l <"$out/gc.log") # log lines written before the measured window
wrk -t1 -c50 -d15s --latency -s "$out/post.lua" "http://127.0.0.1:$port/albums" >"$out/wrk.txt"
echo "JVM flags: $opts"
awk '/^Requests\/sec/ {rps = $2} $1 == "50%" {p50 = $2} $1 == "99%" {p99 = $2}
  END {printf "POST /albums %s req/s, p50 %s, p99 %s\n", rps, p50, p99}' "$out/wrk.txt"
tail -n +"$((before + 1))" "$out/gc.log" | grep Pause | awk '{print $NF + 0}' | sort -n |
  awk '{a[NR] = $1; s += $1} END {printf "GC pauses in the 15 s: %d, median %.1f ms, max %.1f ms, total %.0f ms\n", NR, a[int(NR / 2) + 1], a[NR], s}'
echo "raw data in $out"
