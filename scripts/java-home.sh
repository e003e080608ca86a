# shellcheck shell=sh disable=SC3043  # `local` works in every sh that matters (dash, bash, ksh, zsh)
# Source this file (". scripts/java-home.sh") to get a JDK >= 21 on JAVA_HOME and PATH.
#
# - If JAVA_HOME already points at a JDK >= 21, it is kept.
# - Otherwise the newest JDK >= 21 found under /usr/lib/jvm (or the `java` on PATH) is used.
# - If there is none, a message explains how to install one and the function returns 1.
#
# POSIX sh; safe to source from bash scripts running with `set -euo pipefail`. CJ_MIN_JAVA overrides 21.

# Prints the major version of the java binary under the JDK home $1 (e.g. 17, 21, 25), or nothing.
_cj_java_major() {
  local home="$1" line ver major
  [ -x "$home/bin/java" ] || return 0
  line="$("$home/bin/java" -version 2>&1 | grep -m1 -i 'version "' || true)"
  ver="${line#*\"}"
  ver="${ver%%\"*}"
  case "$ver" in
    1.*) major="${ver#1.}"; major="${major%%.*}" ;;      # 1.8.0_402 -> 8
    *) major="${ver%%[.+-]*}" ;;                          # 21.0.2 / 25-ea / 21+35 -> 21 / 25
  esac
  case "$major" in ''|*[!0-9]*) return 0 ;; esac
  printf '%s\n' "$major"
}

# A JDK (not a bare JRE): Maven needs javac.
_cj_is_jdk() { [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ]; }

_cj_java_home() {
  local min="${CJ_MIN_JAVA:-21}" best="" best_major=0 cand real major path_java
  if [ -n "${JAVA_HOME:-}" ] && _cj_is_jdk "$JAVA_HOME"; then
    major="$(_cj_java_major "$JAVA_HOME")"
    if [ -n "$major" ] && [ "$major" -ge "$min" ]; then
      export JAVA_HOME
      case ":$PATH:" in *":$JAVA_HOME/bin:"*) ;; *) export PATH="$JAVA_HOME/bin:$PATH" ;; esac
      return 0
    fi
  fi

  # Candidates: every JDK under /usr/lib/jvm, plus the one behind `java` on PATH.
  path_java="$(command -v java 2>/dev/null || true)"
  if [ -n "$path_java" ]; then
    path_java="$(readlink -f "$path_java" 2>/dev/null || true)"
    path_java="${path_java%/bin/java}"
  fi
  for cand in /usr/lib/jvm/* "$path_java"; do
    if [ -z "$cand" ] || [ ! -d "$cand" ]; then continue; fi
    real="$(readlink -f "$cand" 2>/dev/null || printf '%s' "$cand")"
    _cj_is_jdk "$real" || continue
    major="$(_cj_java_major "$real")"
    [ -n "$major" ] || continue
    if [ "$major" -ge "$min" ] && [ "$major" -gt "$best_major" ]; then
      best="$real"
      best_major="$major"
    fi
  done

  if [ -z "$best" ]; then
    {
      echo "ERROR: no JDK >= $min found (JAVA_HOME='${JAVA_HOME:-}', searched /usr/lib/jvm and PATH)."
      echo "       This project targets Java $min. Install a JDK $min or newer, for example:"
      echo "         - Debian/Ubuntu: sudo apt-get install openjdk-21-jdk   (Debian 13+/Ubuntu 22.04+),"
      echo "           or Eclipse Temurin from https://adoptium.net/installation/linux/ (temurin-21-jdk)"
      echo "         - SDKMAN:        sdk install java 21-tem"
      echo "       then re-run, or point JAVA_HOME at it: export JAVA_HOME=/path/to/jdk-21"
    } >&2
    return 1
  fi

  if [ -n "${JAVA_HOME:-}" ] && [ "${CJ_QUIET_JAVA:-}" != "1" ]; then
    echo "note: JAVA_HOME=$JAVA_HOME is not a JDK >= $min; using $best (Java $best_major)" >&2
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
  return 0
}

_cj_java_home
