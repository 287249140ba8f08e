#!/usr/bin/env bash
# Benchmark of the album API, as in the original course: wrk -t1 -c50 against GET /albums/1,
# GET /albums and POST /albums on one loopback instance (in-memory store). Prints a table and
# writes reports/bench-albums-<time>/results.json.
#
#   bench/albums.sh [--duration 15s] [--connections 50] [--port 18181] [--compare-go]
#
# --compare-go also measures GET /albums/1 and GET /albums on bench/go-albums (Go net/http, standard
# library; needs `go`: apt-get install golang-go) right after, and prints the ratio.
#
# Needs wrk (apt-get install wrk). The server and wrk share this machine's cores, as in the
# reference numbers (Go/Gin 33.4k req/s GET /albums/1, p99 6.5 ms; FastAPI/uvicorn 6.2k req/s).
set -euo pipefail
cd "$(dirname "$0")/.."

duration=15s; connections=50; port=18181; warmup=10s; compare_go=false
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --compare-go) compare_go=true; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/albums.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "bench/albums.sh needs wrk: apt-get install wrk" >&2; exit 1; }

out="reports/bench-albums-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
base="http://127.0.0.1:$port"

. bench/lib.sh
# the POST phase stores every album it sends: start_albums lifts the cap so it measures writes, not 507s
start_albums "$out" "$port"
write_post_lua "$out/post.lua"

to_ms() { # wrk latency "744.00us" / "1.45ms" / "1.02s" -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

# each endpoint is warmed up (JIT) just before it is measured; GET /albums goes before any POST,
# since every POST makes the (unpaged) list longer
warm_up() { # url [wrk args...]
  local url=$1; shift
  wrk -t1 -c"$connections" -d"$warmup" "$@" "$url" >/dev/null
}
echo "each endpoint: $warmup warm-up, then $duration measured"

printf '\n%-22s %10s %9s %9s %9s %8s\n' "endpoint" "req/s" "p50 ms" "p99 ms" "max ms" "non-2xx"
json="["
measure() { # label base method path
  local label=$1 url=$2 method=$3 path=$4 script=() raw rps p50 p99 max bad
  [ "$method" = POST ] && script=(-s "$out/post.lua")
  raw="$out/wrk-${label// /_}-$method-${path//\//_}.txt"
  wrk -t1 -c"$connections" -d"$duration" --latency "${script[@]}" "$url$path" >"$raw"
  rps=$(awk '/^Requests\/sec/ {print $2}' "$raw")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$raw")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$raw")")
  max=$(to_ms "$(awk '$1 == "Latency" {print $4}' "$raw")")
  bad=$(awk '/Non-2xx/ {print $5}' "$raw"); bad=${bad:-0}
  printf '%-22s %10.0f %9s %9s %9s %8s\n' "$label $method $path" "$rps" "$p50" "$p99" "$max" "$bad"
  json+=$(printf '{"server":"%s","endpoint":"%s %s","requests_per_second":%s,"p50_ms":%s,"p99_ms":%s,"max_ms":%s,"non_2xx":%s},' \
    "$label" "$method" "$path" "$rps" "$p50" "$p99" "$max" "$bad")
  eval "rps_${label}_${method}_${path//[^a-z0-9]/_}=$rps"
}
warm_up "$base/albums/1"; measure scalelab "$base" GET /albums/1
warm_up "$base/albums"; measure scalelab "$base" GET /albums
warm_up "$base/albums" -s "$out/post.lua"; measure scalelab "$base" POST /albums

if [ "$compare_go" = true ]; then
  command -v go >/dev/null || { echo "--compare-go needs go: apt-get install golang-go" >&2; exit 1; }
  kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true
  (cd bench/go-albums && GOFLAGS=-mod=mod go build -o "../../$out/go-albums" .)
  "$out/go-albums" -port "$((port + 1))" >"$out/go.log" 2>&1 &
  server=$!
  gobase="http://127.0.0.1:$((port + 1))"
  for _ in $(seq 60); do curl -fs "$gobase/health" >/dev/null 2>&1 && break; sleep 0.5; done
  warm_up "$gobase/albums/1"; measure go "$gobase" GET /albums/1
  warm_up "$gobase/albums"; measure go "$gobase" GET /albums
  echo
  awk -v a="$rps_scalelab_GET__albums_1" -v b="$rps_go_GET__albums_1" \
    'BEGIN { printf "GET /albums/1: scalelab / Go net/http = %.2f\n", a / b }'
  awk -v a="$rps_scalelab_GET__albums" -v b="$rps_go_GET__albums" \
    'BEGIN { printf "GET /albums:   scalelab / Go net/http = %.2f\n", a / b }'
fi
json="${json%,}]"
cat >"$out/results.json" <<JSON
{"benchmark":"albums","tool":"wrk -t1 -c$connections -d$duration","cores":$(nproc),
 "jdk":"$(. .mvn/find-jdk.sh && "$JAVA_HOME/bin/java" -version 2>&1 | head -n 1 | tr -d '"')",
 "results":$json}
JSON
echo
echo "raw wrk output and results.json in $out"
