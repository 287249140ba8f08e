#!/usr/bin/env bash
# Benchmark of the product catalog against two references, in the same minutes: wrk -t1 -c50 on
# GET /products/1 and on POST /products/3/details (a wrk Lua script sends a valid product) against
# scalelab (./scalelab catalog, in-memory), a Go/Gin version (bench/go-catalog) and a FastAPI/uvicorn
# version (bench/fastapi-catalog). Rounds are interleaved (each round measures every target, starting
# with a different one each time). Prints a table and the ratios scalelab/Go and scalelab/FastAPI, and
# writes reports/bench-catalog-<time>/results.json (req/s, p50, p99 per target, endpoint and round).
#
#   bench/catalog.sh [--duration 15s] [--warmup 10s] [--rounds 3] [--connections 50] [--port 18281]
#                    [--targets scalelab,go,fastapi] [--jvm-opts "FLAGS"] [--no-build] [--out DIR]
#
# Ports: scalelab on PORT, Go on PORT+1, FastAPI on PORT+2, all bound to 127.0.0.1. The servers and wrk
# share this machine's cores, as in the issue's reference numbers (Go/Gin 33.4k req/s and FastAPI/uvicorn
# 6.2k req/s on GET /products/1 with wrk -t1 -c50). FastAPI runs on uvicorn's pure-Python stack
# (--http h11 --loop asyncio: what `pip install fastapi uvicorn` gives), which is how 6.2k was measured.
# Installs wrk, golang-go, Gin, python3-fastapi and python3-uvicorn with apt-get when missing. Only the
# processes it started are stopped, by PID. Time: about 2 x targets x (warmup + rounds x duration).
set -euo pipefail
cd "$(dirname "$0")/.."

duration=15s; warmup=10s; rounds=3; connections=50; port=18281; targets=scalelab,go,fastapi
jvm_opts=""; build=true; out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --targets) targets=$2; shift 2 ;;
    --jvm-opts) jvm_opts=$2; shift 2 ;;
    --no-build) build=false; shift ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/catalog.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
IFS=, read -r -a target_list <<<"$targets"
for t in "${target_list[@]}"; do
  case "$t" in scalelab|go|fastapi) ;; *) echo "bench/catalog.sh: unknown target $t" >&2; exit 2 ;; esac
done
seconds() { # 15s / 2m / 15 -> seconds
  case "$1" in *m) echo $(( ${1%m} * 60 )) ;; *s) echo "${1%s}" ;; *) echo "$1" ;; esac
}
dur_s=$(seconds "$duration"); warm_s=$(seconds "$warmup")

# --- what the bench needs ------------------------------------------------------------------------
py=/usr/bin/python3 # Debian's python, where python3-fastapi and python3-uvicorn install
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v curl >/dev/null || missing+=(curl)
[ -x "$py" ] || missing+=(python3)
for t in "${target_list[@]}"; do
  case "$t" in
    go)
      command -v go >/dev/null || missing+=(golang-go)
      [ -d /usr/share/gocode/src/github.com/gin-gonic/gin ] || missing+=(golang-github-gin-gonic-gin-dev) ;;
    fastapi)
      { [ -x "$py" ] && "$py" -c 'import fastapi' 2>/dev/null; } || missing+=(python3-fastapi)
      { [ -x "$py" ] && "$py" -c 'import uvicorn' 2>/dev/null; } || missing+=(python3-uvicorn) ;;
  esac
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} (apt-get)"
  sudo_=""; [ "$(id -u)" -eq 0 ] || sudo_=sudo
  $sudo_ apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -q "${missing[@]}" >/dev/null
fi

out=${out:-"reports/bench-catalog-$(date +%Y%m%d-%H%M%S)"}
mkdir -p "$out"
out=$(cd "$out" && pwd)
raw="$out/raw.tsv"
: >"$raw"

# --- the servers: started here, stopped here, by PID ---------------------------------------------
pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT
trap 'exit 130' INT TERM

