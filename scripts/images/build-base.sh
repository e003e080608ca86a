#!/usr/bin/env bash
# Builds the base image of the five service images, without a container engine:
#
#   1. mmdebstrap makes a minimal Debian rootfs (variant minbase, suite $BASE_SUITE, default
#      trixie) with a headless JRE ($BASE_JRE, default openjdk-25-jre-headless), from Debian's
#      mirrors, with the security and point-release updates, and adds user and group 185
#      (jboss, home /home/jboss), the user the Helm chart runs every pod as.
#   2. The rootfs becomes the one layer of an image whose config runs as 185, with java on
#      PATH and JAVA_HOME set, packed as a docker-save tar: $BASE_TAR
#      (target/images/base/jre-base.tar). Quarkus' Jib extension takes it as
#      quarkus.jib.base-jvm-image=tar://... (see docs/images.md).
#
# The tar is rebuilt only when its inputs changed (suite, JRE, mirrors, this script);
# BASE_REBUILD=1 rebuilds it anyway, e.g. to pick up Debian security updates.
# Needs root (or a user namespace for mmdebstrap's unshare mode) and the Debian packages
# mmdebstrap and jq, which it installs when it runs as root and they are missing.
set -euo pipefail
# shellcheck source=scripts/images/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

need_packages mmdebstrap jq

inputs="suite=$BASE_SUITE jre=$BASE_JRE mirror=$DEBIAN_MIRROR security=$DEBIAN_SECURITY_MIRROR script=$(cat "${BASH_SOURCE[0]}" "$IMAGES_ROOT/scripts/images/common.sh" | sha256sum | cut -c1-16)"
if [ -z "${BASE_REBUILD:-}" ] && [ -f "$BASE_TAR" ] && [ "$(cat "$BASE_DIR/inputs" 2>/dev/null)" = "$inputs" ]; then
  echo "base image up to date: $BASE_TAR (BASE_REBUILD=1 rebuilds it)"
  exit 0
fi

start=$(date +%s)
work="$BASE_DIR/work"
rm -rf "$work" "$BASE_TAR" "$BASE_DIR/inputs"
mkdir -p "$work/pack"

echo "mmdebstrap: Debian $BASE_SUITE minbase + $BASE_JRE"
# The hooks get the rootfs as "$1": single quotes are meant.
# shellcheck disable=SC2016
# Docs, man pages and translations are left out (copyright files stay); the JRE's postinst
# still needs /usr/share/man/man1 for its update-alternatives links.
mmdebstrap \
  --variant=minbase \
  --mode="${MMDEBSTRAP_MODE:-auto}" \
  --include="$BASE_JRE" \
  --aptopt='Acquire::Retries "3"' \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --setup-hook='mkdir -p "$1/usr/share/man/man1"' \
  --customize-hook='chroot "$1" groupadd --system --gid 185 jboss' \
  --customize-hook='chroot "$1" useradd --system --uid 185 --gid 185 --home-dir /home/jboss --create-home --shell /usr/sbin/nologin jboss' \
  --customize-hook="chroot \"\$1\" readlink -f /usr/bin/java > '$work/java'" \
  --customize-hook="chroot \"\$1\" dpkg-query -W -f '\${Package} \${Version}\n' > '$work/packages.txt'" \
  --customize-hook='rm -rf "$1"/var/log/apt/* "$1"/var/log/dpkg.log "$1"/var/log/alternatives.log "$1"/var/cache/debconf/*-old "$1"/var/cache/ldconfig/aux-cache' \
  --customize-hook='chmod 755 "$1/home/jboss"' \
  "$BASE_SUITE" "$work/rootfs" \
  "deb $DEBIAN_MIRROR $BASE_SUITE main" \
  "deb $DEBIAN_MIRROR $BASE_SUITE-updates main" \
  "deb $DEBIAN_SECURITY_MIRROR $BASE_SUITE-security main"

java_bin="$(cat "$work/java")"                      # /usr/lib/jvm/java-25-openjdk-amd64/bin/java
java_home="${java_bin%/bin/java}"
jre_version="$(awk -v p="$BASE_JRE" '$1 == p { print $2 }' "$work/packages.txt")"
arch="$(dpkg --print-architecture)"
created="$(date -u ${SOURCE_DATE_EPOCH:+-d @$SOURCE_DATE_EPOCH} +%Y-%m-%dT%H:%M:%SZ)"

# The layer: the rootfs with an empty /dev (the container runtime mounts its own), entries
# sorted and owners numeric, so that the same packages give the same layer.
tar -C "$work/rootfs" --numeric-owner --sort=name --exclude='./dev/*' -cf "$work/rootfs.tar" .
rm -rf "$work/rootfs"

echo "packing docker-save tar ($BASE_JRE $jre_version, JAVA_HOME=$java_home)"
diff_id="sha256:$(sha256sum "$work/rootfs.tar" | cut -d' ' -f1)"
layer="${diff_id#sha256:}.tar.gz"
if command -v pigz >/dev/null; then pigz -n -6 <"$work/rootfs.tar" >"$work/pack/$layer"
else gzip -n -6 <"$work/rootfs.tar" >"$work/pack/$layer"; fi

jq -n \
  --arg arch "$arch" --arg created "$created" --arg diff "$diff_id" \
  --arg javaHome "$java_home" --arg suite "$BASE_SUITE" --arg jre "$BASE_JRE" --arg jreVersion "$jre_version" \
  '{
    architecture: $arch,
    os: "linux",
    created: $created,
    config: {
      User: "185",
      Env: [
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        ("JAVA_HOME=" + $javaHome),
        "LANG=C.UTF-8"
      ],
      WorkingDir: "/home/jboss",
      Labels: {
        "io.cjm.base.description": ("Debian " + $suite + " minbase, " + $jre + " " + $jreVersion + ", user 185 (jboss)"),
        "io.cjm.base.jre": ($jre + " " + $jreVersion)
      }
    },
    rootfs: { type: "layers", diff_ids: [$diff] },
    history: [ { created: $created, created_by: ("scripts/images/build-base.sh: mmdebstrap --variant=minbase " + $suite + " + " + $jre + " " + $jreVersion + ", user 185") } ]
  }' >"$work/config.json"
config="$(sha256sum "$work/config.json" | cut -d' ' -f1).json"
mv "$work/config.json" "$work/pack/$config"
jq -n --arg config "$config" --arg layer "$layer" --arg tag "journey-suite/jre-base:$BASE_SUITE" \
  '[{Config: $config, RepoTags: [$tag], Layers: [$layer]}]' >"$work/pack/manifest.json"

tar -C "$work/pack" --owner=0 --group=0 --numeric-owner -cf "$BASE_TAR" manifest.json "$config" "$layer"
cp "$work/packages.txt" "$BASE_DIR/packages.txt"
rm -rf "$work"
echo "$inputs" >"$BASE_DIR/inputs"
echo "base image: $BASE_TAR ($(du -h "$BASE_TAR" | cut -f1), $(wc -l <"$BASE_DIR/packages.txt") Debian packages listed in $BASE_DIR/packages.txt) in $(( $(date +%s) - start )) s"
