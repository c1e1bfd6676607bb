#!/bin/sh
# Precompress static files next to the originals (file.css.gz, file.css.br) for nginx's gzip_static and
# brotli_static. Run after each deployment: deploy/compress-static.sh /srv/shop/app/static
set -eu
root="${1:-$(dirname "$0")/../static}"
find "$root" -type f \( -name '*.css' -o -name '*.js' -o -name '*.svg' -o -name '*.txt' -o -name '*.xml' \) |
while read -r file; do
  gzip -9 -k -f -n "$file"
  if command -v brotli >/dev/null; then brotli -q 11 -k -f "$file"; fi
done
