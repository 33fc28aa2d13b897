#!/usr/bin/env bash
# Renders the krew manifest (plugins/krew/ams.yaml, a template with placeholders) for a release:
#   hack/krew-manifest.sh TAG SHA256 > ams.yaml
# TAG is the release's tag (v1.2.3), SHA256 the checksum of its kubectl-ams.tar.gz. The release
# workflow runs it and attaches the result to the GitHub release.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -ne 2 ]; then
  echo "usage: $0 TAG SHA256" >&2
  exit 64
fi
tag="$1"
sha="$2"
if ! [[ "$tag" =~ ^v[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]*)?$ ]]; then
  echo "krew-manifest: $tag is not a semantic version tag such as v1.2.3" >&2
  exit 64
fi
if ! [[ "$sha" =~ ^[0-9a-f]{64}$ ]]; then
  echo "krew-manifest: $sha is not a sha256 (64 lowercase hex digits)" >&2
  exit 64
fi

# Only the three placeholders change; the comment that calls this copy a template goes.
sed -e '/^# /d' \
  -e "s|^  version: .*|  version: $tag|" \
  -e "s|/releases/download/[^/]*/kubectl-ams.tar.gz|/releases/download/$tag/kubectl-ams.tar.gz|" \
  -e "s|sha256: \".*\"|sha256: \"$sha\"|" \
  plugins/krew/ams.yaml
