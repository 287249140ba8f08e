#!/usr/bin/env bash
# Benchmark of the MapReduce word count (issue 7, "Performance"), two parts:
#
#  speed  the generated corpus (--size 100MB, --seed 42, made once with `scalelab mapreduce generate` and kept in
#         --corpus-dir). (1) `scalelab mapreduce single --repeats N` pinned to one core (taskset -c 0): the median
#         MB/s of N counts in one JVM, goal >= 150 (the first count, with the JIT's warm-up, is printed too).
#         (2) `scalelab experiment mapreduce --corpus F`: the single-machine count and MapReduce with 1, 2 and 4
#         mappers, in-process and on RabbitMQ (when reachable), warm, side by side in one JVM, median of N:
#         goals 2 mappers within 1.5x (in-process) and 2.5x (RabbitMQ) the single-machine time; results equal.
#  heap   a 1 GB corpus (--heap-size), counted by `single`, by `run --mappers 2` in-process and on RabbitMQ (when
#         reachable), each in a JVM with -Xmx512m (SCALELAB_JAVA_OPTS, which the launcher honours): a 1 GB
#         input works with a 512 MB heap, as the splitter streams. Prints the peak RSS; checks the results equal.
#         The 1 GB file is deleted.
#
#   bench/mapreduce.sh [--parts speed,heap] [--size 100MB] [--seed 42] [--repeats 5] [--heap-size 1GB]
#                      [--broker amqp://...|none] [--corpus-dir DIR] [--no-build] [--out DIR]
#
# Writes reports/bench-mapreduce-<time>/: summary.txt, the experiment's report (experiment/index.html) and logs.
set -euo pipefail
cd "$(dirname "$0")/.."

parts=speed,heap; size=100MB; seed=42; repeats=5; heap_size=1GB; broker=""
heap_opts="-XX:+UseParallelGC -Xss512k -Xmx512m -XX:+ExitOnOutOfMemoryError"
corpus_dir=/tmp/scalelab-bench-mapreduce; build=true; out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --parts) parts=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --repeats) repeats=$2; shift 2 ;;
    --heap-size) heap_size=$2; shift 2 ;;
    --broker) broker=$2; shift 2 ;;
    --corpus-dir) corpus_dir=$2; shift 2 ;;
    --no-build) build=false; shift ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/mapreduce.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
for p in ${parts//,/ }; do
  case "$p" in speed|heap) ;; *) echo "bench/mapreduce.sh: unknown part $p" >&2; exit 2 ;; esac
done
[[ "$repeats" =~ ^[1-9][0-9]*$ ]] || { echo "bench/mapreduce.sh: --repeats must be >= 1" >&2; exit 2; }

out=${out:-"reports/bench-mapreduce-$(date +%Y%m%d-%H%M%S)"}
mkdir -p "$out" "$corpus_dir"
out=$(cd "$out" && pwd)
summary="$out/summary.txt"
say() { echo "$*" | tee -a "$summary"; }
failed=0 # a failed command or a wrong result makes the script exit 1 (a missed speed goal does not)

if [ "$build" = true ]; then
  echo "building the jar (./mvnw package)"
  ./mvnw -q -ntp -DskipTests -Dspotless.check.skip=true -pl cli -am package >"$out/build.log" 2>&1 \
    || { echo "the build failed; see $out/build.log" >&2; exit 1; }
fi
export SCALELAB_SKIP_BUILD=true
pin=(); command -v taskset >/dev/null 2>&1 && pin=(taskset -c 0)
say "machine: $(nproc) cores, $(. .mvn/find-jdk.sh && "$JAVA_HOME/bin/java" -version 2>&1 | head -n 1), load average $(cut -d' ' -f1-3 /proc/loadavg)"

corpus() { # SIZE -> the corpus path, generated once (the generator is deterministic)
  local f="$corpus_dir/corpus-$1-seed$seed.txt"
  if [ ! -s "$f" ]; then
    ./scalelab mapreduce generate --size "$1" --seed "$seed" --output "$f.part" >&2 \
      || { echo "generate failed" >&2; exit 1; }
    mv "$f.part" "$f"
  fi
  echo "$f"
}

# same_counts A.json B.json: the two results are equal (the whole final_count, not only the totals)
same_counts() {
  python3 -c 'import json, sys; a, b = (json.load(open(p)) for p in sys.argv[1:]); sys.exit(a != b)' "$1" "$2"
}

if [[ ",$parts," == *",speed,"* ]]; then
  f=$(corpus "$size")
  say ""
  say "== speed: $f ($(stat -c %s "$f") bytes)"
  say "single machine, ${pin[*]:-not pinned (taskset missing)}, $repeats counts in one JVM:"
  "${pin[@]}" ./scalelab mapreduce single --input "$f" --output "$out/single.json" --repeats "$repeats" \
    >"$out/single.log" 2>&1 || { failed=1; say "single FAILED; see $out/single.log"; }
  grep -E "median|count 1 of" "$out/single.log" | tee -a "$summary" || true
  say ""
  broker_args=(); [ -n "$broker" ] && broker_args=(--broker "$broker")
  ./scalelab experiment mapreduce --corpus "$f" --repeats "$repeats" --out "$out/experiment" "${broker_args[@]}" \
    2>"$out/experiment.log" | tee -a "$summary" || { failed=1; say "the experiment FAILED; see $out/experiment.log"; }
fi

if [[ ",$parts," == *",heap,"* ]]; then
  big=$(corpus "$heap_size")
  trap 'rm -f "$big"' EXIT
  say ""
  say "== heap: $big ($(stat -c %s "$big") bytes), SCALELAB_JAVA_OPTS='$heap_opts'"
  rss=(); [ -x /usr/bin/time ] && rss=(/usr/bin/time -f 'peak RSS %M KB, %e s wall')
  amqp=${broker:-${SCALELAB_AMQP_URL:-amqp://guest:guest@127.0.0.1:5672/%2F}}
  hostport=$(sed -E 's#^amqps?://([^@/]*@)?([^:/]+)(:([0-9]+))?.*#\2 \4#' <<<"$amqp")
  read -r host port <<<"$hostport"
  runs=(single run)
  if [ "$broker" != none ] && timeout 2 bash -c "exec 3<>/dev/tcp/$host/${port:-5672}" 2>/dev/null; then
    runs+=(run-rabbitmq)
  fi
  for name in "${runs[@]}"; do
    args=(--input "$big" --output "$out/heap-$name.json")
    case "$name" in
      single) cmd=single ;;
      run) cmd=run; args+=(--mappers 2 --reducers 2) ;;
      run-rabbitmq) cmd=run; args+=(--mappers 2 --reducers 2 --broker "$amqp") ;;
    esac
    if SCALELAB_JAVA_OPTS="$heap_opts" "${rss[@]}" ./scalelab mapreduce "$cmd" "${args[@]}" >"$out/heap-$name.log" 2>&1; then
      say "$name: ok; $(grep -E 'MB/s' "$out/heap-$name.log" | tail -n 1); $(grep -E 'peak RSS' "$out/heap-$name.log" || true)"
    else
      say "$name: FAILED with a 512 MB heap; see $out/heap-$name.log"; failed=1
    fi
    if [ "$name" != single ] && [ -s "$out/heap-single.json" ] && [ -s "$out/heap-$name.json" ]; then
      if same_counts "$out/heap-single.json" "$out/heap-$name.json"; then say "  result equal to single"; else say "  result DIFFERENT from single"; failed=1; fi
    fi
  done
  rm -f "$out"/heap-*.json # 1 GB of text has large results; the logs stay
fi
say ""
say "summary: $summary"
exit "$failed"
