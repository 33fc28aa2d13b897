#!/bin/sh
# Second step of the backup CronJob (MinIO client image): uploads the dumps in BACKUP_DIR to
# s3://BACKUP_BUCKET/postgres/. Inputs:
#   BACKUP_DIR, BACKUP_BUCKET
#   S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY    the object storage (managed MinIO or external)
#   S3_CA_FILE       managed MinIO: the CA certificate to trust (its endpoint is https)
#   PRUNE_DAYS       external storage only: delete dumps older than this many days. Managed MinIO
#                    expires them by the bucket's lifecycle instead, as the backup user there may
#                    only add objects (it can neither read nor delete a backup).
#   MC_CONFIG_DIR    mc's writable configuration directory
# The credentials reach mc through MC_HOST_<alias>, never through the command line.
set -eu

: "${BACKUP_DIR:?}" "${BACKUP_BUCKET:?}"
: "${S3_ENDPOINT:?}" "${S3_ACCESS_KEY:?}" "${S3_SECRET_KEY:?}"

if [ -n "${S3_CA_FILE:-}" ]; then
  : "${MC_CONFIG_DIR:?}"
  mkdir -p "$MC_CONFIG_DIR/certs/CAs"
  cp "$S3_CA_FILE" "$MC_CONFIG_DIR/certs/CAs/ams-data-ca.crt"
fi

scheme="${S3_ENDPOINT%%://*}"
hostport="${S3_ENDPOINT#*://}"
export MC_HOST_backup="$scheme://$S3_ACCESS_KEY:$S3_SECRET_KEY@$hostport"

found=0
for dump in "$BACKUP_DIR"/*.dump; do
  [ -e "$dump" ] || continue
  found=1
  mc cp --quiet "$dump" "backup/$BACKUP_BUCKET/postgres/$(basename "$dump")"
done
if [ "$found" = 0 ]; then
  echo "backup-upload: no dump in $BACKUP_DIR" >&2
  exit 1
fi
if [ -n "${PRUNE_DAYS:-}" ]; then
  mc rm --recursive --force --older-than "${PRUNE_DAYS}d" "backup/$BACKUP_BUCKET/postgres/"
  echo "backup-upload: uploaded; dumps older than $PRUNE_DAYS days removed"
else
  echo "backup-upload: uploaded; the bucket's lifecycle expires old dumps"
fi
