#!/bin/sh
# First step of the backup CronJob (PostgreSQL image): a logical dump of the application database
# in pg_dump's custom format, checked by listing it with pg_restore. Inputs from the pod's env:
#   PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD   the primary and the application role
#   PGSSLMODE, PGSSLROOTCERT                         verify-full against the primary's CA
#   BACKUP_DIR                                       where the dump goes (an emptyDir)
# Prints the file name. The second step (backup-upload.sh) ships it to object storage.
set -eu

: "${PGHOST:?}" "${PGPORT:?}" "${PGUSER:?}" "${PGDATABASE:?}" "${PGPASSWORD:?}" "${BACKUP_DIR:?}"
: "${PGSSLMODE:?}" "${PGSSLROOTCERT:?}"

name="$PGDATABASE-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --no-owner --no-privileges --file="$BACKUP_DIR/$name.partial"
pg_restore --list "$BACKUP_DIR/$name.partial" >/dev/null
mv "$BACKUP_DIR/$name.partial" "$BACKUP_DIR/$name"
echo "$name"
