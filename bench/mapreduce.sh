#!/usr/bin/env bash
# Benchmark of the MapReduce word count (issue 7, "Performance"), two parts:
#
#  speed  the generated corpus (--size 100MB, --seed 42), made once with `scalelab mapreduce generate` and kept
#         in --corpus-dir for the next run. `scalelab mapreduce single` pinned to one core (taskset -c 0 when
#         available) --repeats times: MB/s, goal >= 150. Then `scalelab mapreduce run --mappers 2 --reducers 2`
#         on the in-process broker and on RabbitMQ (when reachable) --repeats times each: the median time
#         against the single-machine median, goals within 1.5x (in-process) and 2.5x (RabbitMQ). Every result
#         file is checked equal to the single-machine one.
#  heap   a 1 GB corpus (--heap-size), counted by `single` and by `run --mappers 2` in a JVM with
#         SCALELAB_JAVA_OPTS="-Xmx512m ..." (the launcher honours it): shows a 1 GB input works with a 512 MB
#         heap (the splitter streams; no chunk window holds the file). Deleted afterwards unless --keep-corpus.
#
#   bench/mapreduce.sh [--parts speed,heap] [--size 100MB] [--seed 42] [--repeats 3] [--mappers 2]
#                      [--reducers 2] [--chunks N] [--heap-size 1GB] [--heap-opts '-Xmx512m ...']
#                      [--broker amqp://...|none] [--corpus-dir DIR] [--keep-corpus] [--no-build] [--out DIR]
#
# Times: each command runs in its own JVM, so the script takes the time from the command's result file when it
# has one (elapsed_ms / total_ms / timings.total_ms / phases.total_ms, in ms) and otherwise the wall time
# around the command (date +%s%N) minus the median start-up of `./scalelab --version` (a JVM start + picocli):
# the table says which. Writes reports/bench-mapreduce-<time>/results.json, summary.txt and the logs.
#
# ASSUMPTIONS about the commands (written by the engine helper; TODO(lead): check after the merge):
#   scalelab mapreduce generate --size 100MB --seed 42 --output F
#   scalelab mapreduce single --input F --output F.json
#   scalelab mapreduce run --input F --mappers M --reducers R --output F.json [--chunks N] [--broker URL]
#   F.json holds API.md's result ({"final_count": {...}, "total_words": n, ...}); a timing field is optional.
#   `run --broker amqp://...` cleans up after itself; the job's queues are the engine's (a fresh vhost is used
#   when rabbitmqctl allows, as bench/flashsale.sh does, so nothing else on the broker is touched).
set -euo pipefail
cd "$(dirname "$0")/.."

parts=speed; size=100MB; seed=42; repeats=3; mappers=2; reducers=2; chunks=""; heap_size=1GB
heap_opts="-XX:+UseParallelGC -Xss512k -Xmx512m -XX:+ExitOnOutOfMemoryError"
broker_url=""; corpus_dir=/tmp/scalelab-bench-mapreduce; keep_corpus=false; build=true; out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --parts) parts=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --repeats) repeats=$2; shift 2 ;;
    --mappers) mappers=$2; shift 2 ;;
    --reducers) reducers=$2; shift 2 ;;
    --chunks) chunks=$2; shift 2 ;;
    --heap-size) heap_size=$2; shift 2 ;;
    --heap-opts) heap_opts=$2; shift 2 ;;
    --broker) broker_url=$2; shift 2 ;;
    --corpus-dir) corpus_dir=$2; shift 2 ;;
    --keep-corpus) keep_corpus=true; shift ;;
    --no-build) build=false; shift ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,31p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/mapreduce.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
for p in ${parts//,/ }; do
  case "$p" in speed|heap) ;; *) echo "bench/mapreduce.sh: unknown part $p" >&2; exit 2 ;; esac
done
[[ "$repeats" =~ ^[1-9][0-9]*$ ]] || { echo "bench/mapreduce.sh: --repeats must be >= 1" >&2; exit 2; }
py=$(command -v python3) || { echo "bench/mapreduce.sh needs python3 (for the tables)" >&2; exit 1; }

out=${out:-"reports/bench-mapreduce-$(date +%Y%m%d-%H%M%S)"}
mkdir -p "$out" "$corpus_dir"
out=$(cd "$out" && pwd)
: >"$out/runs.jsonl"

