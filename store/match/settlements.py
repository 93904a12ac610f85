"""Every settlement of Ukraine, read from the file the package ships, as plain records.

``store/data/settlements.tsv.gz`` is written by ``store.match.build_gazetteer`` from the
official KATOTTG codifier and its companions (see NOTICE). It is gzipped UTF-8, one record a
line, tab-separated, name lists joined by ``|``:

    #sourcecheck-gazetteer<TAB>1
    U  code  category  name                                   an oblast (O), raion (P),
                                                              hromada (H), Kyiv or Sevastopol (K)
    P  id  katottg  category  kind  oblast  oblast_code  raion_code  hromada_code  uk  en  ru  old
       maybe

A ``P`` row is one place. Settlements have their KATOTTG code and category (C village,
X selyshche, M city, K city with special status) and point at their ``U`` rows, so each
oblast, raion and hromada is stored and loaded once. A hand-curated place keeps its old id
(claims and editors' ``/alias place:`` rows refer to it); a curated place that is no
Ukrainian settlement (a region, a Russian town, a landmark) has empty codes. A curated
settlement that could not be tied to one code, because its oblast has several settlements of
that name and nothing tells them apart, lists those codes in ``maybe``.
"""

from __future__ import annotations

import gzip
import pickle
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

DATA_FILE = Path(__file__).parent.parent / "data" / "settlements.tsv.gz"
HEADER = "#sourcecheck-gazetteer\t1"
LANGS = ("uk", "en", "ru", "old")


class Unit(NamedTuple):
    """An oblast, raion or hromada of the codifier, shared by the settlements in it."""

    code: str
    category: str
    name: str


class PlaceRecord(NamedTuple):
    """One place: a settlement with its codes and names, or a curated entry as it was."""

    id: str
    katottg: str
    category: str
    kind: str
    oblast: str | None  # the gazetteer's oblast slug: "donetsk", "kyiv-city"
    oblast_unit: Unit | None
    raion: Unit | None
    hromada: Unit | None
    uk: tuple[str, ...]
    en: tuple[str, ...]
    ru: tuple[str, ...]
    old: tuple[str, ...]
    maybe: tuple[str, ...] = ()  # codes an unlinked curated settlement may be

    @property
    def names(self) -> tuple[str, ...]:
        return self.uk + self.en + self.ru + self.old

    def entry(self) -> dict:
        """The record as a ``Gazetteer.add`` entry (``id, kind, oblast, en, uk, ru, old``)."""
        out: dict = {"id": self.id, "kind": self.kind, "oblast": self.oblast}
        for lang in LANGS:
            if getattr(self, lang):
                out[lang] = list(getattr(self, lang))
        return out


def read_records(lines: Iterable[str], source: str = "<lines>") -> list[PlaceRecord]:
    """Parse the shipped format; a line that does not fit raises ``ValueError`` with its number.

    Written for speed (30,000 records at every start): tuples built directly, the short
    repeated strings (kinds, categories, oblast slugs, unit names) interned once.
    """
    intern, new, none = sys.intern, tuple.__new__, ()
    units: dict[str, Unit] = {"": None}  # type: ignore[dict-item]
    places: list[PlaceRecord] = []
    append = places.append
    it = iter(lines)
    first = next(it, "").rstrip("\n")
    if first != HEADER:
        raise ValueError(f"{source}:1: not a sourcecheck gazetteer file (header {first!r})")
    try:
        for number, line in enumerate(it, 2):
            cols = line.rstrip("\n").split("\t")
            if cols[0] == "P" and len(cols) == 14:
                _, pid, code, cat, kind, oblast, ob, ra, hr, uk, en, ru, old, maybe = cols
                record = (
                    intern(pid) if not code else pid,
                    code,
                    intern(cat),
                    intern(kind),
                    intern(oblast) if oblast else None,
                    units[ob],
                    units[ra],
                    units[hr],
                    tuple(uk.split("|")) if uk else none,
                    tuple(en.split("|")) if en else none,
                    tuple(ru.split("|")) if ru else none,
                    tuple(old.split("|")) if old else none,
                    tuple(maybe.split("|")) if maybe else none,
                )
                append(new(PlaceRecord, record))
            elif cols[0] == "U" and len(cols) == 4:
                units[cols[1]] = new(Unit, (intern(cols[1]), intern(cols[2]), intern(cols[3])))
            elif line.strip():
                raise ValueError(f"{source}:{number}: malformed line")
    except KeyError as exc:
        raise ValueError(f"{source}:{number}: unknown unit {exc.args[0]}") from None
    return places


