#!/usr/bin/env bash
# Installs the Debian packages the test suite needs and pip cannot provide: Chromium for the
# browser tests (Playwright cannot download its own browser on our networks), fonts with
# Vietnamese glyphs, the Pango libraries WeasyPrint renders PDFs with, and npm, which installs the
# test-only assets of package.json (axe-core, scripts/install-test-assets.sh).
set -euo pipefail
packages=(chromium fonts-liberation2 fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils)
missing=()
# A Node.js installed otherwise (nvm, NodeSource) serves as well as Debian's: only ask for it when none is found.
command -v npm >/dev/null || missing+=(nodejs npm)
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "Thiếu gói hệ thống (missing system packages): ${missing[*]}. Hãy cài bằng trình quản lý gói của máy." >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Cài gói hệ thống (installing system packages): ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
