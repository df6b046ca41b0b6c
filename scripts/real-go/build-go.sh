#!/usr/bin/env bash
# Builds a Go release from a Go git repository, for run.sh: build-go.sh GO_GIT_DIR TAG DEST.
# e.g. build-go.sh ~/go.git go1.9 /opt/go1.9 (the bootstrap is Debian's golang-1.19-go;
# about 40 s on 2 cores).
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 GO_GIT_DIR TAG DEST" >&2; exit 2; }
repo=$1 tag=$2 dest=$3
# GOROOT_BOOTSTRAP=DIR overrides the bootstrap: Go 1.22+ needs Go 1.20+, e.g. a go1.21.0
# this script built first (build-go.sh REPO go1.21.0 /opt/go1.21; GOROOT_BOOTSTRAP=/opt/go1.21
# build-go.sh REPO go1.23rc1 /opt/go1.23rc1).
boot=${GOROOT_BOOTSTRAP:-/usr/lib/go-1.19}
[ -x "$boot/bin/go" ] || apt-get install -y golang-1.19-go
mkdir -p "$dest"
git -C "$repo" archive "$tag" | tar -x -C "$dest"
cd "$dest/src"
GOROOT_BOOTSTRAP=$boot GO111MODULE=off CGO_ENABLED=0 ./make.bash
