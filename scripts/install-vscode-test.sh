#!/usr/bin/env bash
# Installs a real VS Code that runs offline for `npm run test:vscode`: code-server (VS Code server + web
# workbench) from npm, its native modules rebuilt for this Node, playwright-core to drive a browser, and
# Debian's Chromium. Recipe and reasons: the project notes (real-components.md, "Real VS Code, offline").
#
# Everything npm installs lives in $XBD_CODE_SERVER_DIR (default /opt/xbd-code-server), outside the
# repository: the extension's own dependencies stay untouched. Idempotent (a finished install leaves a
# stamp and is skipped), retries registry calls, prints what it did and how long each step took.
# Usage (as root, Debian bookworm): scripts/install-vscode-test.sh
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
PLAYWRIGHT_CORE_VERSION=1.52.0
DIR=${XBD_CODE_SERVER_DIR:-/opt/xbd-code-server}
APT_PACKAGES=(libkrb5-dev libxkbfile-dev libsecret-1-dev ripgrep chromium build-essential python3)
STAMP="$DIR/.xbd-installed-$CODE_SERVER_VERSION-$PLAYWRIGHT_CORE_VERSION"

export DEBIAN_FRONTEND=noninteractive npm_config_yes=true npm_config_fund=false npm_config_audit=false
TIMINGS=()
LOG_PREFIX=xbd-vscode
# shellcheck source=lib/install-steps.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/install-steps.sh"

install_apt() {
  local p missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then log "present: ${APT_PACKAGES[*]}"; return 0; fi
  [ "$(id -u)" = 0 ] || die "run as root to install: ${missing[*]}"
  retry apt-get -q update -o Acquire::Retries=3
  retry apt-get -q install -y --no-install-recommends -o Acquire::Retries=3 "${missing[@]}"
}

install_code_server() {
  mkdir -p "$DIR"
  cd "$DIR"
  [ -f package.json ] || printf '{ "name": "xbd-code-server", "private": true }\n' > package.json
  retry npm install --no-save --ignore-scripts "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_CORE_VERSION"
  local vs="$DIR/node_modules/code-server/lib/vscode"
  cd "$vs"
  retry npm install --omit=dev --ignore-scripts
  retry npm rebuild kerberos node-pty @parcel/watcher @vscode/spdlog @vscode/sqlite3 @vscode/deviceid native-watchdog
  mkdir -p node_modules/@vscode/ripgrep/bin && ln -sf /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
  [ -e node_modules.asar ] || ln -s node_modules node_modules.asar
  (cd bin/remote-cli && ln -sf code-linux.sh code-server)
  (cd bin/helpers && ln -sf browser-linux.sh browser.sh)
  (cd extensions && retry npm install --omit=dev --ignore-scripts)
  # code-server's own dependencies are hoisted into $DIR/node_modules: rebuild argon2 from there.
  cd "$DIR"
  retry npm rebuild argon2
}

# The install is only stamped complete once code-server actually starts.
check_code_server() {
  local v
  # (its own config dir: --version would otherwise write ~/.config/code-server/config.yaml)
  v=$(XDG_CONFIG_HOME="$DIR/.config" "$DIR/node_modules/.bin/code-server" --version 2>&1) || die "code-server does not start: $v"
  log "code-server: $(tail -1 <<< "$v")"
}

main() {
  local total=$SECONDS
  log "cache dir: $DIR"
  step apt install_apt
  if [ -f "$STAMP" ] && [ -x "$DIR/node_modules/.bin/code-server" ]; then
    log "present: code-server $CODE_SERVER_VERSION, playwright-core $PLAYWRIGHT_CORE_VERSION in $DIR"
  else
    rm -f "$DIR"/.xbd-installed-*
    step code-server install_code_server
    check_code_server
    touch "$STAMP"
  fi
  check_code_server
  log "playwright-core: $(node -p "require('$DIR/node_modules/playwright-core/package.json').version")"
  log "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo missing)"
  for t in "${TIMINGS[@]}"; do log "time: $t"; done
  log "total: $((SECONDS - total))s"
}

main "$@"
