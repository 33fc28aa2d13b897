#!/bin/sh
# Redis pod entrypoint, shipped in the ConfigMap <name>-redis-config. Writes a config into RUN_DIR
# (an emptyDir) that includes the ConfigMap's redis.conf and adds the password from the Secret, so
# the password is neither in the ConfigMap nor on the command line. Inputs from the pod's env:
#   CONFIG_DIR      directory holding redis.conf
#   RUN_DIR         writable directory for the rendered config
#   DATA_DIR        the volume (append-only file and snapshots)
#   TLS_DIR         the server certificate: tls.crt, tls.key, ca.crt (Secret <name>-redis-tls)
#   REDIS_PASSWORD  from the generated Secret
#   REDIS_PORT      TLS port (default 6379); REDIS_BIND listen addresses (default all)
#   TLS_RELOAD_SECONDS  how often to look for a renewed certificate (default 60)
set -eu

: "${CONFIG_DIR:?}" "${RUN_DIR:?}" "${DATA_DIR:?}" "${TLS_DIR:?}" "${REDIS_PASSWORD:?}"

# Redis reads one directive per line, so no value may hold a line break (a generated password has
# none); checked here, not in quote(), whose exit would only leave its subshell.
newline='
'
for value in "$CONFIG_DIR" "$DATA_DIR" "$TLS_DIR" "$REDIS_PASSWORD"; do
  case "$value" in
    *"$newline"*)
      echo "redis-entrypoint: a setting or the password contains a line break" >&2
      exit 1
      ;;
  esac
done

# A value as a double-quoted Redis config string: backslash and double quote escaped.
quote() {
  printf '"%s"' "$(printf '%s' "$1" | sed 's/[\\"]/\\&/g')"
}

# printf, not echo: dash's echo would turn the escaped backslashes back into single ones.
umask 077
{
  printf '%s\n' "include $(quote "$CONFIG_DIR/redis.conf")"
  printf '%s\n' "dir $(quote "$DATA_DIR")"
  printf '%s\n' "tls-port ${REDIS_PORT:-6379}"
  printf '%s\n' "tls-cert-file $(quote "$TLS_DIR/tls.crt")"
  printf '%s\n' "tls-key-file $(quote "$TLS_DIR/tls.key")"
  printf '%s\n' "tls-ca-cert-file $(quote "$TLS_DIR/ca.crt")"
  printf '%s\n' "bind ${REDIS_BIND:-* -::*}"
  printf '%s\n' "requirepass $(quote "$REDIS_PASSWORD")"
} >"$RUN_DIR/redis.conf"
# Redis reloads its whole TLS configuration when tls-cert-file is set again (tls-watch.sh); the
# connection skips verification, as it is this pod's own server, whose old certificate the new CA
# may no longer vouch for.
. "$CONFIG_DIR/tls-watch.sh"
reload_on_renewal 'REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli --tls --insecure -h 127.0.0.1 \
  -p "${REDIS_PORT:-6379}" CONFIG SET tls-cert-file "$TLS_DIR/tls.crt" | grep -q OK' \
  "$TLS_DIR/tls.crt" "$TLS_DIR/tls.key" "$TLS_DIR/ca.crt"
exec redis-server "$RUN_DIR/redis.conf"
