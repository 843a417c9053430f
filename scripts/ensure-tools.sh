#!/usr/bin/env bash
# Builds and downloads what `drktrc validate` runs, pinned and cached under
# .tools/ (keyed by version):
#   - kubeconform, helm and terragrunt built from their Go modules;
#   - gke-crds (packages/validate/gke-crds), which runs GKE's ingress
#     controller code (k8s.io/ingress-gce) to produce the BackendConfig and
#     FrontendConfig CRDs, which upstream publishes only as Go code;
#   - checkov from PyPI into a virtualenv;
#   - the upstream files behind the schemas and the Helm check, taken from
#     the Go module proxy (`go mod download -json MODULE@VERSION`): the
#     Kubernetes OpenAPI document, the Flux, cert-manager, prometheus-operator
#     and GKE CRD YAML, and the charts podinfo, cert-manager,
#     kube-prometheus-stack (with its sub-charts) and prometheus-adapter;
#   - JSON schemas for kubeconform generated from those files
#     (`drktrc schemas`).
# Every module's checksum is compared with the pinned one below, and the
# checkov wheel and each of its dependencies with their pinned sha256
# (scripts/requirements/checkov.txt). Writes .tools/validate/manifest.json,
# which the validation library reads. Idempotent: a quick no-op when the
# manifest for these pins exists.
#
#   scripts/ensure-tools.sh               everything
#   scripts/ensure-tools.sh --build-only  only the binaries and checkov (no
#                                         Node needed; scripts/setup runs
#                                         it while yarn installs)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"

KUBECONFORM_VERSION="v0.7.0"
KUBECONFORM_SUM="h1:ZFfniR8VChrWQxaxTUGnNrxw8RIDkjVBrjdhXSamwjw="
HELM_VERSION="v3.22.0"
HELM_SUM="h1:n1if5iQgHYsujPAcO5oonH/KiSNUmqmUF0iGVjSF3AU="
# The Kubernetes version helm assumes by default: the client-go minor of
# its go.mod (v0.37 -> 1.37), as helm's Makefile sets it.
HELM_K8S_MAJOR="1"
HELM_K8S_MINOR="37"
TERRAGRUNT_VERSION="v1.0.0"
TERRAGRUNT_SUM="h1:5iiIwhigXVYA4Yjcp5E1j+uyo9bbmTvGLiC5kTYSHUw="
CHECKOV_VERSION="3.3.30"
# checkov and its dependencies, each with its sha256 (pip --require-hashes).
CHECKOV_LOCK="$ROOT/scripts/requirements/checkov.txt"
CHECKOV_LOCK_KEY="$(sha256sum "$CHECKOV_LOCK" | cut -c1-12)"

