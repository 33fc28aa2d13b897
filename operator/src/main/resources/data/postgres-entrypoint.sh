#!/bin/sh
# PostgreSQL pod entrypoint, shipped in the ConfigMap <name>-postgres-config and run as the image's
# non-root postgres user. Pod 0 of the StatefulSet is the primary; every other pod is a hot-standby
# replica that streams from it. Inputs (all from the pod's env; tests run this exact file with
# their own values):
#   POD_NAME                      <statefulset>-<ordinal>; ordinal 0 is the primary
#   PGDATA                        data directory (a subdirectory of the volume)
#   PGHOST                        unix socket directory (an emptyDir in the pod)
#   PGPORT                        port to listen on
#   CONFIG_DIR                    directory holding postgresql.conf and pg_hba.conf
#   LISTEN_ADDRESSES              listen_addresses (default '*')
#   PRIMARY_HOST, PRIMARY_PORT    where replicas find the primary (the -rw Service)
#   POSTGRES_USER, POSTGRES_DB    the application's role and database
#   POSTGRES_PASSWORD             its password (from the generated Secret)
#   POSTGRES_REPLICATION_PASSWORD password of the replication role (from the generated Secret)
# Passwords never appear on a command line or in the output: psql reads them with \getenv.
set -eu

: "${POD_NAME:?}" "${PGDATA:?}" "${PGHOST:?}" "${PGPORT:?}" "${CONFIG_DIR:?}"
: "${POSTGRES_USER:?}" "${POSTGRES_DB:?}" "${POSTGRES_PASSWORD:?}" "${POSTGRES_REPLICATION_PASSWORD:?}"
REPLICATION_USER=replicator
ordinal="${POD_NAME##*-}"

log() { echo "postgres-entrypoint [$POD_NAME]: $*"; }

install_config() {
  cp "$CONFIG_DIR/postgresql.conf" "$PGDATA/postgresql.conf"
  cp "$CONFIG_DIR/pg_hba.conf" "$PGDATA/pg_hba.conf"
  chmod 0600 "$PGDATA/postgresql.conf" "$PGDATA/pg_hba.conf"
}

# Roles and passwords follow the Secret on every start of the primary: the Secret is the source of
# truth, so a restored or re-created volume still opens with the current passwords.
sync_roles() {
  psql -v ON_ERROR_STOP=1 -q -X -U postgres -d postgres -p "$PGPORT" <<'SQL'
\getenv app_user POSTGRES_USER
\getenv app_db POSTGRES_DB
\getenv app_password POSTGRES_PASSWORD
\getenv repl_password POSTGRES_REPLICATION_PASSWORD
SELECT format('CREATE ROLE %I LOGIN', :'app_user')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app_user') \gexec
ALTER ROLE :"app_user" WITH LOGIN PASSWORD :'app_password';
-- For the exporter sidecar, which logs in as this role: without pg_monitor, pg_stat_activity hides
-- the state of other roles' sessions, and pg_stat_activity_count would count only its own.
SELECT format('GRANT pg_monitor TO %I', :'app_user')
  WHERE NOT pg_has_role(:'app_user', 'pg_monitor', 'MEMBER') \gexec
SELECT 'CREATE ROLE replicator WITH REPLICATION LOGIN'
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'replicator') \gexec
ALTER ROLE replicator WITH REPLICATION LOGIN PASSWORD :'repl_password';
SELECT format('CREATE DATABASE %I OWNER %I', :'app_db', :'app_user')
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'app_db') \gexec
SQL
}

run_primary() {
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    log "empty data directory: initialising a new cluster"
    rm -rf "$PGDATA"
    initdb -D "$PGDATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      --encoding=UTF8 --locale=C --data-checksums >/dev/null
  fi
  if [ -e "$PGDATA/standby.signal" ]; then
    log "refusing to start pod 0 on a standby's data directory; promote it or empty the volume"
    exit 1
  fi
  install_config
  # Socket only while roles are set up: nobody connects before the passwords are right.
  pg_ctl -D "$PGDATA" -w -s -o "-c listen_addresses='' -k $PGHOST -p $PGPORT" start
  sync_roles
  pg_ctl -D "$PGDATA" -w -s -m fast stop
  log "starting as primary"
  exec postgres -D "$PGDATA" -k "$PGHOST" -p "$PGPORT" -c listen_addresses="${LISTEN_ADDRESSES:-*}"
}

run_replica() {
  : "${PRIMARY_HOST:?}" "${PRIMARY_PORT:?}"
  # libpq reads the replication password from a file in the socket directory (memory, not the
  # volume), for pg_basebackup now and for the WAL receiver later.
  passfile="$PGHOST/.pgpass-replication"
  umask 077
  printf '*:*:*:%s:%s\n' "$REPLICATION_USER" "$POSTGRES_REPLICATION_PASSWORD" >"$passfile"
  umask 022
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    log "empty data directory: waiting for the primary at $PRIMARY_HOST:$PRIMARY_PORT"
    until pg_isready -q -h "$PRIMARY_HOST" -p "$PRIMARY_PORT"; do sleep 2; done
    # Copy into a scratch directory and rename: an interrupted copy never looks like a data dir.
    rm -rf "$PGDATA.bootstrap"
    log "bootstrapping from the primary with pg_basebackup"
    PGPASSFILE="$passfile" pg_basebackup -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" \
      -U "$REPLICATION_USER" -D "$PGDATA.bootstrap" -X stream -c fast -w
    rm -rf "$PGDATA"
    mv "$PGDATA.bootstrap" "$PGDATA"
  fi
  install_config
  touch "$PGDATA/standby.signal"
  cat >>"$PGDATA/postgresql.conf" <<CONF
primary_conninfo = 'host=$PRIMARY_HOST port=$PRIMARY_PORT user=$REPLICATION_USER passfile=$passfile application_name=$POD_NAME'
CONF
  log "starting as hot standby of $PRIMARY_HOST:$PRIMARY_PORT"
  exec postgres -D "$PGDATA" -k "$PGHOST" -p "$PGPORT" -c listen_addresses="${LISTEN_ADDRESSES:-*}"
}

if [ "$ordinal" = 0 ]; then
  run_primary
else
  run_replica
fi
