#!/bin/sh
# The bucket Job (MinIO client image): waits for MinIO and creates each bucket in BUCKETS
# (space-separated) unless it exists, so running it again changes nothing. Inputs:
#   S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY, BUCKETS
set -eu

: "${S3_ENDPOINT:?}" "${S3_ACCESS_KEY:?}" "${S3_SECRET_KEY:?}" "${BUCKETS:?}"

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
echo "minio-buckets: buckets ready: $BUCKETS"
