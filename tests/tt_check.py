"""Reads tarjuman's XLIFF 1.2, XLIFF 2 and TMX files with translate-toolkit, the third-party parser of issue 6.

Usage: tt_check.py XLIFF12 XLIFF2 TMX
Prints JSON: {"translate-toolkit": version, "xliff12": [{"id", "source", "target"}, ...], "xliff2": [...],
"tmx": [...]}, the units as translate-toolkit reads them (header units left out), texts untouched.
"""

import json
import sys

from translate.__version__ import sver
from translate.storage import tmx, xliff, xliff2

READERS = {"xliff12": xliff.xlifffile, "xliff2": xliff2.Xliff2File, "tmx": tmx.tmxfile}


def units(store_class, path):
    with open(path, "rb") as f:
        store = store_class.parsefile(f)
    return [
        {"id": unit.getid(), "source": unit.source, "target": unit.target}
        for unit in store.units
        if not unit.isheader()
    ]


def main(paths):
    result = {"translate-toolkit": sver}
    for (name, store_class), path in zip(READERS.items(), paths, strict=True):
        result[name] = units(store_class, path)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])
