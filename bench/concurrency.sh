#!/usr/bin/env bash
# JMH benchmarks of the concurrency experiment (issue 9), the rigorous versions of its numbers:
#
#   CounterBenchmark        one increment of a counter shared by 2 threads, 5 kinds (ns/op)
#   MapReadHeavyBenchmark   one operation of a 90%-read mix on a map shared by 2 threads, 3 safe maps (ns/op)
#   FileWriteBenchmark      one file of 100,000 lines, unbuffered vs BufferedOutputStream, with and without fsync (ms/op)
#   PingPongBenchmark       one switch between two platform / two virtual threads (ns/op), on all CPUs; then again
#                           on one CPU: JMH under `taskset -c 0` (its forks inherit the pinning), virtual threads on
#                           one carrier (-Djdk.virtualThreadScheduler.parallelism=1); skipped with a note without taskset
#   ThreadStartBenchmark    one tiny task on a virtual thread of its own vs a pool of 100 platform threads (ns/op)
#
#   bench/concurrency.sh [--forks 1] [--warmups 2] [--iterations 3] [--time 1s] [--only REGEX] [--no-build] [--out DIR]
#
# Short, bounded settings by default (1 fork, 2 warm-up and 3 measured iterations of 1 s: about 3 minutes); JMH's
# error columns say how far to trust them. Builds the test classes (the benchmarks live in concurrency/src/test/java,
# named *Benchmark so the unit tests never run them), then prints JMH's tables and writes
# reports/bench-concurrency-<time>/: all-cpus.json, one-cpu.json, summary.txt and the logs.
set -euo pipefail
cd "$(dirname "$0")/.."

forks=1; warmups=2; iterations=3; time=1s; only=""; build=true; out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --forks) forks=$2; shift 2 ;;
    --warmups) warmups=$2; shift 2 ;;
    --iterations) iterations=$2; shift 2 ;;
    --time) time=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --no-build) build=false; shift ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/concurrency.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
for n in "$forks" "$iterations"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "bench/concurrency.sh: --forks and --iterations must be >= 1" >&2; exit 2; }
done
[[ "$warmups" =~ ^[0-9]+$ ]] || { echo "bench/concurrency.sh: --warmups must be >= 0" >&2; exit 2; }

out=${out:-"reports/bench-concurrency-$(date +%Y%m%d-%H%M%S)"}
mkdir -p "$out"
out=$(cd "$out" && pwd)
summary="$out/summary.txt"
say() { echo "$*" | tee -a "$summary"; }

. .mvn/find-jdk.sh
if [ "$build" = true ]; then
  echo "building the benchmarks (./mvnw test-compile)"
  ./mvnw -q -ntp -Dspotless.check.skip=true -pl concurrency -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/jmh-classpath.txt -Dmdep.includeScope=test >"$out/build.log" 2>&1 \
    || { echo "the build failed; see $out/build.log" >&2; exit 1; }
fi
[ -f concurrency/target/jmh-classpath.txt ] || { echo "no build yet: run without --no-build" >&2; exit 1; }
cp="concurrency/target/test-classes:concurrency/target/classes:$(cat concurrency/target/jmh-classpath.txt)"
settings=(-f "$forks" -wi "$warmups" -i "$iterations" -w "$time" -r "$time" -jvmArgsAppend "-Xmx512m")

say "machine: $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
say "settings: ${settings[*]}"
failed=0
table() { sed -n '/^Benchmark /,$p' "$1" | tee -a "$summary"; }

say ""
say "== all CPUs =="
regex=${only:-'scalelab.concurrency.bench.*'}
if "$JAVA_HOME/bin/java" -cp "$cp" org.openjdk.jmh.Main "$regex" "${settings[@]}" \
    -rf json -rff "$out/all-cpus.json" >"$out/all-cpus.log" 2>&1; then
  table "$out/all-cpus.log"
else
  echo "JMH failed; see $out/all-cpus.log" >&2; failed=1
fi

say ""
say "== one CPU (taskset -c 0), virtual threads on one carrier =="
if command -v taskset >/dev/null 2>&1; then
  if [ -z "$only" ] || [[ "PingPongBenchmark" =~ $only ]]; then
    if taskset -c 0 "$JAVA_HOME/bin/java" -cp "$cp" org.openjdk.jmh.Main 'PingPongBenchmark' "${settings[@]}" \
        -jvmArgsAppend "-Djdk.virtualThreadScheduler.parallelism=1" \
        -rf json -rff "$out/one-cpu.json" >"$out/one-cpu.log" 2>&1; then
      table "$out/one-cpu.log"
    else
      echo "JMH failed; see $out/one-cpu.log" >&2; failed=1
    fi
  else
    say "skipped: --only does not select PingPongBenchmark"
  fi
else
  say "skipped: taskset (util-linux) is not on the PATH, so the JVM cannot be pinned to one CPU"
fi
say ""
say "written: $out"
exit "$failed"
