#!/bin/sh
# The bucket Job (MinIO client image), as MinIO's root user: waits for MinIO, creates each bucket in
# BUCKETS (space-separated) unless it exists, then the least-privileged users the other pods use
# instead of root: the app's (policy ams-app: its buckets only) and, when backups run, the backup
# CronJob's (policy ams-backup: add objects under the backup bucket only), whose bucket is versioned
# and expires old dumps itself. Running it again changes nothing. Inputs:
#   S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY    MinIO (https) and the root credentials
#   S3_CA_FILE                                   the CA certificate MinIO's is signed by
#   BUCKETS                                      buckets to create
#   CONFIG_DIR                                   policy-app.json (and, with backups, policy-backup.json
#                                                and lifecycle-backups.json)
#   MINIO_APP_USER, MINIO_APP_PASSWORD           the app's user
#   BACKUP_BUCKET, MINIO_BACKUP_USER, MINIO_BACKUP_PASSWORD   only when backups run
#   MC_CONFIG_DIR                                mc's writable configuration directory
set -eu

: "${S3_ENDPOINT:?}" "${S3_ACCESS_KEY:?}" "${S3_SECRET_KEY:?}" "${S3_CA_FILE:?}" "${BUCKETS:?}"
: "${CONFIG_DIR:?}" "${MINIO_APP_USER:?}" "${MINIO_APP_PASSWORD:?}" "${MC_CONFIG_DIR:?}"

# mc trusts the CAs in <config dir>/certs/CAs.
mkdir -p "$MC_CONFIG_DIR/certs/CAs"
cp "$S3_CA_FILE" "$MC_CONFIG_DIR/certs/CAs/ams-data-ca.crt"

scheme="${S3_ENDPOINT%%://*}"
hostport="${S3_ENDPOINT#*://}"
export MC_HOST_ams="$scheme://$S3_ACCESS_KEY:$S3_SECRET_KEY@$hostport"

until mc ready ams >/dev/null 2>&1; do
  echo "minio-buckets: waiting for $S3_ENDPOINT"
  sleep 2
done
for bucket in $BUCKETS; do
  mc mb --ignore-existing "ams/$bucket"
done

# Attaches a policy unless it is attached already (MinIO refuses to attach it twice).
attach() {
  if ! out=$(mc admin policy attach ams "$1" --user "$2" 2>&1); then
    case "$out" in
      *"already"*) ;;
      *)
        echo "$out" >&2
        exit 1
        ;;
    esac
  fi
}

# `mc admin user add` sets the password again if the user exists. The password is an argument of
# mc, visible only to processes in this pod (nothing else runs here), never in the Job's spec.
mc admin policy create ams ams-app "$CONFIG_DIR/policy-app.json"
mc admin user add ams "$MINIO_APP_USER" "$MINIO_APP_PASSWORD"
attach ams-app "$MINIO_APP_USER"

if [ -n "${BACKUP_BUCKET:-}" ]; then
  : "${MINIO_BACKUP_USER:?}" "${MINIO_BACKUP_PASSWORD:?}"
  # Versioned: an overwrite by the write-only backup user keeps the earlier dump.
  mc version enable "ams/$BACKUP_BUCKET"
  mc ilm import "ams/$BACKUP_BUCKET" <"$CONFIG_DIR/lifecycle-backups.json"
  mc admin policy create ams ams-backup "$CONFIG_DIR/policy-backup.json"
  mc admin user add ams "$MINIO_BACKUP_USER" "$MINIO_BACKUP_PASSWORD"
  attach ams-backup "$MINIO_BACKUP_USER"
fi
echo "minio-buckets: buckets and users ready: $BUCKETS"
