#!/usr/bin/env bash
# Builds the real sops CLI (the reference implementation the SOPS tests and
# benchmarks compare against) into <repo>/.tools/bin/sops. Idempotent: a quick
# no-op when the binary is present with the right version.
set -euo pipefail

SOPS_VERSION="3.13.2"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN_DIR="$ROOT/.tools/bin"
SOPS_BIN="$BIN_DIR/sops"

if [ -x "$SOPS_BIN" ] && "$SOPS_BIN" --version --disable-version-check 2>/dev/null | head -n1 | grep -qx "sops $SOPS_VERSION"; then
  exit 0
fi

GO="$(command -v go || true)"
if [ -z "$GO" ] && [ -x /usr/local/go/bin/go ]; then
  GO=/usr/local/go/bin/go
fi
if [ -z "$GO" ]; then
  echo "ensure-sops: 'go' (>= 1.25) is required to build sops $SOPS_VERSION; install Go and re-run scripts/ensure-sops.sh" >&2
  exit 1
fi

mkdir -p "$BIN_DIR"
echo "ensure-sops: building sops $SOPS_VERSION into $BIN_DIR" >&2
GOBIN="$BIN_DIR" GOFLAGS="${GOFLAGS:--buildvcs=false}" CGO_ENABLED=0 \
  "$GO" install -trimpath -ldflags "-s -w" "github.com/getsops/sops/v3/cmd/sops@v$SOPS_VERSION"

if ! "$SOPS_BIN" --version --disable-version-check 2>/dev/null | head -n1 | grep -qx "sops $SOPS_VERSION"; then
  echo "ensure-sops: built $SOPS_BIN but it does not report version $SOPS_VERSION" >&2
  exit 1
fi