# Kubernetes minor of the GKE regular channel the generated clusters use.
KUBERNETES_VERSION="v1.32.13"
KUBERNETES_SUM="h1:5TGYdZ6YZqdp6h/Rp1vX/4TIoybMPdgv97LCZCtPuNQ="
# Flux controllers at the pins of flux2 v2.9.5 (helm-controller: the exact
# version the proxy serves).
KUSTOMIZE_CONTROLLER="github.com/fluxcd/kustomize-controller@v1.9.5"
KUSTOMIZE_CONTROLLER_SUM="h1:/XY2zy3K7fntyppEXIHG7oRMzmfgIt50eJzUfaPX1Kc="
SOURCE_CONTROLLER="github.com/fluxcd/source-controller@v1.9.5"
SOURCE_CONTROLLER_SUM="h1:MFPyCodUi9hZIMaKDsC/rYbNoyzpvrAdrPVixj7W9F0="
HELM_CONTROLLER="github.com/fluxcd/helm-controller@v1.6.4"
HELM_CONTROLLER_SUM="h1:u/Ew7LehrwDQaE/NqWdaB3XnNDCxRGDcp1FZl7RKj4g="
CERT_MANAGER="github.com/cert-manager/cert-manager@v1.19.1"
CERT_MANAGER_SUM="h1:Txh8L/nLWTDcb7ZnXuXbTe15BxQnLbLirXmbNk0fGgY="
PROMETHEUS_OPERATOR="github.com/prometheus-operator/prometheus-operator@v0.93.1"
PROMETHEUS_OPERATOR_SUM="h1:4Juk8v93RdG1DSGD/mGp+SeQKPmnlLIj2iq3blLZgFY="
# Not in the Go checksum database: verified against the pinned sum only.
GKE_MANAGED_CERTS="github.com/GoogleCloudPlatform/gke-managed-certs@v1.2.11"
GKE_MANAGED_CERTS_SUM="h1:j9hQmSGZlmQ9Yrte/hMawS5L9H8XT5KaI5Bge2uPo2Y="
# BackendConfig and FrontendConfig: the version is pinned (with every
# dependency's sum) in packages/validate/gke-crds/go.mod and go.sum.
GKE_CRDS_SRC="$ROOT/packages/validate/gke-crds"
INGRESS_GCE_VERSION="$(sed -n 's/^[[:space:]]*k8s.io\/ingress-gce \(v[^ ]*\).*$/\1/p' "$GKE_CRDS_SRC/go.mod")"
# Charts (the proxy serves these repositories at pseudo-versions only).
PODINFO="github.com/stefanprodan/podinfo@v1.8.1-0.20250910200901-e86405a8674e"
PODINFO_SUM="h1:ikpMMm5HbQT/1DehrPM+Lpwk3WAw/1Hg540eR+jsXus="
PROMETHEUS_CHARTS="github.com/prometheus-community/helm-charts@v0.0.0-20260828105119-ed5d7d9b5933"
PROMETHEUS_CHARTS_SUM="h1:5+f9HcKpurn9DWdl0b8PsT7TkEzfCDwcx2KbWYnrnPU="
GRAFANA_CHARTS="github.com/grafana-community/helm-charts@v0.0.0-20260829030558-dbf9f4fb5fa1"
GRAFANA_CHARTS_SUM="h1:vku2Qg2LpOqB0wMkzPLMfWL1f1LBTzBH4fVgSJ8+Zak="

# One key for everything generated from the pins above (and from this
# script): a change to any pin rebuilds schemas, charts and manifest.
SET_KEY="$(sha256sum "${BASH_SOURCE[0]}" "$ROOT/packages/validate/src/schemas/generate.ts" \
  "$GKE_CRDS_SRC/main.go" "$GKE_CRDS_SRC/go.mod" "$GKE_CRDS_SRC/go.sum" "$CHECKOV_LOCK" | sha256sum | cut -c1-12)"
GKE_CRDS_KEY="$(cat "$GKE_CRDS_SRC/main.go" "$GKE_CRDS_SRC/go.mod" "$GKE_CRDS_SRC/go.sum" | sha256sum | cut -c1-12)"
VALIDATE_DIR="$TOOLS/validate/$SET_KEY"
MANIFEST="$TOOLS/validate/manifest.json"

log() { echo "ensure-tools: $*" >&2; }
die() {
  echo "ensure-tools: $*" >&2
  exit 1
}

BUILD_ONLY=0
case "${1:-}" in
  "") ;;
  --build-only) BUILD_ONLY=1 ;;
  *) die "unknown option '$1' (usage: scripts/ensure-tools.sh [--build-only])" ;;
esac

if [ -f "$VALIDATE_DIR/manifest.json" ] && cmp -s "$VALIDATE_DIR/manifest.json" "$MANIFEST"; then
  exit 0
fi

GO="$(command -v go || true)"
if [ -z "$GO" ] && [ -x /usr/local/go/bin/go ]; then GO=/usr/local/go/bin/go; fi
[ -n "$GO" ] || die "'go' (>= 1.26) is required to build kubeconform, helm and terragrunt; install Go and re-run scripts/ensure-tools.sh"
PYTHON="$(command -v python3 || true)"
[ -n "$PYTHON" ] || die "'python3' (>= 3.9, with venv) is required for checkov; install it and re-run scripts/ensure-tools.sh"
command -v kubectl >/dev/null 2>&1 || die "'kubectl' is required (kustomize is built in); install it and re-run scripts/ensure-tools.sh"

