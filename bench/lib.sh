# Sourced by the bench scripts: start an album server and describe a POST for wrk.

# start_albums OUT PORT [JVM flags]: starts ./scalelab albums on 127.0.0.1:PORT (logs in OUT), sets
# $server to its PID, stops it on exit, and waits for /health; fails if it does not come up.
start_albums() {
  local out=$1 port=$2; shift 2
  SCALELAB_JAVA_OPTS="${*:-${SCALELAB_JAVA_OPTS:-}}" ./scalelab albums --host 127.0.0.1 --port "$port" \
    --max-albums 10000000 >"$out/server.log" 2>&1 &
  server=$!
  trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
  for _ in $(seq 120); do curl -fs "127.0.0.1:$port/health" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "albums did not start; see $out/server.log" >&2
  exit 1
}

# write_post_lua FILE: the wrk script that POSTs one album per request
write_post_lua() {
  cat >"$1" <<'LUA'
wrk.method = "POST"
wrk.body = '{"title":"Giant Steps","artist":"John Coltrane","price":12.5}'
wrk.headers["Content-Type"] = "application/json"
LUA
}
