"""Fill French translations: `python scripts/po_fill.py < translations.json` with {"English msgid": "French"}.

Run `make translations` first so the msgids exist in the catalog; unknown msgids are reported, not added.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

CATALOG = (
    Path(__file__).resolve().parent.parent / "shop" / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
)


def main() -> int:
    wanted: dict[str, str] = json.load(sys.stdin)
    with CATALOG.open("rb") as fh:
        catalog = read_po(fh, locale="fr")
    unknown = []
    for msgid, msgstr in wanted.items():
        message = catalog.get(msgid)
        if message is None:
            unknown.append(msgid)
            continue
        # A plural entry needs one string per form; French uses the same words for both here unless told otherwise.
        message.string = (msgstr, msgstr) if isinstance(message.id, tuple) else msgstr
        message.flags.discard("fuzzy")
    with CATALOG.open("wb") as fh:
        write_po(fh, catalog, width=120, omit_header=False, sort_output=True)
    for msgid in unknown:
        print(f"not in catalog (run make translations?): {msgid!r}", file=sys.stderr)
    missing = [m.id for m in catalog if m.id and not m.string]
    print(f"{len(wanted) - len(unknown)} set; {len(missing)} still untranslated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
