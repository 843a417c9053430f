#!/usr/bin/env bash
# Installs mkdocs with the TechDocs core plugin (PyPI mkdocs-techdocs-core
# 1.7.1 and its dependencies, pinned and hash-checked by
# scripts/requirements/techdocs.txt) into a venv under .tools/techdocs and
# links `mkdocs` into .tools/bin, which scripts/env.sh puts on PATH: the
# backend generates TechDocs locally (techdocs.generator.runIn: local).
# Idempotent.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

# mkdocs-techdocs-core and every dependency, each with its sha256.
lock="$DRKTRC_ROOT/scripts/requirements/techdocs.txt"
venv="$DRKTRC_ROOT/.tools/techdocs"
stamp="$venv/.drktrc-techdocs-$(sha256sum "$lock" | cut -c1-12)"

if [ ! -f "$stamp" ]; then
  command -v python3 >/dev/null 2>&1 || {
    echo "ensure-techdocs: python3 (with venv) is required for TechDocs" >&2
    exit 1
  }
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    --require-hashes --no-deps -r "$lock"
  touch "$stamp"
fi
mkdir -p "$DRKTRC_ROOT/.tools/bin"
ln -sf "$venv/bin/mkdocs" "$DRKTRC_ROOT/.tools/bin/mkdocs"
