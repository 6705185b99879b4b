#!/usr/bin/env bash
# Refreshes the vendored front-end files under eiso/static/vendor from the npm registry.
# Run by a developer when a version changes; the output is committed, so neither CI nor
# a deployment needs npm or network access.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=eiso/static/vendor; tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
get() {  # get NAME@VERSION SUBDIR FILE...
  local spec=$1 sub=$2; shift 2; local tgz
  tgz=$(cd "$tmp" && npm pack --silent "$spec" 2>/dev/null | tail -1)
  mkdir -p "$tmp/${tgz%.tgz}" "$dest/$sub"; tar -xzf "$tmp/$tgz" -C "$tmp/${tgz%.tgz}"
  for f in "$@"; do cp "$tmp/${tgz%.tgz}/package/$f" "$dest/$sub/"; done
  echo "$spec $(sha256sum "$tmp/$tgz" | cut -d' ' -f1)" >> "$dest/VERSIONS.txt"
}
rm -rf "$dest"; mkdir -p "$dest"
get bootstrap@5.3.9 bootstrap dist/css/bootstrap.min.css dist/css/bootstrap.min.css.map \
    dist/js/bootstrap.bundle.min.js dist/js/bootstrap.bundle.min.js.map LICENSE
get bootstrap-icons@1.13.2 bootstrap-icons font/bootstrap-icons.min.css LICENSE
mkdir -p "$dest/bootstrap-icons/fonts"; tar -xzf "$tmp"/bootstrap-icons-1.13.2.tgz -C "$tmp" package/font/fonts
cp "$tmp"/package/font/fonts/bootstrap-icons.woff{,2} "$dest/bootstrap-icons/fonts/"
get chart.js@4.6.1 chartjs dist/chart.umd.min.js dist/chart.umd.min.js.map LICENSE.md
get htmx.org@2.0.11 htmx dist/htmx.min.js LICENSE
