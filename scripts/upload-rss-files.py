"""Writes the files of upload-rss.sh, each about SIZE_MB megabytes: DIR SIZE_MB."""
import sys
import zipfile

out, size = sys.argv[1], int(sys.argv[2]) * 1024 * 1024
SOURCE = "أرسلت منظمة معاهدة الأمن الجماعي قوات إلى كازاخستان بعد احتجاجات واسعة"
TARGET = "The Collective Security Treaty Organization sent troops to Kazakhstan after wide protests"


def fill(head, unit, tail):
    count = (size - len(head) - len(tail)) // len(unit(0).encode())
    return head + "".join(unit(n) for n in range(count)) + tail


def write(name, text):
    with open(f"{out}/{name}", "w", encoding="utf-8") as f:
        f.write(text)


write("units.xlf", fill(
    '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
    '<file source-language="ar" datatype="plaintext" original="rss"><body>\n',
    lambda n: f'<trans-unit id="{n:07}"><source>{SOURCE} {n:07}.</source><target>{TARGET} {n:07}.</target></trans-unit>\n',
    "</body></file></xliff>\n"))
write("units2.xlf", fill(
    '<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" '
    'srcLang="ar"><file id="f">\n',
    lambda n: f'<unit id="u{n:07}"><segment><source>{SOURCE} {n:07}.</source><target>{TARGET} {n:07}.</target></segment></unit>\n',
    "</file></xliff>\n"))
write("units.tmx", fill(
    '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="rss" creationtoolversion="1" '
    'segtype="sentence" o-tmf="rss" adminlang="en" srclang="ar" datatype="plaintext"/><body>\n',
    lambda n: f'<tu><tuv xml:lang="ar"><seg>{SOURCE} {n:07}.</seg></tuv><tuv xml:lang="en"><seg>{TARGET} {n:07}.</seg></tuv></tu>\n',
    "</body></tmx>\n"))
write("article.html", fill("<!doctype html>\n<html><body>\n", lambda n: f"<p>{SOURCE} {n:07}.</p>\n", "</body></html>\n"))
write("article.txt", fill("", lambda n: f"{SOURCE} {n:07}.\n", ""))
write("terms.tbx", fill(
    '<?xml version="1.0" encoding="UTF-8"?>\n<tbx type="TBX-Basic" style="dca" xml:lang="en" '
    'xmlns="urn:iso:std:iso:30042:ed-2"><tbxHeader><fileDesc><sourceDesc><p>rss</p></sourceDesc></fileDesc>'
    "</tbxHeader><text><body>\n",
    lambda n: f'<conceptEntry id="c{n:07}"><langSec xml:lang="ar"><termSec><term>{SOURCE[:20]} {n:07}</term></termSec>'
    f'</langSec><langSec xml:lang="en"><termSec><term>{TARGET[:20]} {n:07}</term></termSec></langSec></conceptEntry>\n',
    "</body></text></tbx>\n"))
write("empty-elements.xlf", fill(
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="ar" '
    'datatype="plaintext" original="x"><body>', lambda n: "<x/>", "</body></file></xliff>"))
write("empty-elements.tmx", fill('<tmx version="1.4"><header srclang="ar"/><body>', lambda n: "<x/>", "</body></tmx>"))

# A Word document whose document.xml is SIZE_MB of paragraphs; stored, not deflated, so the upload is that size.
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
document = fill(f'<?xml version="1.0" encoding="UTF-8"?>\n<w:document xmlns:w="{W}"><w:body>',
                lambda n: f"<w:p><w:r><w:t>{SOURCE} {n:07}.</w:t></w:r></w:p>", "</w:body></w:document>")
with zipfile.ZipFile(f"{out}/article.docx", "w", zipfile.ZIP_STORED) as z:
    z.writestr("[Content_Types].xml",
               '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Default Extension="xml" ContentType="application/xml"/></Types>')
    z.writestr("word/document.xml", document)
