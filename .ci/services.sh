#!/usr/bin/env bash
# Makes sure the real services the integration tests use are up on 127.0.0.1:
# PostgreSQL on 5432 (trust auth, database "test"), RabbitMQ on 5672 (guest/guest, which RabbitMQ allows
# from loopback only). Starts an installed one that is stopped,
# installs it with apt-get when missing. Also makes sure of the tools they use: Chromium, which
# the report rendering test screenshots pages with, and hcl2json (npm), which the Terraform test parses
# deploy/terraform with. Idempotent; prints one line per service.
set -euo pipefail

log() { echo "[services] $*"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() { # name port seconds
  for _ in $(seq "$3"); do port_open "$2" && return 0; sleep 1; done
  log "$1 did not open port $2 within $3 s"; return 1
}

apt_install() {
  log "installing $* with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "$@" >/dev/null
}

ensure_postgres() {
  if port_open 5432; then log "postgresql: running on 127.0.0.1:5432"; return 0; fi
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
    apt_install postgresql
  fi
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  local hba="/etc/postgresql/$version/main/pg_hba.conf"
  # The tests connect as postgres over TCP without a password, as on the development machines.
  if ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
    sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  fi
  log "postgresql: starting cluster $version/main"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_port postgresql 5432 60
  # apt-get may have started it before the pg_hba.conf edit: make it read the file again
  pg_ctlcluster --skip-systemctl-redirect "$version" main reload
  if ! psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'" | grep -q 1; then
    psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE test' >/dev/null
  fi
  log "postgresql: running on 127.0.0.1:5432"
}

ensure_rabbitmq() {
  if port_open 5672; then log "rabbitmq: running on 127.0.0.1:5672"; return 0; fi
  if ! command -v rabbitmq-server >/dev/null 2>&1; then
    apt_install rabbitmq-server # its post-install script may start it already
  fi
  if ! port_open 5672; then
    # no systemd in CI containers: the init script, else the server's own daemon mode
    log "rabbitmq: starting"
    service rabbitmq-server start >/dev/null 2>&1 || rabbitmq-server -detached
  fi
  wait_port rabbitmq 5672 120
  log "rabbitmq: running on 127.0.0.1:5672 ($(timeout 20 rabbitmqctl version 2>/dev/null || echo 'version unknown'))"
}

ensure_chromium() {
  # scalelab.testkit.Chromium looks for /usr/bin/chromium first: Debian's package puts it there
  if ! [ -x /usr/bin/chromium ] && ! command -v chromium >/dev/null 2>&1; then
    apt_install chromium
  fi
  # the launcher script is chatty on stderr; its version line is enough
  log "chromium: $(chromium --version 2>/dev/null | head -n 1)"
}

ensure_hcl2json() {
  # HashiCorp's HCL parser for node (npm @cdktf/hcl2json, pinned in deploy/tools/hcl2json/package-lock.json):
  # cli's DeployTerraformTest parses deploy/terraform with it
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
  fi
  local dir
  dir="$(cd "$(dirname "$0")/.." && pwd)/deploy/tools/hcl2json"
  if [ ! -d "$dir/node_modules/@cdktf/hcl2json" ]; then
    log "hcl2json: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
  log "hcl2json: $(node -p "require('$dir/node_modules/@cdktf/hcl2json/package.json').version") (node $(node --version))"
}

for service in "${@:-postgres}"; do
  "ensure_$service"
done
