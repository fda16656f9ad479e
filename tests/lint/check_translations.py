#!/usr/bin/env python3
"""Checks the console's translations (translations/*.ts) the way a reviewer would:

- no message is left unfinished (the UI ships complete in every language);
- every translation keeps its source's placeholders (%1, %2, ..., %n) and, when the source has a
  keyboard accelerator (&X), has one too;
- every .ts file holds the same (context, source) messages as pier_en.ts.

Exit code 0 when all hold; otherwise each problem is printed as file: context: source: problem.
"""
import argparse
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

PLACEHOLDER = re.compile(r"%(?:\d+|n)")
ACCELERATOR = re.compile(r"&(?!&)(?=\w)")


def messages(path):
    """Yields (context, source, numerus, translations, unfinished) for every message."""
    root = ET.parse(path).getroot()
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else "unfinished"
            if kind in ("vanished", "obsolete"):
                continue
            forms = [f.text or "" for f in translation.iter("numerusform")] if translation is not None else []
            if not forms and translation is not None:
                forms = [translation.text or ""]
            yield name, source, message.get("numerus") == "yes", forms, kind == "unfinished"


def check_file(path):
    problems = []
    keys = set()
    for context, source, numerus, forms, unfinished in messages(path):
        keys.add((context, source))
        where = f"{path.name}: {context}: {source!r}"
        if unfinished:
            problems.append(f"{where}: unfinished")
            continue
        wanted = sorted(set(PLACEHOLDER.findall(source)))
        for form in forms:
            if sorted(set(PLACEHOLDER.findall(form))) != wanted:
                problems.append(f"{where}: placeholders {wanted} but translation {form!r}")
            if ACCELERATOR.search(source) and not ACCELERATOR.search(form):
                problems.append(f"{where}: the source has an accelerator, the translation {form!r} none")
        if not forms or any(not f for f in forms) and source:
            problems.append(f"{where}: empty translation")
    return keys, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True, type=Path, help="the translations/ folder")
    args = parser.parse_args()
    files = sorted(args.dir.glob("*.ts"))
    if not files:
        print(f"no .ts files in {args.dir}")
        return 1
    all_keys = {}
    problems = []
    for f in files:
        keys, found = check_file(f)
        all_keys[f.name] = keys
        problems += found
    reference = all_keys.get("pier_en.ts", set())
    for name, keys in all_keys.items():
        for context, source in sorted(reference - keys):
            problems.append(f"{name}: {context}: {source!r}: missing")
    for p in problems:
        print(p)
    print(f"check_translations: {len(files)} files, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
