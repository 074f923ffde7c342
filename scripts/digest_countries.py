"""Write the French, Spanish, Arabic and Russian UN short names into the digest's table
(synthesis/data/countries.json), from CLDR (Babel) plus the interface's override table
(forum/i18n/countries.py). The digest engine may not import Babel or the app, so it reads
the names from this generated table; run again after changing the overrides:

    PYTHONPATH=. .venv/bin/python scripts/digest_countries.py
"""

from __future__ import annotations

import json
from pathlib import Path

from forum.i18n.countries import cldr_or_un

TABLE = Path(__file__).resolve().parent.parent / "synthesis" / "data" / "countries.json"
LANGUAGES = ("fr", "es", "ar", "ru")
# Not a country, so not in CLDR's territories: the Union's own names in its languages.
EU = {"fr": "Union européenne", "es": "Unión Europea", "ar": "الاتحاد الأوروبي",
      "ru": "Европейский союз"}


def main() -> None:
    table = json.loads(TABLE.read_text("utf-8"))
    for code, names in table.items():
        for lang in LANGUAGES:
            name = EU[lang] if code == "EU" else cldr_or_un(code, lang)
            if name and name != code:
                names[lang] = name
    # One country a line, as the table was written by hand.
    lines = [f"  {json.dumps(code)}: {json.dumps(names, ensure_ascii=False)}"
             for code, names in sorted(table.items())]
    TABLE.write_text("{\n" + ",\n".join(lines) + "\n}\n", "utf-8")


if __name__ == "__main__":
    main()
