# shellcheck shell=bash disable=SC2034  # sourced: the variables are used by the scripts
# Shared settings of the image scripts (sourced, not run). Every value can be overridden
# from the environment; docs/images.md lists them.

IMAGES_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# The five services, in the order the reactor builds them; each is also its image name
# (services.<name>.image in k8s/journey-suite/values.yaml).
ALL_SERVICES=(identity-service touchpoint-service journey-service scoring-service gateway)

# The chart's appVersion is the default image tag (global.image.tag empty).
chart_app_version() {
  sed -n 's/^appVersion:[[:space:]]*"\{0,1\}\([^"]*\)"\{0,1\}[[:space:]]*$/\1/p' \
    "$IMAGES_ROOT/k8s/journey-suite/Chart.yaml"
}

# Base image: a Debian rootfs with a headless JRE, packed as a docker-save tar.
BASE_SUITE="${BASE_SUITE:-trixie}"
BASE_JRE="${BASE_JRE:-openjdk-25-jre-headless}"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
DEBIAN_SECURITY_MIRROR="${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
BASE_DIR="${BASE_DIR:-$IMAGES_ROOT/target/images/base}"
BASE_TAR="${BASE_TAR:-$BASE_DIR/jre-base.tar}"

# Local registry (Debian's docker-registry, i.e. CNCF Distribution), state under .cj/.
LOCAL_REGISTRY_PORT="${LOCAL_REGISTRY_PORT:-5000}"
LOCAL_REGISTRY_ADDR="127.0.0.1:$LOCAL_REGISTRY_PORT"
LOCAL_REGISTRY_DIR="${LOCAL_REGISTRY_DIR:-$IMAGES_ROOT/.cj/registry}"
LOCAL_REGISTRY="localhost:$LOCAL_REGISTRY_PORT/cjm"

# Where the images go: <IMAGE_REGISTRY>/<service>:<IMAGE_TAG>, as global.image.registry
# and global.image.tag of the chart.
IMAGE_REGISTRY="${IMAGE_REGISTRY:-$LOCAL_REGISTRY}"
IMAGE_TAG="${IMAGE_TAG:-$(chart_app_version)}"

is_local_registry() {
  case "$IMAGE_REGISTRY" in
    localhost:*|127.0.0.1:*|localhost/*|127.0.0.1/*) return 0 ;;
    *) return 1 ;;
  esac
}

# Installs Debian packages the scripts need when they are missing (as root, or via sudo -n).
need_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo -n)
  echo "installing Debian packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
