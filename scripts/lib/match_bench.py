"""The Python half of scripts/match-bench.sh: the glossary, the pyahocorasick timing and the comparison.

  glossary TBX N OUT.csv        the seed glossary's entries plus generated ones, N in all, as the CLI's CSV
  text SEED COPIES OUT          the seed article COPIES times, each copy ending its last line
  ahocorasick CSV TEXT RUNS     pyahocorasick over TEXT: median wall and CPU seconds of the search, then of the whole job, and the hits
  time RUNS OUT COMMAND...       COMMAND's median wall and CPU seconds, its output to OUT
  compare CSV TBX TEXT JSON     tarjuman's answers (JSON of `tarjuman match --json`) beside pyahocorasick's
"""

import csv
import json
import statistics
import sys
import time
import unicodedata
import xml.etree.ElementTree as ET

import ahocorasick

TBX = "{urn:iso:std:iso:30042:ed-2}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويةأى"
MASK = (1 << 64) - 1


def seed_entries(tbx):
    """The seed glossary's entries: (id, pos, note, domain, [(ar term, status)], [(en term, status)])."""
    entries = []
    for entry in ET.parse(tbx).iter(TBX + "conceptEntry"):
        sides = {"ar": [], "en": []}
        pos = None
        for lang_sec in entry.iter(TBX + "langSec"):
            for term_sec in lang_sec.iter(TBX + "termSec"):
                notes = {n.get("type"): n.text for n in term_sec.iter(TBX + "termNote")}
                sides[lang_sec.get(XML_LANG)].append((term_sec.find(TBX + "term").text, notes["administrativeStatus"]))
                if lang_sec.get(XML_LANG) == "ar" and pos is None:
                    pos = notes.get("partOfSpeech")
        note = entry.find(TBX + "note")
        domain = entry.find(TBX + "descrip")
        entries.append((entry.get("id"), pos, note.text if note is not None else "",
                        domain.text if domain is not None else "", sides["ar"], sides["en"]))
    return entries


def generated_terms(n):
    """`n` terms of 1-4 random Arabic words of 3-8 letters with their match modes, as benches/common makes
    them (the same xorshift, the same seed, so the same terms)."""
    state = 0x2545_F491_4F6C_DD1D

    def below(k):
        nonlocal state
        state ^= (state << 13) & MASK
        state ^= state >> 7
        state ^= (state << 17) & MASK
        return state % k

    modes = ["proper", "inflected", "exact"]
    terms = []
    for i in range(n):
        words = []
        for _ in range(1 + below(4)):
            words.append("".join(LETTERS[below(len(LETTERS))] for _ in range(3 + below(6))))
        terms.append((" ".join(words), modes[i % 3]))
    return terms


def write_glossary(tbx, total, out):
    seed = seed_entries(tbx)
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["source", "target", "status", "pos", "match", "domain", "note", "concept"])
        for concept, pos, note, domain, ar, en in seed:
            first = True
            # One row per term, so that each keeps its own status; the entry's fields go on its first row.
            for source, target, status in [(t, "", s) for t, s in ar] + [("", t, s) for t, s in en]:
                fields = [pos, "", domain, note] if first else ["", "", "", ""]
                w.writerow([source, target, status] + fields + [concept])
                first = False
        for i, (source, mode) in enumerate(generated_terms(total - len(seed))):
            w.writerow([source, f"generated term {i}", "preferred", "", mode, "", "", ""])


def read_sources(glossary):
    """Every source term of the CSV glossary, as written, with its entry (concept id or row number)."""
    with open(glossary, newline="", encoding="utf-8") as f:
        return [(row["source"], row["concept"] or str(n)) for n, row in enumerate(csv.DictReader(f)) if row["source"]]


def automaton(terms):
    """Each term's value: the entries that have it (a generated term may spell a seed one), and its length."""
    entries = {}
    for term, entry in terms:
        entries.setdefault(term, []).append(entry)
    a = ahocorasick.Automaton()
    for term, owners in entries.items():
        a.add_word(term, (owners, len(term)))
    a.make_automaton()
    return a


