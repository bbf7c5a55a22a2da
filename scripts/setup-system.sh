#!/usr/bin/env bash
# Installs the system packages the test suite needs (Debian/Ubuntu). Idempotent: skips what is present.
# Used by .ci/run and the GitHub workflow; safe to run by hand (needs root or sudo).
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
command -v curl >/dev/null 2>&1 || need+=(curl)
# Real-Chromium screenshots need fonts; the slim images lack them.
[ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu-core)

if [ "${#need[@]}" -gt 0 ]; then
  echo "setup-system: installing ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
else
  echo "setup-system: chromium, curl and fonts already present"
fi

chromium --version || /usr/bin/chromium --version
