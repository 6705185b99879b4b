#!/usr/bin/env bash
# A streaming replica of the local PostgreSQL for tests/core/test_replica.py (CI: .ci/run).
#
#   scripts/test-replica.sh start   # pg_basebackup of the primary (127.0.0.1:5432) into
#                                   # $EISO_REPLICA_DIR, started as a hot standby on $EISO_REPLICA_PORT
#   scripts/test-replica.sh stop    # stops it and removes its directory
#
# Run as root (or as the postgres user). Idempotent: `start` replaces a replica left by an earlier
# run; the replication role and its pg_hba.conf line on the primary are added once. Connects to the
# primary as $PGUSER (postgres) with $PGPASSWORD if the primary asks for one (fresh Debian).
set -euo pipefail

PRIMARY_HOST=127.0.0.1
PRIMARY_PORT=${PGPORT:-5432}
PORT=${EISO_REPLICA_PORT:-5433}
DIR=${EISO_REPLICA_DIR:-/var/lib/postgresql/eiso-test-replica}
ROLE=eiso_replicator
# The slot keeps the primary's WAL from the backup's start until the standby has it: without it a
# busy primary recycled segments while the standby was still starting ("requested WAL segment has
# already been removed"). `stop` drops it, or the primary would keep WAL for ever.
SLOT=eiso_test_replica
# Only this machine's loopback may use it, for a throwaway copy: not a secret.
ROLE_PASSWORD=eiso-test-replication
export PGUSER=${PGUSER:-postgres}

as_postgres() {  # as_postgres COMMAND...: run as the postgres user (the data directory's owner)
  if [ "$(id -u)" -eq 0 ]; then
    su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}
primary() { psql -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -d postgres -v ON_ERROR_STOP=1 -Atq "$@"; }

major=$(primary -c "SELECT current_setting('server_version_num')::int / 10000")
bin=/usr/lib/postgresql/$major/bin
[ -x "$bin/pg_ctl" ] || bin=$(dirname "$(command -v pg_ctl)")

stop() {
  if [ -f "$DIR/postmaster.pid" ]; then
    as_postgres "$bin/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$DIR"
  for _ in $(seq 20); do  # the primary's WAL sender ends a moment after the standby
    [ "$(primary -c "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '$SLOT'")" = 0 ] && return 0
    primary -c "SELECT pg_drop_replication_slot('$SLOT') FROM pg_replication_slots
      WHERE slot_name = '$SLOT' AND NOT active" >/dev/null
    sleep 0.5
  done
  echo "The replication slot $SLOT is still active on the primary." >&2
  return 1
}

start() {
  stop
  # The primary: WAL fit for a standby (a restart is needed only where wal_level was minimal) …
  if [ "$(primary -c 'SHOW wal_level')" = minimal ] || [ "$(primary -c 'SHOW max_wal_senders')" = 0 ]; then
    primary -c "ALTER SYSTEM SET wal_level = replica" -c "ALTER SYSTEM SET max_wal_senders = 10"
    pg_ctlcluster --skip-systemctl-redirect "$major" main restart
  fi
  # … a role that may replicate, and a pg_hba.conf line letting it in from the loopback (first, so
  # that no earlier line refuses it; md5 also accepts a password stored as SCRAM).
  primary -c "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
        CREATE ROLE $ROLE WITH REPLICATION LOGIN PASSWORD '$ROLE_PASSWORD';
      END IF; END \$\$"
  hba=$(primary -c "SHOW hba_file")
  if ! grep -Eq "^host[[:space:]]+replication[[:space:]]+$ROLE[[:space:]]" "$hba"; then
    sed -i "1i host replication $ROLE $PRIMARY_HOST/32 md5" "$hba"
    primary -c "SELECT pg_reload_conf()" >/dev/null
  fi

  # The copy of the whole cluster, with the settings that make it follow the primary (-R).
  mkdir -p "$DIR" && chmod 700 "$DIR"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$DIR"
  as_postgres env PGPASSWORD="$ROLE_PASSWORD" "$bin/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" \
    -U "$ROLE" -D "$DIR" -X stream -R -c fast -C -S "$SLOT"
  # Debian keeps the configuration outside the data directory: the standby gets its own, with the
  # primary's logins (pg_hba.conf) and the limits a hot standby may not set below the primary's.
  settings=$(primary -F= -c "SELECT name, setting FROM pg_settings WHERE name IN ('max_connections',
      'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions', 'max_locks_per_transaction')")
  {
    echo "port = $PORT"
    echo "listen_addresses = '$PRIMARY_HOST'"
    echo "hot_standby = on"
    echo "cluster_name = 'eiso-test-replica'"
    echo "$settings"
  } | as_postgres tee "$DIR/postgresql.conf" >/dev/null
  as_postgres cp "$hba" "$DIR/pg_hba.conf"
  as_postgres touch "$DIR/pg_ident.conf"

  as_postgres "$bin/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 300 start >/dev/null
  for _ in $(seq 240); do
    [ "$(psql -h "$PRIMARY_HOST" -p "$PORT" -d postgres -Atc \
      "SELECT status FROM pg_stat_wal_receiver" 2>/dev/null)" = streaming ] && return 0
    sleep 0.5
  done
  echo "The replica on port $PORT does not stream from the primary:" >&2
  tail -20 "$DIR/server.log" >&2
  return 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
