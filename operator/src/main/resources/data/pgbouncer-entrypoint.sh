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
#   LISTEN_ADDR, LISTEN_PORT, MAX_CLIENT_CONN, DEFAULT_POOL_SIZE
set -eu

: "${CONFIG_DIR:?}" "${RUN_DIR:?}" "${DB_HOST:?}" "${DB_PORT:?}" "${DB_NAME:?}" "${DB_USER:?}"
: "${DB_PASSWORD:?}" "${LISTEN_ADDR:?}" "${LISTEN_PORT:?}" "${MAX_CLIENT_CONN:?}"
: "${DEFAULT_POOL_SIZE:?}"

umask 077
# userlist.txt: "user" "password"; PgBouncer answers the client's SCRAM exchange and logs in to
# PostgreSQL with the same password. A double quote inside a field is written twice (PgBouncer's
# auth_file escape), so a kept, hand-set password with quotes is read back as itself.
quoted() {
  printf '"%s"' "$(printf '%s' "$1" | sed 's/"/""/g')"
}
case "$DB_USER$DB_PASSWORD" in
*"
"*)
  echo "pgbouncer-entrypoint: a line break in the role or password cannot go in userlist.txt" >&2
  exit 1
  ;;
esac
printf '%s %s\n' "$(quoted "$DB_USER")" "$(quoted "$DB_PASSWORD")" >"$RUN_DIR/userlist.txt"

sed -e "s|@DB_HOST@|$DB_HOST|g" \
  -e "s|@DB_PORT@|$DB_PORT|g" \
  -e "s|@DB_NAME@|$DB_NAME|g" \
  -e "s|@DB_USER@|$DB_USER|g" \
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
echo "pgbouncer-entrypoint: pooling $DB_NAME on $DB_HOST:$DB_PORT, listening on $LISTEN_PORT"
exec pgbouncer "$RUN_DIR/pgbouncer.ini"
