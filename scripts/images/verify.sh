#!/usr/bin/env bash
# Checks the service images in the registry through its HTTP API (curl and jq; no container
# engine). For each service, <IMAGE_REGISTRY>/<service>:<IMAGE_TAG> must:
#   - exist, as a manifest whose config and layers the registry serves;
#   - run as user 185, which the image's /etc/passwd knows (the chart's runAsUser);
#   - start the Quarkus app: entrypoint `java ... -jar quarkus-run.jar` in the working
#     directory, with /usr/bin/java in a layer;
#   - hold the fast-jar (quarkus-run.jar, lib/, app/, quarkus/) in that directory, owned
#     by root and not writable by the user the app runs as;
#   - expose the port the chart gives the service (services.<name>.port in values.yaml).
# Same environment as build.sh (IMAGE_REGISTRY, IMAGE_TAG, SERVICES, IMAGE_INSECURE);
# REGISTRY_USERNAME / REGISTRY_PASSWORD for a registry that needs a login.
set -euo pipefail
# shellcheck source=scripts/images/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

read -r -a services <<<"${SERVICES:-${ALL_SERVICES[*]}}"
host="${IMAGE_REGISTRY%%/*}"
path=""
[[ "$IMAGE_REGISTRY" == */* ]] && path="${IMAGE_REGISTRY#*/}/"
if is_local_registry || [ "${IMAGE_INSECURE:-false}" = true ]; then scheme=http; else scheme=https; fi
base_url="$scheme://$host/v2"
cache="$IMAGES_ROOT/target/images/verify"
mkdir -p "$cache"
auth=()
[ -n "${REGISTRY_USERNAME:-}" ] && auth=(-u "$REGISTRY_USERNAME:${REGISTRY_PASSWORD:-}")

# GET with the registry's token flow when it answers 401 with a Bearer challenge.
token=""
get() { # url [curl args...]
  local url="$1"; shift
  local hdr=()
  [ -n "$token" ] && hdr=(-H "Authorization: Bearer $token")
  local code
  code=$(curl -sS -L -o "$cache/.body" -D "$cache/.headers" -w '%{http_code}' "${hdr[@]}" "$@" "$url") || return 1
  if [ "$code" = 401 ] && grep -qi '^www-authenticate: *bearer' "$cache/.headers"; then
    local challenge realm service scope
    challenge=$(grep -i '^www-authenticate:' "$cache/.headers" | tr -d '\r')
    realm=$(sed -n 's/.*realm="\([^"]*\)".*/\1/p' <<<"$challenge")
    service=$(sed -n 's/.*service="\([^"]*\)".*/\1/p' <<<"$challenge")
    scope=$(sed -n 's/.*scope="\([^"]*\)".*/\1/p' <<<"$challenge")
    token=$(curl -fsS "${auth[@]}" -G "$realm" --data-urlencode "service=$service" --data-urlencode "scope=$scope" | jq -r '.token // .access_token')
    code=$(curl -sS -L -o "$cache/.body" -D "$cache/.headers" -w '%{http_code}' -H "Authorization: Bearer $token" "$@" "$url") || return 1
  elif [ "$code" = 401 ] && [ ${#auth[@]} -gt 0 ]; then
    code=$(curl -sS -L -o "$cache/.body" -D "$cache/.headers" -w '%{http_code}' "${auth[@]}" "$@" "$url") || return 1
  fi
  [ "$code" = 200 ] || { echo "HTTP $code for $url" >&2; return 1; }
  cat "$cache/.body"
}

# The service's port in the chart's values.yaml (services.<name>.port).
chart_port() {
  awk -v svc="$1" '
    /^services:/ { in_s = 1; next }
    in_s && $0 ~ "^  " svc ":" { in_svc = 1; next }
    in_svc && /^  [^ #]/ { in_svc = 0 }
    in_svc && /^    port:/ { print $2; exit }
  ' "$IMAGES_ROOT/k8s/journey-suite/values.yaml"
}

accept='application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.v2+json'
failures=0
for svc in "${services[@]}"; do
  ref="$IMAGE_REGISTRY/$svc:$IMAGE_TAG"
  repo="$path$svc"
  problems=()
  if ! manifest=$(get "$base_url/$repo/manifests/$IMAGE_TAG" -H "Accept: $accept"); then
    echo "FAIL $ref: no such manifest in the registry"
    failures=$((failures + 1))
    continue
  fi
  digest=$(grep -i '^docker-content-digest:' "$cache/.headers" | tr -d '\r' | awk '{print $2}')
  config=$(get "$base_url/$repo/blobs/$(jq -r .config.digest <<<"$manifest")")
  user=$(jq -r '.config.User // ""' <<<"$config")
  workdir=$(jq -r '.config.WorkingDir // ""' <<<"$config")
  entrypoint=$(jq -c '.config.Entrypoint // []' <<<"$config")
  ports=$(jq -r '(.config.ExposedPorts // {}) | keys | join(",")' <<<"$config")
  [ "${user%%:*}" = 185 ] || problems+=("user is '$user', not 185")
  jq -e '.[0] == "java" and (index(["-jar"]) != null) and (.[-1] == "quarkus-run.jar" or (.[-1] | endswith("/quarkus-run.jar")))' \
    <<<"$entrypoint" >/dev/null || problems+=("entrypoint $entrypoint does not run quarkus-run.jar with java")
  want_port="$(chart_port "$svc")"
  [[ ",$ports," == *",$want_port/tcp,"* ]] || problems+=("exposed ports '$ports', the chart uses $want_port")

  # List every layer (blobs are cached by digest: the base layer is fetched once).
  : >"$cache/$svc.files"
  for layer in $(jq -r '.layers[].digest' <<<"$manifest"); do
    f="$cache/${layer#sha256:}.list"
    if [ ! -s "$f" ]; then
      get "$base_url/$repo/blobs/$layer" >"$cache/.blob"
      tar -tvzf "$cache/.blob" --numeric-owner --warning=no-unknown-keyword >"$f"
      if grep -qE ' \.?/?etc/passwd$' "$f"; then
        tar -xzOf "$cache/.blob" --warning=no-unknown-keyword --wildcards '*etc/passwd' >"${f%.list}.passwd" 2>/dev/null || true
      fi
      rm -f "$cache/.blob"
    fi
    cat "$f" >>"$cache/$svc.files"
    [ -f "${f%.list}.passwd" ] && cp "${f%.list}.passwd" "$cache/$svc.passwd"
  done
  wd="${workdir#/}"
  has() { grep -qE "[ ]\.?/?$1( -> .*)?\$" "$cache/$svc.files"; }
  for p in "$wd/quarkus-run.jar" "$wd/quarkus/quarkus-application.dat" "$wd/app/$svc-[^/]*\\.jar" "$wd/lib/main/[^/]*\\.jar" "usr/bin/java"; do
    has "$p" || problems+=("no $p in the layers")
  done
  # The app's files: owned by root, not writable by group or others (the app cannot change itself).
  bad_owner=$(grep -E "[ ]\.?/?$wd/(quarkus-run\.jar|app/|lib/|quarkus/)" "$cache/$svc.files" |
    awk '$2 !~ /^0\/0$/ || substr($1, 6, 1) == "w" || substr($1, 9, 1) == "w"' | head -3)
  [ -z "$bad_owner" ] || problems+=("app files writable by the app user: $bad_owner")
  grep -q '^[^:]*:[^:]*:185:' "$cache/$svc.passwd" 2>/dev/null || problems+=("no user 185 in the image's /etc/passwd")

  size=$(jq '[.layers[].size] | add' <<<"$manifest")
  if [ ${#problems[@]} -eq 0 ]; then
    printf 'ok   %s  %s  user=%s  workdir=%s  ports=%s  layers=%s  %s MB\n     entrypoint=%s\n' \
      "$ref" "${digest:0:19}" "$user" "$workdir" "$ports" "$(jq '.layers | length' <<<"$manifest")" \
      "$((size / 1000000))" "$entrypoint"
  else
    echo "FAIL $ref"
    printf '     - %s\n' "${problems[@]}"
    failures=$((failures + 1))
  fi
done
if [ "$failures" -gt 0 ]; then
  echo "$failures of ${#services[@]} images failed the checks" >&2
  exit 1
fi
echo "${#services[@]} images checked in $IMAGE_REGISTRY (tag $IMAGE_TAG)"
