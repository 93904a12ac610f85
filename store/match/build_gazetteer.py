"""Build the shipped gazetteer of every settlement of Ukraine, run by hand when sources change.

The sources are the official KATOTTG codifier and its companions (OCHA English names, OSM names
and old names, the 2016 and 2023-25 renamings), described in their folder's SOURCES.md. The
project never reads them at run time: it ships what this script writes. The exact command:

    .venv/bin/python -m store.match.build_gazetteer \\
        --source ../shared/data/gazetteer \\
        --curated store/data/gazetteer.jsonl \\
        --output store/data/settlements.tsv.gz

Every hand-curated entry of ``--curated`` is kept: a Ukrainian settlement is linked to its
KATOTTG code by name and oblast, keeps its old id (claims and editors' ``/alias place:`` rows
refer to it) and brings its extra names; other entries (regions, Russian places, landmarks) are
copied as they are. A malformed source row stops the build with its file and line, and nothing
is written. The output format is described in ``store/match/settlements.py``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import re
import sys
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from store.match.russian import russian_forms
from store.match.settlements import HEADER as FORMAT_HEADER
from store.match.text import APOSTROPHES
from store.match.translit import RU_LETTERS, UK_LETTERS, has_cyrillic, transliterate

KATOTTG_FILE = "ua_katottg_2025-07-02.csv"
OCHA_FILE = "ua_settlements_en_ocha.csv"
RENAMED_FILE = "ua_renamed_settlements.csv"
OSM_FILE = "ua_osm_names_of_places.csv"

LIST_SEP = "|"

CODE_RE = re.compile(r"^UA\d{17}$")
SETTLEMENT_CATEGORIES = frozenset("MXCK")
UNIT_CATEGORIES = frozenset("OPH")
# How many level codes a row of each category fills.
CATEGORY_DEPTH = {"O": 1, "K": 1, "P": 2, "H": 3, "M": 4, "X": 4, "C": 4, "B": 5}
KIND_OF_CATEGORY = {"M": "city", "K": "city", "X": "town", "C": "village"}
CATEGORIES_OF_KIND = {"city": "MK", "town": "XM", "village": "C"}
SETTLEMENT_KINDS = frozenset(CATEGORIES_OF_KIND)

KATOTTG_HEADER = (
    "Перший рівень", "Другий рівень", "Третій рівень", "Четвертий рівень", "Додатковий рівень",
    "Категорія об’єкта", "Назва об’єкта",
)  # fmt: skip
OCHA_HEADER = ("katottg", "name_current_katottg", "pcode", "name_en", "name_uk_ocha")
RENAMED_HEADER = (
    "katottg", "name_current", "category", "oblast", "raion", "hromada", "old_name",
    "old_name_raw", "source", "period", "kind",
)  # fmt: skip
OSM_HEADER = (
    "osm_id", "katotth", "koatuu", "name", "name:uk", "place", "population", "postal_code",
    "old_name", "old_name:uk", "region", "rayon", "hromada",
)  # fmt: skip

_CLEAN_NAME = re.compile(r"^[^\W\d_]+(?:['\- .][^\W\d_]+)*\.?$")


class SourceError(Exception):
    """A malformed source row: the build stops and names the file and line."""

    def __init__(self, path: Path, line: int, reason: str) -> None:
        super().__init__(f"{path}:{line}: {reason}")


# ---------------------------------------------------------------------------------------------
# Names


def clean_name(name: str) -> str:
    """NFC, the apostrophe the matcher uses ('), single spaces, no trailing blanks."""
    name = unicodedata.normalize("NFC", name).translate(APOSTROPHES)
    return " ".join(name.split())


def name_key(name: str) -> str:
    """Key under which two spellings of a name are the same name (case, apostrophes, ё)."""
    return clean_name(name).lower().replace("'", "").replace("ё", "е")


def press_spellings(latin: str) -> list[str]:
    """English spellings the press uses beside KMU 2010: Kupiansk -> Kupyansk, Zaporizhia."""
    out = []
    for pattern, repl in (
        (r"iansk\b", "yansk"),
        (r"ianka\b", "yanka"),
        (r"zhzh", "zh"),
        (r"ia\b", "iya"),
        (r"ia\b", "ya"),
        (r"skyi\b", "sky"),
        (r"tskyi\b", "tsky"),
        (r"yi\b", "y"),
        (r"iivka\b", "iyivka"),
    ):
        variant = re.sub(pattern, repl, latin)
        if variant != latin and variant not in out:
            out.append(variant)
    return out


def _is_russian(name: str, uk_name: str) -> bool:
    """An OSM ``name`` that differs from ``name:uk`` and reads as Russian (Ветвистое)."""
    low = name.lower()
    if any(ch in RU_LETTERS for ch in low):
        return True
    return not any(ch in UK_LETTERS for ch in low) and any(
        ch in UK_LETTERS for ch in uk_name.lower()
    )


def _usable(name: str) -> bool:
    """A name worth indexing: letters only, Cyrillic, no notes in brackets or digits."""
    return bool(name) and has_cyrillic(name) and bool(_CLEAN_NAME.match(name))


# ---------------------------------------------------------------------------------------------
# Sources


@dataclass
class Unit:
    code: str
    category: str
    name: str


@dataclass
class Settlement:
    code: str
    category: str
    oblast: str
    raion: str
    hromada: str
    name: str
    line: int
    uk: list[str] = field(default_factory=list)
    en: list[str] = field(default_factory=list)
    ru: list[str] = field(default_factory=list)
    old: list[str] = field(default_factory=list)


def _rows(path: Path, delimiter: str, header: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
    """Rows after the header with their line numbers; a wrong header or width is an error."""
    try:
        fh = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise SourceError(path, 0, f"cannot read: {exc.strerror}") from exc
    with fh:
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            first = next(reader, None)
            if first is None or tuple(c.strip() for c in first) != header:
                raise SourceError(path, 1, f"header is not {delimiter.join(header)}")
            line = reader.line_num
            for row in reader:
                start, line = line + 1, reader.line_num
                if not row:
                    continue
                if len(row) != len(header):
                    raise SourceError(path, start, f"{len(row)} columns, expected {len(header)}")
                yield start, row
        except csv.Error as exc:
            raise SourceError(path, reader.line_num, f"unreadable CSV: {exc}") from exc
        except UnicodeDecodeError as exc:
            raise SourceError(path, reader.line_num + 1, "not UTF-8") from exc


def _check_code(path: Path, line: int, code: str, what: str) -> None:
    if not CODE_RE.match(code):
        raise SourceError(path, line, f"{what} {code!r} is not a KATOTTG code (UA + 17 digits)")


def read_katottg(path: Path) -> tuple[dict[str, Unit], list[Settlement]]:
    """Oblasts, raions and hromadas by code, and every settlement with its own level codes."""
    units: dict[str, Unit] = {}
    settlements: list[Settlement] = []
    seen: set[str] = set()
    for line, row in _rows(path, ";", KATOTTG_HEADER):
        levels = [c.strip() for c in row[:5]]
        category, name = row[5].strip(), clean_name(row[6])
        if category not in CATEGORY_DEPTH:
            raise SourceError(path, line, f"unknown category {category!r}")
        if not name:
            raise SourceError(path, line, "empty name")
        depth = CATEGORY_DEPTH[category]
        if any(not c for c in levels[:depth]) or any(levels[depth:]):
            raise SourceError(path, line, f"category {category} needs exactly {depth} level codes")
        for code in levels[:depth]:
            _check_code(path, line, code, "level code")
        own = levels[depth - 1]
        if own in seen:
            raise SourceError(path, line, f"code {own} listed twice")
        seen.add(own)
        if category in UNIT_CATEGORIES or category == "K":
            units[own] = Unit(own, category, name)
        if category in SETTLEMENT_CATEGORIES:
            oblast = levels[0]
            raion = levels[1] if depth > 1 else ""
            hromada = levels[2] if depth > 2 else ""
            settlements.append(Settlement(own, category, oblast, raion, hromada, name, line))
    for s in settlements:
        for code in (s.oblast, s.raion, s.hromada):
            if code and code not in units:
                raise SourceError(path, s.line, f"level code {code} names no row of the codifier")
    return units, settlements


def read_ocha(path: Path) -> dict[str, tuple[str, str]]:
    """KATOTTG code -> (English name, the Ukrainian name OCHA gives it)."""
    out = {}
    for line, row in _rows(path, ",", OCHA_HEADER):
        code, _, _, name_en, name_uk = (c.strip() for c in row)
        if not code:
            continue  # the few OCHA rows that join no current settlement
        _check_code(path, line, code, "katottg")
        if not name_en:
            raise SourceError(path, line, "empty name_en")
        out[code] = (clean_name(name_en), clean_name(name_uk))
    return out


def read_renamed(path: Path) -> dict[str, list[str]]:
    """KATOTTG code -> names before the renamings and older spellings."""
    out: dict[str, list[str]] = defaultdict(list)
    for line, row in _rows(path, ",", RENAMED_HEADER):
        code, old, kind = row[0].strip(), clean_name(row[6]), row[10].strip()
        _check_code(path, line, code, "katottg")
        if kind not in ("rename", "spelling"):
            raise SourceError(path, line, f"kind {kind!r} is neither rename nor spelling")
        if not old:
            raise SourceError(path, line, "empty old_name")
        out[code].append(old)
    return out


@dataclass
class OsmNames:
    uk: str
    ru: str
    old: list[str]


def read_osm(path: Path) -> dict[str, OsmNames]:
    """KATOTTG code -> OSM names: a Ukrainian spelling, a Russian ``name``, old names."""
    out = {}
    for line, row in _rows(path, ",", OSM_HEADER):
        code = row[1].strip()
        if not code:
            continue  # OSM places the codifier does not list
        _check_code(path, line, code, "katotth")
        name, name_uk = clean_name(row[3]), clean_name(row[4])
        ru = name if name and name_uk and name != name_uk and _is_russian(name, name_uk) else ""
        old = [clean_name(n) for col in (8, 9) for n in row[col].split(";")]
        out[code] = OsmNames(name_uk, ru, [n for n in old if n])
    return out


def read_curated(path: Path) -> list[dict]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SourceError(path, line_no, f"not JSON: {exc.msg}") from exc
            if not isinstance(entry, dict) or not entry.get("id"):
                raise SourceError(path, line_no, "an entry needs an id")
            out.append(entry)
    return out


# ---------------------------------------------------------------------------------------------
# Names of one settlement


class _Names:
    """Names of one place by language, each name once per language (by ``name_key``).

    A name may be both Ukrainian and Russian (Бахмут): it stays in both lists, because the
    language decides which case forms the matcher generates. An old name that is also a
    current one is dropped.
    """

    def __init__(self) -> None:
        self.lists: dict[str, list[str]] = {"uk": [], "en": [], "ru": [], "old": []}
        self._seen: dict[str, set[str]] = {lang: set() for lang in self.lists}

    def add(self, lang: str, names: Iterable[str]) -> None:
        for name in names:
            name = clean_name(name)
            key = name_key(name)
            if not name or LIST_SEP in name or key in self._seen[lang]:
                continue
            if lang == "old" and any(key in seen for seen in self._seen.values()):
                continue
            self._seen[lang].add(key)
            self.lists[lang].append(name)


def settlement_names(
    s: Settlement,
    ocha: dict[str, tuple[str, str]],
    renamed: dict[str, list[str]],
    osm: dict[str, OsmNames],
) -> _Names:
    names = _Names()
    names.add("uk", [s.name])
    o = osm.get(s.code)
    en = []
    old_en = []
    if s.code in ocha:
        name_en, name_uk = ocha[s.code]
        (en if name_key(name_uk) == name_key(s.name) else old_en).append(name_en)
        if name_key(name_uk) != name_key(s.name) and _usable(name_uk):
            names.add("old", [name_uk])
    kmu = transliterate(s.name, "uk")
    en.append(kmu)
    for latin in list(en):
        en.extend(press_spellings(latin))
    names.add("en", en)
    names.add("ru", ([o.ru] if o and o.ru else []) + list(russian_forms(s.name)))
    # OSM's name:uk dates from 2023: where it differs it is a name from before a renaming.
    osm_old = ([o.uk] if o.uk and not _is_russian(o.uk, s.name) else []) + o.old if o else []
    olds = [n for n in renamed.get(s.code, []) + osm_old if _usable(n)]
    names.add("old", olds)
    # The Russian forms of an old name are generated, as the current name's are: they rank
    # with them, so "Петровка" is every Petrivka, not only the villages that were Petrivka.
    for old in olds:
        names.add("ru", russian_forms(old)[:2])
    names.add("old", old_en)
    return names


# ---------------------------------------------------------------------------------------------
# Curated entries


def oblast_slugs(units: dict[str, Unit], curated: list[dict]) -> dict[str, str]:
    """KATOTTG oblast (and Kyiv, Sevastopol) code -> the curated gazetteer's oblast slug."""
    by_name: dict[str, str] = {}
    for entry in curated:
        if entry.get("kind") not in ("oblast", "city") or not entry.get("oblast"):
            continue
        for name in entry.get("uk", []):
            key = name_key(name)
            if entry["kind"] == "oblast":
                by_name.setdefault(key.removesuffix(" область"), entry["oblast"])
            elif key in ("київ", "севастополь"):
                by_name.setdefault(key, entry["oblast"])
    out = {}
    for code, unit in units.items():
        if unit.category in "OK" and name_key(unit.name) in by_name:
            out[code] = by_name[name_key(unit.name)]
    return out


def _candidates(
    entry: dict, pool: list[Settlement], names_of: dict[str, _Names], units: dict[str, Unit]
) -> list[Settlement]:
    """Settlements of the entry's oblast it may be: by current name, else by a name before a
    renaming (Сєвєродонецьк) or a soft sign apart, narrowed by category, English name and the
    id's raion hint."""
    wanted = {name_key(n) for n in entry.get("uk", [])}
    found = [s for s in pool if name_key(s.name) in wanted]
    if not found:
        wanted |= {name_key(n) for n in entry.get("old", []) if has_cyrillic(n)}
        found = [s for s in pool if wanted & {name_key(n) for n in names_of[s.code].lists["old"]}]
    if not found:  # a soft sign spelled differently (Мінківка, Міньківка)
        soft = {k.replace("ь", "") for k in wanted}
        found = [s for s in pool if name_key(s.name).replace("ь", "") in soft]
    if len(found) > 1:
        cats = CATEGORIES_OF_KIND.get(entry.get("kind", ""), "")
        found = [s for s in found if s.category in cats] or found
    if len(found) > 1:
        en = {name_key(n) for n in entry.get("en", [])}
        found = [s for s in found if en & {name_key(n) for n in names_of[s.code].lists["en"]}] or (
            found
        )
    if len(found) > 1:
        found = _by_id_hint(entry, found, units) or found
    return found


def _by_id_hint(entry: dict, found: list[Settlement], units: dict[str, Unit]) -> list[Settlement]:
    """Ids such as "opytne-avdiivka" name the hromada or raion: keep the settlements there."""
    hint = entry["id"].rsplit("-", 1)[-1] if "-" in entry["id"] else ""
    if len(hint) < 5 or hint == entry.get("oblast"):
        return []
    stem = hint[:-2]
    return [
        s
        for s in found
        if any(
            transliterate(units[c].name, "uk").lower().startswith(stem)
            for c in (s.raion, s.hromada)
            if c in units
        )
    ]


@dataclass
class Linking:
    linked: dict[str, dict] = field(default_factory=dict)  # KATOTTG code -> curated entry
    unlinked: list[tuple[str, str]] = field(default_factory=list)  # (id, reason)
    kept: list[dict] = field(default_factory=list)  # entries shipped as they are
    # id -> the KATOTTG codes an unlinked entry may be (several settlements of its name)
    maybe: dict[str, list[str]] = field(default_factory=dict)


def link_curated(
    curated: list[dict],
    settlements: list[Settlement],
    slugs: dict[str, str],
    names_of: dict[str, _Names],
    units: dict[str, Unit],
) -> Linking:
    """Tie each curated Ukrainian settlement to one KATOTTG settlement by name and oblast."""
    by_slug: dict[str, list[Settlement]] = defaultdict(list)
    for s in settlements:
        if s.oblast in slugs:
            by_slug[slugs[s.oblast]].append(s)
    result = Linking()
    for entry in curated:
        if entry.get("kind") not in SETTLEMENT_KINDS or entry.get("oblast") not in by_slug:
            result.kept.append(entry)
            continue
        found = _candidates(entry, by_slug[entry["oblast"]], names_of, units)
        if len(found) == 1 and found[0].code not in result.linked:
            result.linked[found[0].code] = entry
            continue
        if not found:
            reason = "no settlement of that name in the oblast"
        elif len(found) > 1:
            reason = f"{len(found)} settlements of that name in the oblast"
            result.maybe[entry["id"]] = [s.code for s in found]
        else:
            reason = f"its settlement {found[0].code} is already linked"
        result.unlinked.append((entry["id"], reason))
        result.kept.append(entry)
    return result


def _measure_russian(report: BuildReport, entry: dict, s: Settlement) -> None:
    """Count the hand-written Russian names the generator reproduces from the Ukrainian ones."""
    generated = {name_key(f) for n in [s.name, *entry.get("uk", [])] for f in russian_forms(n)}
    for name in entry.get("ru", []):
        report.curated_russian += 1
        report.curated_russian_generated += name_key(name) in generated


def merge_curated(entry: dict, names: _Names) -> _Names:
    """The settlement's current name first, then the curated spellings (press forms, Russian
    forms written by hand, old names), then the generated ones; a curated name that is now a
    name from before a renaming counts as old."""
    olds = {name_key(n) for n in names.lists["old"]}
    merged = _Names()
    merged.add("uk", names.lists["uk"][:1])
    curated_uk = [n for n in entry.get("uk", []) if name_key(n) not in olds]
    merged.add("old", [n for n in entry.get("uk", []) if name_key(n) in olds])
    merged.add("uk", curated_uk)
    for lang in ("en", "ru", "old"):
        merged.add(lang, entry.get(lang, []))
    for lang in ("uk", "en", "ru", "old"):
        merged.add(lang, names.lists[lang])
    return merged


# ---------------------------------------------------------------------------------------------
# Output


def _field(value: str) -> str:
    if "\t" in value or "\n" in value:
        raise ValueError(f"a tab or newline in {value!r}")
    return value


def _place_line(
    pid: str,
    code: str,
    category: str,
    kind: str,
    oblast_slug: str,
    levels: tuple,
    names: dict,
    maybe: Iterable[str] = (),
) -> str:
    lists = [LIST_SEP.join(names.get(lang, [])) for lang in ("uk", "en", "ru", "old")]
    cols = ["P", pid, code, category, kind, oblast_slug, *levels, *lists, LIST_SEP.join(maybe)]
    return "\t".join(_field(c) for c in cols)


@dataclass
class BuildReport:
    settlements: int = 0
    curated: int = 0
    linked: int = 0
    unlinked: list[tuple[str, str]] = field(default_factory=list)
    names: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    russian_generated: int = 0
    curated_russian: int = 0  # Russian names written by hand for linked settlements
    curated_russian_generated: int = 0  # ... that the generator also produces


def build_lines(source: Path, curated_path: Path | None) -> tuple[list[str], BuildReport]:
    """Read and check every source, then return the output lines and what was built."""
    units, settlements = read_katottg(source / KATOTTG_FILE)
    ocha = read_ocha(source / OCHA_FILE)
    renamed = read_renamed(source / RENAMED_FILE)
    osm = read_osm(source / OSM_FILE)
    curated = read_curated(curated_path) if curated_path else []

    report = BuildReport(settlements=len(settlements), curated=len(curated))
    names_of = {s.code: settlement_names(s, ocha, renamed, osm) for s in settlements}
    slugs = oblast_slugs(units, curated)
    linking = link_curated(curated, settlements, slugs, names_of, units)
    report.linked, report.unlinked = len(linking.linked), linking.unlinked

    lines = [FORMAT_HEADER]
    for code, unit in units.items():
        lines.append("\t".join(_field(c) for c in ("U", code, unit.category, unit.name)))
    for s in settlements:
        names = names_of[s.code]
        report.russian_generated += len(russian_forms(s.name))
        entry = linking.linked.get(s.code)
        pid, kind = s.code, KIND_OF_CATEGORY[s.category]
        if entry is not None:
            _measure_russian(report, entry, s)
            names = merge_curated(entry, names)
            pid, kind = entry["id"], entry.get("kind", kind)
        for lang, values in names.lists.items():
            report.names[lang] += len(values)
        levels = (s.oblast, s.raion, s.hromada)
        lines.append(
            _place_line(pid, s.code, s.category, kind, slugs.get(s.oblast, ""), levels, names.lists)
        )
    for entry in linking.kept:
        names = {
            lang: [clean_name(n) for n in entry.get(lang, [])] for lang in ("uk", "en", "ru", "old")
        }
        kind = entry.get("kind", "village")
        for lang, values in names.items():
            report.names[lang] += len(values)
        lines.append(
            _place_line(
                entry["id"],
                "",
                "",
                kind,
                entry.get("oblast") or "",
                ("", "", ""),
                names,
                linking.maybe.get(entry["id"], ()),
            )
        )
    return lines, report


def write_atomically(path: Path, lines: list[str]) -> None:
    """Write gzip to a temporary file beside ``path``, then rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with (
            os.fdopen(fd, "wb") as raw,
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz,
        ):
            gz.write(("\n".join(lines) + "\n").encode("utf-8"))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m store.match.build_gazetteer",
        description="Build the shipped gazetteer of Ukraine's settlements from the codifier.",
    )
    parser.add_argument("--source", type=Path, required=True, help="folder of the raw CSV files")
    parser.add_argument(
        "--curated", type=Path, default=None, help="hand-curated gazetteer.jsonl to merge"
    )
    parser.add_argument("--output", type=Path, required=True, help="file to write (.tsv.gz)")
    args = parser.parse_args(argv)
    try:
        lines, report = build_lines(args.source, args.curated)
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    write_atomically(args.output, lines)
    print(
        f"{report.settlements} settlements, {report.curated} curated entries "
        f"({report.linked} linked to a settlement, {len(report.unlinked)} not linked), "
        f"names: "
        + ", ".join(f"{k} {v}" for k, v in report.names.items())
        + f"; Russian forms generated {report.russian_generated}, of the hand-written Russian "
        f"names of linked places {report.curated_russian_generated}/{report.curated_russian} "
        f"generated too; wrote {args.output}"
    )
    for pid, reason in report.unlinked:
        print(f"not linked: {pid}: {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
