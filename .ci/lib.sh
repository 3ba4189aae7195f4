# Helpers shared by the .ci scripts. Sourced, not run.
set -euo pipefail

log() { printf '[ci %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# The Debian mirror this machine already uses (never hard-code a registry host).
debian_mirror() {
  local uri=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1=="deb" {for (i=2;i<=NF;i++) if ($i ~ /^(http|https|file):/) {print $i; exit}}' /etc/apt/sources.list)
  fi
  [ -n "$uri" ] || { log "no Debian mirror found in apt's configuration"; return 1; }
  printf '%s\n' "$uri"
}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
