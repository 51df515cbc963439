#!/usr/bin/env bash
# Installs what the report needs outside Maven, idempotently:
#   fonts-wqy-microhei  – a CJK font, so Chinese in the PNG charts (JFreeChart/AWT) is drawn as glyphs, not boxes;
#   chromium            – the headless browser the report's browser test opens index.html with.
# As root it installs what is missing (apt-get update once, then apt-get install -y). Not root: it prints
# exactly what to install and exits 1. Nothing is done when both are already present.
# Called by `make test` / `make run` before Maven; safe to call again.
set -euo pipefail

missing=()
if ! { command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh family | grep -qiE 'WenQuanYi|Noto Sans CJK|Noto Serif CJK|Source Han|Droid Sans Fallback|AR PL'; }; then
  # fc-list may be absent on minimal systems; fall back to the package database.
  if ! dpkg-query -W -f='${Status}' fonts-wqy-microhei 2>/dev/null | grep -q 'install ok installed'; then
    missing+=(fonts-wqy-microhei)
  fi
fi
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  missing+=(chromium)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "ensure-report-deps: CJK font and chromium present."
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-report-deps: missing ${missing[*]}. The report needs a CJK font for its PNG charts and chromium for its browser test." >&2
  echo "Install them as root:  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "ensure-report-deps: installing ${missing[*]} …"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
if command -v fc-cache >/dev/null 2>&1; then
  fc-cache -f >/dev/null 2>&1 || true
fi
echo "ensure-report-deps: installed ${missing[*]}."
