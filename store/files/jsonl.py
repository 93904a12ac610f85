"""The JSON Lines interchange format: one piece of evidence per line.

Parsing is pure and all-or-nothing: a file with one bad line is refused whole, with the line
number, so an import never leaves half a file in the claim base.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from store.models import CLAIM_KEY_MAX, Stance

KNOWN = (
    "id",
    "claim",
    "aliases",
    "stance",
    "speaker",
    "outlet",
    "date",
    "url",
    "quote",
    "via",
)
MAX_FIELD = 2000
MAX_LINE = 64_000
# Fact-checkers' own ids are slugs of their headlines: CLEF 2021's Snopes ids reach 104.


class FormatError(ValueError):
    """A file that cannot be read as the format its name says; one line for the user."""


def decode_text(data: bytes | str) -> str:
    """A whole file as text: UTF-8, with or without the byte order mark spreadsheets write."""
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FormatError("not UTF-8 text (save the sheet as CSV UTF-8)") from None


class InterchangeError(ValueError):
    """A line that cannot be imported; `line` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True)
class EvidenceRecord:
    """One line of the interchange format, validated."""

    claim: str
    stance: str
    speaker: str
    outlet: str
    key: str | None = None
    aliases: tuple[str, ...] = ()
    date: dt.date | None = None
    url: str | None = None
    quote: str | None = None
    via: str | None = None

    @property
    def claim_key(self) -> str:
        """The claim's id: the given one, or one derived from the claim text."""
        return self.key or derive_key(self.claim)

    def fingerprint(self) -> str:
        """Identity of a piece of evidence, so a second import of the same line adds nothing."""
        parts = [
            self.claim_key,
            self.stance,
            fold(self.speaker),
            fold(self.outlet),
            self.date.isoformat() if self.date else "",
            (self.url or "").strip(),
            fold(self.quote or ""),
        ]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    def to_json(self) -> dict:
        out: dict = {"id": self.claim_key, "claim": self.claim}
        if self.aliases:
            out["aliases"] = list(self.aliases)
        out.update(stance=self.stance, speaker=self.speaker, outlet=self.outlet)
        out["date"] = self.date.isoformat() if self.date else None
        out["url"] = self.url
        out["quote"] = self.quote
        if self.via:
            out["via"] = self.via
        return out


def fold(text: str) -> str:
    """Text as compared for identity: NFKC, case-folded, spacing collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def derive_key(claim: str) -> str:
    return "k" + hashlib.sha1(fold(claim).encode()).hexdigest()[:10]


def parse_date(value: object) -> dt.date | None:
    """Accept YYYY-MM-DD or an ISO timestamp; refuse impossible dates like 2025-13-45."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError("date must be a string like 2025-08-10")
    text = value.strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        raise ValueError(f"date {text!r} is not a real date (use YYYY-MM-DD)") from None


def _text(data: dict, name: str, *, required: bool = False) -> str | None:
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValueError(f"missing {name!r}")
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name!r} must be text")
    value = " ".join(value.split())
    if len(value) > MAX_FIELD:
        raise ValueError(f"{name!r} is longer than {MAX_FIELD} characters")
    return value


def record_from_dict(data: object) -> EvidenceRecord:
    """Validate one decoded line; raises ValueError with a short reason."""
    if not isinstance(data, dict):
        raise ValueError("each line must be a JSON object")
    claim = _text(data, "claim", required=True)
    speaker = _text(data, "speaker", required=True)
    stance = _text(data, "stance", required=True)
    assert claim and speaker and stance
    stance = stance.lower()
    if stance not in Stance.__members__:
        raise ValueError(f"stance {stance!r} must be backs, disputes or unconfirmed")
    key = data.get("id")
    if key is not None:
        if not isinstance(key, str | int) or isinstance(key, bool) or not str(key).strip():
            raise ValueError("'id' must be a short text")
        key = str(key).strip()
        if len(key) > CLAIM_KEY_MAX:
            raise ValueError(f"'id' is longer than {CLAIM_KEY_MAX} characters")
    aliases_raw = data.get("aliases") or []
    if isinstance(aliases_raw, str):
        aliases_raw = [aliases_raw]
    if not isinstance(aliases_raw, list) or not all(isinstance(a, str) for a in aliases_raw):
        raise ValueError("'aliases' must be a list of texts")
    aliases = tuple(
        dict.fromkeys(" ".join(a.split()) for a in aliases_raw if a.strip() and len(a) <= 1000)
    )
    url = _text(data, "url")
    if url and not url.lower().startswith(("http://", "https://", "t.me/")):
        raise ValueError(f"url {url[:60]!r} must start with http:// or https://")
    return EvidenceRecord(
        claim=claim,
        stance=stance,
        speaker=speaker,
        outlet=_text(data, "outlet") or speaker,
        key=key,
        aliases=aliases,
        date=parse_date(data.get("date")),
        url=url,
        quote=_text(data, "quote"),
        via=_text(data, "via"),
    )


def parse_lines(lines: Iterable[str | bytes]) -> Iterator[tuple[int, EvidenceRecord]]:
    """Yield (line number, record); the first bad line raises InterchangeError."""
    for number, raw in enumerate(lines, start=1):
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise InterchangeError(number, "not UTF-8 text") from None
        if len(raw) > MAX_LINE:
            raise InterchangeError(number, f"line longer than {MAX_LINE} characters")
        line = raw.strip().lstrip("\ufeff")
        if not line:
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InterchangeError(number, f"not valid JSON ({exc.msg})") from None
        except RecursionError:
            raise InterchangeError(number, "not valid JSON (nested too deeply)") from None
        try:
            yield number, record_from_dict(data)
        except ValueError as exc:
            raise InterchangeError(number, str(exc)) from None


def _checked(lines: Iterable[str | bytes]) -> Iterator[EvidenceRecord]:
    """Records in file order; a bad line, or a line whose id already names another claim,
    raises InterchangeError. Only a short digest per claim id is kept, so a million lines
    need little memory."""
    seen: dict[str, bytes] = {}
    for number, record in parse_lines(lines):
        digest = hashlib.blake2b(fold(record.claim).encode(), digest_size=8).digest()
        if seen.setdefault(record.claim_key, digest) != digest:
            raise InterchangeError(number, f"id {record.claim_key!r} already names another claim")
        yield record


def validate_all(lines: Iterable[str | bytes]) -> int:
    """Check a whole file without keeping it: the first pass of a streaming import."""
    return sum(1 for _ in _checked(lines))


def iter_records(lines: Iterable[str | bytes]) -> Iterator[EvidenceRecord]:
    """The records of a file already checked by `validate_all`, one at a time."""
    for _, record in parse_lines(lines):
        yield record


def parse_all(lines: Iterable[str | bytes]) -> list[EvidenceRecord]:
    """Parse a whole file, refusing it if any line is bad or two lines disagree on a claim."""
    return list(_checked(lines))


@dataclass
class ClaimGroup:
    """Records grouped by claim, in file order, for writing to the store."""

    key: str
    claim: str
    aliases: list[str] = field(default_factory=list)
    records: list[EvidenceRecord] = field(default_factory=list)


def group_records(records: Iterable[EvidenceRecord]) -> list[ClaimGroup]:
    groups: dict[str, ClaimGroup] = {}
    for record in records:
        group = groups.get(record.claim_key)
        if group is None:
            group = groups[record.claim_key] = ClaimGroup(record.claim_key, record.claim)
        for alias in record.aliases:
            if alias not in group.aliases:
                group.aliases.append(alias)
        group.records.append(record)
    return list(groups.values())
