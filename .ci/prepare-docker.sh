#!/usr/bin/env bash
# Installs and starts a Docker engine, a compose tool and the local images the tests need,
# on a bare Debian 12 machine that can reach Debian's and npm's registries but no container
# registry. Idempotent: what exists already is kept. Writes the dockerd pid to
# $FULLCHAIN_CI_STATE/dockerd.pid when it starts the engine, so .ci/run can stop it.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"
state=${FULLCHAIN_CI_STATE:-/tmp/fullchain-ci}
mkdir -p "$state"

install_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# Compose v2: Debian trixie's docker-compose package is a static binary that runs on bookworm.
install_compose_v2() {
  if docker compose version >/dev/null 2>&1; then return 0; fi
  local mirror tmp plugin_dir
  mirror=$(debian_mirror)
  tmp=$(mktemp -d)
  log "fetching compose v2 from Debian trixie"
  mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial"
  echo "deb $mirror trixie main" > "$tmp/trixie.list"
  local aptopts=(-o Dir::Etc::SourceList="$tmp/trixie.list" -o Dir::Etc::SourceParts=/dev/null
                 -o Dir::State::Lists="$tmp/lists" -o Dir::Cache="$tmp/cache" -o APT::Get::List-Cleanup=0)
  if as_root apt-get "${aptopts[@]}" update -qq >/dev/null 2>&1 \
     && (cd "$tmp" && as_root apt-get "${aptopts[@]}" download docker-compose/trixie >/dev/null 2>&1); then
    dpkg -x "$tmp"/docker-compose_*.deb "$tmp/x"
    plugin_dir=/usr/local/lib/docker/cli-plugins
    as_root mkdir -p "$plugin_dir"
    as_root install -m 0755 "$tmp/x/usr/libexec/docker/cli-plugins/docker-compose" "$plugin_dir/docker-compose"
  else
    log "compose v2 unavailable; installing Debian's docker-compose v1"
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
  fi
  as_root rm -rf "$tmp"
}

start_dockerd() {
  if docker info >/dev/null 2>&1; then return 0; fi
  log "starting dockerd"
  as_root sh -c "nohup dockerd >'$state/dockerd.log' 2>&1 & echo \$! > '$state/dockerd.pid'"
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && return 0
    sleep 1
  done
  log "dockerd did not answer within 60 s; its log:"; tail -n 30 "$state/dockerd.log" >&2; return 1
}

# debian:bookworm-slim cannot be pulled: build the same thing with debootstrap, with the
# machine's extra CA certificates trusted (HTTPS egress goes through a proxy with its own CA).
seed_debian_base() {
  if docker image inspect debian:bookworm-slim >/dev/null 2>&1; then return 0; fi
  local mirror rootfs
  mirror=$(debian_mirror)
  rootfs=$(mktemp -d)
  log "debootstrap bookworm (minbase) from $mirror"
  as_root debootstrap --variant=minbase --include=ca-certificates bookworm "$rootfs" "$mirror" >/dev/null
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    as_root cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
  fi
  as_root chroot "$rootfs" update-ca-certificates >/dev/null
  as_root rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/archives/*.deb
  as_root tar -C "$rootfs" -c . | docker import -c 'CMD ["bash"]' - debian:bookworm-slim >/dev/null
  as_root rm -rf "$rootfs"
  log "imported debian:bookworm-slim"
}

# Local images built from that base, for what Testcontainers would otherwise pull.
build_local_image() {
  local tag=$1 dir=$2
  if docker image inspect "$tag" >/dev/null 2>&1; then return 0; fi
  log "building $tag"
  docker build -q -t "$tag" "$dir" >/dev/null
}

install_packages
install_compose_v2
start_dockerd
seed_debian_base
build_local_image fullchain/postgres-standin:15 "$here/../checks/images/postgres-standin"
log "docker ready: $(docker version --format '{{.Server.Version}}'), compose: $( (docker compose version --short 2>/dev/null || docker-compose version --short) | head -1)"
