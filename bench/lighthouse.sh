#!/usr/bin/env bash
# Lighthouse (mobile, the default) on the public pages of a running shop; prints the four category scores per page.
# Not part of `make test` (it downloads Lighthouse from npm once and takes about 10 s per page).
#   DATABASE_URL=sqlite:////tmp/lh.sqlite3 .venv/bin/flask db upgrade && DATABASE_URL=... .venv/bin/flask shop demo
#   DATABASE_URL=... .venv/bin/gunicorn -w 2 -b 127.0.0.1:5055 'shop:create_app()' &
#   bash bench/lighthouse.sh http://127.0.0.1:5055
set -euo pipefail
base="${1:-http://127.0.0.1:5055}"
work="${LIGHTHOUSE_DIR:-/tmp/lighthouse}"
mkdir -p "$work"
[ -x "$work/node_modules/.bin/lighthouse" ] || npm install --prefix "$work" --no-audit --no-fund --loglevel=error lighthouse@12
pages=(/fr/ /en/ /fr/auteurs/ /fr/presse/ /fr/entretiens/ /fr/agenda /fr/aide-lecture /en/aide-lecture /fr/panier
       /fr/cgv /en/cgv /fr/mentions-legales /fr/confidentialite /fr/espace-presse/ /fr/lettre/)
for page in "${pages[@]}"; do
  CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}" "$work/node_modules/.bin/lighthouse" "$base$page" --quiet \
    --chrome-flags="--headless=new --no-sandbox" --output=json --output-path="$work/report.json" >/dev/null 2>&1
  python3 - "$page" "$work/report.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[2]))
scores = "  ".join(f"{k} {round(v['score'] * 100)}" for k, v in report["categories"].items())
print(f"{sys.argv[1]:<24} {scores}")
PY
done
