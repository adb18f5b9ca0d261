#!/usr/bin/env bash
# Installs what the browser tests need beyond Python packages, so that a new machine and CI
# run the same `make test`: Debian's Chromium (Playwright's own browser download is not used)
# with a font for Chinese (for screenshots that show text, not boxes), axe-core from npm, and
# citeproc-js from npm (the reference engine of the CSL conformance test, tests/conformance).
# Does nothing, and says nothing, when all of it is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM=/usr/bin/chromium
AXE_DIR=tests/browser
CSL_DIR=tests/conformance

apt_packages=()
[[ -x $CHROMIUM ]] || apt_packages+=(chromium)
command -v npm >/dev/null || apt_packages+=(npm)
[[ $(dpkg-query --show --showformat='${db:Status-Status}' fonts-noto-cjk 2>/dev/null) == installed ]] \
    || apt_packages+=(fonts-noto-cjk)

if ((${#apt_packages[@]})); then
    echo "Installing ${apt_packages[*]} with apt-get" >&2
    sudo=()
    ((EUID == 0)) || sudo=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
fi

# npm ci writes node_modules/.package-lock.json; older than the lock file means the pinned
# versions changed since the last install.
for dir in "$AXE_DIR" "$CSL_DIR"; do
    installed=$dir/node_modules/.package-lock.json
    if [[ ! -f $installed || $dir/package-lock.json -nt $installed ]]; then
        echo "Installing the npm packages of $dir with npm ci" >&2
        npm ci --prefix "$dir" --no-audit --no-fund --silent
    fi
done