def load_places(path: Path = DATA_FILE) -> list[PlaceRecord]:
    """Every place of the shipped gazetteer, in file order (settlements by KATOTTG code)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return read_records(fh, str(path))


# ---------------------------------------------------------------------------------------------
# The lookup tables of the settlements no one curated, computed once by hand and shipped.
#
# Normalising 120,000 names and transliterating them takes a second, and generating every
# case form of 30,000 names takes fifteen, so a cold start reads these tables instead. Places
# are numbered by their position in ``settlements.tsv.gz``; a table ties a key to numbers.

INDEX_FILE = DATA_FILE.with_name("settlements.index.pickle.gz")
INDEX_VERSION = 1


def uncurated(record: PlaceRecord) -> bool:
    """A settlement taken from the codifier as it is (a curated entry keeps its own id)."""
    return bool(record.katottg) and record.id == record.katottg


def build_index(records: list[PlaceRecord]) -> dict:
    """The tables ``Gazetteer`` reads for the uncurated settlements among ``records``.

    ``exact``/``generated``/``variant`` map the number of words in the text followed by the
    key ("1новодмитрівка") to places: the real names (Ukrainian, English, old), the Russian
    forms generated from them (read only in Cyrillic text), and the Latin spelling skeletons.
    ``stems`` maps the longest prefix a Cyrillic name shares with all its case forms to
    ``(place, language, position)``: a declined word finds its name among its own prefixes
    and is then checked against that name's generated forms, which are never held.
    """
    from store.match.declension import declensions
    from store.match.gazetteer import _PART_RE, _latin_spellings, _name_lang, _split_name
    from store.match.translit import variant_key

    exact: dict[str, list[int]] = {}
    generated: dict[str, list[int]] = {}
    variant: dict[str, list[int]] = {}
    stems: dict[str, list[tuple[int, str, int]]] = {}

    def put(table: dict, key: object, value: object) -> None:
        found = table.setdefault(key, [])
        if value not in found:
            found.append(value)

    for number, record in enumerate(records):
        if not uncurated(record):
            continue
        for lang in LANGS:
            for position, name in enumerate(getattr(record, lang)):
                words = _split_name(name)
                if not words:
                    continue
                parts = len(_PART_RE.findall(name))
                key = "".join(words)
                for n in range(1, parts + 1):
                    put(generated if lang == "ru" else exact, f"{n}{key}", number)
                    if lang != "ru":
                        for latin in _latin_spellings(name, lang):
                            put(variant, f"{n}{variant_key(latin)}", number)
                declined: dict[str, str] = {}
                for declared in _name_lang(name, lang):
                    declined.update(declensions(words, declared))
                if not declined:
                    continue
                stem = key
                for form in declined:
                    while not form.startswith(stem):
                        stem = stem[:-1]
                put(stems, stem, (number, lang, position))
    return {
        "version": INDEX_VERSION,
        "records": len(records),
        "exact": {k: tuple(v) for k, v in exact.items()},
        "generated": {k: tuple(v) for k, v in generated.items()},
        "variant": {k: tuple(v) for k, v in variant.items()},
        "stems": {k: tuple(v) for k, v in stems.items()},
    }


def write_index(path: Path = INDEX_FILE, source: Path = DATA_FILE) -> None:
    """Rebuild the shipped tables after ``settlements.tsv.gz`` changed."""
    data = pickle.dumps(build_index(load_places(source)), protocol=5)
    path.write_bytes(gzip.compress(data, compresslevel=6, mtime=0))


def load_index(path: Path = INDEX_FILE) -> dict:
    """The shipped tables (a file of this package, written by ``write_index``)."""
    with gzip.open(path, "rb") as fh:
        tables = pickle.load(fh)
    if tables.get("version") != INDEX_VERSION:
        raise ValueError(f"{path}: tables of version {tables.get('version')}, not {INDEX_VERSION}")
    return tables


if __name__ == "__main__":
    write_index()
