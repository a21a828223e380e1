#!/usr/bin/env bash
# Installs the Go toolchain the twin (twin/) is built with: Debian's golang-go package (Go 1.19 on bookworm),
# unless a go command is already on the PATH. stallsim itself never needs Go; only `stallsim twin`,
# `stallsim calibrate` and the twin's own tests do.
set -euo pipefail
if command -v go >/dev/null 2>&1; then
  echo "go already installed: $(go version)"
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-go.sh: not root and no sudo; install Debian's golang-go package" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq golang-go >/dev/null
echo "installed $(go version)"