declare -A base pid_of
wait_up() { # name url
  for _ in $(seq 120); do
    curl -fs "$2/health" >/dev/null 2>&1 && return 0
    kill -0 "${pid_of[$1]}" 2>/dev/null || { echo "$1 stopped at start; see $out/$1.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "$1 did not start within 60 s; see $out/$1.log" >&2
  exit 1
}
for t in "${target_list[@]}"; do
  case "$t" in
    scalelab)
      if [ "$build" = true ]; then
        echo "building the jar (./mvnw package)"
        ./mvnw -q -ntp -DskipTests -Dspotless.check.skip=true -pl cli -am package >"$out/build.log" 2>&1 \
          || { echo "the build failed; see $out/build.log" >&2; exit 1; }
      fi
      SCALELAB_SKIP_BUILD=true SCALELAB_JAVA_OPTS="${jvm_opts:-${SCALELAB_JAVA_OPTS:-}}" \
        ./scalelab catalog --host 127.0.0.1 --port "$port" >"$out/scalelab.log" 2>&1 &
      pids+=($!); pid_of[$t]=$!; base[scalelab]="http://127.0.0.1:$port" ;;
    go)
      (cd bench/go-catalog && GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS= \
        GOCACHE="${GOCACHE:-/tmp/scalelab-go-cache}" go build -o "$out/go-catalog" .)
      "$out/go-catalog" -port "$((port + 1))" >"$out/go.log" 2>&1 &
      pids+=($!); pid_of[$t]=$!; base[go]="http://127.0.0.1:$((port + 1))" ;;
    fastapi)
      "$py" -m uvicorn app:app --app-dir bench/fastapi-catalog --host 127.0.0.1 --port "$((port + 2))" \
        --http h11 --loop asyncio --workers 1 --no-access-log --log-level warning >"$out/fastapi.log" 2>&1 &
      pids+=($!); pid_of[$t]=$!; base[fastapi]="http://127.0.0.1:$((port + 2))" ;;
  esac
done
for t in "${target_list[@]}"; do wait_up "$t" "${base[$t]}"; done

cat >"$out/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"product_id":3,"sku":"BENCH-003","manufacturer":"Acme","category_id":1,"weight":500,"some_other_id":103}'
wrk.headers["Content-Type"] = "application/json"
LUA
# every target must answer the same way before it is measured
for t in "${target_list[@]}"; do
  curl -fs "${base[$t]}/products/1" | grep -q '"product_id":1,' || { echo "$t: GET /products/1 is wrong" >&2; exit 1; }
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -d '{"product_id":3,"sku":"BENCH-003","manufacturer":"Acme","category_id":1,"weight":500,"some_other_id":103}' \
    "${base[$t]}/products/3/details")
  [ "$code" = 204 ] || { echo "$t: POST /products/3/details answered $code, not 204" >&2; exit 1; }
done

to_ms() { # wrk latency "744.00us" / "1.45ms" / "1.02s" -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}
run_wrk() { # seconds url [wrk args...] > wrk output; bounded even if a server hangs
  local s=$1 url=$2; shift 2
  timeout $((s + 30)) wrk -t1 -c"$connections" -d"${s}s" --timeout 5s --latency "$@" "$url"
}
endpoint_args() { # GET|POST target -> url and wrk args
  case "$1" in
    GET) echo "${base[$2]}/products/1" ;;
    POST) echo "${base[$2]}/products/3/details -s $out/post.lua" ;;
  esac
}
measure() { # round target GET|POST
  local round=$1 t=$2 method=$3 file rps p50 p99 max bad errors
  file="$out/wrk-r$round-$t-$method.txt"
  # shellcheck disable=SC2046 # endpoint_args is a URL and wrk flags
  run_wrk "$dur_s" $(endpoint_args "$method" "$t") >"$file" || { echo "wrk failed against $t; see $file" >&2; exit 1; }
  rps=$(awk '/^Requests\/sec/ {print $2}' "$file")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$file")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$file")")
  max=$(to_ms "$(awk '$1 == "Latency" {print $4}' "$file")")
  bad=$(awk '/Non-2xx/ {print $5}' "$file"); bad=${bad:-0}
  errors=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$file"); errors=${errors:-0}
  printf '%-6s %-9s %-28s %10.0f %9s %9s %9s %8s %7s\n' "$round" "$t" "$method $(endpoint_path "$method")" \
    "$rps" "$p50" "$p99" "$max" "$bad" "$errors"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$t" "$method" "$rps" "$p50" "$p99" "$max" "$bad" "$errors" >>"$raw"
}
endpoint_path() { [ "$1" = GET ] && echo /products/1 || echo /products/3/details; }

