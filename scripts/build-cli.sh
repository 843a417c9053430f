#!/usr/bin/env bash
# Bundles the drktrc CLI (packages/cli with the workspace libraries it uses)
# into .tools/drktrc/drktrc.cjs, so `drktrc` starts without yarn or an
# on-the-fly TypeScript transform. @google-cloud/kms stays external (it loads
# its protos from its own folder, and the CLI requires it only when used).
# Run by the set-up and by the `drktrc` launcher when a source is newer.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
out="$DRKTRC_ROOT/.tools/drktrc"
mkdir -p "$out"
"$DRKTRC_ROOT/node_modules/.bin/esbuild" "$DRKTRC_ROOT/packages/cli/src/index.ts" \
  --bundle --minify --platform=node --target=node22 --format=cjs \
  --external:@google-cloud/kms --log-level=warning \
  --outfile="$out/drktrc.cjs.tmp"
mv "$out/drktrc.cjs.tmp" "$out/drktrc.cjs"
# V8's compile cache makes every later start skip parsing the bundle.
cat > "$out/launch.cjs" <<'JS'
require('node:module').enableCompileCache?.(require('node:path').join(__dirname, 'cache'));
require('./drktrc.cjs');
JS
