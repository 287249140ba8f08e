#!/usr/bin/env bash
# The load generator against wrk: wrk -t1 -cN and `scalelab load --client fast` (and, beside them,
# `--client standard` and Locust when it is installed) take turns against one fast loopback server
# at the same connection count. Prints req/s and CPU per request with their ratio to wrk, and
# whether the fast engine meets its goals: >= 90% of wrk's req/s, <= 1.5x wrk's CPU per request.
# Writes reports/bench-loadgen-<time>/results.json, with every raw output in raw/ beside it.
#
#   bench/loadgen.sh [--duration 20s] [--connections 50] [--rounds 2] [--target go|kv]
#                    [--warmup 10s] [--port P] [--no-locust]
#
# --target go (default): bench/go-albums (Go net/http, built with `go build`), GET /albums/1.
# --target kv: ./scalelab kv, GET /get?key=test:1. Each round runs every client once, in reverse
# order on even rounds, so that drift hits them alike; the medians of the rounds are compared.
# CPU is user+sys seconds of the client process (/usr/bin/time): for scalelab it includes JVM
# start-up, JIT and the reports written at the end, so it is also given for the load window only
# (/proc/PID/stat read at the "load:" line and one duration later). Needs wrk (apt-get install wrk),
# go for --target go (apt-get install golang-go), jq and /usr/bin/time (apt-get install jq time);
# Locust is optional (apt-get install python3-locust). About 4 minutes with the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."

duration=20s; connections=50; rounds=2; target=go; warmup=10s; port=""; use_locust=true
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --target) target=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --no-locust) use_locust=false; shift ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/loadgen.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
seconds() { # 20s / 2m / 20 -> 20 / 120 / 20; anything else stops the script
  [[ $1 =~ ^([0-9]+)(s|m)?$ ]] || { echo "bench/loadgen.sh: a duration is 20s, 2m or 20, not '$1'" >&2; exit 2; }
  if [ "${BASH_REMATCH[2]}" = m ]; then echo $((BASH_REMATCH[1] * 60)); else echo "${BASH_REMATCH[1]}"; fi
}
secs=$(seconds "$duration"); warmup_secs=$(seconds "$warmup")
case "$target" in go | kv) ;; *) echo "bench/loadgen.sh: --target is go or kv, not '$target'" >&2; exit 2 ;; esac
case "$connections$rounds" in *[!0-9]*) echo "bench/loadgen.sh: --connections and --rounds are whole numbers" >&2; exit 2 ;; esac
if [ "$secs" = 0 ] || [ "$rounds" -lt 1 ] || [ "$connections" -lt 1 ]; then
  echo "bench/loadgen.sh: duration, rounds and connections must be > 0" >&2; exit 2
fi

command -v wrk >/dev/null || { echo "bench/loadgen.sh needs wrk: apt-get install wrk" >&2; exit 1; }
command -v jq >/dev/null || { echo "bench/loadgen.sh needs jq (reads summary.json): apt-get install jq" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench/loadgen.sh needs /usr/bin/time: apt-get install time" >&2; exit 1; }
[ "$target" = kv ] || command -v go >/dev/null || { echo "bench/loadgen.sh --target go needs go: apt-get install golang-go" >&2; exit 1; }
locust_note=""
if [ "$use_locust" = true ] && ! command -v locust >/dev/null; then
  use_locust=false; locust_note="Locust skipped: not on PATH (apt-get install python3-locust)"
fi

if [ "$target" = go ]; then
  port=${port:-18201}; path=/albums/1; target_text="Go net/http (bench/go-albums)"
else
  port=${port:-18202}; path='/get?key=test:1'; target_text="scalelab kv"
fi
base="http://127.0.0.1:$port"
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "bench/loadgen.sh: something already listens on 127.0.0.1:$port; choose another --port" >&2; exit 1
fi

out="reports/bench-loadgen-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out/raw"
tmp=$(mktemp -d)
server=""; running="" # the PIDs this script started: the target, and the client of the moment
cleanup() {
  # the client runs under `timeout`, which passes the signal on to its whole process group
  [ -z "$running" ] || { kill "$running" 2>/dev/null; wait "$running" 2>/dev/null || true; }
  [ -z "$server" ] || { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; }
  rm -rf "$tmp"
}
trap cleanup EXIT

ticks_per_second=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || true; } # utime + stime, all threads
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4; exit}' /proc/stat; } # user+nice+system, all cores (as a process's)
# other work on the machine (a build, tests) skews every figure: look before starting anything
b0=$(busy_ticks); sleep 2; busy_before=$(awk -v a="$b0" -v b="$(busy_ticks)" -v t="$ticks_per_second" 'BEGIN { printf "%.0f", 100 * (b - a) / t / 2 }')

