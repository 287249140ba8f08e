#!/usr/bin/env bash
# Benchmark of the flash sale (issue 6, "Performance"), two parts:
#
#  throughput  for each N:P of --plan (workers : payment time), on each broker of --brokers:
#              `scalelab flashsale throughput` queues warm-up + window + N orders through the asynchronous
#              path, starts N workers on the full queue and measures completions/s over a window of whole
#              waves (>= 300 completions, >= 5 s), against the ideal N / P. Goal: within 5 %.
#  accept      `scalelab flashsale` on RabbitMQ (--workers 100 --payment-time 3s by default), then
#              `scalelab load --scenario flashsale-async` (think time between(0.1, 0.5) s) with --users
#              200 spawned at 50/s, one run of --warmup + --duration. Prints accept req/s, p50/p95/p99/
#              p99.9/max for the whole run (spawning and JIT included) and for the steady window after
#              --warmup (cut from the run's HdrHistogram log). Goal: p99 <= 10 ms.
#
#   bench/flashsale.sh [--parts throughput,accept] [--brokers in-process,rabbitmq]
#                      [--plan 1:50ms,10:50ms,100:500ms,1000:3s] [--prefetch-factor 1]
#                      [--users 200] [--spawn-rate 50] [--duration 60s] [--warmup 10s]
#                      [--workers 100] [--payment-time 3s] [--port 18291]
#                      [--broker amqp://...] [--no-build] [--out DIR]
#
# RabbitMQ: with rabbitmqctl at hand (as root, or sudo without a password) each run gets a fresh vhost
# (scalelab-bench-<pid>-<part>) that is deleted afterwards, so no queue of anyone else is touched and
# nothing is left behind. With --broker URL (or SCALELAB_AMQP_URL; default
# amqp://guest:guest@127.0.0.1:5672/%2F when rabbitmqctl is missing) it uses that vhost's queues
# order-processing and order-audit, which must be empty, and purges them afterwards when rabbitmqctl allows.
# With 100 workers at 3 s (33 orders/s) the accept run queues far more than it processes (about 600/s):
# the backlog is bounded by the run time and removed afterwards. Orders are kept in memory.
# Everything binds 127.0.0.1; only the processes this script started are stopped, by PID. Writes
# reports/bench-flashsale-<time>/results.json and summary.txt. Time: about 2 min per broker for the
# throughput part, warm-up + duration + 30 s for the accept part.
set -euo pipefail
cd "$(dirname "$0")/.."

parts=throughput,accept; brokers=in-process,rabbitmq; plan=1:50ms,10:50ms,100:500ms,1000:3s; prefetch_factor=1
users=200; spawn_rate=50; duration=60s; warmup=10s; workers=100; payment_time=3s; port=18291
broker_url=""; build=true; out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --parts) parts=$2; shift 2 ;;
    --brokers) brokers=$2; shift 2 ;;
    --plan) plan=$2; shift 2 ;;
    --prefetch-factor) prefetch_factor=$2; shift 2 ;;
    --users) users=$2; shift 2 ;;
    --spawn-rate) spawn_rate=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --payment-time) payment_time=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --broker) broker_url=$2; shift 2 ;;
    --no-build) build=false; shift ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/flashsale.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
for p in ${parts//,/ }; do
  case "$p" in throughput|accept) ;; *) echo "bench/flashsale.sh: unknown part $p" >&2; exit 2 ;; esac
done
for b in ${brokers//,/ }; do
  case "$b" in in-process|rabbitmq) ;; *) echo "bench/flashsale.sh: unknown broker $b" >&2; exit 2 ;; esac
done
command -v curl >/dev/null || { echo "bench/flashsale.sh needs curl" >&2; exit 1; }
py=$(command -v python3) || { echo "bench/flashsale.sh needs python3 (for the tables)" >&2; exit 1; }

out=${out:-"reports/bench-flashsale-$(date +%Y%m%d-%H%M%S)"}
mkdir -p "$out"
out=$(cd "$out" && pwd)
: >"$out/throughput.jsonl"

