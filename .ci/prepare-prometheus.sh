#!/usr/bin/env bash
# Puts Debian bookworm's Prometheus 2.42 (with promtool) on PATH for the Day 5 self-tests: the
# package is downloaded and unpacked, never installed, so no service is registered or started
# (both are static Go binaries). Idempotent: binaries already on PATH are kept.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

if command -v prometheus >/dev/null && command -v promtool >/dev/null; then
  exit 0
fi
tmp=$(mktemp -d)
chmod 0777 "$tmp" # apt downloads as its _apt user where it can
trap 'rm -rf "$tmp"' EXIT
log "fetching Prometheus and promtool from Debian bookworm"
as_root apt-get update -qq >/dev/null
(cd "$tmp" && apt-get download -qq prometheus >/dev/null)
dpkg -x "$tmp"/prometheus_*.deb "$tmp/x"
as_root install -m 0755 "$tmp/x/usr/bin/prometheus" /usr/local/bin/prometheus
as_root install -m 0755 "$tmp/x/usr/bin/promtool" /usr/local/bin/promtool
log "$(prometheus --version 2>&1 | head -1)"