# any build of the jar happens now, not in the first measured run
./scalelab --version >/dev/null

if [ "$target" = go ]; then
  (cd bench/go-albums && GOFLAGS=-mod=mod go build -o "$tmp/go-albums" .)
  "$tmp/go-albums" -port "$port" >"$out/raw/server.log" 2>&1 &
else
  ./scalelab kv --host 127.0.0.1 --port "$port" >"$out/raw/server.log" 2>&1 & # the launcher execs the JVM
fi
server=$!
for _ in $(seq 120); do curl -fs "$base/health" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "$base/health" >/dev/null 2>&1 || { echo "the target did not start; see $out/raw/server.log" >&2; exit 1; }
if [ "$target" = kv ]; then
  curl -fs -X POST "$base/post" -H 'Content-Type: application/json' -d '{"key":"test:1","value":"42"}' >/dev/null
fi
curl -fs "$base$path" >"$out/raw/answer.json"

# --get takes the weight from after the last colon (test:1 would be key "test", weight 1): add one
scalelab_get="$path:1"
cat >"$tmp/locust_fast.py" <<PY
from locust import FastHttpUser, task
class Fast(FastHttpUser):
    @task
    def get(self):
        self.client.get("$path")
PY
sed 's/FastHttpUser/HttpUser/; s/class Fast/class Standard/' "$tmp/locust_fast.py" >"$tmp/locust_http.py"

clients=(wrk fast standard)
[ "$use_locust" = false ] || clients+=(locust-fast locust-http)
label() {
  case "$1" in
    wrk) echo "wrk -t1" ;; fast) echo "scalelab fast" ;; standard) echo "scalelab standard" ;;
    locust-fast) echo "Locust FastHttpUser" ;; locust-http) echo "Locust HttpUser" ;;
  esac
}