def time_command(runs, out, command):
    """Runs `command` (its output to `out`) `runs` times; prints the median wall and CPU seconds."""
    import resource
    import subprocess

    readings = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        with open(out, "wb") as f:
            subprocess.run(command, stdout=f, check=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        readings.append((wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime))
    print(" ".join(f"{statistics.median(r[i] for r in readings):.4f}" for i in (0, 1)))


def time_ahocorasick(glossary, text_path, runs):
    """Two readings, each the median of `runs` in wall and in CPU seconds: the search alone, the automaton
    built beforehand, taking every hit (overlapping ones too), the most favourable to pyahocorasick; and the
    whole job as the CLI does it: read the glossary, build the automaton, read the text, search."""
    readings, hits = [], 0
    for _ in range(runs):
        start = (time.perf_counter(), time.process_time())
        a = automaton(read_sources(glossary))
        with open(text_path, encoding="utf-8") as f:
            text = f.read()
        searching = (time.perf_counter(), time.process_time())
        hits = sum(1 for _ in a.iter(text))
        end = (time.perf_counter(), time.process_time())
        readings.append([end[i] - searching[i] for i in (0, 1)] + [end[i] - start[i] for i in (0, 1)])
    medians = [statistics.median(r[i] for r in readings) for i in range(4)]
    print(" ".join(f"{m:.4f}" for m in medians), hits)


def is_word_char(c):
    return unicodedata.category(c)[0] in "LMN" or c == "\u0640"


def compare(glossary, tbx, text_path, answers_path):
    with open(text_path, encoding="utf-8") as f:
        text = f.read()
    with open(answers_path, encoding="utf-8") as f:
        segments = json.load(f)
    terms = read_sources(glossary)
    a = automaton(terms)
    seed = {concept: ar for concept, _, _, _, ar, _ in seed_entries(tbx)}
    seed_sources = {term: concept for concept, ar in seed.items() for term, _ in ar}

    ours = sum(len(s["matches"]) for s in segments)
    theirs = inside = 0
    for end, (_, length) in a.iter(text):
        theirs += 1
        start = end - length + 1
        before = text[start - 1] if start > 0 else " "
        after = text[end + 1] if end + 1 < len(text) else " "
        inside += is_word_char(before) or is_word_char(after)
    print(f"hits: tarjuman {ours:,}; pyahocorasick {theirs:,}, of which {inside:,} inside a longer word")

    # The seed's own terms, segment by segment: where tarjuman finds a seed entry, does pyahocorasick
    # find that entry over the same characters?
    found_by_us, found_by_them, missed, extra = set(), set(), 0, 0
    seed_hits = 0
    examples = {}
    for s in segments:
        theirs = [(e - n + 1, e + 1, entry) for e, (owners, n) in a.iter(s["text"]) for entry in owners if entry in seed]
        found_by_them.update(entry for _, _, entry in theirs)
        ours = [(m["start"], m["end"], seed_sources[m["source"]], m) for m in s["matches"] if m["source"] in seed_sources]
        seed_hits += len(ours)
        for start, end, entry, m in ours:
            found_by_us.add(entry)
            if not any(entry == e and b < end and start < f for b, f, e in theirs):
                missed += 1
                examples.setdefault(entry, f'«{m["surface"]}» for «{m["source"]}» ({m["kind"]})')
        for b, f, entry in theirs:
            if not any(entry == e and b < end and start < f for start, end, e, _ in ours):
                extra += 1
    print(f"seed glossary ({len(seed)} entries): tarjuman finds {len(found_by_us)} of them in the text, "
          f"pyahocorasick {len(found_by_them)}; "
          f"{len(found_by_us - found_by_them)} entries are found by tarjuman only")
    print(f"seed hits: tarjuman {seed_hits:,}, of which pyahocorasick misses {missed:,} "
          f"({100 * missed / max(seed_hits, 1):.0f}%); pyahocorasick hits of seed terms that tarjuman "
          f"does not report: {extra:,}")
    for entry, example in sorted(examples.items())[:12]:
        print(f"  missed by pyahocorasick: {example}")


def main():
    command, args = sys.argv[1], sys.argv[2:]
    if command == "glossary":
        write_glossary(args[0], int(args[1]), args[2])
    elif command == "text":
        with open(args[0], encoding="utf-8") as f:
            seed = f.read().rstrip("\n") + "\n"
        with open(args[2], "w", encoding="utf-8") as f:
            f.write(seed * int(args[1]))
    elif command == "time":
        time_command(int(args[0]), args[1], args[2:])
    elif command == "ahocorasick":
        time_ahocorasick(args[0], args[1], int(args[2]))
    elif command == "compare":
        compare(*args)
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main()
