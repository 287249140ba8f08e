#!/usr/bin/env bash
# Benchmark of the load balancer (issue 8, "Performance"), with wrk (apt-get install -y wrk), on loopback only:
#
#  overhead  two `scalelab search` instances on the real CPU (no --cpu-budget) and `scalelab scaling lb` in front
#            of both (round robin). Each round: wrk straight at the instances (two wrk -t1, --connections/2 each,
#            at the same time; req/s added, p50 averaged), then wrk -t2 --connections through the balancer, for
#            --duration each. Goals: the balancer adds at most 0.5 ms to p50 and keeps >= 70% of the direct req/s
#            (medians of the rounds).
#  failover  wrk through the balancer for --kill-duration; after a third of it one instance gets SIGKILL.
#            Goal: fewer than 1% of requests fail (non-2xx answers and socket errors, as wrk counts them).
#
#   bench/scaling.sh [--connections 50] [--duration 15s] [--warmup 5s] [--rounds 2] [--kill-duration 12s]
#                    [--base-port 18400] [--no-build] [--out DIR]
#
# Every process binds 127.0.0.1; only the processes this script started are stopped, by PID. Writes
# reports/bench-scaling-<time>/results.json and summary.txt; exits 1 when a goal is missed. About
# 2 x (warm-up) + rounds x 2 x duration + kill-duration + 30 s (about 1.5 min by default).
set -euo pipefail
cd "$(dirname "$0")/.."

connections=50; duration=15s; warmup=5s; rounds=2; kill_duration=12s; base_port=18400; build=true; out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) connections=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --kill-duration) kill_duration=$2; shift 2 ;;
    --base-port) base_port=$2; shift 2 ;;
    --no-build) build=false; shift ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/scaling.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "bench/scaling.sh: needs wrk (apt-get install -y wrk)" >&2; exit 2; }
out=${out:-reports/bench-scaling-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
if $build; then ./scalelab --version >/dev/null; fi
export SCALELAB_SKIP_BUILD=true

p1=$base_port; p2=$((base_port + 1)); plb=$((base_port + 2))
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
start() { # start NAME ARGS...: a scalelab process, its log in $out/NAME.log
  local name=$1; shift
  ./scalelab "$@" >"$out/$name.log" 2>&1 &
  pids+=($!)
  eval "pid_$name=$!"
}
await_health() {
  for _ in $(seq 120); do curl -fs "127.0.0.1:$1/health" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "bench/scaling.sh: nothing healthy on port $1; see $out/*.log" >&2; exit 1
}
start search1 search --host 127.0.0.1 --port "$p1"
start search2 search --host 127.0.0.1 --port "$p2"
await_health "$p1"; await_health "$p2"
start lb scaling lb --host 127.0.0.1 --port "$plb" --policy round-robin \
  --target "http://127.0.0.1:$p1" --target "http://127.0.0.1:$p2" --check-interval 1s
await_health "$plb"
path='/products/search?q=alpha'

# wrk output -> "rps p50_ms requests failures"
parse() {
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) }
    /requests in/ { n = $1 }
    /Requests\/sec/ { rps = $2 }
    /Non-2xx/ { bad += $NF }
    /Socket errors/ { gsub(",", ""); bad += $4 + $6 + $8 + $10 }
    END { printf "%s %s %s %d\n", rps, p50, n, bad }' "$1"
}
direct() { # direct DURATION FILE-PREFIX
  local half=$(( connections / 2 ))
  wrk -t1 -c"$half" -d"$1" --latency "http://127.0.0.1:$p1$path" >"$2-a.txt" &
  local a=$!
  wrk -t1 -c"$half" -d"$1" --latency "http://127.0.0.1:$p2$path" >"$2-b.txt"
  wait "$a"
}
via_lb() { wrk -t2 -c"$connections" -d"$1" --latency "http://127.0.0.1:$plb$path" >"$2.txt"; }

