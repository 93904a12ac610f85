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


def uncurated(record: PlaceRecord) -> bool:
    """A settlement taken from the codifier as it is (a curated entry keeps its own id)."""
    return bool(record.katottg) and record.id == record.katottg
