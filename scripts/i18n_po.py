#!/usr/bin/env python3
"""Keep an addon's es.po in step with its freshly exported .pot (needs polib).

    i18n_po.py merge POT PO   rewrite PO with exactly the entries (and comments) of POT,
                              keeping each existing msgstr; lists msgids still to translate
    i18n_po.py check POT PO   exit 1 unless every msgid of POT has a non-empty msgstr in
                              PO with the same placeholders and markup

Odoo merges the module's .pot into the .po when it loads a language and drops the
translations of msgids missing from the .pot: always ship the two files together.

Refresh, from the repository root (a throwaway database without demo data):
    source scripts/lib.sh && setup_all && CONF=$(render_config odoo-test.conf i18n)
    drop_db pqr_i18n && init_db pqr_i18n /tmp/i18n.log --http-port 8274 --without-demo=all
    "${ODOO_BIN[@]}" -c "$CONF" -d pqr_i18n -i "$ADDONS" --without-demo=all \
        --http-port 8274 --stop-after-init --logfile=/tmp/i18n.log
    for m in pqr_servicios_publicos pqr_sui_reports; do
        "${ODOO_BIN[@]}" -c "$CONF" -d pqr_i18n --i18n-export=addons/$m/i18n/$m.pot \
            --modules=$m --stop-after-init
        .venv/bin/python scripts/i18n_po.py merge addons/$m/i18n/$m.pot addons/$m/i18n/es.po
    done
    # translate the msgstr "" listed as TO TRANSLATE, then:
    for m in pqr_servicios_publicos pqr_sui_reports; do
        .venv/bin/python scripts/i18n_po.py check addons/$m/i18n/$m.pot addons/$m/i18n/es.po
    done
    drop_db pqr_i18n
"""

import argparse
import re
import sys
from datetime import datetime, timezone

import polib

HEADER = {
    "Language": "es",
    "Language-Team": "Spanish",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
}
# %(name)s, %s, %d, {{ expression }}, {name} (format strings), t-out="..." and friends
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{.*?\}\}|\{\w*\}")
TAG = re.compile(r"<[^>]*>")
# attributes a translator may (must) translate inside a markup term
FREE_ATTRS = re.compile(r'\s(title|alt|placeholder|aria-label|label)="[^"]*"')


def normalize(text):
    return " ".join(text.split())


def key(entry):
    return (entry.msgctxt or "", entry.msgid)


def merge(pot_path, po_path, lang):
    pot = polib.pofile(pot_path, wrapwidth=78)
    try:
        old = polib.pofile(po_path)
    except OSError:
        old = polib.POFile()
    exact = {key(e): e.msgstr for e in old if e.msgstr and not e.obsolete}
    loose = {normalize(e.msgid): e.msgstr for e in old if e.msgstr and not e.obsolete}
    used, todo = set(), []
    for entry in pot:
        msgstr = exact.get(key(entry)) or loose.get(normalize(entry.msgid), "")
        entry.msgstr = msgstr
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
        if msgstr:
            used.add(normalize(entry.msgid))
        else:
            todo.append(entry.msgid)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M+0000")
    pot.metadata.update(HEADER, Language=lang)
    pot.metadata["PO-Revision-Date"] = now
    pot.save(po_path)
    dropped = [m for m in loose if m not in used]
    print(f"{po_path}: {len(pot)} msgids, {len(pot) - len(todo)} translated")
    for msgid in dropped:
        print(f"  dropped (no longer in the .pot): {msgid[:100]!r}")
    for msgid in todo:
        print(f"  TO TRANSLATE: {msgid[:100]!r}")
    return 0


def markup(text):
    return sorted(FREE_ATTRS.sub("", tag) for tag in TAG.findall(text))


def check(pot_path, po_path):
    pot, po = polib.pofile(pot_path), polib.pofile(po_path)
    translations = {key(e): e for e in po if not e.obsolete}
    errors = []
    for entry in pot:
        found = translations.get(key(entry))
        if not found or not found.msgstr.strip():
            errors.append(f"untranslated: {entry.msgid[:100]!r}")
            continue
        if "fuzzy" in found.flags:
            errors.append(f"fuzzy: {entry.msgid[:100]!r}")
        if sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(
            PLACEHOLDER.findall(found.msgstr)
        ):
            errors.append(f"placeholders differ: {entry.msgid[:100]!r}")
        if markup(entry.msgid) != markup(found.msgstr):
            errors.append(f"markup differs: {entry.msgid[:100]!r}")
    extra = set(translations) - {key(e) for e in pot}
    for _ctxt, msgid in sorted(extra):
        errors.append(f"not in the .pot (Odoo would ignore it): {msgid[:100]!r}")
    print(f"{po_path}: {len(pot)} msgids in the .pot, {len(pot) - len(errors)} ok")
    for error in errors:
        print(f"  {error}")
    return 1 if errors else 0


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=["merge", "check"])
    parser.add_argument("pot")
    parser.add_argument("po")
    parser.add_argument("--lang", default="es", help="Language header (merge)")
    args = parser.parse_args()
    if args.command == "merge":
        return merge(args.pot, args.po, args.lang)
    return check(args.pot, args.po)


if __name__ == "__main__":
    sys.exit(main())
