#!/usr/bin/env python3
"""Fill empty Vietnamese msgstr entries of a .po catalogue from a JSON file.

    python scripts/po_fill.py units/locale/vi/LC_MESSAGES/django.po translations.json

The JSON maps msgid -> msgstr, or msgid -> [singular, plural] for plural entries (Vietnamese has
one plural form, so only the first is used). Existing translations are kept unless --force.
Prints the msgids still untranslated, so nobody ships a half-translated page.
"""

import argparse
import json
import re
from pathlib import Path


def unquote(lines: list[str]) -> str:
    return "".join(json.loads(line) for line in lines)


def quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def parse_entry(block: str) -> dict:
    entry: dict = {"comments": [], "fields": {}, "order": []}
    current = None
    for line in block.splitlines():
        if line.startswith("#"):
            entry["comments"].append(line)
            continue
        match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line)
        if match:
            current = match.group(1)
            entry["fields"][current] = [match.group(2)]
            entry["order"].append(current)
        elif line.startswith('"') and current:
            entry["fields"][current].append(line)
    return entry


def render(entry: dict) -> str:
    lines = list(entry["comments"])
    for key in entry["order"]:
        value = unquote(entry["fields"][key])
        if len(value) > 70 and key.startswith("msg"):
            lines.append(f'{key} ""')
            parts = re.findall(r".{1,70}(?:\s|$)|.{1,70}", value, flags=re.S)
            lines += [quote(p) for p in parts if p]
        else:
            lines.append(f"{key} {quote(value)}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("catalogue")
    parser.add_argument("translations")
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args()
    path = Path(args.catalogue)
    translations = json.loads(Path(args.translations).read_text(encoding="utf-8"))
    blocks = path.read_text(encoding="utf-8").strip().split("\n\n")
    out, missing = [], []
    for index, block in enumerate(blocks):
        entry = parse_entry(block)
        fields = entry["fields"]
        msgid = unquote(fields.get("msgid", ['""']))
        if index == 0 or not msgid:
            out.append(block)
            continue
        found = translations.get(msgid)
        if isinstance(found, list):
            found = found[0]
        plural = "msgid_plural" in fields
        key = "msgstr[0]" if plural else "msgstr"
        current = unquote(fields.get(key, ['""']))
        fuzzy = any(c.startswith("#,") and "fuzzy" in c for c in entry["comments"])
        if found and (not current or fuzzy or args.force):
            fields[key] = [quote(found)]
            entry["comments"] = [
                c for c in entry["comments"] if not (c.startswith("#,") and "fuzzy" in c)
            ]
            current = found
        if not current:
            missing.append(msgid)
        out.append(render(entry))
    path.write_text("\n\n".join(out) + "\n", encoding="utf-8")
    for msgid in missing:
        print("untranslated:", msgid)


if __name__ == "__main__":
    main()