export GOFLAGS="${GOFLAGS:--buildvcs=false}"
export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}github.com/GoogleCloudPlatform/gke-managed-certs"

# Downloads MODULE@VERSION through the Go module proxy, checks its sum and
# prints the unpacked directory.
module_dir() {
  local module="$1" want="$2" json sum dir
  json="$(cd "$TOOLS" && "$GO" mod download -json "$module")" || die "go mod download $module failed"
  sum="$(printf '%s' "$json" | sed -n 's/^[[:space:]]*"Sum": "\(.*\)",*$/\1/p')"
  dir="$(printf '%s' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')"
  [ "$sum" = "$want" ] || die "checksum mismatch for $module: got '$sum', pinned '$want'"
  [ -d "$dir" ] || die "go mod download $module printed no directory"
  printf '%s\n' "$dir"
}

mkdir -p "$TOOLS/bin" "$TOOLS/validate"

# --- Go tools ----------------------------------------------------------------
build_kubeconform() {
  local dir="$TOOLS/kubeconform-$KUBECONFORM_VERSION"
  if [ ! -x "$dir/kubeconform" ]; then
    module_dir "github.com/yannh/kubeconform@$KUBECONFORM_VERSION" "$KUBECONFORM_SUM" >/dev/null
    log "building kubeconform $KUBECONFORM_VERSION"
    GOBIN="$dir" "$GO" install "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION"
  fi
  ln -sfn "$dir/kubeconform" "$TOOLS/bin/kubeconform"
}

build_helm() {
  local dir="$TOOLS/helm-$HELM_VERSION"
  if [ ! -x "$dir/helm" ]; then
    module_dir "helm.sh/helm/v3@$HELM_VERSION" "$HELM_SUM" >/dev/null
    log "building helm $HELM_VERSION"
    local ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
    ldflags+=" -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=$HELM_K8S_MAJOR"
    ldflags+=" -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=$HELM_K8S_MINOR"
    ldflags+=" -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=$HELM_K8S_MAJOR"
    ldflags+=" -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=$HELM_K8S_MINOR"
    GOBIN="$dir" CGO_ENABLED=0 "$GO" install -trimpath -ldflags "$ldflags" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  fi
  ln -sfn "$dir/helm" "$TOOLS/bin/helm"
}

build_terragrunt() {
  local dir="$TOOLS/terragrunt-$TERRAGRUNT_VERSION"
  if [ ! -x "$dir/terragrunt" ]; then
    # Its go.mod has replace directives, which `go install m@v` refuses:
    # build inside the downloaded module instead.
    local src
    src="$(module_dir "github.com/gruntwork-io/terragrunt@$TERRAGRUNT_VERSION" "$TERRAGRUNT_SUM")"
    log "building terragrunt $TERRAGRUNT_VERSION"
    mkdir -p "$dir"
    (cd "$src" && CGO_ENABLED=0 "$GO" build -trimpath -o "$dir/terragrunt.tmp" \
      -ldflags "-s -w -X github.com/gruntwork-io/go-commons/version.Version=$TERRAGRUNT_VERSION" .)
    mv "$dir/terragrunt.tmp" "$dir/terragrunt"
  fi
  ln -sfn "$dir/terragrunt" "$TOOLS/bin/terragrunt"
}

build_gke_crds() {
  local dir="$TOOLS/gke-crds-$INGRESS_GCE_VERSION-$GKE_CRDS_KEY"
  [ -n "$INGRESS_GCE_VERSION" ] || die "no k8s.io/ingress-gce version in $GKE_CRDS_SRC/go.mod"
  if [ ! -x "$dir/gke-crds" ]; then
    log "building gke-crds (k8s.io/ingress-gce $INGRESS_GCE_VERSION)"
    mkdir -p "$dir"
    # go.sum pins every module; -mod=readonly refuses to change it.
    (cd "$GKE_CRDS_SRC" && CGO_ENABLED=0 "$GO" build -mod=readonly -trimpath -ldflags "-s -w" -o "$dir/gke-crds.tmp" .)
    mv "$dir/gke-crds.tmp" "$dir/gke-crds"
    find "$TOOLS" -mindepth 1 -maxdepth 1 -type d -name 'gke-crds-*' ! -path "$dir" -exec rm -rf {} +
  fi
  GKE_CRDS="$dir/gke-crds"
}

