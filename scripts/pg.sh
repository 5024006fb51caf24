#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests (its own data directory and port on
# loopback, run as the postgres user) and prints the admin URL; `pg.sh stop DIR` stops it.
# Installs Debian's postgresql package when no server binaries are present.
set -euo pipefail

if [ "${1:-start}" = stop ]; then
  dir="$2"
  [ -d "$dir" ] || exit 0
  bin="$(cat "$dir/bindir")"
  runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit 0
fi

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
bin="$(find_bin)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "[pg] installing postgresql" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  # Debian starts a default cluster on install; the tests use their own.
  bin="$(find_bin)"
fi
[ -x "$bin/initdb" ] || { echo "[pg] no PostgreSQL server binaries found" >&2; exit 1; }

dir="$(mktemp -d /tmp/pavilion-pg.XXXXXX)"
chmod 755 "$dir"
echo "$bin" > "$dir/bindir"
chown postgres:postgres "$dir"
port=""
for candidate in 55432 55433 55434 55435 55436 55437; do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "[pg] no free port" >&2; exit 1; }
runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
echo "$dir postgres://postgres@127.0.0.1:$port/postgres"
