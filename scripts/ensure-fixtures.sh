#!/usr/bin/env bash
# Fetches the third-party SOPS interoperability fixtures (files written by the
# real sops CLI, and the public test keys that open them) from the Go module
# proxy into <repo>/.tools/fixtures/sops. Nothing third-party is committed:
# each source is a pinned module version whose checksum is verified twice,
# by Go against the checksum database and here against the pinned h1 hash.
# Idempotent: a quick no-op when the stamp matches the pins.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/.tools/fixtures/sops"

# module@version  pinned h1 checksum  folder in the module  folder under DEST
SOURCES=(
  "github.com/getsops/sops/v3@v3.13.2 h1:jjeipXFlUoBIjBL6Dm1HSsCOOjJZKTq7mx0nVfkcLxY= . getsops-sops"
  "github.com/fluxcd/kustomize-controller@v1.9.5 h1:/XY2zy3K7fntyppEXIHG7oRMzmfgIt50eJzUfaPX1Kc= internal/controller/testdata/sops fluxcd-kustomize-controller"
)
# What the tests read from the sops module (the rest is Go source).
SOPS_FILES=(example.yaml example.json example.txt example.ini functional-tests/res pgp/sops_functional_tests_key.asc)

want="$(printf '%s\n' "${SOURCES[@]}" "${SOPS_FILES[@]}" | sha256sum | cut -d' ' -f1)"
stamp="$DEST/.stamp"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi

GO="$(command -v go || true)"
[ -n "$GO" ] || { [ -x /usr/local/go/bin/go ] && GO=/usr/local/go/bin/go; }
if [ -z "$GO" ]; then
  echo "ensure-fixtures: 'go' is required to download the SOPS fixtures from the Go module proxy; install Go and re-run scripts/ensure-fixtures.sh" >&2
  exit 1
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for source in "${SOURCES[@]}"; do
  read -r module sum subdir name <<<"$source"
  # Outside any module, so no go.mod of ours is consulted or changed.
  json="$(cd "$tmp" && GOFLAGS=-mod=mod "$GO" mod download -json "$module")"
  dir="$(printf '%s' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
  got="$(printf '%s' "$json" | sed -n 's/^[[:space:]]*"Sum": "\(.*\)",\{0,1\}$/\1/p')"
  if [ "$got" != "$sum" ]; then
    echo "ensure-fixtures: $module has checksum ${got:-none}, expected $sum" >&2
    exit 1
  fi
  mkdir -p "$tmp/out/$name"
  if [ "$name" = getsops-sops ]; then
    for f in "${SOPS_FILES[@]}"; do
      mkdir -p "$tmp/out/$name/$(dirname "$f")"
      cp -R "$dir/$f" "$tmp/out/$name/$f"
    done
  else
    cp -R "$dir/$subdir/." "$tmp/out/$name/"
  fi
done
# The module cache is read-only; the copies need not be.
chmod -R u+w "$tmp/out"
rm -rf "$DEST"
mkdir -p "$(dirname "$DEST")"
mv "$tmp/out" "$DEST"
echo "$want" >"$stamp"
echo "ensure-fixtures: SOPS fixtures in $DEST" >&2