# --- RabbitMQ: reachable? then a fresh vhost when rabbitmqctl allows, else the URL as given ---------------
amqp=""
if [ "$broker_url" != none ]; then
  url=${broker_url:-${SCALELAB_AMQP_URL:-amqp://guest:guest@127.0.0.1:5672/%2F}}
  read -r host port < <("$py" -c 'import sys, urllib.parse as u; p = u.urlparse(sys.argv[1]);
print(p.hostname or "", p.port or (5671 if p.scheme == "amqps" else 5672))' "$url")
  if [ -n "$host" ] && timeout 2 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null; then
    amqp=$url
  else
    echo "RabbitMQ not reachable at $host:$port: skipped"
  fi
fi
ctl=(); vhost=""
if [ -n "$amqp" ] && [ -z "$broker_url" ] && command -v rabbitmqctl >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then ctl=(rabbitmqctl); elif sudo -n true 2>/dev/null; then ctl=(sudo -n rabbitmqctl); fi
  if [ ${#ctl[@]} -gt 0 ] && timeout 30 "${ctl[@]}" -q status >/dev/null 2>&1; then
    user=$(sed -E 's#^amqps?://([^:@/]+).*#\1#' <<<"$amqp"); [ "$user" = "$amqp" ] && user=guest
    vhost="scalelab-bench-mr-$$"
    timeout 30 "${ctl[@]}" -q add_vhost "$vhost" >/dev/null
    timeout 30 "${ctl[@]}" -q set_permissions -p "$vhost" "$user" '.*' '.*' '.*' >/dev/null
    amqp="${amqp%/*}/$vhost"
  fi
fi
heap_corpus=""
cleanup() {
  if [ -n "$vhost" ]; then timeout 30 "${ctl[@]}" -q delete_vhost "$vhost" >/dev/null 2>&1 || true; fi
  if [ -n "$heap_corpus" ] && [ "$keep_corpus" = false ]; then rm -f "$heap_corpus"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$build" = true ]; then
  echo "building the jar (./mvnw package)"
  ./mvnw -q -ntp -DskipTests -Dspotless.check.skip=true -pl cli -am package >"$out/build.log" 2>&1 \
    || { echo "the build failed; see $out/build.log" >&2; exit 1; }
fi
export SCALELAB_SKIP_BUILD=true
pin=(); command -v taskset >/dev/null 2>&1 && pin=(taskset -c 0)
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); results in $out"

# timed NAME LOG CMD...: runs CMD, appends {"name", "wall_ms", "exit"} to runs.jsonl; returns CMD's exit code
timed() {
  local name=$1 log=$2; shift 2
  local start end code=0
  start=$(date +%s%N)
  "$@" >"$log" 2>&1 || code=$?
  end=$(date +%s%N)
  printf '{"name": "%s", "wall_ms": %s, "exit": %s, "log": "%s"}\n' \
    "$name" "$(( (end - start) / 1000 ))e-3" "$code" "$log" >>"$out/runs.jsonl"
  return $code
}

corpus() { # SIZE -> the corpus path, generated once (the generator is deterministic)
  local f="$corpus_dir/corpus-$1-seed$seed.txt"
  if [ ! -s "$f" ]; then
    echo "generating $1 (seed $seed) into $f" >&2
    ./scalelab mapreduce generate --size "$1" --seed "$seed" --output "$f.part" >"$out/generate-$1.log" 2>&1 \
      || { echo "generate failed; see $out/generate-$1.log" >&2; exit 1; }
    mv "$f.part" "$f"
  fi
  echo "$f"
}

run_args() { # extra args of `mapreduce run`
  local a=(--mappers "$mappers" --reducers "$reducers")
  [ -n "$chunks" ] && a+=(--chunks "$chunks")
  echo "${a[@]}"
}

# --- part 1: speed -----------------------------------------------------------------------------------------
if [[ ",$parts," == *",speed,"* ]]; then
  f=$(corpus "$size")
  echo "speed: $(stat -c %s "$f") bytes; JVM start-up baseline (./scalelab --version) x $repeats"
  for i in $(seq "$repeats"); do timed "startup" "$out/startup-$i.log" ./scalelab --version || true; done
  echo "speed: warm-up (not recorded), then single x $repeats pinned to ${pin[*]:-no core (taskset missing)}"
  "${pin[@]}" ./scalelab mapreduce single --input "$f" --output "$out/warmup.json" >"$out/warmup.log" 2>&1 || true
  for i in $(seq "$repeats"); do
    timed "single" "$out/single-$i.log" "${pin[@]}" ./scalelab mapreduce single --input "$f" \
      --output "$out/single-$i.json" || echo "  single $i failed; see $out/single-$i.log" >&2
  done
  brokers=(in-process); [ -n "$amqp" ] && brokers+=(rabbitmq)
  for b in "${brokers[@]}"; do
    burl=in-process; [ "$b" = rabbitmq ] && burl=$amqp
    echo "speed: run $(run_args) on $b x $repeats"
    for i in $(seq "$repeats"); do
      # shellcheck disable=SC2046 # run_args is a list of words
      timed "run-$b" "$out/run-$b-$i.log" timeout 900 ./scalelab mapreduce run --input "$f" $(run_args) \
        --broker "$burl" --output "$out/run-$b-$i.json" || echo "  run $b $i failed; see $out/run-$b-$i.log" >&2
    done
  done
fi

# --- part 2: heap --------------------------------------------------------------------------------------------
if [[ ",$parts," == *",heap,"* ]]; then
  heap_corpus=$(corpus "$heap_size")
  echo "heap: $(stat -c %s "$heap_corpus") bytes with SCALELAB_JAVA_OPTS='$heap_opts'"
  rss=(); [ -x /usr/bin/time ] && rss=(/usr/bin/time -f 'max_rss_kb=%M')
  timed "heap-single" "$out/heap-single.log" env SCALELAB_JAVA_OPTS="$heap_opts" "${rss[@]}" \
    ./scalelab mapreduce single --input "$heap_corpus" --output "$out/heap-single.json" \
    || echo "  heap single failed; see $out/heap-single.log" >&2
  # shellcheck disable=SC2046
  timed "heap-run" "$out/heap-run.log" env SCALELAB_JAVA_OPTS="$heap_opts" "${rss[@]}" timeout 1800 \
    ./scalelab mapreduce run --input "$heap_corpus" $(run_args) --broker in-process --output "$out/heap-run.json" \
    || echo "  heap run failed; see $out/heap-run.log" >&2
fi

# --- the tables ------------------------------------------------------------------------------------------------
jdk=$(. .mvn/find-jdk.sh && "$JAVA_HOME/bin/java" -version 2>&1 | head -n 1 | tr -d '"')
"$py" - "$out" "$(nproc)" "$jdk" "$size" "$seed" "$mappers" "$reducers" "${pin[*]:-}" "$heap_opts" "${amqp:+yes}" "${f:-}" \
  <<'PY' | tee "$out/summary.txt"
import json, os, re, statistics, sys
out, cores, jdk, size, seed, mappers, reducers, pin, heap_opts, rabbit, corpus = sys.argv[1:]
runs = [json.loads(l) for l in open(os.path.join(out, "runs.jsonl")) if l.strip()]

def result(path):
    try:
        return json.load(open(path))
    except Exception:
        return None

def inner_ms(doc):
    """A timing the command wrote into its result file, in ms, if any (field names assumed, see the header)."""
    if not isinstance(doc, dict):
        return None
    for path in (("elapsed_ms",), ("total_ms",), ("timings", "total_ms"), ("phases", "total_ms")):
        v = doc
        for k in path:
            v = v.get(k) if isinstance(v, dict) else None
        if isinstance(v, (int, float)):
            return float(v)
    return None

startup = [r["wall_ms"] for r in runs if r["name"] == "startup" and r["exit"] == 0]
startup_ms = statistics.median(startup) if startup else 0.0

def measure(name, files):
    rows = [r for r in runs if r["name"] == name]
    times, source, ok = [], set(), True
    for r, f in zip(rows, files):
        if r["exit"] != 0:
            ok = False
            continue
        t = inner_ms(result(f))
        if t is None:
            t, s = max(0.0, r["wall_ms"] - startup_ms), "wall - startup"
        else:
            s = "result file"
        times.append(t); source.add(s)
    return (statistics.median(times) if times else None), "/".join(sorted(source)) or "-", ok, len(rows)

def counts(path):
    doc = result(path)
    return doc.get("final_count") if isinstance(doc, dict) else None

corpus_bytes = os.path.getsize(corpus) if corpus and os.path.exists(corpus) else None
rows, goals = [], []
single_runs = [r for r in runs if r["name"] == "single"]
if single_runs:
    n = len(single_runs)
    t_single, src, ok, _ = measure("single", [os.path.join(out, f"single-{i}.json") for i in range(1, n + 1)])
    reference = counts(os.path.join(out, "single-1.json"))
    mbps = corpus_bytes / 1e6 / (t_single / 1e3) if t_single and corpus_bytes else None
    rows.append({"configuration": "single" + (f" ({pin})" if pin else ""), "runs": n, "median_ms": t_single,
                 "time_from": src, "mb_per_s": mbps, "ratio": 1.0 if t_single else None, "equal": None, "ok": ok})
    goals.append(("single-machine count >= 150 MB/s on one core", mbps is not None and mbps >= 150,
                  f"{mbps:.1f} MB/s" if mbps else "not measured"))
    for b, goal in (("in-process", 1.5), ("rabbitmq", 2.5)):
        files = [os.path.join(out, f"run-{b}-{i}.json") for i in range(1, n + 1)]
        if not any(r["name"] == f"run-{b}" for r in runs):
            goals.append((f"run --mappers {mappers} on {b} within {goal}x single", None,
                          "not measured (--broker none, or RabbitMQ not reachable)" if b == "rabbitmq" else "not measured"))
            continue
        t, src, ok, k = measure(f"run-{b}", files)
        equal = reference is not None and all(counts(f) == reference for f in files if os.path.exists(f))
        ratio = t / t_single if t and t_single else None
        rows.append({"configuration": f"run --mappers {mappers} --reducers {reducers}, {b}", "runs": k,
                     "median_ms": t, "time_from": src,
                     "mb_per_s": corpus_bytes / 1e6 / (t / 1e3) if t and corpus_bytes else None,
                     "ratio": ratio, "equal": equal, "ok": ok})
        goals.append((f"run --mappers {mappers} on {b} within {goal}x single",
                      ratio is not None and ratio <= goal and equal, f"{ratio:.2f}x" if ratio else "failed"))
        goals.append((f"run on {b}: every result equal to the single-machine count", equal,
                      "equal" if equal else "DIFFERENT or missing"))
    print(f"MapReduce word count, {size} corpus ({corpus_bytes} bytes, seed {seed}); median of {n}; "
          f"JVM start-up baseline {startup_ms:.0f} ms (subtracted from wall times)")
    print(f"{'configuration':<44} {'runs':>4} {'median ms':>10} {'MB/s':>8} {'x single':>8} {'equal':>6}  time from")
    for r in rows:
        f = lambda v, fmt: format(v, fmt) if v is not None else "-"
        eq = "-" if r["equal"] is None else ("yes" if r["equal"] else "NO")
        print(f"{r['configuration']:<44} {r['runs']:>4} {f(r['median_ms'], '.0f'):>10} {f(r['mb_per_s'], '.1f'):>8} "
              f"{f(r['ratio'], '.2f'):>8} {eq:>6}  {r['time_from']}{'' if r['ok'] else '  (a run FAILED)'}")

heap = None
hs = [r for r in runs if r["name"] in ("heap-single", "heap-run")]
if hs:
    heap = {"java_opts": heap_opts, "runs": []}
    print()
    print(f"heap: a large corpus with SCALELAB_JAVA_OPTS='{heap_opts}'")
    ref = counts(os.path.join(out, "heap-single.json"))
    for r in hs:
        text = open(r["log"], errors="replace").read() if os.path.exists(r["log"]) else ""
        rss = re.findall(r"max_rss_kb=(\d+)", text)
        oom = "OutOfMemoryError" in text
        eq = None if r["name"] == "heap-single" else (ref is not None and counts(os.path.join(out, "heap-run.json")) == ref)
        heap["runs"].append({"name": r["name"], "exit": r["exit"], "wall_ms": r["wall_ms"], "out_of_memory": oom,
                             "max_rss_mb": int(rss[-1]) / 1024 if rss else None, "equal_to_single": eq})
        line = f"  {r['name']:<12} exit {r['exit']}  wall {r['wall_ms'] / 1000:.1f} s"
        if rss:
            line += f"  max RSS {int(rss[-1]) / 1024:.0f} MB"
        if oom:
            line += "  OutOfMemoryError"
        if eq is not None:
            line += "  equal to single" if eq else "  DIFFERENT from single"
        print(line)
        xmx = re.search(r"-Xmx\S+", heap_opts)
        goals.append((f"{r['name']} of the large corpus completes with {xmx.group(0) if xmx else heap_opts}",
                      r["exit"] == 0 and not oom and eq is not False, f"exit {r['exit']}"))
print()
for name, ok, value in goals:
    print(f"{'n/a    ' if ok is None else 'met    ' if ok else 'NOT met'} {name}: {value}")
json.dump({"benchmark": "mapreduce", "cores": int(cores), "jdk": jdk, "size": size, "corpus": corpus,
           "corpus_bytes": corpus_bytes, "seed": int(seed),
           "mappers": int(mappers), "reducers": int(reducers), "pinned": pin, "rabbitmq": bool(rabbit),
           "startup_ms": startup_ms, "load_average_at_end": open("/proc/loadavg").read().split()[:3],
           "speed": rows, "heap": heap, "runs": runs,
           "goals": [{"goal": n, "met": ok, "value": v} for n, ok, v in goals]},
          open(os.path.join(out, "results.json"), "w"), indent=1)
PY
echo
echo "logs, result files and results.json in $out"
