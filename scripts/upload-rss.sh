#!/usr/bin/env bash
# Peak memory of one upload of about 20 MB in each format, against a fresh release server with its own
# database. The peak is the server's VmHWM, reset before each upload (`echo 5 > /proc/PID/clear_refs`), so
# every line is that upload alone. Not a test: it prints figures. Loopback only. SIZE_MB changes the size.
# Article files say no target language, so the server reads the whole file and then refuses it (422) before
# any database work: storing 80,000 segments takes minutes and measures PostgreSQL, not the reader. The
# memory and the glossary are imported for real. FRESH=1 restarts the server before each upload, so that each
# starts from the same RSS and no upload reuses what an earlier one left to the allocator. ONLY="units2.xlf …"
# measures just the files it names.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/server.sh
size_mb=${SIZE_MB:-20}
server_init upload-rss "${PORT:-18491}"
start() { server_start TARJUMAN_MAX_BODY_BYTES=$(((size_mb + 4) * 1024 * 1024)); }
start
token=$(server_token upload-rss)
auth=(-H "Authorization: Bearer $token")
glossary=$(curl -fsS "${auth[@]}" -H 'Content-Type: application/json' \
  -d '{"name":"rss","source_lang":"ar","target_lang":"en"}' "$url/api/v1/glossaries" | sed 's/.*"id":\([0-9]*\).*/\1/')

python3 scripts/upload-rss-files.py "$data" "$size_mb"

kib() { awk -v k="$1" '$1 == k":" { print $2 }' "/proc/$pid/status"; }
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-22s %8s %10s %10s %10s %7s  %s\n' file MB "RSS before" "peak" "RSS after" "peak/MB" answer
upload() { # name, route
  local file="$data/$1" before peak after status
  if [ -n "${ONLY:-}" ] && [[ " $ONLY " != *" $1 "* ]]; then return 0; fi
  if [ -n "${FRESH:-}" ]; then
    server_stop
    start
  fi
  before=$(kib VmRSS)
  echo 5 >"/proc/$pid/clear_refs"
  status=$(curl -sS --max-time 600 -o "$data/answer" -w '%{http_code}' "${auth[@]}" -H 'Content-Type: application/octet-stream' \
    --data-binary @"$file" "$url$2")
  peak=$(kib VmHWM)
  # What the allocator gives back, it gives back within moments of the upload's end.
  sleep 3
  after=$(kib VmRSS)
  local mb=$(($(stat -c %s "$file") / 1048576))
  printf '%-22s %8s %9sM %9sM %9sM %7s  %s %s\n' "$1" "$mb" $((before / 1024)) $((peak / 1024)) $((after / 1024)) \
    "$(awk -v p="$peak" -v b="$before" -v m="$mb" 'BEGIN { printf "%.1f", (p - b) / 1024 / m }')" "$status" \
    "$(head -c 100 "$data/answer")"
}
langs="source_lang=ar"
upload units.xlf "/api/v1/articles/import?name=units.xlf&$langs"
upload units2.xlf "/api/v1/articles/import?name=units2.xlf&$langs"
upload units.tmx /api/v1/tm/import
upload article.docx "/api/v1/articles/import?name=article.docx&$langs"
upload article.html "/api/v1/articles/import?name=article.html&$langs"
upload article.txt "/api/v1/articles/import?name=article.txt&$langs"
upload terms.tbx "/api/v1/glossaries/$glossary/import?format=tbx"
upload empty-elements.xlf "/api/v1/articles/import?name=empty-elements.xlf&$langs"
upload empty-elements.tmx /api/v1/tm/import
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
