#!/usr/bin/env bash
# Installs the system packages the test suite needs (Debian/Ubuntu). Idempotent: skips what is present.
# Used by .ci/run and the GitHub workflow; safe to run by hand (needs root or sudo).
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
command -v curl >/dev/null 2>&1 || need+=(curl)
# docs/relay.md's curl examples (run by test/docs/relay-curl.test.ts) read JSON with jq.
command -v jq >/dev/null 2>&1 || need+=(jq)
# Real-Chromium screenshots need fonts; the slim images lack them.
[ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu-core)
# The multi-instance backplane tests start a real Redis; the deploy tests validate alert rules and
# /metrics with promtool (shipped in Debian's prometheus package; its service is not started here).
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)

if [ "${#need[@]}" -gt 0 ]; then
  echo "setup-system: installing ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
else
  echo "setup-system: chromium, curl, jq, fonts, redis-server and promtool already present"
fi

# Debian's packages start their services where an init system runs; the tests start their own
# instances on free loopback ports, so stop any system-wide ones that came up with the install.
if command -v service >/dev/null 2>&1; then
  $SUDO service redis-server stop >/dev/null 2>&1 || true
  $SUDO service prometheus stop >/dev/null 2>&1 || true
fi

/usr/bin/chromium --version
redis-server --version
promtool --version 2>&1 | head -1
