#!/usr/bin/env bash
# npm test: type-check, lint, then every vitest test on Bun. The browser and PDF tests need Debian's
# chromium and poppler-utils: installed here when missing (as root), or we stop with the command.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Cài đặt gói còn thiếu: ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "Thiếu gói cần cho kiểm thử trình duyệt và PDF: ${need[*]}" >&2
    echo "Hãy chạy: sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi

echo "== tsc" && npx --no-install tsc --noEmit -p tsconfig.json
echo "== biome" && npx --no-install biome check .
echo "== vitest" && npx --no-install bun --bun vitest run --config test/vitest.config.ts "$@"
