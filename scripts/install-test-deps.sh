#!/usr/bin/env bash
# Installs the real components the test tiers run against, on Debian bookworm as root.
# Idempotent: whatever is already present is skipped, so a second run takes seconds.
# Usage: scripts/install-test-deps.sh [GROUP...]   (default: all groups; see GROUPS below)
# How each component is obtained is explained in the project notes (real-components.md).
set -euo pipefail

# Component groups, in install order; each one is a function named install_<group>.
ALL_GROUPS=(base go nvim precommit vscode)

# Go releases from bookworm-backports (system packages, /usr/lib/go-1.NN).
BACKPORTS_GO=(1.21 1.22 1.23)
# Go releases downloaded from trixie/trixie-backports/sid with a private apt configuration and
# unpacked into $GO_DEBS (never added to the system's sources: that would upgrade the system).
PRIVATE_GO=(1.24 1.25 1.26 1.27)
# The patch releases rules.md's "verified" claims were observed with (preferred when still mirrored).
declare -A GO_VERIFIED=([1.24]=1.24.4 [1.25]=1.25.12 [1.26]=1.26.10 [1.27]=1.27.4)
APT_GO_OPTS=()
GO_DEBS=${XBD_GO_DEBS:-/opt/go-debs}
APT_GO=${XBD_APT_GO:-/tmp/apt-go}
# qemu-user-static: the harness runs foreign binaries under emulation (inspect kind `qemu`).
# gcc, gcc-aarch64-linux-gnu, musl-tools: cgo witnesses build with the host's C compiler, a cross one
# (CC=aarch64-linux-gnu-gcc) and against musl (CC=musl-gcc).
# libc6-dev: glibc's static libc.a, for the static-link witnesses (XB205, XB206, XB212).
BASE_PACKAGES=(file binutils make qemu-user-static gcc gcc-aarch64-linux-gnu musl-tools libc6-dev)

export DEBIAN_FRONTEND=noninteractive
INSTALLED=()   # what this run actually installed, for the summary
TIMINGS=()     # "<step> <seconds>s", for the summary

LOG_PREFIX=xbd-deps
# shellcheck source=lib/install-steps.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/install-steps.sh"

is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# `apt-get update` at most once per run, and only when something is actually missing.
APT_UPDATED=
apt_update_once() {
  [ -n "$APT_UPDATED" ] && return 0
  retry apt-get -q update -o Acquire::Retries=3
  APT_UPDATED=1
}

