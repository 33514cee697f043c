"""Keep i18n/zh_TW.po and i18n/zh_CN.po in step with i18n/phone_policy.pot.

    python3 tools/i18n_sync.py [--apply FILE.json]

- Drops entries no longer in the .pot, adds new ones, keeps translations.
- zh_CN entries left empty are filled from zh_TW through OpenCC (Taiwan
  phrases -> mainland phrases), then a few term fix-ups; a zh_CN translation
  written by hand is never overwritten.
- --apply FILE.json: {msgid: zh_TW translation} to fill in first.
Prints the msgids still untranslated (exit 1 if any).
"""

import json
import sys
from pathlib import Path

import polib

I18N = Path(__file__).resolve().parent.parent / "i18n"

# mainland wording OpenCC's tw2sp does not choose
CN_FIXUPS = {
    "纪录": "记录",
    "缺省": "默认",
    "帐号": "账号",
    "帐户": "账户",
    "档案": "文件",
    "讯息": "消息",
    "预设": "默认",
}


def to_simplified(text):
    from opencc import OpenCC

    converted = OpenCC("tw2sp").convert(text)
    for old, new in CN_FIXUPS.items():
        converted = converted.replace(old, new)
    return converted


def sync(lang, pot, fill_from=None, extra=None):
    path = I18N / f"{lang}.po"
    old = polib.pofile(str(path)) if path.exists() else polib.POFile()
    known = {(e.msgctxt, e.msgid): e.msgstr for e in old if e.msgstr and not e.obsolete}
    po = polib.POFile(wrapwidth=78)
    po.metadata = dict(pot.metadata)
    po.metadata["Language"] = lang
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.header = pot.header
    for entry in pot:
        new = polib.POEntry(
            msgid=entry.msgid,
            msgctxt=entry.msgctxt,
            occurrences=entry.occurrences,
            comment=entry.comment,
            tcomment=entry.tcomment,
            flags=list(entry.flags),
        )
        key = (entry.msgctxt, entry.msgid)
        new.msgstr = known.get(key, "")
        if extra and not new.msgstr and entry.msgid in extra:
            new.msgstr = extra[entry.msgid]
        if not new.msgstr and fill_from is not None and fill_from.get(key):
            new.msgstr = to_simplified(fill_from[key])
        po.append(new)
    po.save(str(path))
    return po


def main(argv):
    extra = None
    if len(argv) > 2 and argv[1] == "--apply":
        extra = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
    pot = polib.pofile(str(I18N / "phone_policy.pot"))
    tw = sync("zh_TW", pot, extra=extra)
    tw_map = {(e.msgctxt, e.msgid): e.msgstr for e in tw}
    cn = sync("zh_CN", pot, fill_from=tw_map)
    missing = sorted({e.msgid for po in (tw, cn) for e in po if not e.msgstr})
    for msgid in missing:
        print(json.dumps(msgid, ensure_ascii=False))
    print(f"{len(pot)} terms; untranslated: {len(missing)}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
