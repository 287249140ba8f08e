#!/usr/bin/env bash
# Benchmark of the load balancer (issue 8, "Performance"), on loopback only, three parts:
#
#  small     the issue's setting: two `scalelab search --cpu-budget 0.25` instances (250 req/s each at most, as two
#            0.25-vCPU containers) and `scalelab scaling lb` (round robin) in front. Each round:
#            latency  at a fixed rate (--rate, default 300/s: 60% of the two budgets), `scalelab load --rate` straight
#                     at the instances (half the rate each, at the same time) vs through the balancer; the p50s
#                     compared. Goal: the balancer adds at most 0.5 ms to p50.
#            capacity wrk (--connections) straight at both instances vs through the balancer, saturating the
#                     budgets. Goal: the balancer keeps >= 70% of the direct req/s.
#  raw       two instances on the real CPU (no budget). latency: at --raw-rate (default 1000/s, far below what
#            they can do) direct vs through the balancer: the hop's own cost, without the budget's queueing; the
#            same goal (at most 0.5 ms added to p50). capacity, information and not a goal: wrk saturating all of
#            it on the same 2 cores, so the ratio is the balancer's CPU cost against the instances' own; the script
#            prints the balancer's CPU time per request (from /proc).
#  failover  wrk through the balancer to the raw instances for --kill-duration; after a third one instance gets
#            SIGKILL. Goal: fewer than 1% of requests fail (non-2xx answers and socket errors, as wrk counts them).
#
#   bench/scaling.sh [--rate 300] [--raw-rate 1000] [--connections 50] [--duration 10s] [--rounds 2] [--kill-duration 12s]
#                    [--base-port 18400] [--no-build] [--out DIR]
#
# Needs wrk (apt-get install -y wrk). Every process binds 127.0.0.1; only the processes this script started are
# stopped, by PID. Writes reports/bench-scaling-<time>/ (summary.txt, results.json, raw outputs and logs); exits 1
# when a goal is missed. About 3 minutes with the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."

rate=300; raw_rate=1000; connections=50; duration=10s; rounds=2; kill_duration=12s; base_port=18400; build=true; out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) rate=$2; shift 2 ;;
    --raw-rate) raw_rate=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --kill-duration) kill_duration=$2; shift 2 ;;
    --base-port) base_port=$2; shift 2 ;;
    --no-build) build=false; shift ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/scaling.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "bench/scaling.sh: needs wrk (apt-get install -y wrk)" >&2; exit 2; }
[[ "$rate" =~ ^[1-9][0-9]*$ && "$raw_rate" =~ ^[1-9][0-9]*$ && "$rounds" =~ ^[1-9][0-9]*$ ]] \
  || { echo "bench/scaling.sh: --rate, --raw-rate and --rounds must be whole numbers >= 1" >&2; exit 2; }
