#!/bin/bash
# Container health check of every scalelab role, with no curl or wget in the image: GET /health over bash's
# /dev/tcp, healthy on HTTP 200. Services listen on SCALELAB_PORT, workers serve health on SCALELAB_HEALTH_PORT.
check() {
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
  local status
  read -r -t 3 _ status _ <&3
  exec 3<&-
  [ "$status" = "200" ]
}
check "${SCALELAB_PORT:-8080}" 2>/dev/null && exit 0
if [ -n "${SCALELAB_HEALTH_PORT:-}" ] && [ "${SCALELAB_HEALTH_PORT}" != "${SCALELAB_PORT:-8080}" ]; then
  check "$SCALELAB_HEALTH_PORT" 2>/dev/null && exit 0
fi
exit 1