# Installs the missing ones among the Debian packages given (extra apt-get options before `--`).
apt_install() {
  local opts=() missing=() p
  while [ $# -gt 0 ] && [ "$1" != -- ]; do opts+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  for p in "$@"; do is_installed "$p" || missing+=("$p"); done
  if [ ${#missing[@]} -eq 0 ]; then log "present: $*"; return 0; fi
  apt_update_once
  retry apt-get -q install -y -o Acquire::Retries=3 "${opts[@]}" "${missing[@]}"
  INSTALLED+=("${missing[@]}")
}

# --- group: base ----------------------------------------------------------------------------
install_base() {
  apt_install -- "${BASE_PACKAGES[@]}"
}

# --- group: go ------------------------------------------------------------------------------
install_go() {
  step go-backports install_go_backports
  step go-private install_go_private
  local v bin
  for v in "${BACKPORTS_GO[@]}"; do bin=/usr/lib/go-$v/bin/go; log "$bin: $(GOTOOLCHAIN=local "$bin" version)"; done
  for v in "${PRIVATE_GO[@]}"; do bin=$GO_DEBS/usr/lib/go-$v/bin/go; log "$bin: $(GOTOOLCHAIN=local "$bin" version)"; done
}

# A Go root counts as present when both the go command and the standard library source are there.
go_root_ok() { [ -x "$1/bin/go" ] && [ -f "$1/src/internal/goexperiment/flags.go" ]; }

install_go_backports() {
  local list=/etc/apt/sources.list.d/bookworm-backports.sources v pkgs=()
  for v in "${BACKPORTS_GO[@]}"; do go_root_ok "/usr/lib/go-$v" || pkgs+=("golang-$v-go" "golang-$v-src"); done
  if [ ${#pkgs[@]} -eq 0 ]; then log "present: Go ${BACKPORTS_GO[*]} in /usr/lib/go-1.NN"; return 0; fi
  if ! cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -qE '^[^#]*bookworm-backports'; then
    log "adding $list"
    cat > "$list" <<'EOF'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    APT_UPDATED=   # the new suite needs its lists
  fi
  apt_install -t bookworm-backports -- "${pkgs[@]}"
}

install_go_private() {
  local v missing=()
  for v in "${PRIVATE_GO[@]}"; do go_root_ok "$GO_DEBS/usr/lib/go-$v" || missing+=("$v"); done
  if [ ${#missing[@]} -eq 0 ]; then log "present: Go ${PRIVATE_GO[*]} in $GO_DEBS"; return 0; fi
  mkdir -p "$APT_GO/lists/partial" "$APT_GO/cache/archives/partial" "$GO_DEBS"
  cat > "$APT_GO/sources.list" <<'EOF'
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie-backports main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main
EOF
  # Everything apt reads or writes stays under $APT_GO; the system's sources and lists are untouched.
  # (Sandbox user root: _apt cannot write into a root-owned scratch dir, apt would only warn.)
  APT_GO_OPTS=(-o "Dir::Etc::SourceList=$APT_GO/sources.list" -o Dir::Etc::SourceParts=- -o "Dir::State::Lists=$APT_GO/lists"
    -o "Dir::Cache=$APT_GO/cache" -o Acquire::Retries=3 -o APT::Sandbox::User=root)
  retry apt-get -q "${APT_GO_OPTS[@]}" update
  local ver pkg deb
  for v in "${missing[@]}"; do
    ver=$(pick_go_version "$v")
    [ -n "$ver" ] || die "golang-$v-go not found in trixie/trixie-backports/sid"
    log "Go $v: using Debian version $ver"
    # A fresh tree per release: unpacking over an older one would leave its deleted files behind.
    rm -rf "$GO_DEBS/usr/lib/go-$v" "$GO_DEBS/usr/share/go-$v"
    for pkg in "golang-$v-go" "golang-$v-src"; do   # -go and -src of the same version
      deb=$(find "$APT_GO" -maxdepth 1 -name "${pkg}_${ver//:/%3a}_*.deb" -print -quit)
      if [ -z "$deb" ]; then
        (cd "$APT_GO" && retry apt-get -q "${APT_GO_OPTS[@]}" download "$pkg=$ver")
        deb=$(find "$APT_GO" -maxdepth 1 -name "${pkg}_${ver//:/%3a}_*.deb" -print -quit)
      fi
      [ -n "$deb" ] || die "download of $pkg=$ver left no .deb in $APT_GO"
      dpkg -x "$deb" "$GO_DEBS"
      INSTALLED+=("$pkg=$ver→$GO_DEBS")
    done
    go_root_ok "$GO_DEBS/usr/lib/go-$v" || die "$GO_DEBS/usr/lib/go-$v is incomplete after unpacking"
  done
}

# The Debian version of golang-$1-go to take: the patch release rules.md was verified with when the
# mirror still has it (apt's own candidate would prefer sid over a newer trixie-backports build),
# otherwise the newest one in the three suites.
pick_go_version() {
  local v=$1 vers pref best= x
  vers=$(apt-cache "${APT_GO_OPTS[@]}" madison "golang-$v-go" | awk -F'|' '{gsub(/ /, "", $2); print $2}' | sort -u)
  pref=$(grep -E "^${GO_VERIFIED[$v]//./[.]}-" <<< "$vers" || true)
  [ -z "$pref" ] || vers=$pref
  for x in $vers; do
    if [ -z "$best" ] || dpkg --compare-versions "$x" gt "$best"; then best=$x; fi
  done
  printf '%s' "$best"
}

# --- group: nvim ----------------------------------------------------------------------------
# Debian's Neovim (0.7): a second real LSP client for `npm run test:nvim`.
install_nvim() {
  apt_install -- neovim
  log "$(nvim --version | head -1)"
}

# --- group: precommit -----------------------------------------------------------------------
# Debian's pre-commit, for `npm run test:pre-commit` (pre-commit try-repo of our .pre-commit-hooks.yaml).
install_precommit() {
  apt_install -- pre-commit
  log "$(pre-commit --version)"
}

# --- group: vscode --------------------------------------------------------------------------
# code-server (real VS Code, from npm), playwright-core and Debian's Chromium for `npm run test:vscode`;
# its own script, so it can also run alone (cache dir: $XBD_CODE_SERVER_DIR, default /opt/xbd-code-server).
install_vscode() {
  "$(dirname "${BASH_SOURCE[0]}")/install-vscode-test.sh"
}

# --- main -----------------------------------------------------------------------------------
main() {
  local groups=("$@") g total=$SECONDS
  [ ${#groups[@]} -gt 0 ] || groups=("${ALL_GROUPS[@]}")
  for g in "${groups[@]}"; do
    declare -F "install_$g" > /dev/null || die "unknown group '$g' (known: ${ALL_GROUPS[*]})"
  done
  [ "$(id -u)" = 0 ] || die "run as root (installs Debian packages)"
  command -v apt-get > /dev/null || die "needs Debian's apt-get"
  for g in "${groups[@]}"; do
    log "== $g"
    step "$g" "install_$g"
  done
  log "== summary"
  if [ ${#INSTALLED[@]} -eq 0 ]; then log "installed: nothing (all present)"; else log "installed: ${INSTALLED[*]}"; fi
  for g in "${TIMINGS[@]}"; do log "time: $g"; done
  log "total: $((SECONDS - total))s"
}

main "$@"
