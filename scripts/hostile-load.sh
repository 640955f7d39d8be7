#!/usr/bin/env bash
# Hostile uploads under load: every hostile file of tests/data/ (hostile-docx/ holds ../shared/documents/
# hostile-docx/, the files that crashed Apache POI), plus
# generated ones (nesting 20,000 to 100,000 deep, entity bombs, a DOCX whose document nests 90,000 levels),
# posted CLIENTS at a time (default 20) to every upload route for SECONDS (default 60) against a fresh release
# server. It fails if the server dies, answers any 5xx or drops a connection, if its peak RSS passes 1 GiB,
# or if its RSS is not back under 200 MiB once the load is over. Loopback only.
#
#     scripts/hostile-load.sh [SECONDS] [CLIENTS]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/server.sh
seconds=${1:-60}
clients=${2:-20}
server_init hostile "${PORT:-18490}"

# The files: what other people's fuzzers and suites found, and what the audit built.
files="$data/files"
mkdir -p "$files"
cp tests/data/hostile-docx/*.docx "$files/"
find tests/data -type f \( -path '*invalid*' -o -name '*bad*' -o -name '*poorly*' \) -exec cp {} "$files/" \;
python3 - "$files" <<'PY'
import sys, zipfile, io
out = sys.argv[1]
def write(name, text):
    with open(f"{out}/{name}", "w", encoding="utf-8") as f:
        f.write(text)
xliff = ('<?xml version="1.0"?><xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">'
         '<file source-language="ar" target-language="en" datatype="plaintext" original="x"><body>'
         '<trans-unit id="1"><source>{}</source></trans-unit></body></file></xliff>')
write("nested-20000.xlf", xliff.format("<g>" * 20000 + "x" + "</g>" * 20000))
write("nested-100000.html", "<div>" * 100000 + "x")
write("nested-tmx-50000.tmx", '<tmx version="1.4"><header srclang="ar"/><body>' + "<tu>" * 50000)
write("laughs.xlf", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
      ']><xliff version="1.2"><file source-language="ar" target-language="en"><body>'
      '<trans-unit id="1"><source>&b;</source></trans-unit></body></file></xliff>')
write("laughs.html", '<!DOCTYPE html [<!ENTITY lol "lol"><!ENTITY lol9 "&lol;&lol;">]><p>&lol9;</p>')
write("nested.tbx", '<tbx type="TBX-Basic" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>'
      + "<hi>" * 30000)
doc = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
       + "<w:p>" * 90000 + "</w:p>" * 90000 + "</w:body></w:document>")
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    z.writestr("word/document.xml", doc)
open(f"{out}/nested-90000.docx", "wb").write(buffer.getvalue())
PY
echo "$(ls "$files" | wc -l) hostile files"

server_start
token=$(server_token hostile)
auth=(-H "Authorization: Bearer $token")
article=$(curl -fsS "${auth[@]}" -H 'Content-Type: application/json' "$url/api/v1/articles" \
  -d '{"title":"target","source_lang":"ar","target_lang":"en","text":"مرحبا بالعالم."}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
glossary=$(curl -fsS "${auth[@]}" "$url/api/v1/glossaries" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')

# The page route signs in like a browser: the form's token, then the glossary page's token.
jar="$data/cookies"
login_csrf=$(curl -fsS -c "$jar" "$url/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
curl -fsS -b "$jar" -c "$jar" -o /dev/null "$url/login" \
  --data-urlencode "csrf=$login_csrf" --data-urlencode username=admin \
  --data-urlencode "password=$admin_password" --data-urlencode next=/
page_csrf=$(curl -fsS -b "$jar" "$url/glossaries/$glossary" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
[ -n "$page_csrf" ] || { echo "could not sign in for the page route"; exit 1; }

post() { # ROUTE FILE → status code
  local name; name=$(basename "$2")
  case "$1" in
    new) curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" --data-binary "@$2" \
           "$url/api/v1/articles/import?name=$name&source_lang=ar&target_lang=en&title=hostile" ;;
    into) curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" --data-binary "@$2" \
           "$url/api/v1/articles/$article/import" ;;
    tm) curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" --data-binary "@$2" "$url/api/v1/tm/import" ;;
    glossary) curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" --data-binary "@$2" \
           "$url/api/v1/glossaries/$glossary/import?format=tbx" ;;
    preview) curl -s -o /dev/null -w '%{http_code}' -b "$jar" -F "csrf=$page_csrf" -F "file=@$2" \
           "$url/glossaries/$glossary/import" ;;
  esac
}

rss() { awk -v key="$1" '$1 == key":" { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0; }
echo "RSS before: $(( $(rss VmRSS) / 1024 )) MiB"

mapfile -t all < <(ls "$files")
routes=(new into tm glossary preview)
deadline=$(( $(date +%s) + seconds ))
for worker in $(seq 1 "$clients"); do
  (
    i=$worker
    while [ "$(date +%s)" -lt "$deadline" ]; do
      file="$files/${all[$(( i % ${#all[@]} ))]}"
      route=${routes[$(( (i / ${#all[@]} + worker) % ${#routes[@]} ))]}
      echo "$route $(basename "$file") $(post "$route" "$file")"
      i=$(( i + clients ))
    done
  ) >"$data/worker-$worker.log" &
done
peak=0
while [ "$(date +%s)" -lt "$deadline" ] && kill -0 "$pid" 2>/dev/null; do
  now=$(rss VmRSS); [ "${now:-0}" -gt "$peak" ] && peak=$now
  sleep 0.2
done
wait $(jobs -p | grep -v "^$server_pid$") 2>/dev/null || true

failed=0
if ! kill -0 "$pid" 2>/dev/null; then
  echo "FAIL: the server died"; tail -n 20 "$data/server.out"; server_pid=; failed=1
fi
cat "$data"/worker-*.log > "$data/all.log"
echo "requests: $(wc -l < "$data/all.log")"
awk '{ print $1, $3 }' "$data/all.log" | sort | uniq -c | sort -k2,2 -k3,3
bad=$(awk '$3 ~ /^(5..|000)$/' "$data/all.log")
if [ -n "$bad" ]; then echo "FAIL: 5xx or dropped connections:"; echo "$bad" | sort | uniq -c | head -n 20; failed=1; fi
if [ -n "$server_pid" ]; then
  high=$(rss VmHWM)
  sleep 5
  after=$(rss VmRSS)
  echo "peak RSS: $(( high / 1024 )) MiB (sampled $(( peak / 1024 )) MiB); RSS 5 s after: $(( after / 1024 )) MiB; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  [ "$high" -lt $(( 1024 * 1024 )) ] || { echo "FAIL: peak RSS over 1 GiB"; failed=1; }
  [ "$after" -lt $(( 200 * 1024 )) ] || { echo "FAIL: RSS not back under 200 MiB"; failed=1; }
  curl -fsS "$url/healthz" >/dev/null || { echo "FAIL: not serving after the load"; failed=1; }
fi
exit "$failed"
