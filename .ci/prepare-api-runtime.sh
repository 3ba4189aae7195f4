#!/usr/bin/env bash
# Debian bookworm's Python packages the fixture api runs on (the same ones its image
# installs), so a self-test can run the real api as a process on 127.0.0.1 and let a real
# Prometheus scrape it. Idempotent: nothing is installed when Debian's python3 already has them.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

if /usr/bin/python3 -c 'import fastapi, uvicorn, psycopg, prometheus_client' 2>/dev/null; then
  exit 0
fi
log "installing the fixture api's Python packages from Debian bookworm"
as_root apt-get update -qq >/dev/null
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  python3 python3-fastapi python3-uvicorn python3-psycopg python3-prometheus-client >/dev/null
/usr/bin/python3 -c 'import fastapi, uvicorn, psycopg, prometheus_client; print("fastapi", fastapi.__version__)' >&2
