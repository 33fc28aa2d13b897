#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs the server programs the tests run for real
# (PostgreSQL 15, PgBouncer, Redis 7, Prometheus/promtool, Lua, openssl) when they are missing, then runs
# Maven's verify (unit tests, integration tests against the in-process API server, formatting and
# CRD/docs drift checks). Tests that need a program skip without it on a laptop, and fail when
# CI=true and it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
[ -x /usr/lib/postgresql/15/bin/postgres ] || packages+=(postgresql-15 postgresql-client-15)
command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || packages+=(pgbouncer)
command -v redis-server >/dev/null 2>&1 || packages+=(redis-server)
{ command -v promtool && command -v prometheus; } >/dev/null 2>&1 || packages+=(prometheus)
command -v lua5.4 >/dev/null 2>&1 || packages+=(lua5.4)
# The data-tier TLS tests make their CA and server certificates with the openssl CLI, check the
# operator's with it, and talk to Redis over TLS with its s_client.
command -v openssl >/dev/null 2>&1 || packages+=(openssl)

if ((${#packages[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && [ "${AMS_SKIP_INSTALL:-}" != 1 ]; then
    echo "hack/test.sh: installing ${packages[*]}"
    # Install the programs only: their packages' services must not start (tests start their own).
    policy=/usr/sbin/policy-rc.d
    created_policy=0
    if [ ! -e "$policy" ]; then
      printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created_policy=1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
    [ "$created_policy" = 1 ] && rm -f "$policy"
  else
    echo "hack/test.sh: missing ${packages[*]}; tests that need them will skip (or fail with CI=true)" >&2
  fi
fi

# The build must stay quiet: logback's own errors (its status lines start with "|-ERROR in
# ch.qos.logback") mean a logback.xml was read where it should not be, as JOSDK's annotation
# processor once read the operator's during compilation, some 200 lines of stack traces.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
mvn -B -ntp verify "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
if grep -q -- '|-ERROR in ch.qos.logback' "$log"; then
  echo "hack/test.sh: logback reported errors during the build (above); the build must be quiet" >&2
  exit 1
fi
exit "$status"
