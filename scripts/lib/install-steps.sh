# Shared by the install scripts (sourced, not run): log, die, retry and timed steps.
# The sourcing script sets LOG_PREFIX first and declares TIMINGS=() for its summary.

log() { printf '%s: %s\n' "$LOG_PREFIX" "$*"; }
die() { printf '%s: ERROR: %s\n' "$LOG_PREFIX" "$*" >&2; exit 1; }

# Runs "$@" up to 3 times: a transient mirror or registry error should cost a retry, not a failed run.
retry() {
  local n
  for n in 1 2 3; do
    if "$@"; then return 0; fi
    [ "$n" = 3 ] || { log "attempt $n failed: $*; retrying in $((n * 5))s"; sleep $((n * 5)); }
  done
  die "failed 3 times: $*"
}

# Times one step and records it for the summary.
step() {
  local name=$1 start=$SECONDS
  shift
  "$@"
  TIMINGS+=("$name $((SECONDS - start))s")
  log "step '$name' took $((SECONDS - start))s"
}
