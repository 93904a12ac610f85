"""From a source (a link, an .html or a .txt file) to what it says: who said what, and when.

Nothing here touches the database: reading a source and attributing its statements gives a
`Document`, which the ingest use case (`store.claimbase.ingest`) matches against the stored
claims and writes in one transaction.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from store.files.claimreview import claimreview_records
from store.files.jsonl import EvidenceRecord, FormatError, fold
from store.ingest.attribute import Statement, attribute
from store.ingest.dates import ENGLISH_MONTHS, said_on
from store.ingest.extract import Article, HeaderError, extract_html, extract_text
from store.ingest.fetch import FetchError, fetch
from store.match.worthy import check_worthy

__all__ = [
    "Document",
    "FetchError",
    "IngestError",
    "is_url",
    "read_article",
    "read_article_file",
    "read_document",
]

MAX_FILE_BYTES = 5_000_000
FETCH_DEADLINE = 20.0
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
HEADLINE_INDEX = -1  # the sentence index of the headline, which comes before the body


class IngestError(Exception):
    """A source that cannot be ingested; ``str(e)`` is one line fit to show the user."""


@dataclass
class Document:
    """An article ready to store: its names, its attributed statements, the ClaimReview
    records in its markup, and the hash that recognises the same text again."""

    title: str | None
    url: str | None
    outlet: str
    published: dt.date | None
    content_hash: str
    statements: list[Statement] = field(default_factory=list)
    reviews: list[tuple[str, EvidenceRecord]] = field(default_factory=list)


# --- reading sources ---------------------------------------------------------------------


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(source: str) -> bool:
    """A link of any scheme (fetch refuses all but http and https), not a file path."""
    return bool(_SCHEME.match(source.strip()))


def read_article_file(path: str | Path, *, url: str | None = None) -> Article:
    """Read an .html or .txt file, at most 5 MB, refusing what is not text."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise IngestError("no such file") from None
    except IsADirectoryError:
        raise IngestError("is a directory, not a file") from None
    except OSError as exc:
        raise IngestError(f"cannot be read ({exc.strerror or 'error'})") from None
    if len(data) > MAX_FILE_BYTES:
        raise IngestError("larger than 5 MB; ingest the article's own text instead")
    if b"\0" in data[:8192]:
        raise IngestError("a binary file, not an article (use .html or .txt)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise IngestError("not UTF-8 text; save it as UTF-8 and try again") from None
    if path.suffix.lower() in HTML_SUFFIXES:
        return extract_html(text, url=url)
    return _plain(text)


def _plain(text: str) -> Article:
    try:
        return extract_text(text)
    except HeaderError as exc:
        raise IngestError(str(exc)) from None


async def fetch_article(
    url: str, *, client: httpx.AsyncClient, allow_private: bool, deadline: float
) -> Article:
    """Fetch a page and extract it; its link is the address it was finally served from."""
    page = await fetch(url, client=client, allow_private=allow_private, deadline=deadline)
    if page.content_type == "text/plain":
        article = await asyncio.to_thread(_plain, page.text)
        article.url = page.url
        return article
    return await asyncio.to_thread(extract_html, page.text, url=page.url)


async def read_article(
    source: str,
    *,
    client: httpx.AsyncClient,
    allow_private: bool,
    url: str | None = None,
    deadline: float = FETCH_DEADLINE,
) -> Article:
    """An http(s) link (fetched, refusing private addresses unless allowed), or an .html or
    .txt file read off the event loop. Raises FetchError or IngestError."""
    source = source.strip()
    if is_url(source):
        return await fetch_article(
            source, client=client, allow_private=allow_private, deadline=deadline
        )
    return await asyncio.to_thread(read_article_file, source, url=url)


# --- what an article says ----------------------------------------------------------------


def content_hash(text: str) -> str:
    """Identity of a text without a link: case, width and spacing do not count."""
    return hashlib.sha256(fold(text).encode()).hexdigest()


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def read_document(
    article: Article,
    *,
    outlet: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
    title: str | None = None,
) -> Document:
    """The article's attributed statements (the headline first, as the outlet's own, each
    with the day its sentence names) and ClaimReview records; the names given here win over
    the page's own. ``url`` names a document read from a file (its link in answers)."""
    url = (url or article.url or "").strip() or None
    outlet_name = (outlet or article.outlet or _host(url) or "").strip()
    if not outlet_name:
        raise IngestError('the outlet is not known: name it, e.g. --outlet "Kyiv Independent"')
    if not article.text.strip():
        raise IngestError("no article text found")
    try:
        reviews = claimreview_records(article.claimreviews) if article.claimreviews else []
    except FormatError:
        reviews = []  # markup that is not a usable ClaimReview does not stop the article
    title = (title or article.title or "").strip() or None
    published = published or article.published
    if title and _ABOUT_THE_TITLE.match(article.text.lstrip()):
        # "Про це повідомляє DeepState" opening the body names who said the headline.
        statements = attribute(f"{title.rstrip('.')}.\n{article.text}", outlet=outlet_name)
        headline = []
    else:
        statements = attribute(article.text, outlet=outlet_name)
        headline = _headline(title, outlet_name, statements) if title else []
    return Document(
        title=title,
        url=url,
        outlet=outlet_name,
        published=published,
        content_hash=content_hash(article.text),
        statements=headline + _dated(statements, published, article.text),
        reviews=reviews,
    )


_ABOUT_THE_TITLE = re.compile(r"^(?:про це|об этом)\s", re.IGNORECASE)


def _dated(
    statements: list[Statement], published: dt.date | None, text: str = ""
) -> list[Statement]:
    """Each statement with the day its own sentence names ("said on Tuesday", "вчора");
    None where it names none, so the article's date stands.

    In a live blog ("3 Jul 2022 23.00 Summary ...", a stamp opening each entry) the entry's
    day stands instead of the page's, which is often the day after, and "on Sunday" is read
    from the entry's day.
    """
    stamps = _entry_days(text, published)
    dated = []
    for statement in statements:
        day = published
        if stamps:
            at = text.find(statement.quote[:60])
            day = next((d for start, d in reversed(stamps) if start <= at), published)
        own = said_on(statement.quote, day)
        dated.append(replace(statement, said_on=own or (day if day != published else None)))
    return dated


_MONTH_NAMES = "|".join(sorted(ENGLISH_MONTHS, key=len, reverse=True))
# "3 Jul 2022 19.09": the stamp of a live-blog entry (the page's zone, which names its day)
_ENTRY_STAMP = re.compile(
    rf"(?<![\w.])(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_NAMES})\.?\s+(?P<year>20\d\d)\s+"
    r"\d{1,2}[.:]\d{2}(?![\d.:])",
    re.IGNORECASE,
)
MIN_ENTRIES = 2  # one stamp is a dateline, not a live blog


def _entry_days(text: str, published: dt.date | None) -> list[tuple[int, dt.date]]:
    """Where each live-blog entry starts and its day; none for a text that is not one, and
    none after the page's own date (a stamp is never later than the page)."""
    stamps = []
    for found in _ENTRY_STAMP.finditer(text):
        try:
            day = dt.date(
                int(found["year"]), ENGLISH_MONTHS[found["month"].lower()], int(found["day"])
            )
        except ValueError:
            continue
        if published is None or day <= published:
            stamps.append((found.start(), day))
    return stamps if len(stamps) >= MIN_ENTRIES else []


_SITE_SUFFIX = re.compile(r"\s+[|–—]\s+\S+(?:\s+\S+){0,3}$")
_NOT_A_REPORT = re.compile(
    r"\b(?:must|should|need to|needs to|time to|live|latest|what we know|day \d+|"
    r"assessment|analysis|explained|opinion|review|update)\b",
    re.I,
)


def _headline_text(title: str, outlet: str) -> str | None:
    """The headline as a sentence: the site's name cut off ("… | Critical Threats"), and None
    for what only labels a page (series names, live pages, dated reports, Title Case) or
    argues (an opinion's "must", "time to")."""
    text = " ".join(title.split())
    text = re.sub(rf"\s+[-|–—]\s+{re.escape(outlet)}$", "", text, flags=re.I)
    text = _SITE_SUFFIX.sub("", text).strip()
    if ":" in text:
        text = text.rsplit(":", 1)[1].strip()
    long_words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if len(w) > 3]
    capitalised = sum(w[0].isupper() for w in long_words)
    if not text[:1].isupper() or (long_words and capitalised > len(long_words) / 2):
        return None
    if _NOT_A_REPORT.search(text) or said_on(text, None) or not check_worthy(text):
        return None
    return text


def _headline(title: str | None, outlet: str, statements: list[Statement]) -> list[Statement]:
    """The headline as the outlet's own statement, when it states something check-worthy.

    A headline that relays someone ("..., officers say", "Russia claims ...") is left out:
    the body names them with their own words. So is one the body already gives the outlet.
    """
    text = _headline_text(title, outlet) if title else None
    if not text:
        return []
    found = attribute(text, outlet=outlet)
    if not found or any(s.speaker != outlet for s in found):
        return []
    known = {fold(s.proposition) for s in statements if s.speaker == outlet}
    return [
        replace(s, quote=text, sentence_index=HEADLINE_INDEX)
        for s in found
        if fold(s.proposition) not in known
    ]
