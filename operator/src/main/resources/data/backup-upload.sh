#!/bin/sh
# Second step of the backup CronJob (MinIO client image): uploads the dumps in BACKUP_DIR to
# s3://BACKUP_BUCKET/postgres/ and deletes dumps there older than RETENTION_DAYS. Inputs:
#   BACKUP_DIR, BACKUP_BUCKET, RETENTION_DAYS
#   S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY    the object storage (managed MinIO or external)
# The credentials reach mc through MC_HOST_<alias>, never through the command line.
set -eu

: "${BACKUP_DIR:?}" "${BACKUP_BUCKET:?}" "${RETENTION_DAYS:?}"
: "${S3_ENDPOINT:?}" "${S3_ACCESS_KEY:?}" "${S3_SECRET_KEY:?}"

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
mc rm --recursive --force --older-than "${RETENTION_DAYS}d" "backup/$BACKUP_BUCKET/postgres/"
echo "backup-upload: uploaded; dumps older than $RETENTION_DAYS days removed"
