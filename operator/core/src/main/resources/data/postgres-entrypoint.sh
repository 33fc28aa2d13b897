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
#   TLS_DIR                       the server certificate (tls.crt, tls.key, ca.crt: cert-manager's
#                                 Secret <name>-postgres-tls); replicas verify the primary with ca.crt
#   LISTEN_ADDRESSES              listen_addresses (default '*')
#   PRIMARY_HOST, PRIMARY_PORT    where replicas find the primary (the -rw Service)
#   POSTGRES_USER, POSTGRES_DB    the application's role and database
#   POSTGRES_PASSWORD             its password (from the generated Secret)
#   POSTGRES_REPLICATION_PASSWORD password of the replication role (from the generated Secret)
#   MONITOR_USER, MONITOR_PASSWORD the exporters' role (pg_monitor only) and its password
#   TLS_RELOAD_SECONDS            how often to look for a renewed certificate (default 60)
# Passwords never appear on a command line, in the output or in the server's log: psql reads them
# with \getenv, and the session that sets them logs no statement (see sync_roles).
set -eu

: "${POD_NAME:?}" "${PGDATA:?}" "${PGHOST:?}" "${PGPORT:?}" "${CONFIG_DIR:?}" "${TLS_DIR:?}"
: "${POSTGRES_USER:?}" "${POSTGRES_DB:?}" "${POSTGRES_PASSWORD:?}" "${POSTGRES_REPLICATION_PASSWORD:?}"
: "${MONITOR_USER:?}" "${MONITOR_PASSWORD:?}"
REPLICATION_USER=replicator
ordinal="${POD_NAME##*-}"

log() { echo "postgres-entrypoint [$POD_NAME]: $*"; }

install_config() {
  cp "$CONFIG_DIR/postgresql.conf" "$PGDATA/postgresql.conf"
  cp "$CONFIG_DIR/pg_hba.conf" "$PGDATA/pg_hba.conf"
  # The socket's peer map: only the OS user that runs the server is the superuser (see pg_hba.conf).
  # Any other local user, e.g. an exporter sidecar or a shell exec'd as another uid, gets nothing.
  printf 'server %s postgres\n' "$(id -un)" >"$PGDATA/pg_ident.conf"
  # TLS from the mounted Secret, in place (root-owned, 0440 for the pod's group is a layout
  # PostgreSQL accepts for a key), so that a renewed certificate needs only a reload.
  cat >>"$PGDATA/postgresql.conf" <<CONF
ssl = on
ssl_cert_file = '$TLS_DIR/tls.crt'
ssl_key_file = '$TLS_DIR/tls.key'
CONF
  chmod 0600 "$PGDATA/postgresql.conf" "$PGDATA/pg_hba.conf" "$PGDATA/pg_ident.conf"
}

. "$CONFIG_DIR/tls-watch.sh"
# PostgreSQL reads its certificate again on SIGHUP.
watch_certificate() {
  reload_on_renewal 'kill -HUP $$' "$TLS_DIR/tls.crt" "$TLS_DIR/tls.key" "$TLS_DIR/ca.crt"
}

# Roles and passwords follow the Secret on every start of the primary: the Secret is the source of
# truth, so a restored or re-created volume still opens with the current passwords.
#
# No password may reach a log: the session turns off statement logging, the logging of a failed
# statement's text (log_min_error_statement), duration logging and pg_stat_activity's query text
# (all superuser-only settings, so nobody else can turn them back on for it), whatever
# postgresql.conf says; psql reports errors tersely, without the offending line.
sync_roles() {
  psql -v ON_ERROR_STOP=1 -q -X -U postgres -d postgres -p "$PGPORT" <<'SQL'
\set VERBOSITY terse
\set SHOW_CONTEXT never
SET log_statement = 'none';
SET log_min_error_statement = 'panic';
SET log_min_duration_statement = -1;
SET log_min_duration_sample = -1;
SET log_duration = off;
SET track_activities = off;
\getenv app_user POSTGRES_USER
\getenv app_db POSTGRES_DB
\getenv app_password POSTGRES_PASSWORD
\getenv repl_password POSTGRES_REPLICATION_PASSWORD
\getenv monitor_user MONITOR_USER
\getenv monitor_password MONITOR_PASSWORD
SELECT format('CREATE ROLE %I LOGIN', :'app_user')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app_user') \gexec
ALTER ROLE :"app_user" WITH LOGIN PASSWORD :'app_password';
-- The application owns its data and nothing more: the exporters have their own role now, so a
-- membership in pg_monitor granted by an earlier version is taken back.
SELECT format('REVOKE pg_monitor FROM %I', :'app_user')
  WHERE pg_has_role(:'app_user', 'pg_monitor', 'MEMBER') \gexec
-- The exporters' role: pg_monitor lets it see every session's state and the statistics views, and
-- it owns nothing and reads no table of the application; pg_hba.conf admits it from the pod only.
SELECT format('CREATE ROLE %I LOGIN', :'monitor_user')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'monitor_user') \gexec
ALTER ROLE :"monitor_user" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION
  CONNECTION LIMIT 5 PASSWORD :'monitor_password';
SELECT format('GRANT pg_monitor TO %I', :'monitor_user')
  WHERE NOT pg_has_role(:'monitor_user', 'pg_monitor', 'MEMBER') \gexec
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
    initdb -D "$PGDATA" -U postgres --auth-local=peer --auth-host=scram-sha-256 \
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
  watch_certificate
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
  # Replication over TLS, the primary's certificate verified against the CA and its Service's name.
  export PGSSLMODE=verify-full PGSSLROOTCERT="$TLS_DIR/ca.crt"
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
primary_conninfo = 'host=$PRIMARY_HOST port=$PRIMARY_PORT user=$REPLICATION_USER passfile=$passfile application_name=$POD_NAME sslmode=verify-full sslrootcert=$TLS_DIR/ca.crt'
CONF
  log "starting as hot standby of $PRIMARY_HOST:$PRIMARY_PORT"
  watch_certificate
  exec postgres -D "$PGDATA" -k "$PGHOST" -p "$PGPORT" -c listen_addresses="${LISTEN_ADDRESSES:-*}"
}

if [ "$ordinal" = 0 ]; then
  run_primary
else
  run_replica
fi