# --- checkov -----------------------------------------------------------------
install_checkov() {
  local venv="$TOOLS/checkov-$CHECKOV_VERSION-$CHECKOV_LOCK_KEY"
  if [ ! -x "$venv/bin/checkov" ]; then
    grep -q "^checkov==$CHECKOV_VERSION " "$CHECKOV_LOCK" ||
      die "$CHECKOV_LOCK does not pin checkov $CHECKOV_VERSION; regenerate it (see its header)"
    log "installing checkov $CHECKOV_VERSION into $venv"
    rm -rf "$venv"
    "$PYTHON" -m venv "$venv"
    # Every dependency pinned and hash-checked: nothing unpinned resolves.
    "$venv/bin/pip" install --quiet --disable-pip-version-check \
      --require-hashes --no-deps -r "$CHECKOV_LOCK" ||
      die "installing checkov from $CHECKOV_LOCK failed"
    find "$TOOLS" -mindepth 1 -maxdepth 1 -type d -name 'checkov-*' ! -path "$venv" -exec rm -rf {} +
  fi
  ln -sfn "$venv/bin/checkov" "$TOOLS/bin/checkov"
}

# --- schemas and charts ------------------------------------------------------
prepare_validate_dir() {
  local tmp="$VALIDATE_DIR.tmp"
  rm -rf "$tmp"
  mkdir -p "$tmp/crds" "$tmp/charts"

  local k8s kc sc hc cm po gke podinfo prom grafana
  k8s="$(module_dir "k8s.io/kubernetes@$KUBERNETES_VERSION" "$KUBERNETES_SUM")"
  kc="$(module_dir "$KUSTOMIZE_CONTROLLER" "$KUSTOMIZE_CONTROLLER_SUM")"
  sc="$(module_dir "$SOURCE_CONTROLLER" "$SOURCE_CONTROLLER_SUM")"
  hc="$(module_dir "$HELM_CONTROLLER" "$HELM_CONTROLLER_SUM")"
  cm="$(module_dir "$CERT_MANAGER" "$CERT_MANAGER_SUM")"
  po="$(module_dir "$PROMETHEUS_OPERATOR" "$PROMETHEUS_OPERATOR_SUM")"
  gke="$(module_dir "$GKE_MANAGED_CERTS" "$GKE_MANAGED_CERTS_SUM")"
  podinfo="$(module_dir "$PODINFO" "$PODINFO_SUM")"
  prom="$(module_dir "$PROMETHEUS_CHARTS" "$PROMETHEUS_CHARTS_SUM")"
  grafana="$(module_dir "$GRAFANA_CHARTS" "$GRAFANA_CHARTS_SUM")"

  # CRD YAML, one folder per source (read by the schema generator).
  cp "$kc"/config/crd/bases/*.yaml "$hc"/config/crd/bases/*.yaml "$sc"/config/crd/bases/*.yaml "$tmp/crds/"
  cp "$cm"/deploy/crds/*.yaml "$tmp/crds/"
  cp "$po"/example/prometheus-operator-crd-full/*.yaml "$tmp/crds/"
  cp "$gke"/deploy/managedcertificates-crd.yaml "$tmp/crds/"
  chmod -R u+w "$tmp/crds"
  local out
  out="$("$GKE_CRDS" "$tmp/crds" 2>&1)" ||
    die "gke-crds could not produce the BackendConfig and FrontendConfig CRDs: $out"

  log "generating JSON schemas (Kubernetes $KUBERNETES_VERSION and $(ls "$tmp/crds" | wc -l) CRD files)"
  (cd "$ROOT" && node packages/cli/bin/drktrc schemas \
    --kubernetes "$k8s/api/openapi-spec/swagger.json" \
    --crds "$tmp/crds" --out "$tmp/schemas")

  # Charts, copied so that they can be completed: cert-manager's Chart.yaml
  # is a template its release tool fills; kube-prometheus-stack needs its
  # sub-charts in charts/.
  local charts="$tmp/charts"
  cp -r "$podinfo/charts/podinfo" "$charts/podinfo"
  cp -r "$cm/deploy/charts/cert-manager" "$charts/cert-manager"
  cp -r "$prom/charts/kube-prometheus-stack" "$charts/kube-prometheus-stack"
  cp -r "$prom/charts/prometheus-adapter" "$charts/prometheus-adapter"
  chmod -R u+w "$charts"
  local cmv="${CERT_MANAGER##*@}"
  sed -e "s/^version: v0.0.0$/version: $cmv/" -e "s/^appVersion: v0.0.0$/appVersion: $cmv/" \
    -e 's/"{{IS_PRERELEASE}}"/"false"/' \
    "$charts/cert-manager/Chart.template.yaml" >"$charts/cert-manager/Chart.yaml"
  rm "$charts/cert-manager/Chart.template.yaml"
  local sub="$charts/kube-prometheus-stack/charts"
  mkdir -p "$sub"
  for c in kube-state-metrics prometheus-node-exporter prometheus-windows-exporter; do
    cp -r "$prom/charts/$c" "$sub/$c"
  done
  cp -r "$grafana/charts/grafana" "$sub/grafana"
  chmod -R u+w "$sub"

  rm -rf "$VALIDATE_DIR"
  mv "$tmp" "$VALIDATE_DIR"
  # Sets of earlier pins are not needed any more.
  find "$TOOLS/validate" -mindepth 1 -maxdepth 1 -type d ! -name "$SET_KEY" -exec rm -rf {} +
}

chart_version() { sed -n 's/^version: *//p' "$1/Chart.yaml" | tr -d '"' | head -n1; }

write_manifest() {
  local charts="$VALIDATE_DIR/charts" c first=1
  {
    echo '{'
    echo "  \"key\": \"$SET_KEY\","
    echo "  \"kubernetesVersion\": \"${KUBERNETES_VERSION#v}\","
    echo "  \"schemas\": \"$VALIDATE_DIR/schemas\","
    echo '  "tools": {'
    echo "    \"kubeconform\": {\"path\": \"$TOOLS/kubeconform-$KUBECONFORM_VERSION/kubeconform\", \"version\": \"${KUBECONFORM_VERSION#v}\"},"
    echo "    \"helm\": {\"path\": \"$TOOLS/helm-$HELM_VERSION/helm\", \"version\": \"${HELM_VERSION#v}\"},"
    echo "    \"terragrunt\": {\"path\": \"$TOOLS/terragrunt-$TERRAGRUNT_VERSION/terragrunt\", \"version\": \"${TERRAGRUNT_VERSION#v}\"},"
    echo "    \"checkov\": {\"path\": \"$TOOLS/checkov-$CHECKOV_VERSION-$CHECKOV_LOCK_KEY/bin/checkov\", \"version\": \"$CHECKOV_VERSION\"}"
    echo '  },'
    echo '  "charts": {'
    for c in podinfo cert-manager kube-prometheus-stack prometheus-adapter; do
      [ $first -eq 1 ] || echo ','
      first=0
      printf '    "%s": {"version": "%s", "path": "%s"}' "$c" "$(chart_version "$charts/$c")" "$charts/$c"
    done
    echo
    echo '  }'
    echo '}'
  } >"$VALIDATE_DIR/manifest.json"
  cp "$VALIDATE_DIR/manifest.json" "$MANIFEST"
}

started=$SECONDS
# checkov's install is mostly download: it runs beside the CPU-bound Go
# builds, whose output it does not need.
install_checkov &
checkov_pid=$!
build_kubeconform
build_helm
build_terragrunt
build_gke_crds
wait "$checkov_pid" || die "installing checkov $CHECKOV_VERSION failed"
if [ "$BUILD_ONLY" -eq 1 ]; then
  log "tools built in $((SECONDS - started))s"
  exit 0
fi
prepare_validate_dir
write_manifest
log "ready in $((SECONDS - started))s ($MANIFEST)"