out=${out:-reports/bench-scaling-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
summary="$out/summary.txt"
: >"$summary"
say() { echo "$*" | tee -a "$summary"; }
if $build; then ./scalelab --version >/dev/null; fi
export SCALELAB_SKIP_BUILD=true

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
start() { # start NAME ARGS...: a scalelab process (the launcher execs java: $! is the JVM), log in $out/NAME.log
  local name=$1; shift
  ./scalelab "$@" >"$out/$name.log" 2>&1 &
  pids+=($!)
  eval "pid_$name=$!"
}
stop() { # stop NAME...
  local name p
  for name in "$@"; do p=$(eval "echo \$pid_$name"); kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
}
await_health() {
  for _ in $(seq 120); do curl -fs "127.0.0.1:$1/health" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "bench/scaling.sh: nothing healthy on port $1; see $out/*.log" >&2; exit 1
}
path='/products/search?q=alpha'
p1=$base_port; p2=$((base_port + 1)); plb=$((base_port + 2))
# instances (and their balancer): start NAME-PREFIX [search options...]
start_cluster() {
  local prefix=$1; shift
  start "${prefix}1" search --host 127.0.0.1 --port "$p1" "$@"
  start "${prefix}2" search --host 127.0.0.1 --port "$p2" "$@"
  await_health "$p1"; await_health "$p2"
  start "${prefix}lb" scaling lb --host 127.0.0.1 --port "$plb" --policy round-robin \
    --target "http://127.0.0.1:$p1" --target "http://127.0.0.1:$p2" --check-interval 1s
  await_health "$plb"
  # the balancer is healthy once it listens; wait until it routes to both targets
  for _ in $(seq 60); do
    [ "$(curl -fs "127.0.0.1:$plb/lb/targets" | grep -o '"healthy"' | wc -l)" -ge 2 ] && return 0; sleep 0.5
  done
  echo "bench/scaling.sh: the balancer never saw both targets healthy" >&2; exit 1
}

# wrk output -> "rps p50_ms requests failures"
parse_wrk() {
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) }
    /requests in/ { n = $1 }
    /Requests\/sec/ { rps = $2 }
    /Non-2xx/ { bad += $NF }
    /Socket errors/ { gsub(",", ""); bad += $4 + $6 + $8 + $10 }
    END { printf "%s %s %s %d\n", rps, p50, n, bad }' "$1"
}
# scalelab load's summary.json -> "rps p50_ms requests failures"
parse_load() {
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))
print(d["rps"], d["latency_ms"]["p50"], d["requests"], d["failures"])' "$1/summary.json"
}
wrk_direct() { # wrk_direct DURATION PREFIX: both instances at once, half the connections each
  local half=$(( connections / 2 ))
  wrk -t1 -c"$half" -d"$1" --latency "http://127.0.0.1:$p1$path" >"$2-a.txt" &
  local a=$!
  wrk -t1 -c"$half" -d"$1" --latency "http://127.0.0.1:$p2$path" >"$2-b.txt"
  wait "$a"
}
wrk_lb() { wrk -t2 -c"$connections" -d"$1" --latency "http://127.0.0.1:$plb$path" >"$2.txt"; }
load() { # load PORT RATE DURATION DIR: the open model at a fixed rate
  ./scalelab load --host "http://127.0.0.1:$1" --rate "$2/s" -u 20 -t "$3" --get "$path" --out "$4" >"$4.log" 2>&1
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
median() { sort -g | awk '{ a[NR] = $1 } END { print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ratios=(); adds=(); failed=0

say "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(./scalelab --version 2>/dev/null | tail -n 1), wrk $(wrk -v 2>&1 | head -n 1 | awk '{print $2}')"
say ""
say "== small: two 0.25-vCPU instances (--cpu-budget 0.25: 250 req/s each), round robin"
start_cluster small --cpu-budget 0.25
echo "warm-up: 5 s at $rate/s through the balancer" >&2
load "$plb" "$rate" 5s "$out/small-warmup"
say "$(printf '%-6s %12s %12s %12s %14s %14s %10s' round "direct p50" "lb p50" "p50 added" "direct req/s" "lb req/s" ratio)"
for r in $(seq "$rounds"); do
  echo "round $r: latency at $rate/s, then capacity with wrk -c$connections, $duration each" >&2
  load "$p1" $(( rate / 2 )) "$duration" "$out/small-r$r-direct-a" &
  la=$!
  load "$p2" $(( rate - rate / 2 )) "$duration" "$out/small-r$r-direct-b"
  wait "$la" || true
  load "$plb" "$rate" "$duration" "$out/small-r$r-lb" || true
  read -r _ pa _ fa <<<"$(parse_load "$out/small-r$r-direct-a")"
  read -r _ pb _ fb <<<"$(parse_load "$out/small-r$r-direct-b")"
  read -r _ pl _ fl <<<"$(parse_load "$out/small-r$r-lb")"
  wrk_direct "$duration" "$out/small-r$r-wrk-direct"; wrk_lb "$duration" "$out/small-r$r-wrk-lb"
  read -r ra _ _ _ <<<"$(parse_wrk "$out/small-r$r-wrk-direct-a.txt")"
  read -r rb _ _ _ <<<"$(parse_wrk "$out/small-r$r-wrk-direct-b.txt")"
  read -r rl _ _ _ <<<"$(parse_wrk "$out/small-r$r-wrk-lb.txt")"
  line=$(awk -v r="$r" -v pa="$pa" -v pb="$pb" -v pl="$pl" -v ra="$ra" -v rb="$rb" -v rl="$rl" 'BEGIN {
    dp = (pa + pb) / 2; dr = ra + rb
    printf "%-6s %9.3f ms %9.3f ms %9.3f ms %14.0f %14.0f %10.2f", r, dp, pl, pl - dp, dr, rl, rl / dr }')
  say "$line"
  adds+=("$(awk '{ print $6 }' <<<"$line")"); ratios+=("$(awk '{ print $NF }' <<<"$line")")
  [ $((fa + fb + fl)) -eq 0 ] || say "  $((fa + fb + fl)) request(s) failed in the latency runs"
done
stop smalllb small1 small2
add=$(printf '%s\n' "${adds[@]}" | median); ratio=$(printf '%s\n' "${ratios[@]}" | median)

say ""
say "== raw: two instances on the real CPU (no budget); capacity saturated by wrk -c$connections, all on the same $(nproc) cores"
start_cluster raw
wrk_direct 5s "$out/raw-warmup-direct"; wrk_lb 5s "$out/raw-warmup-lb"
load "$p1" $(( raw_rate / 2 )) "$duration" "$out/raw-direct-a" &
la=$!
load "$p2" $(( raw_rate - raw_rate / 2 )) "$duration" "$out/raw-direct-b"
wait "$la" || true
load "$plb" "$raw_rate" "$duration" "$out/raw-lb" || true
read -r _ pa _ _ <<<"$(parse_load "$out/raw-direct-a")"
read -r _ pb _ _ <<<"$(parse_load "$out/raw-direct-b")"
read -r _ pl _ _ <<<"$(parse_load "$out/raw-lb")"
raw_add=$(awk -v pa="$pa" -v pb="$pb" -v pl="$pl" 'BEGIN { printf "%.3f", pl - (pa + pb) / 2 }')
say "at $raw_rate/s: direct p50 $(awk -v pa="$pa" -v pb="$pb" 'BEGIN { printf "%.3f", (pa + pb) / 2 }') ms, through the balancer $pl ms: $raw_add ms added"
wrk_direct "$duration" "$out/raw-wrk-direct"
t0=$(cpu_ticks "$pid_rawlb"); wrk_lb "$duration" "$out/raw-wrk-lb"; t1=$(cpu_ticks "$pid_rawlb")
read -r ra pa _ _ <<<"$(parse_wrk "$out/raw-wrk-direct-a.txt")"
read -r rb pb _ _ <<<"$(parse_wrk "$out/raw-wrk-direct-b.txt")"
read -r rl pl nl _ <<<"$(parse_wrk "$out/raw-wrk-lb.txt")"
say "$(awk -v ra="$ra" -v rb="$rb" -v pa="$pa" -v pb="$pb" -v rl="$rl" -v pl="$pl" -v nl="$nl" -v t=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" 'BEGIN {
  printf "direct %.0f req/s (p50 %.3f ms), through the balancer %.0f req/s (p50 %.3f ms): %.2f of direct;\n", ra + rb, (pa + pb) / 2, rl, pl, rl / (ra + rb)
  printf "the balancer used %.0f us of CPU per request (%.2f s for %d requests)", 1e6 * t / hz / nl, t / hz, nl }')"

say ""
say "== failover: wrk -c$connections through the balancer for $kill_duration; SIGKILL to one raw instance after a third"
kill_secs=$(awk -v d="$kill_duration" 'BEGIN { sub("s", "", d); printf "%.1f", d / 3 }')
wrk -t2 -c"$connections" -d"$kill_duration" --latency "http://127.0.0.1:$plb$path" >"$out/failover.txt" &
wrk_pid=$!
sleep "$kill_secs"
kill -9 "$pid_raw2"
wait "$wrk_pid"
read -r _ _ fn ff <<<"$(parse_wrk "$out/failover.txt")"
curl -fs "127.0.0.1:$plb/lb/targets" >"$out/targets-after-kill.json" || true
stop rawlb raw1

say ""
verdict() { # verdict TEXT MET
  if [ "$2" = 1 ]; then say "goal met: $1"; else say "goal MISSED: $1"; failed=1; fi
}
verdict "the balancer adds at most 0.5 ms to p50 at $rate/s (0.25-vCPU instances) — $add ms, median of $rounds round(s)" \
  "$(awk -v a="$add" 'BEGIN { print (a <= 0.5) ? 1 : 0 }')"
verdict "the balancer adds at most 0.5 ms to p50 at $raw_rate/s (instances on the real CPU) — $raw_add ms" \
  "$(awk -v a="$raw_add" 'BEGIN { print (a <= 0.5) ? 1 : 0 }')"
verdict "the balancer keeps >= 70% of direct throughput (0.25-vCPU instances saturated) — $ratio" \
  "$(awk -v r="$ratio" 'BEGIN { print (r >= 0.70) ? 1 : 0 }')"
verdict "fewer than 1% of requests fail when one of two instances is killed — $ff of $fn" \
  "$(awk -v f="$ff" -v n="$fn" 'BEGIN { print (n > 0 && f / n < 0.01) ? 1 : 0 }')"
printf '{"p50_added_ms": %s, "p50_added_ms_raw": %s, "capacity_ratio": %s, "failover_requests": %d, "failover_failures": %d}\n' \
  "$add" "$raw_add" "$ratio" "$fn" "$ff" >"$out/results.json"
say "raw outputs and logs: $out"
exit "$failed"