n=${#target_list[@]}
echo "targets: ${target_list[*]}; wrk -t1 -c$connections; warm-up $warm_s s per target and endpoint; $rounds rounds of $dur_s s"
echo "about $(( 2 * n * (warm_s + rounds * dur_s) + 10 )) s of measuring"
for t in "${target_list[@]}"; do
  for method in GET POST; do
    # shellcheck disable=SC2046
    run_wrk "$warm_s" $(endpoint_args "$method" "$t") >/dev/null
  done
done
printf '\n%-6s %-9s %-28s %10s %9s %9s %9s %8s %7s\n' round target endpoint "req/s" "p50 ms" "p99 ms" "max ms" non-2xx errors
for round in $(seq "$rounds"); do
  for method in GET POST; do
    for i in $(seq 0 $((n - 1))); do # each round starts with another target
      measure "$round" "${target_list[$(( (i + round - 1) % n ))]}" "$method"
    done
  done
done

jdk=$(. .mvn/find-jdk.sh && "$JAVA_HOME/bin/java" -version 2>&1 | head -n 1 | tr -d '"')
"$py" - "$raw" "$out/results.json" "$connections" "$dur_s" "$warm_s" "$rounds" "$(nproc)" "$jdk" \
  "$(go version 2>/dev/null || true)" "$("$py" -c 'import fastapi, uvicorn; print("fastapi", fastapi.__version__, "uvicorn", uvicorn.__version__)' 2>/dev/null || true)" \
  "${jvm_opts:-${SCALELAB_JAVA_OPTS:-launcher defaults}}" <<'PY'
import json, statistics, sys
raw, out, connections, dur, warm, rounds, cores, jdk, go, fastapi, jvm = sys.argv[1:]
rows = []
for line in open(raw):
    r, t, m, rps, p50, p99, mx, bad, err = line.rstrip("\n").split("\t")
    rows.append({"round": int(r), "target": t, "endpoint": m + (" /products/1" if m == "GET" else " /products/3/details"),
                 "method": m, "requests_per_second": float(rps), "p50_ms": float(p50), "p99_ms": float(p99),
                 "max_ms": float(mx), "non_2xx": int(bad), "socket_errors": int(err)})
summary, ratios = [], []
print("\nmedian over rounds")
print(f"{'target':<9} {'endpoint':<28} {'req/s':>10} {'p50 ms':>9} {'p99 ms':>9}")
for m in ("GET", "POST"):
    for t in dict.fromkeys(r["target"] for r in rows):
        mine = [r for r in rows if r["target"] == t and r["method"] == m]
        if not mine:
            continue
        s = {"target": t, "endpoint": mine[0]["endpoint"],
             "requests_per_second": statistics.median(r["requests_per_second"] for r in mine),
             "p50_ms": statistics.median(r["p50_ms"] for r in mine), "p99_ms": statistics.median(r["p99_ms"] for r in mine),
             "non_2xx": sum(r["non_2xx"] for r in mine), "socket_errors": sum(r["socket_errors"] for r in mine)}
        summary.append(s)
        print(f"{t:<9} {s['endpoint']:<28} {s['requests_per_second']:>10.0f} {s['p50_ms']:>9.2f} {s['p99_ms']:>9.2f}")
print()
for m in ("GET", "POST"):
    for ref in ("go", "fastapi"):
        per_round = []
        for rnd in sorted({r["round"] for r in rows}):
            a = [r for r in rows if r["round"] == rnd and r["method"] == m and r["target"] == "scalelab"]
            b = [r for r in rows if r["round"] == rnd and r["method"] == m and r["target"] == ref]
            if a and b and b[0]["requests_per_second"] > 0:
                per_round.append(a[0]["requests_per_second"] / b[0]["requests_per_second"])
        if per_round:
            ratios.append({"endpoint": m, "scalelab_over": ref, "per_round": [round(x, 3) for x in per_round],
                           "median": round(statistics.median(per_round), 3)})
            print(f"{m:<4} scalelab / {ref:<8} = {statistics.median(per_round):.2f} (median; rounds: "
                  + ", ".join(f"{x:.2f}" for x in per_round) + ")")
goals = []
def med(t, m):
    return next((s["requests_per_second"] for s in summary if s["target"] == t and s["endpoint"].startswith(m)), None)
get, post, fa = med("scalelab", "GET"), med("scalelab", "POST"), med("fastapi", "GET")
gor = next((x["median"] for x in ratios if x["endpoint"] == "GET" and x["scalelab_over"] == "go"), None)
if get is not None:
    goals.append(("GET /products/1 > 33.4k req/s (the issue's Go/Gin reference)", get > 33400, f"{get:.0f}"))
    if gor is not None:
        goals.append(("GET /products/1 ahead of Go/Gin measured in the same minutes", gor > 1, f"x{gor:.2f}"))
    if fa:
        goals.append(("GET /products/1 >= 5x FastAPI measured here", get >= 5 * fa, f"x{get / fa:.2f}"))
    goals.append(("GET /products/1 >= 5x 6.2k (the issue's FastAPI reference)", get >= 31000, f"{get:.0f}"))
if post is not None:
    goals.append(("POST /products/{id}/details >= 25k req/s", post >= 25000, f"{post:.0f}"))
print()
for name, ok, value in goals:
    print(f"{'met    ' if ok else 'NOT met'} {name}: {value}")
json.dump({"benchmark": "catalog", "tool": f"wrk -t1 -c{connections}", "duration_s": int(dur), "warmup_s": int(warm),
           "rounds": int(rounds), "cores": int(cores), "jdk": jdk, "scalelab_jvm_options": jvm, "go": go,
           "fastapi": fastapi, "fastapi_server": "uvicorn --http h11 --loop asyncio, 1 worker",
           "results": rows, "median": summary, "ratios": ratios,
           "goals": [{"goal": n, "met": ok, "value": v} for n, ok, v in goals]}, open(out, "w"), indent=1)
PY
echo
echo "raw wrk output and results.json in $out"
