# Sourced by the entrypoints of PostgreSQL, PgBouncer and Redis, and shipped in each one's
# ConfigMap. A server reads its certificate at start; a renewed one (cert-manager or the operator
# replaces the Secret, the kubelet the files) has to be loaded by the server itself.
#
# reload_on_renewal RELOAD FILE...: in the background, looks at the FILEs every TLS_RELOAD_SECONDS
# (default 60) and, once they changed and then stayed the same for one look (the kubelet swaps a
# Secret's files at once; anything else may write one after the other), runs the command RELOAD
# (evaluated then, so it may name the server as $$). Called just before the entrypoint exec's the
# server, so $$ is the server and the loop ends with it.
reload_on_renewal() {
  reload=$1
  shift
  (
    loaded=$(cat "$@" 2>/dev/null | cksum)
    seen=$loaded
    while sleep "${TLS_RELOAD_SECONDS:-60}" && kill -0 $$ 2>/dev/null; do
      current=$(cat "$@" 2>/dev/null | cksum)
      if [ "$current" = "$seen" ] && [ "$current" != "$loaded" ] && eval "$reload"; then
        loaded=$current
        echo "${0##*/}: loaded the renewed certificate"
      fi
      seen=$current
    done
  ) &
}
