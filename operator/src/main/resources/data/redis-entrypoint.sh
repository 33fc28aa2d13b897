#!/bin/sh
# Redis pod entrypoint, shipped in the ConfigMap <name>-redis-config. Writes a config into RUN_DIR
# (an emptyDir) that includes the ConfigMap's redis.conf and adds the password from the Secret, so
# the password is neither in the ConfigMap nor on the command line. Inputs from the pod's env:
#   CONFIG_DIR      directory holding redis.conf
#   RUN_DIR         writable directory for the rendered config
#   DATA_DIR        the volume (append-only file and snapshots)
#   REDIS_PASSWORD  from the generated Secret
#   REDIS_PORT      port (default 6379); REDIS_BIND listen addresses (default all)
set -eu

: "${CONFIG_DIR:?}" "${RUN_DIR:?}" "${DATA_DIR:?}" "${REDIS_PASSWORD:?}"

umask 077
{
  echo "include $CONFIG_DIR/redis.conf"
  echo "dir $DATA_DIR"
  echo "port ${REDIS_PORT:-6379}"
  echo "bind ${REDIS_BIND:-* -::*}"
  echo "requirepass $REDIS_PASSWORD"
} >"$RUN_DIR/redis.conf"
exec redis-server "$RUN_DIR/redis.conf"
