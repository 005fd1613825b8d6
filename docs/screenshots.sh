#!/usr/bin/env bash
# Takes the README's screenshots of a running server: home, a paper and a search, at desktop and phone widths, light
# and dark, with Debian's headless Chromium. Usage: docs/screenshots.sh [BASE_URL] (default http://localhost:8080).
set -euo pipefail
base="${1:-http://localhost:8080}"
out="$(cd "$(dirname "$0")" && pwd)/screenshots"
mkdir -p "$out"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
shoot() { # name path width height scheme(light|dark)
  local flags=()
  [ "$5" = dark ] && flags+=(--force-dark-mode --blink-settings=preferredColorScheme=0)
  [ "$5" = light ] && flags+=(--blink-settings=preferredColorScheme=1)
  chromium --headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
    --no-first-run --hide-scrollbars --user-data-dir="$profile" "${flags[@]}" --virtual-time-budget=3000 \
    --window-size="$3,$4" --screenshot="$out/$1-$5.png" "$base$2" >/dev/null 2>&1
}
for scheme in light dark; do
  shoot home-desktop / 1280 900 "$scheme"
  shoot home-phone / 390 844 "$scheme"
  shoot paper-desktop "${PAPER_PATH:-/papers/2608.20335}" 1280 900 "$scheme"
  shoot paper-phone "${PAPER_PATH:-/papers/2608.20335}" 390 844 "$scheme"
  shoot search-desktop "/search?q=${SEARCH_Q:-diffusion}" 1280 900 "$scheme"
  shoot search-phone "/search?q=${SEARCH_Q:-diffusion}" 390 844 "$scheme"
done
ls -1 "$out"