# run_client KEY ROUND MARKER COMMAND...: runs COMMAND under timeout and /usr/bin/time, output in
# raw/rROUND-KEY.txt. When MARKER (a line the client prints as its load starts) is given, the
# client's CPU ticks are read at that line and one duration later: the CPU of the load window.
# The server's CPU and the machine's are read around the run: what neither the client nor the
# server used is other work on the machine (the "others" figure), which skews the comparison.
run_client() {
  local key=$1 round=$2 marker=$3; shift 3
  local raw="$out/raw/r$round-$key" pid="" c0="" c1="" t0 rest rc=0 b0 b1 s0 s1 w0 w1
  b0=$(busy_ticks); s0=$(cpu_ticks "$server"); w0=$(date +%s.%N)
  timeout -k 5 $((secs + 60)) /usr/bin/time -f '%U %S' -o "$raw.time" "$@" >"$raw.txt" 2>&1 &
  running=$!
  if [ -n "$marker" ]; then
    # tail -f waits on inotify: a polling loop of greps would itself take a good part of a core here
    # (tail ends at the client's next line or exit, whichever comes first)
    grep -q -m 1 "$marker" < <(tail --pid="$running" -n +1 -f "$raw.txt" 2>/dev/null) || true
    t0=$(date +%s.%N)
    pid=$(pgrep -P "$(pgrep -P "$running" || true)" || true) # timeout -> time -> the client (exec'd)
    if [ -n "$pid" ]; then
      c0=$(cpu_ticks "$pid")
      rest=$(awk -v t0="$t0" -v d="$secs" -v now="$(date +%s.%N)" 'BEGIN { r = t0 + d - now; printf "%.3f", (r > 0 ? r : 0) }')
      sleep "$rest"
      c1=$(cpu_ticks "$pid")
    fi
  fi
  wait "$running" || rc=$?
  running=""
  b1=$(busy_ticks); s1=$(cpu_ticks "$server"); w1=$(date +%s.%N)
  [ "$rc" = 0 ] || echo "  warning: $(label "$key") exited with code $rc (see $raw.txt)" >&2
  local cpu window=""
  cpu=$(tail -n 1 "$raw.time" | awk '{printf "%.2f", $1 + $2}')
  [ -z "$c0" ] || [ -z "$c1" ] || window=$(awk -v a="$c0" -v b="$c1" -v t="$ticks_per_second" 'BEGIN { printf "%.2f", (b - a) / t }')
  local server_cpu others
  server_cpu=$(awk -v a="$s0" -v b="$s1" -v t="$ticks_per_second" 'BEGIN { printf "%.2f", (b - a) / t }')
  others=$(awk -v a="$b0" -v b="$b1" -v s="$server_cpu" -v c="${cpu:-0}" -v t="$ticks_per_second" -v w0="$w0" -v w1="$w1" \
    'BEGIN { o = (b - a) / t - s - c; printf "%.0f", 100 * (o > 0 ? o : 0) / (w1 - w0) }') # % of one core
  local rps requests errors
  case "$key" in
    wrk)
      rps=$(awk '/^Requests\/sec/ {print $2}' "$raw.txt")
      requests=$(awk '/requests in/ {print $1}' "$raw.txt")
      errors=$(awk '/Socket errors/ {gsub(",", ""); s = $4 + $6 + $8 + $10} /Non-2xx/ {s += $5} END {print s + 0}' "$raw.txt") ;;
    fast | standard)
      rps=$(jq -r '.rps' "$raw/summary.json" 2>/dev/null || true)
      requests=$(jq -r '.requests' "$raw/summary.json" 2>/dev/null || true)
      errors=$(jq -r '.failures' "$raw/summary.json" 2>/dev/null || true) ;;
    locust-*) # the summary's Aggregated line: # reqs, # fails, ..., req/s, failures/s
      rps=$(awk '/^ +Aggregated/ {print $(NF - 1); exit}' "$raw.txt")
      requests=$(awk '/^ +Aggregated/ {print $2; exit}' "$raw.txt")
      errors=$(awk '/^ +Aggregated/ {print $3 + 0; exit}' "$raw.txt") ;;
  esac
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$key" "$round" "${rps:-0}" "${requests:-0}" "${errors:-0}" \
    "${cpu:-0}" "${window:--}" "$server_cpu" "$others" >>"$out/raw/rounds.tsv"
  printf '  round %s  %-20s %7.0f req/s %9s requests %4s errors, CPU: client %5s s%s, server %5s s, others %s%% of a core\n' \
    "$round" "$(label "$key")" "${rps:-0}" "${requests:-0}" "${errors:-0}" "${cpu:-0}" \
    "${window:+ ($window s in the load window)}" "$server_cpu" "$others"
}

measure() { # key round
  case "$1" in
    wrk) run_client wrk "$2" "" wrk -t1 -c"$connections" -d"$secs"s "$base$path" ;;
    fast | standard)
      run_client "$1" "$2" '^load:' ./scalelab load --host "$base" -u "$connections" -t "$secs"s \
        --client "$1" --get "$scalelab_get" --out "$out/raw/r$2-$1" ;;
    locust-fast | locust-http)
      run_client "$1" "$2" "" locust -f "$tmp/${1/-/_}.py" --headless -u "$connections" \
        -r "$connections" -t "$secs"s --host "$base" --only-summary ;;
  esac
  sleep 1 # let the last client's connections close before the next one opens its own
}