echo "warm-up: $warmup direct, $warmup through the balancer (not counted)" >&2
direct "$warmup" "$out/warmup-direct"; via_lb "$warmup" "$out/warmup-lb"
results=()
for r in $(seq "$rounds"); do
  echo "round $r: direct, then through the balancer, $duration each, $connections connections" >&2
  direct "$duration" "$out/round$r-direct"; via_lb "$duration" "$out/round$r-lb"
  read -r ra pa _ fa <<<"$(parse "$out/round$r-direct-a.txt")"
  read -r rb pb _ fb <<<"$(parse "$out/round$r-direct-b.txt")"
  read -r rl pl _ fl <<<"$(parse "$out/round$r-lb.txt")"
  results+=("$(awk -v ra="$ra" -v rb="$rb" -v pa="$pa" -v pb="$pb" -v rl="$rl" -v pl="$pl" -v f=$((fa + fb + fl)) \
    'BEGIN { printf "%.1f %.3f %.1f %.3f %d", ra + rb, (pa + pb) / 2, rl, pl, f }')")
done

echo "failover: $kill_duration through the balancer; SIGKILL to search2 (pid $pid_search2) after a third" >&2
kill_secs=$(awk -v d="$kill_duration" 'BEGIN { sub("s", "", d); printf "%.1f", d / 3 }')
wrk -t2 -c"$connections" -d"$kill_duration" --latency "http://127.0.0.1:$plb$path" >"$out/failover.txt" &
wrk_pid=$!
sleep "$kill_secs"
kill -9 "$pid_search2"
wait "$wrk_pid"
read -r frps _ fn ff <<<"$(parse "$out/failover.txt")"
curl -fs "127.0.0.1:$plb/lb/targets" >"$out/targets-after-kill.json" || true

{
  printf '%-6s %14s %12s %14s %12s %10s %10s\n' round "direct req/s" "direct p50" "via lb req/s" "via lb p50" "ratio" "p50 +ms"
  for r in $(seq "$rounds"); do
    read -r dr dp lr lp f <<<"${results[$((r - 1))]}"
    awk -v r="$r" -v dr="$dr" -v dp="$dp" -v lr="$lr" -v lp="$lp" \
      'BEGIN { printf "%-6s %14.0f %10.3f ms %14.0f %9.3f ms %10.2f %10.3f\n", r, dr, dp, lr, lp, lr / dr, lp - dp }'
  done
} | tee "$out/summary.txt"
verdict=$(printf '%s\n' "${results[@]}" | awk -v fn="$fn" -v ff="$ff" '
  { dr[NR] = $1; dp[NR] = $2; lr[NR] = $3; lp[NR] = $4; ratio[NR] = $3 / $1; add[NR] = $4 - $2 }
  function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  END {
    n = NR; r = median(ratio, n); a = median(add, n); fr = fn > 0 ? ff / fn : 1
    printf "throughput through the balancer: %.2f of direct (goal >= 0.70): %s\n", r, r >= 0.70 ? "met" : "MISSED"
    printf "p50 added by the balancer: %.3f ms (goal <= 0.5 ms): %s\n", a, a <= 0.5 ? "met" : "MISSED"
    printf "failover: %d of %d requests failed, %.3f%% (goal < 1%%): %s\n", ff, fn, 100 * fr, fr < 0.01 ? "met" : "MISSED"
    printf "{\"ratio\": %.4f, \"p50_added_ms\": %.4f, \"failover_requests\": %d, \"failover_failures\": %d, \"failover_failure_rate\": %.6f}\n", r, a, fn, ff, fr
  }')
printf '%s\n' "$verdict" | grep -v '^{' | tee -a "$out/summary.txt"
printf '%s\n' "$verdict" | grep '^{' >"$out/results.json"
echo "machine: $(nproc) cores, $(./scalelab --version 2>/dev/null | head -1), wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'); raw wrk output in $out" | tee -a "$out/summary.txt"
! grep -q MISSED "$out/summary.txt"
