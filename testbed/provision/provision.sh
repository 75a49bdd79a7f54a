#!/usr/bin/env bash
# Provisions the real peers the Selfheal testbed starts: builds Go binaries from the Go module proxy,
# creates Python virtual environments from PyPI and installs Debian packages. Everything is cached under
#   ${SELFHEAL_TESTBED_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/selfheal-testbed}/<peer>-<version>/
# so a second run is a no-op. Go's module and build caches stay in their default places.
#
# usage: testbed/provision/provision.sh [all|apt|realnode-apt|k8s|etcd|kwok|crictl|pause|vcsim|toxiproxy|moto|sushy|prometheus|helm|monitoring-crds]...
set -euo pipefail
# (a first line is taken with 'sed -n 1p', never 'head -1': head exits after it, the writer may die of SIGPIPE on
# its next line, and pipefail turns that into a failed step)

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck disable=SC1091
source "$here/../src/main/resources/dev/selfheal/testbed/versions.properties"

CACHE=${SELFHEAL_TESTBED_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/selfheal-testbed}
mkdir -p "$CACHE"
export CGO_ENABLED=0

log() { printf '[provision %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf '[provision] ERROR: %s\n' "$*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "'$1' not found: $2"; }

# Where the output of builds and downloads goes (pages of "go: downloading ..."); shown only when a step fails.
BUILD_LOG="$CACHE/build/provision.log"
mkdir -p "$CACHE/build"
: >"$BUILD_LOG"

# Runs a command with its stderr in the build log (stdout stays: some callers read it); on failure, the log's tail.
quiet() {
  "$@" 2>>"$BUILD_LOG" || { local rc=$?; tail -n 40 "$BUILD_LOG" >&2; return $rc; }
}

# Runs a long build with its output in the build log and a heartbeat line every 30 s so CI logs show progress.
with_progress() {
  local what=$1; shift
  local start=$SECONDS
  "$@" >>"$BUILD_LOG" 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 5 &
    wait $! 2>/dev/null || true
    [ $(( (SECONDS - start) % 30 )) -lt 5 ] && kill -0 "$pid" 2>/dev/null && log "$what: still building ($((SECONDS - start)) s)"
  done
  wait "$pid" || { tail -n 40 "$BUILD_LOG" >&2; die "$what: build failed (whole output: $BUILD_LOG)"; }
  log "$what: done in $((SECONDS - start)) s"
}

done_marker() { [ -f "$1/.complete" ]; }

apt_install() { # what packages...
  local what=$1; shift
  need apt-get "install the Debian packages $* by hand ($what)"
  log "$what: installing $*"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq || die "apt-get update failed: install the Debian packages $* by hand ($what)"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || die "apt-get install failed: install the Debian packages $* by hand ($what)"
  log "$what: installed"
}

provision_apt() {
  local missing=()
  command -v ipmi_sim >/dev/null 2>&1 || missing+=(openipmi)
  command -v ipmitool >/dev/null 2>&1 || missing+=(ipmitool)
  command -v fence_ipmilan >/dev/null 2>&1 || missing+=(fence-agents)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  if [ ${#missing[@]} -eq 0 ]; then log "debian packages: present"; return; fi
  apt_install "debian packages" "${missing[@]}"
}

# Real nodes (RealNode): containerd 1.6 + runc from Debian, the CNI plugins, busybox for test images,
# iptables for kubelet's chains, gcc to build the pause binary, haproxy for the three-master plane's balancer.
provision_realnode_apt() {
  local missing=()
  command -v containerd >/dev/null 2>&1 || missing+=(containerd)
  [ -x /usr/sbin/runc ] || missing+=(runc)
  [ -x /usr/lib/cni/bridge ] && [ -x /usr/lib/cni/host-local ] && [ -x /usr/lib/cni/portmap ] \
    || missing+=(containernetworking-plugins)
  [ -x /bin/busybox ] || missing+=(busybox-static)
  command -v iptables-save >/dev/null 2>&1 || missing+=(iptables)
  command -v gcc >/dev/null 2>&1 || missing+=(gcc libc6-dev)
  [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
  if [ ${#missing[@]} -eq 0 ]; then log "real-node debian packages: present"; return; fi
  apt_install "real-node debian packages" "${missing[@]}"
}

# The pause image's binary: a static C program that sleeps until SIGTERM/SIGINT and reaps children.
provision_pause() {
  local dir="$CACHE/pause-$PAUSE_VERSION"
  if done_marker "$dir"; then log "pause $PAUSE_VERSION: cached in $dir"; return; fi
  need gcc "install the Debian packages gcc and libc6-dev (or run: $0 realnode-apt)"
  mkdir -p "$dir/bin"
  gcc -static -Os -s -o "$dir/bin/pause" "$here/pause/pause.c" \
    || die "pause: gcc -static failed (Debian: gcc libc6-dev)"
  touch "$dir/.complete"
  log "pause $PAUSE_VERSION: built"
}

# Kubernetes cannot be 'go install'ed: its staging modules are required at v0.0.0 with replace lines
# that Go ignores in a dependency. A wrapper module of ours requires k8s.io/kubernetes and pins each
# staging module to the matching v0.x release.
provision_k8s() {
  local dir="$CACHE/k8s-$K8S_VERSION"
  local bins=(kube-apiserver kube-controller-manager kube-scheduler kubelet) missing=() b
  for b in "${bins[@]}"; do [ -x "$dir/bin/$b" ] || missing+=("$b"); done
  if done_marker "$dir" && [ ${#missing[@]} -eq 0 ]; then log "kubernetes $K8S_VERSION: cached in $dir"; return; fi
  rm -f "$dir/.complete"
  need go "install Go 1.24 or newer (Debian: golang-1.24 or a newer Go toolchain)"
  local mod="$CACHE/build/k8s-$K8S_VERSION"
  mkdir -p "$mod" "$dir/bin"
  log "kubernetes $K8S_VERSION: preparing wrapper module in $mod"
  local gomod
  gomod=$(quiet go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  [ -f "$gomod" ] || die "could not download k8s.io/kubernetes@$K8S_VERSION from the Go module proxy"
  {
    echo "module selfheal.dev/testbed/k8s"
    echo
    grep -E '^go [0-9]' "$gomod"
    echo
    echo "require k8s.io/kubernetes $K8S_VERSION"
    echo
    echo "replace ("
    grep -E '^\s*k8s\.io/[a-z0-9-]+ v0\.0\.0$' "$gomod" | awk -v v="$K8S_STAGING_VERSION" '{print "\t" $1 " => " $1 " " v}' | sort -u
    echo ")"
  } >"$mod/go.mod"
  cat >"$mod/tools.go" <<'EOF'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubelet"
)
EOF
  (cd "$mod" && quiet go mod tidy) || die "go mod tidy failed in $mod"
  local minor=${K8S_VERSION#v1.}; minor=${minor%%.*}
  local ld="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld="$ld -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
  done
  local pkgs=() what
  for b in "${missing[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$b"); done
  what=${missing[*]}
  log "kubernetes $K8S_VERSION: building $what (cold: 15-30 min on 2 cores for all four; kubelet alone, added to a warm build: about 2 min)"
  with_progress "kubernetes $K8S_VERSION" bash -c "cd '$mod' && go build -trimpath -tags 'selinux,notest,grpcnotrace' -ldflags '$ld' -o '$dir/bin/' ${pkgs[*]}"
  "$dir/bin/kube-apiserver" --version
  "$dir/bin/kubelet" --version
  touch "$dir/.complete"
}

provision_etcd() {
  local dir="$CACHE/etcd-$ETCD_VERSION"
  # etcdutl (snapshot restore) joined etcd later: a cache without it is built again
  if done_marker "$dir" && [ -x "$dir/bin/etcdutl" ]; then log "etcd $ETCD_VERSION: cached in $dir"; return; fi
  need go "install Go 1.24 or newer"
  local mod="$CACHE/build/etcd-$ETCD_VERSION"
  mkdir -p "$mod" "$dir/bin"
  cat >"$mod/go.mod" <<EOF
module selfheal.dev/testbed/etcd

go 1.24

require (
	go.etcd.io/etcd/server/v3 $ETCD_VERSION
	go.etcd.io/etcd/etcdutl/v3 $ETCD_VERSION
)
EOF
  cat >"$mod/tools.go" <<'EOF'
//go:build tools

package tools

import (
	_ "go.etcd.io/etcd/etcdutl/v3"
	_ "go.etcd.io/etcd/server/v3"
)
EOF
  (cd "$mod" && quiet go mod tidy) || die "go mod tidy failed in $mod"
  with_progress "etcd $ETCD_VERSION" bash -c "cd '$mod' && go build -trimpath -ldflags '-s -w' -o '$dir/bin/etcd' go.etcd.io/etcd/server/v3 && go build -trimpath -ldflags '-s -w' -o '$dir/bin/etcdutl' go.etcd.io/etcd/etcdutl/v3"
  "$dir/bin/etcd" --version | sed -n 1p
  "$dir/bin/etcdutl" version | sed -n 1p
  touch "$dir/.complete"
}

go_install() { # name version package binary
  local name=$1 version=$2 pkg=$3 bin=$4
  local dir="$CACHE/$name-$version"
  if done_marker "$dir"; then log "$name $version: cached in $dir"; return; fi
  need go "install Go 1.25 or newer"
  mkdir -p "$dir/bin"
  with_progress "$name $version" env GOBIN="$dir/bin" go install -trimpath -ldflags '-s -w' "$pkg@$version"
  [ -x "$dir/bin/$bin" ] || die "$name: $dir/bin/$bin missing after go install"
  touch "$dir/.complete"
}

# vcsim: upstream moved github.com/vmware/govmomi/vcsim into a nested Go module that the Go module proxy
# does not serve, so it cannot be 'go install'ed. testbed/provision/vcsim is a wrapper module of ours with
# upstream's vcsim main on top of the simulator package of the main govmomi module (same flags).
provision_vcsim() {
  local dir="$CACHE/vcsim-$GOVMOMI_VERSION"
  if done_marker "$dir" && [ -x "$dir/bin/vcsim" ]; then log "vcsim $GOVMOMI_VERSION: cached in $dir"; return; fi
  need go "install Go 1.25 or newer"
  local mod="$here/vcsim"
  grep -qE "^\s*github\.com/vmware/govmomi $GOVMOMI_VERSION\$" "$mod/go.mod" \
    || die "vcsim: $mod/go.mod does not require github.com/vmware/govmomi $GOVMOMI_VERSION (GOVMOMI_VERSION in versions.properties); update both together"
  rm -f "$dir/.complete"
  mkdir -p "$dir/bin"
  log "vcsim $GOVMOMI_VERSION: building $mod (cold: under a minute on 2 cores)"
  with_progress "vcsim $GOVMOMI_VERSION" bash -c "cd '$mod' && go build -mod=readonly -trimpath -ldflags '-s -w -X main.buildVersion=$GOVMOMI_VERSION' -o '$dir/bin/vcsim' ."
  "$dir/bin/vcsim" version | sed -n 1p
  touch "$dir/.complete"
}

# toxiproxy: 'go install .../cmd/server' names the binary "server"; the testbed runs bin/toxiproxy-server.
provision_toxiproxy() {
  local dir="$CACHE/toxiproxy-$TOXIPROXY_VERSION"
  if done_marker "$dir" && [ -x "$dir/bin/toxiproxy-server" ]; then log "toxiproxy $TOXIPROXY_VERSION: cached in $dir"; return; fi
  need go "install Go 1.25 or newer"
  rm -f "$dir/.complete"
  mkdir -p "$dir/bin"
  if [ ! -x "$dir/bin/server" ]; then
    with_progress "toxiproxy $TOXIPROXY_VERSION" env GOBIN="$dir/bin" go install -trimpath \
      -ldflags "-s -w -X github.com/Shopify/toxiproxy/v2.Version=$TOXIPROXY_VERSION" \
      "github.com/Shopify/toxiproxy/v2/cmd/server@$TOXIPROXY_VERSION"
  fi
  [ -x "$dir/bin/server" ] || die "toxiproxy: $dir/bin/server missing after go install"
  mv -f "$dir/bin/server" "$dir/bin/toxiproxy-server"
  "$dir/bin/toxiproxy-server" --version
  touch "$dir/.complete"
}

venv_install() { # name version requirement entrypoint
  local name=$1 version=$2 req=$3 entry=$4
  local dir="$CACHE/venv-$name-$version"
  if done_marker "$dir"; then log "$name $version: cached in $dir"; return; fi
  need python3 "install Python 3.10 or newer with the venv module (Debian: python3-venv)"
  rm -rf "$dir"
  log "$name $version: creating virtualenv in $dir"
  python3 -m venv "$dir" || die "python3 -m venv failed: install Debian python3-venv"
  "$dir/bin/pip" install -q --disable-pip-version-check "$req" || die "pip install $req failed"
  [ -x "$dir/bin/$entry" ] || die "$name: $dir/bin/$entry missing after pip install"
  log "$name $version: installed"
  touch "$dir/.complete"
}

# helm: 'go install' from the Go module proxy, with the version the binary reports set through ldflags.
provision_helm() {
  local dir="$CACHE/helm-$HELM_VERSION"
  if done_marker "$dir" && [ -x "$dir/bin/helm" ]; then log "helm $HELM_VERSION: cached in $dir"; return; fi
  need go "install Go 1.25 or newer"
  rm -f "$dir/.complete"
  mkdir -p "$dir/bin"
  # As helm's Makefile does: the Kubernetes version 'helm template' and 'helm lint' assume is the one of the
  # client-go helm is built with (v0.N.x is Kubernetes 1.N), not the v1.20 compiled in as a fallback.
  local client_go minor
  client_go=$(quiet go mod download -json "helm.sh/helm/v3@$HELM_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p' \
    | xargs grep -E '^\s*k8s\.io/client-go v' | awk '{print $2}')
  minor=$(echo "$client_go" | cut -d. -f2)
  [ -n "$minor" ] || die "helm: cannot read the k8s.io/client-go version from helm.sh/helm/v3@$HELM_VERSION's go.mod"
  local ld="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
  for pkg in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
    ld="$ld -X $pkg.k8sVersionMajor=1 -X $pkg.k8sVersionMinor=$minor"
  done
  with_progress "helm $HELM_VERSION" env GOBIN="$dir/bin" go install -trimpath -ldflags "$ld" \
    "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  [ -x "$dir/bin/helm" ] || die "helm: $dir/bin/helm missing after go install of helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  "$dir/bin/helm" version --short
  touch "$dir/.complete"
}

# prometheus: Debian's package (it ships prometheus and promtool). The .deb of the pinned version is
# downloaded and unpacked into the cache, so nothing is installed system-wide and no service starts.
provision_prometheus() {
  local dir="$CACHE/prometheus-$PROMETHEUS_DEB_VERSION"
  if done_marker "$dir" && [ -x "$dir/bin/prometheus" ] && [ -x "$dir/bin/promtool" ]; then
    log "prometheus $PROMETHEUS_DEB_VERSION: cached in $dir"; return
  fi
  need apt-get "install Debian's prometheus package ($PROMETHEUS_DEB_VERSION) by hand and copy /usr/bin/prometheus and /usr/bin/promtool into $dir/bin"
  need dpkg-deb "install Debian's prometheus package ($PROMETHEUS_DEB_VERSION) by hand and copy /usr/bin/prometheus and /usr/bin/promtool into $dir/bin"
  rm -rf "$dir"
  mkdir -p "$dir/bin" "$CACHE/build/deb"
  log "prometheus $PROMETHEUS_DEB_VERSION: downloading Debian's prometheus package"
  if ! (cd "$CACHE/build/deb" && apt-get download -q "prometheus=$PROMETHEUS_DEB_VERSION" >/dev/null 2>&1); then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq
    (cd "$CACHE/build/deb" && apt-get download -q "prometheus=$PROMETHEUS_DEB_VERSION" >/dev/null) \
      || die "prometheus: Debian package prometheus=$PROMETHEUS_DEB_VERSION not available (apt-cache policy prometheus); install it by hand (apt-get install prometheus) and copy /usr/bin/prometheus and /usr/bin/promtool into $dir/bin"
  fi
  local deb
  deb=$(ls "$CACHE"/build/deb/prometheus_*.deb | sed -n 1p)
  dpkg-deb -x "$deb" "$dir/root" || die "prometheus: could not unpack $deb"
  ln -sf ../root/usr/bin/prometheus "$dir/bin/prometheus"
  ln -sf ../root/usr/bin/promtool "$dir/bin/promtool"
  "$dir/bin/prometheus" --version | sed -n 1p || die "prometheus: $dir/bin/prometheus does not run"
  "$dir/bin/promtool" --version >/dev/null || die "prometheus: $dir/bin/promtool does not run"
  touch "$dir/.complete"
}

# The ServiceMonitor and PrometheusRule CRDs of the Prometheus operator, from its Go module (the module proxy
# serves the repository's files), so the chart's optional monitoring objects are dry-run against real CRDs.
provision_monitoring_crds() {
  local dir="$CACHE/prometheus-operator-crds-$PROMETHEUS_OPERATOR_VERSION"
  if done_marker "$dir" && [ -f "$dir/crds/monitoring.coreos.com_podmonitors.yaml" ]; then
    log "prometheus-operator CRDs $PROMETHEUS_OPERATOR_VERSION: cached in $dir"; return
  fi
  need go "install Go 1.25 or newer (the CRDs come from the Go module github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION)"
  local src
  src=$(quiet go mod download -json "github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  [ -d "$src/example/prometheus-operator-crd" ] \
    || die "could not download github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION from the Go module proxy"
  mkdir -p "$dir/crds"
  for kind in servicemonitors podmonitors prometheusrules; do
    cp "$src/example/prometheus-operator-crd/monitoring.coreos.com_$kind.yaml" "$dir/crds/"
  done
  log "prometheus-operator CRDs $PROMETHEUS_OPERATOR_VERSION: copied into $dir/crds"
  touch "$dir/.complete"
}

# Provisions groups of peers at once ("lanes"), each group in order in a subshell with a build log of its own:
# the Debian packages and virtualenvs (mostly waiting on the network) beside two lanes of Go builds (each build
# alternates between downloading modules and compiling, so two share the cores better than one after the other).
# Fails once every lane has ended, naming the lanes that failed.
provision_lanes() {
  local pids=() lanes=() failed=() lane i=0
  for lane in "$@"; do
    i=$((i + 1))
    (
      BUILD_LOG="$CACHE/build/provision-lane$i.log"
      : >"$BUILD_LOG"
      for p in $lane; do provision "$p"; done
    ) &
    pids+=("$!")
    lanes+=("$lane")
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || failed+=("[${lanes[$i]}]")
  done
  [ ${#failed[@]} -eq 0 ] || die "provisioning failed in ${failed[*]} (build logs: $CACHE/build/provision-lane*.log)"
}

provision() {
  case "$1" in
    apt) provision_apt ;;
    k8s) provision_k8s ;;
    etcd) provision_etcd ;;
    kwok) go_install kwok "$KWOK_VERSION" sigs.k8s.io/kwok/cmd/kwok kwok ;;
    realnode-apt) provision_realnode_apt ;;
    crictl) go_install crictl "$CRICTL_VERSION" sigs.k8s.io/cri-tools/cmd/crictl crictl ;;
    pause) provision_pause ;;
    vcsim) provision_vcsim ;;
    toxiproxy) provision_toxiproxy ;;
    moto) venv_install moto "$MOTO_VERSION" "moto[server]==$MOTO_VERSION" moto_server ;;
    sushy) venv_install sushy-tools "$SUSHY_TOOLS_VERSION" "sushy-tools==$SUSHY_TOOLS_VERSION" sushy-emulator ;;
    prometheus) provision_prometheus ;;
    helm) provision_helm ;;
    monitoring-crds) provision_monitoring_crds ;;
    all) provision_lanes "apt realnode-apt pause moto sushy prometheus monitoring-crds" "k8s kwok crictl" \
           "helm etcd vcsim toxiproxy" ;;
    *) die "unknown peer '$1' (allowed: all apt realnode-apt k8s etcd kwok crictl pause vcsim toxiproxy moto sushy prometheus helm monitoring-crds)" ;;
  esac
}

[ $# -gt 0 ] || set -- all
log "cache: $CACHE"
for peer in "$@"; do provision "$peer"; done