echo "target: $target_text at $base$path; $connections connections, $secs s per run, $rounds rounds, $(nproc) cores shared by server and client"
[ "$busy_before" -le 10 ] || echo "warning: the machine was $busy_before% of a core busy before the start: other work skews the figures"
[ -z "$locust_note" ] || echo "$locust_note"
echo "warm-up: wrk for $warmup_secs s (not measured)"
wrk -t1 -c"$connections" -d"$warmup_secs"s "$base$path" >"$out/raw/warmup.txt"
: >"$out/raw/rounds.tsv"
for round in $(seq "$rounds"); do
  order=("${clients[@]}")
  if [ $((round % 2)) = 0 ]; then # reversed: whoever went last now goes first
    order=(); for ((i = ${#clients[@]} - 1; i >= 0; i--)); do order+=("${clients[i]}"); done
  fi
  for key in "${order[@]}"; do measure "$key" "$round"; done
done

# ---- the table and results.json, from raw/rounds.tsv (key round rps requests errors cpu_s window_cpu_s
# server_cpu_s others_percent_of_a_core)
median() { sort -g | awk '{a[NR] = $1} END {if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
per_round() { # key rps|cpu|window -> one value a round: req/s, CPU µs per request (whole process, load window)
  awk -F'\t' -v k="$1" -v w="$2" '$1 == k {
    if (w == "rps") print $3
    else if (w == "cpu" && $4 > 0) print $6 / $4 * 1e6
    else if (w == "window" && $7 != "-" && $4 > 0) print $7 / $4 * 1e6 }' "$out/raw/rounds.tsv"
}
rps_of() { per_round "$1" rps | median; }
cpu_of() { per_round "$1" cpu | median; }
window_of() { per_round "$1" window | median; }
num() { if [ "$1" = "-" ]; then echo null; else echo "$1"; fi; }  # for JSON
whole() { awk -v x="$1" 'BEGIN { printf (x == "" || x == "-" ? "-" : "%.0f"), x }'; }
tenth() { awk -v x="$1" 'BEGIN { printf (x == "" || x == "-" ? "-" : "%.1f"), x }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }'; }

wrk_rps=$(rps_of wrk); wrk_cpu=$(cpu_of wrk)
echo
printf '%-20s' "client"; for r in $(seq "$rounds"); do printf ' %9s' "round $r"; done
printf ' %9s %7s %13s %7s %12s %7s\n' "median" "vs wrk" "CPU µs/req" "vs wrk" "in window" "vs wrk"
json_clients=""
for key in "${clients[@]}"; do
  rps=$(rps_of "$key"); cpu=$(cpu_of "$key"); window=$(window_of "$key")
  printf '%-20s' "$(label "$key")"
  for r in $(seq "$rounds"); do printf ' %9s' "$(whole "$(awk -F'\t' -v k="$key" -v r="$r" '$1 == k && $2 == r {print $3}' "$out/raw/rounds.tsv")")"; done
  printf ' %9s %7s %12s %7s %12s %7s\n' "$(whole "$rps")" "$(ratio "$rps" "$wrk_rps")" \
    "$(tenth "$cpu")" "$(ratio "$cpu" "$wrk_cpu")" "$(tenth "$window")" "$(ratio "$window" "$wrk_cpu")"
  runs=$(awk -F'\t' -v k="$key" '$1 == k {printf "%s{\"round\":%s,\"requests_per_second\":%s,\"requests\":%s,\"errors\":%s,\"cpu_s\":%s,\"window_cpu_s\":%s,\"server_cpu_s\":%s,\"others_percent_of_a_core\":%s}", sep, $2, $3, $4, $5, $6, ($7 == "-" ? "null" : $7), $8, $9; sep = ","}' "$out/raw/rounds.tsv")
  json_clients+=$(printf '{"client":"%s","median_requests_per_second":%s,"rps_vs_wrk":%s,"median_cpu_us_per_request":%s,"cpu_vs_wrk":%s,"median_window_cpu_us_per_request":%s,"window_cpu_vs_wrk":%s,"rounds":[%s]},' \
    "$(label "$key")" "$(num "$rps")" "$(num "$(ratio "$rps" "$wrk_rps")")" "$(num "$cpu")" "$(num "$(ratio "$cpu" "$wrk_cpu")")" \
    "$(num "$window")" "$(num "$(ratio "$window" "$wrk_cpu")")" "$runs")
done
echo "CPU µs/req: user+sys CPU of the client process over its requests; for scalelab and Locust it"
echo "includes start-up (JVM boot and JIT; Python imports) and, for scalelab, the reports written at the end."
echo "'in window': the CPU between the client's start-of-load line and one duration later (JIT included),"
echo "over the run's requests; wrk has no start-up to speak of, so its whole-process figure is the reference."

verdict() { awk -v x="$1" -v op="$2" -v lim="$3" 'BEGIN { if (x == "-") print "MISS"; else if ((op == ">=" && x >= lim) || (op == "<=" && x <= lim)) print "PASS"; else print "MISS" }'; }
fast_rps_ratio=$(ratio "$(rps_of fast)" "$wrk_rps")
fast_cpu_ratio=$(ratio "$(cpu_of fast)" "$wrk_cpu")
fast_window_ratio=$(ratio "$(window_of fast)" "$wrk_cpu")
goal_rps=$(verdict "$fast_rps_ratio" ">=" 0.9)
goal_window=$(verdict "$fast_window_ratio" "<=" 1.5)
goal_cpu=$(verdict "$fast_cpu_ratio" "<=" 1.5)
echo
echo "$goal_rps  fast engine req/s >= 90% of wrk's: $fast_rps_ratio x"
echo "$goal_window  fast engine CPU/request <= 1.5x wrk's, load window: $fast_window_ratio x"
echo "$goal_cpu  fast engine CPU/request <= 1.5x wrk's, whole process (JVM start-up and reports included): $fast_cpu_ratio x"
max_others=$(awk -F'\t' '$9 > m {m = $9} END {print m + 0}' "$out/raw/rounds.tsv")
if [ "$max_others" -gt 10 ]; then
  echo "warning: other work on this machine used up to $max_others% of a core during a run: the figures are skewed; run again on a quiet machine"
fi

# shellcheck source=/dev/null # finds the JDK the launcher uses
jdk=$(. .mvn/find-jdk.sh && "$JAVA_HOME/bin/java" -version 2>&1 | head -n 1 | tr -d '"')
goal() { [ "$1" = PASS ] && echo true || echo false; }
cat >"$out/results.json" <<JSON
{"benchmark":"loadgen","target":"$target","server":"$target_text","url":"$base$path","connections":$connections,
 "duration_s":$secs,"warmup_s":$warmup_secs,"rounds":$rounds,"cores":$(nproc),"busy_before_percent_of_a_core":$busy_before,"max_others_percent_of_a_core":$max_others,
 "wrk":"$(wrk -v 2>&1 | head -n 1 | awk '{print $2}')","jdk":"$jdk",
 "locust":$([ "$use_locust" = true ] && echo true || echo false),
 "clients":[${json_clients%,}],
 "goals":{"fast_rps_vs_wrk":$(num "$fast_rps_ratio"),"fast_rps_at_least_90_percent_of_wrk":$(goal "$goal_rps"),
   "fast_window_cpu_vs_wrk":$(num "$fast_window_ratio"),"fast_window_cpu_at_most_1_5x_wrk":$(goal "$goal_window"),
   "fast_cpu_vs_wrk":$(num "$fast_cpu_ratio"),"fast_cpu_at_most_1_5x_wrk":$(goal "$goal_cpu")}}
JSON
jq . "$out/results.json" >/dev/null || echo "warning: $out/results.json is not valid JSON" >&2
echo
echo "results.json and raw outputs (wrk, scalelab reports, Locust, /usr/bin/time) in $out"
