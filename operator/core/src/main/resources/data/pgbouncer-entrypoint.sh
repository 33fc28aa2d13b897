#!/bin/sh
# PgBouncer pod entrypoint, shipped in the ConfigMap <name>-pgbouncer-config. Renders
# pgbouncer.ini from the template by replacing each @NAME@ placeholder with the environment variable NAME, and
# writes the auth file from the Secret's password, both into RUN_DIR (an emptyDir: the password
# never lands in a ConfigMap or on a volume). Inputs from the pod's env:
#   CONFIG_DIR           directory holding pgbouncer.ini (the template)
#   RUN_DIR              writable directory for the rendered files
#   DB_HOST, DB_PORT     the primary (the -rw Service)
#   DB_NAME, DB_USER     the application's database and role
#   DB_PASSWORD          its password (from the generated Secret)
#   MONITOR_USER         the exporter's role (stats_users: read-only SHOW commands on the console)
#   MONITOR_PASSWORD     its password (from the generated Secret)
#   TLS_DIR              PgBouncer's own certificate (tls.crt, tls.key: <name>-pgbouncer-tls)
#   SERVER_CA_FILE       the CA that signed the primary's certificate (verified, host name too)
#   LISTEN_ADDR, LISTEN_PORT, MAX_CLIENT_CONN, DEFAULT_POOL_SIZE
#   TLS_RELOAD_SECONDS   how often to look for a renewed certificate (default 60)
set -eu

: "${CONFIG_DIR:?}" "${RUN_DIR:?}" "${DB_HOST:?}" "${DB_PORT:?}" "${DB_NAME:?}" "${DB_USER:?}"
: "${DB_PASSWORD:?}" "${MONITOR_USER:?}" "${MONITOR_PASSWORD:?}" "${TLS_DIR:?}"
: "${SERVER_CA_FILE:?}" "${LISTEN_ADDR:?}" "${LISTEN_PORT:?}" "${MAX_CLIENT_CONN:?}"
: "${DEFAULT_POOL_SIZE:?}"

umask 077
# userlist.txt: "user" "password"; PgBouncer answers the client's SCRAM exchange and logs in to
# PostgreSQL with the same password. A double quote inside a field is written twice (PgBouncer's
# auth_file escape), so a kept, hand-set password with quotes is read back as itself. The
# monitoring role only reaches the admin console: were it to ask for the application's database,
# PostgreSQL admits that role from its own pod only.
quoted() {
  printf '"%s"' "$(printf '%s' "$1" | sed 's/"/""/g')"
}
case "$DB_USER$DB_PASSWORD$MONITOR_USER$MONITOR_PASSWORD" in
*"
"*)
  echo "pgbouncer-entrypoint: a line break in a role or password cannot go in userlist.txt" >&2
  exit 1
  ;;
esac
{
  printf '%s %s\n' "$(quoted "$DB_USER")" "$(quoted "$DB_PASSWORD")"
  printf '%s %s\n' "$(quoted "$MONITOR_USER")" "$(quoted "$MONITOR_PASSWORD")"
} >"$RUN_DIR/userlist.txt"

sed -e "s|@DB_HOST@|$DB_HOST|g" \
  -e "s|@DB_PORT@|$DB_PORT|g" \
  -e "s|@DB_NAME@|$DB_NAME|g" \
  -e "s|@DB_USER@|$DB_USER|g" \
  -e "s|@MONITOR_USER@|$MONITOR_USER|g" \
  -e "s|@TLS_DIR@|$TLS_DIR|g" \
  -e "s|@SERVER_CA_FILE@|$SERVER_CA_FILE|g" \
  -e "s|@RUN_DIR@|$RUN_DIR|g" \
  -e "s|@LISTEN_ADDR@|$LISTEN_ADDR|g" \
  -e "s|@LISTEN_PORT@|$LISTEN_PORT|g" \
  -e "s|@MAX_CLIENT_CONN@|$MAX_CLIENT_CONN|g" \
  -e "s|@DEFAULT_POOL_SIZE@|$DEFAULT_POOL_SIZE|g" \
  "$CONFIG_DIR/pgbouncer.ini" >"$RUN_DIR/pgbouncer.ini"

if grep -v '^;' "$RUN_DIR/pgbouncer.ini" | grep -q '@[A-Z_]*@'; then
  echo "pgbouncer-entrypoint: unreplaced placeholder in pgbouncer.ini" >&2
  exit 1
fi
# PgBouncer reads its certificates again on SIGHUP (tls-watch.sh).
. "$CONFIG_DIR/tls-watch.sh"
reload_on_renewal 'kill -HUP $$' "$TLS_DIR/tls.crt" "$TLS_DIR/tls.key" "$SERVER_CA_FILE"
echo "pgbouncer-entrypoint: pooling $DB_NAME on $DB_HOST:$DB_PORT, listening on $LISTEN_PORT"
exec pgbouncer "$RUN_DIR/pgbouncer.ini"
