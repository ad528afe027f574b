#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for benchmarks (initdb + pg_ctl on a free loopback port, fsync and
# synchronous_commit on, as in production) and prints its connection string on the last line.
#   bash bench/pg.sh            start; prints e.g. Host=127.0.0.1;Port=54321;Username=postgres;Database=flashsale
#   bash bench/pg.sh stop DIR   stop the server started in DIR and delete DIR
# Needs the Debian postgresql package (scripts/test.sh installs it). Runs the server as the
# postgres user when started as root (initdb refuses root).
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [[ -z "$bin" ]]; then
  echo "PostgreSQL binaries not found: apt-get install -y postgresql" >&2
  exit 1
fi

as_server() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [[ "${1:-}" == "stop" ]]; then
  dir=${2:?usage: bench/pg.sh stop DIR}
  as_server "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  rm -rf "$dir"
  exit 0
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
dir=$(mktemp -d /tmp/flashsale-bench-pg-XXXXXX)
chmod 755 "$dir"
if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$dir"; fi
as_server "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C --no-instructions >/dev/null
cat >> "$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = on
synchronous_commit = on
max_connections = 200
shared_buffers = 128MB
CONF
as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start >/dev/null
"$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres flashsale
echo "started in $dir (stop: bash bench/pg.sh stop $dir)" >&2
echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=flashsale"
