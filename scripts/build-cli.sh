#!/usr/bin/env bash
# Bundles the drktrc CLI (packages/cli with the workspace libraries it uses)
# into .tools/drktrc/drktrc.cjs, so `drktrc` starts without yarn or an
# on-the-fly TypeScript transform.
# Run by the set-up and by the `drktrc` launcher when a source is newer.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
out="$DRKTRC_ROOT/.tools/drktrc"
mkdir -p "$out"
# Our workspace libraries (@drktrc/*, TypeScript sources) are bundled;
# third-party packages stay external and load from node_modules at run time
# (the CLI's template kit starts an in-process Backstage backend, whose
# optional database drivers and package-relative files must not be bundled).
node - "$DRKTRC_ROOT" "$out/drktrc.cjs.tmp" <<'JS'
const [root, outfile] = process.argv.slice(2);
const path = require('node:path');
require(path.join(root, 'node_modules/esbuild'))
  .build({
    entryPoints: [path.join(root, 'packages/cli/src/index.ts')],
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    logLevel: 'warning',
    outfile,
    plugins: [
      {
        name: 'third-party-external',
        setup(build) {
          build.onResolve({ filter: /^[^./]/ }, args =>
            args.path.startsWith('@drktrc/') || args.path.startsWith('node:')
              ? undefined
              : { path: args.path, external: true },
          );
        },
      },
    ],
  })
  .catch(() => process.exit(1));
JS
mv "$out/drktrc.cjs.tmp" "$out/drktrc.cjs"
# V8's compile cache makes every later start skip parsing the bundle.
cat > "$out/launch.cjs" <<'JS'
require('node:module').enableCompileCache?.(require('node:path').join(__dirname, 'cache'));
require('./drktrc.cjs');
JS
