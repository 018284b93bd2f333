#!/usr/bin/env bash
# Installs what DSEKit needs from Debian's packages, and only what is missing:
#   libglpk-dev        GLPK 5.0 headers and library (a solver, linked in-process)
#   coinor-libcbc-dev  CBC 2.10 headers and libraries (the other solver, linked in-process)
# Extra packages can be named as arguments (e.g. glpk-utils for the benchmarks' glpsol).
set -euo pipefail

packages=(libglpk-dev coinor-libcbc-dev "$@")
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
    echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
else
  sudo=()
fi

echo "install-deps: installing ${missing[*]}" >&2
# On some machines apt's sandbox user cannot verify signatures; retry as root if so.
"${sudo[@]}" apt-get update -qq || "${sudo[@]}" apt-get -o APT::Sandbox::User=root update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
  || DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get -o APT::Sandbox::User=root install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