# --- RabbitMQ: a fresh vhost per run when rabbitmqctl allows, else the given URL ----------------------
ctl=()
if command -v rabbitmqctl >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then ctl=(rabbitmqctl); elif sudo -n true 2>/dev/null; then ctl=(sudo -n rabbitmqctl); fi
  [ ${#ctl[@]} -gt 0 ] && ! timeout 30 "${ctl[@]}" -q status >/dev/null 2>&1 && ctl=()
fi
amqp_base=${SCALELAB_AMQP_URL:-amqp://guest:guest@127.0.0.1:5672/%2F}
amqp_base=${amqp_base%/*} # without the vhost
vhosts=()          # vhosts this script created, deleted on exit
fresh_broker() {   # part -> sets $amqp: a URL whose queues are empty
  if [ -n "$broker_url" ] || [ ${#ctl[@]} -eq 0 ]; then
    amqp=${broker_url:-${SCALELAB_AMQP_URL:-amqp://guest:guest@127.0.0.1:5672/%2F}}
    return
  fi
  local vhost="scalelab-bench-$$-$1"
  timeout 30 "${ctl[@]}" -q add_vhost "$vhost" >/dev/null
  vhosts+=("$vhost")
  timeout 30 "${ctl[@]}" -q set_permissions -p "$vhost" "${amqp_user:-guest}" '.*' '.*' '.*' >/dev/null
  amqp="$amqp_base/$vhost"
}
amqp_user=$(sed -E 's#^amqps?://([^:@/]+).*#\1#' <<<"$amqp_base"); [ "$amqp_user" = "$amqp_base" ] && amqp_user=guest
clean_broker() {   # removes what the runs left: the created vhosts, or the given vhost's queues
  local v
  for v in "${vhosts[@]}"; do timeout 30 "${ctl[@]}" -q delete_vhost "$v" >/dev/null 2>&1 || true; done
  vhosts=()
  if [ -n "${amqp:-}" ] && [ ${#ctl[@]} -gt 0 ] && [ -n "$broker_url" ]; then
    v=$("$py" -c 'import sys, urllib.parse as u; p = u.urlparse(sys.argv[1]).path; print(u.unquote(p[1:]) if len(p) > 1 else "/")' "$amqp")
    for q in order-processing order-audit order-processing.dlq order-audit.dlq; do
      timeout 30 "${ctl[@]}" -q purge_queue -p "$v" "$q" >/dev/null 2>&1 || true
    done
  fi
}
purge_between() { # after a failed throughput run the given vhost may hold orders
  if [ -n "$broker_url" ] && [ ${#ctl[@]} -gt 0 ]; then clean_broker; fi
}

# --- processes: started here, stopped here, by PID -----------------------------------------------------
server=""
stop_all() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  clean_broker
}
trap stop_all EXIT
trap 'exit 130' INT TERM

if [ "$build" = true ]; then
  echo "building the jar (./mvnw package)"
  ./mvnw -q -ntp -DskipTests -Dspotless.check.skip=true -pl cli -am package >"$out/build.log" 2>&1 \
    || { echo "the build failed; see $out/build.log" >&2; exit 1; }
fi
export SCALELAB_SKIP_BUILD=true
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); results in $out"

# --- part 1: processing throughput ---------------------------------------------------------------------
if [[ ",$parts," == *",throughput,"* ]]; then
  for b in ${brokers//,/ }; do
    for step in ${plan//,/ }; do
      n=${step%%:*}; p=${step#*:}
      args=(--workers "$n" --prefetch "$((n * prefetch_factor))" --payment-time "$p")
      if [ "$b" = rabbitmq ]; then fresh_broker "t$n"; args+=(--broker "$amqp"); else args+=(--broker in-process); fi
      echo "throughput: $b, $n workers, payment $p"
      log="$out/throughput-$b-$n.log"
      # bounded: the command gives up after twice the ideal time + 60 s; this is the outer limit
      if ! timeout 900 ./scalelab flashsale throughput "${args[@]}" >"$log" 2>&1; then
        echo "  failed; see $log" >&2
        purge_between
      fi
      grep '^done:' "$log" | sed 's/^/  /' || true
      sed -n 's/^result: //p' "$log" >>"$out/throughput.jsonl"
      if [ "$b" = rabbitmq ]; then clean_broker; fi
    done
  done
fi

# --- part 2: accept latency on RabbitMQ ------------------------------------------------------------------
if [[ ",$parts," == *",accept,"* ]]; then
  fresh_broker accept
  SCALELAB_JAVA_OPTS="${SCALELAB_JAVA_OPTS:-}" ./scalelab flashsale --host 127.0.0.1 --port "$port" \
    --broker "$amqp" --db '' --workers "$workers" --payment-time "$payment_time" >"$out/server.log" 2>&1 &
  server=$!
  up=false
  for _ in $(seq 120); do
    curl -fs "127.0.0.1:$port/health" >/dev/null 2>&1 && { up=true; break; }
    kill -0 "$server" 2>/dev/null || break
    sleep 0.5
  done
  [ "$up" = true ] || { echo "flashsale did not start; see $out/server.log" >&2; exit 1; }
  seconds() { case "$1" in *m) echo $(( ${1%m} * 60 )) ;; *s) echo "${1%s}" ;; *) echo "$1" ;; esac; }
  warm_s=$(seconds "$warmup"); dur_s=$(seconds "$duration")
  echo "accept: flashsale on RabbitMQ, $workers workers at $payment_time; $users users at $spawn_rate/s for" \
    "$((warm_s + dur_s)) s, measured after the first $warm_s s (spawning, JIT of both JVMs)"
  echo "  load average before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/loadavg.txt"
  # one continuous run: a second load JVM would start cold (JIT) inside the measured time
  timeout $((warm_s + dur_s + 60)) ./scalelab load --host "http://127.0.0.1:$port" --scenario flashsale-async \
    --users "$users" --spawn-rate "$spawn_rate" --run-time "$((warm_s + dur_s))s" --out "$out/load" \
    >"$out/load.log" 2>&1 || { echo "the load failed; see $out/load.log" >&2; exit 1; }
  echo "  load average after:  $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/loadavg.txt"
  # the steady window: the run's HdrHistogram interval log from warm_s on (HdrHistogram's own log processor)
  hlog=$(ls "$out"/load/hdr/POST__orders_async*.hlog | head -n 1)
  (. .mvn/find-jdk.sh && "$JAVA_HOME/bin/java" -cp "$(ls cli/target/lib/HdrHistogram-*.jar | head -n 1)" \
    org.HdrHistogram.HistogramLogProcessor -i "$hlog" -tag 'all:POST+%2Forders%2Fasync' -start "$warm_s" \
    -outputValueUnitRatio 1000 -o "$out/steady" >/dev/null 2>&1) \
    || echo "  could not cut the steady window out of $hlog" >&2
  curl -fs "127.0.0.1:$port/metrics" >"$out/metrics-after.json" || true
  kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""
  clean_broker
fi

# --- the tables ----------------------------------------------------------------------------------------------
jdk=$(. .mvn/find-jdk.sh && "$JAVA_HOME/bin/java" -version 2>&1 | head -n 1 | tr -d '"')
"$py" - "$out" "$(nproc)" "$jdk" "$users" "$spawn_rate" "$duration" "$warmup" "$workers" "$payment_time" <<'PY' | tee "$out/summary.txt"
import json, os, sys
out, cores, jdk, users, spawn, duration, warmup, workers, payment = sys.argv[1:]
rows = [json.loads(line) for line in open(os.path.join(out, "throughput.jsonl")) if line.strip()]
goals = []
if rows:
    print("processing throughput (completions/s over a window of whole waves; ideal = N / payment time)")
    print(f"{'broker':<11} {'N':>5} {'prefetch':>8} {'payment':>8} {'orders':>6} {'window':>7} {'ideal/s':>8} "
          f"{'measured/s':>10} {'ratio':>7} {'+ms/order':>9} {'valid':>5}")
    for r in rows:
        broker = "in-process" if r["broker"] == "in-process" else "rabbitmq"
        print(f"{broker:<11} {r['workers']:>5} {r['prefetch']:>8} {r['payment_time_ms']:>6}ms {r['orders']:>6} "
              f"{r['window_s']:>6.1f}s {r['ideal_per_s']:>8.1f} {r['measured_per_s']:>10.2f} {100 * r['ratio']:>6.1f}% "
              f"{r['overhead_ms_per_order']:>9.2f} {'yes' if r['valid'] else 'NO':>5}")
        goals.append((f"throughput {broker} N={r['workers']} P={r['payment_time_ms']}ms within 5% of N/P",
                      r["valid"] and r["ratio"] >= 0.95, f"{100 * r['ratio']:.1f}%"))
accept = None
summary = os.path.join(out, "load", "summary.json")
if os.path.exists(summary):
    s = json.load(open(summary))
    lat = s["latency_ms"]
    metrics = {}
    try:
        metrics = json.load(open(os.path.join(out, "metrics-after.json")))
    except Exception:
        pass
    accept = {"users": s["parameters"]["users"], "spawn_rate": s["parameters"]["spawn_rate"], "duration_s": s["duration_s"],
              "requests": s["requests"], "failures": s["failures"], "rps": s["rps"],
              "p50_ms": lat["p50"], "p95_ms": lat["p95"], "p99_ms": lat["p99"], "p99_9_ms": lat["p99.9"], "max_ms": lat["max"],
              "workers": int(workers), "payment_time": payment,
              "accepted": metrics.get("accepted"), "async_rejected": metrics.get("async_rejected"),
              "queue_depth_after": metrics.get("queue_depth")}
    print()
    print(f"accept latency, POST /orders/async on RabbitMQ ({users} users at {spawn}/s, think 0.1-0.5 s, "
          f"{workers} workers at {payment}; whole run incl. spawning, and the steady window after {warmup})")
    print(f"{'':>9} {'failed':>6} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'p99.9 ms':>8} {'max ms':>7}")
    print(f"{'whole run':>9} {accept['failures']:>6} {accept['rps']:>8.1f} {lat['p50']:>7.2f} {lat['p95']:>7.2f} "
          f"{lat['p99']:>7.2f} {lat['p99.9']:>8.2f} {lat['max']:>7.1f}")
    steady = None
    hgrm = os.path.join(out, "steady.hgrm")
    if os.path.exists(hgrm):
        points = []
        for line in open(hgrm):
            f = line.split()
            if len(f) >= 3 and not line.startswith("#") and f[0][0].isdigit():
                points.append((float(f[0]), float(f[1]), int(f[2])))
        def pct(p):
            return next(v for v, q, _ in points if q >= p)
        count = points[-1][2]
        warm_s = float(warmup[:-1]) * 60 if warmup.endswith("m") else float(warmup.rstrip("s"))
        steady = {"from_s": warm_s, "seconds": s["duration_s"] - warm_s, "requests": count,
                  "rps": count / (s["duration_s"] - warm_s), "p50_ms": pct(0.5), "p95_ms": pct(0.95),
                  "p99_ms": pct(0.99), "p99_9_ms": pct(0.999), "max_ms": points[-1][0]}
        accept["steady"] = steady
        print(f"{'steady':>9} {'':>6} {steady['rps']:>8.1f} {steady['p50_ms']:>7.2f} {steady['p95_ms']:>7.2f} "
              f"{steady['p99_ms']:>7.2f} {steady['p99_9_ms']:>8.2f} {steady['max_ms']:>7.1f}   "
              f"(after the first {warm_s:.0f} s: {count} requests)")
    print(f"server after the run: accepted {accept['accepted']}, rejected {accept['async_rejected']}, "
          f"queue depth {accept['queue_depth_after']}")
    p99 = steady["p99_ms"] if steady else lat["p99"]
    goals.append(("accept p99 <= 10 ms with 200 users on RabbitMQ" + (" (steady window)" if steady else ""),
                  p99 <= 10 and s["failures"] == 0, f"{p99:.2f} ms, {s['failures']} failed"))
print()
for name, ok, value in goals:
    print(f"{'met    ' if ok else 'NOT met'} {name}: {value}")
json.dump({"benchmark": "flashsale", "cores": int(cores), "jdk": jdk,
           "load_average_at_end": open("/proc/loadavg").read().split()[:3],
           "throughput": rows, "accept": accept,
           "goals": [{"goal": n, "met": ok, "value": v} for n, ok, v in goals]},
          open(os.path.join(out, "results.json"), "w"), indent=1)
PY
echo
echo "logs, load reports and results.json in $out"
