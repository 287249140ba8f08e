#!/usr/bin/env bash
# Benchmark of the album API, as in the original course: wrk -t1 -c50 against GET /albums/1,
# GET /albums and POST /albums on one loopback instance (in-memory store). Prints a table and
# writes reports/bench-albums-<time>/results.json.
#
#   bench/albums.sh [--duration 15s] [--connections 50] [--port 18181]
#
# Needs wrk (apt-get install wrk). The server and wrk share this machine's cores, as in the
# reference numbers (Go/Gin 33.4k req/s GET /albums/1, p99 6.5 ms; FastAPI/uvicorn 6.2k req/s).
set -euo pipefail
cd "$(dirname "$0")/.."

duration=15s; connections=50; port=18181; warmup=10s
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/albums.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "bench/albums.sh needs wrk: apt-get install wrk" >&2; exit 1; }

out="reports/bench-albums-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
base="http://127.0.0.1:$port"

# the POST phase stores every album it sends: lift the cap so it measures writes, not 507s
./scalelab albums --host 127.0.0.1 --port "$port" --max-albums 10000000 >"$out/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 120); do curl -fs "$base/health" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "$base/health" >/dev/null || { echo "albums did not start; see $out/server.log" >&2; exit 1; }

cat >"$out/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"title":"Giant Steps","artist":"John Coltrane","price":12.5}'
wrk.headers["Content-Type"] = "application/json"
LUA

to_ms() { # wrk latency "744.00us" / "1.45ms" / "1.02s" -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

echo "warm-up: GET /albums/1 for $warmup"
wrk -t1 -c"$connections" -d"$warmup" "$base/albums/1" >/dev/null

printf '\n%-18s %10s %9s %9s %9s %8s\n' "endpoint" "req/s" "p50 ms" "p99 ms" "max ms" "non-2xx"
json="["
for spec in "GET /albums/1" "GET /albums" "POST /albums"; do
  method=${spec% *}; path=${spec#* }
  script=(); [ "$method" = POST ] && script=(-s "$out/post.lua")
  raw="$out/wrk-$method-${path//\//_}.txt"
  wrk -t1 -c"$connections" -d"$duration" --latency "${script[@]}" "$base$path" >"$raw"
  rps=$(awk '/^Requests\/sec/ {print $2}' "$raw")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$raw")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$raw")")
  max=$(to_ms "$(awk '$1 == "Latency" {print $4}' "$raw")")
  bad=$(awk '/Non-2xx/ {print $5}' "$raw"); bad=${bad:-0}
  printf '%-18s %10.0f %9s %9s %9s %8s\n' "$spec" "$rps" "$p50" "$p99" "$max" "$bad"
  json+=$(printf '{"endpoint":"%s","requests_per_second":%s,"p50_ms":%s,"p99_ms":%s,"max_ms":%s,"non_2xx":%s},' \
    "$spec" "$rps" "$p50" "$p99" "$max" "$bad")
done
json="${json%,}]"
cat >"$out/results.json" <<JSON
{"benchmark":"albums","tool":"wrk -t1 -c$connections -d$duration","cores":$(nproc),
 "jdk":"$(. .mvn/find-jdk.sh && "$JAVA_HOME/bin/java" -version 2>&1 | head -n 1 | tr -d '"')",
 "results":$json}
JSON
echo
echo "raw wrk output and results.json in $out"
