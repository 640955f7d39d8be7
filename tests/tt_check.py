"""Reads tarjuman's XLIFF 1.2, XLIFF 2 and TMX files with translate-toolkit, the third-party parser of issue 6.

Usage: tt_check.py NAME=PATH... where NAME is xliff12, xliff2 or tmx, optionally followed by a dot and a tag
(`xliff12.export=out.xlf`).
Prints JSON: {"translate-toolkit": version, NAME: [...], ...}, e.g. "xliff12": [{"id", "source", "target", "source_codes",
"target_codes", "alt_trans"}, ...], "xliff2": [...], "tmx": [...]}, the units as translate-toolkit reads them
(header units left out), texts untouched; an XLIFF 1.2 unit's `alt_trans` are its `<alt-trans>` as
{"origin", "source", "target"}; the codes are the inline elements of the rich source and target, in order, as
`name:id` (`ec:3` for an `<ec startRef="3">`); TMX has none (translate-toolkit reads its native data as text).
"""

import json
import sys

from lxml import etree
from translate.__version__ import sver
from translate.storage import tmx, xliff, xliff2

READERS = {"xliff12": xliff.xlifffile, "xliff2": xliff2.Xliff2File, "tmx": tmx.tmxfile}


def codes(rich):
    """The inline elements of a rich string, depth first, as `name:id`."""
    found = []

    def walk(elem):
        node = getattr(elem, "xml_node", None)
        if node is not None:
            name = etree.QName(node).localname
            found.append(f"{name}:{node.get('id') or node.get('startRef') or node.get('rid')}")
        elif type(elem).__name__ != "StringElem" and getattr(elem, "id", None) is not None:
            found.append(f"{type(elem).__name__.lower()}:{elem.id}")
        for sub in getattr(elem, "sub", []):
            if not isinstance(sub, str):
                walk(sub)

    for elem in rich or []:
        walk(elem)
    return found


def alternatives(unit):
    """An XLIFF 1.2 unit's `<alt-trans>`, as translate-toolkit offers them (a source it lacks is the unit's)."""
    return [
        {"origin": alt.xmlelement.get("origin"), "source": alt.source, "target": alt.target}
        for alt in unit.getalttrans()
    ]


def units(store_class, path):
    with open(path, "rb") as f:
        store = store_class.parsefile(f)
    rich = store_class is not tmx.tmxfile
    return [
        {
            "id": unit.getid(),
            "source": unit.source,
            "target": unit.target,
            "source_codes": codes(unit.rich_source) if rich else [],
            "target_codes": codes(unit.rich_target) if rich and unit.target is not None else [],
            "alt_trans": alternatives(unit) if store_class is xliff.xlifffile else [],
        }
        for unit in store.units
        if not unit.isheader()
    ]


def main(args):
    result = {"translate-toolkit": sver}
    for arg in args:
        name, path = arg.split("=", 1)
        result[name] = units(READERS[name.split(".")[0]], path)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])
