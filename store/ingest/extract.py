"""Turn a fetched page or pasted text into an Article: title, outlet, date and clean text.

Attribution works sentence by sentence, so everything that is not the report itself
(menus, bylines, newsletter boxes, donation appeals) must go before it runs: an appeal such
as "the authorities claim our work discredits ..." would otherwise be read as a claim.
Dates matter to the bot ("who said it, and when"), so precise timestamps from
``article:published_time`` or JSON-LD win over trafilatura's day-level guess.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import lxml.html
import trafilatura

from store.ingest.dates import DAY, find_when
from store.match.worthy import drop_boilerplate

ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting", "WebPage"}


@dataclass
class Article:
    """What the rest of ingestion needs from one document."""

    title: str | None
    outlet: str | None
    published: datetime.date | None
    published_at: datetime.datetime | None
    url: str | None
    text: str
    claimreviews: list[dict] = field(default_factory=list)


# --- plain text --------------------------------------------------------------------------

_HEADER = re.compile(
    r"^(?P<key>outlet|source|publisher|publication|site|published|date|url|link|"
    r"видання|джерело|опубліковано|дата|посилання|издание|источник|опубликовано|ссылка)"
    r"\s*:\s*(?P<value>.*)$",
    re.I,
)
_OUTLET_KEYS = {
    "outlet",
    "source",
    "publisher",
    "publication",
    "site",
    "видання",
    "джерело",
    "издание",
    "источник",
}
_DATE_KEYS = {"published", "date", "опубліковано", "дата", "опубликовано"}
_TERMINAL = tuple('.!?:;"”»…)')
MAX_TITLE_WORDS = 20
MAX_TITLE_LINES = 3  # a hard-wrapped headline still comes before the header lines
WRAPPED_LINE_CHARS = 60


class HeaderError(ValueError):
    """A header line that cannot be read; ``str(e)`` names the line and what is wrong."""


def _looks_like_title(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= MAX_TITLE_WORDS and not line.rstrip().endswith((".", "!", ";", ","))


def _parse_when(value: str) -> tuple[datetime.date | None, datetime.datetime | None]:
    """Read an ISO date or timestamp; anything else is ignored rather than guessed."""
    value = value.strip()
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None, None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return moment.date(), None
    return moment.date(), moment


_DATE_FILLER = re.compile(
    r"(?i)\b(?:року|рік|года|год|р|г|at|о|в|\d{1,2}[:.]\d{2}(?:[:.]\d{2})?|am|pm|utc|gmt|bst|"
    r"cet|cest|eet|eest|msk|kyiv time|київський час|мск|(?:mon|tue|wed|thu|fri|sat|sun)\w*|"
    r"понеділок|вівторок|середа|четвер|п[’']ятниця|субота|неділя|понедельник|вторник|среда|"
    r"четверг|пятница|суббота|воскресенье)\b|[+-]\d{2}:?\d{2}"
)


def _header_date(value: str) -> tuple[datetime.date | None, datetime.datetime | None]:
    """An ISO date or timestamp, or a whole written date with its year ("4 July 2022",
    "July 4, 2022", "04.07.2022", "4 липня 2022 року")."""
    day, moment = _parse_when(value)
    if day is not None:
        return day, moment
    when = find_when(value, None)
    if when is None or when.precision != DAY:
        return None, None
    rest = _DATE_FILLER.sub("", value.replace(when.words, "", 1))
    return (None, None) if re.search(r"\w", rest) else (when.day, None)


def _title_lines(lines: list[tuple[int, str]]) -> int:
    """How many of the first non-empty lines are the title: those before the first header
    line, whatever their length or punctuation; with no header lines, one line that looks
    like a title (short, not a sentence) when text follows it."""
    for k, (_, line) in enumerate(lines[: MAX_TITLE_LINES + 1]):
        if _HEADER.match(line.strip()):
            return k
    if len(lines) > 1 and _looks_like_title(lines[0][1]):
        return 1
    return 0


def _paragraphs(lines: list[str]) -> list[str]:
    """Rebuild paragraphs: blank lines separate blocks, hard-wrapped lines are re-joined."""
    out: list[str] = []
    joinable = False
    for line in lines:
        line = line.strip()
        if not line:
            out.append("")
            joinable = False
            continue
        if joinable and out:
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        joinable = len(line) >= WRAPPED_LINE_CHARS and not line.endswith(_TERMINAL)
    return out


def extract_text(text: str) -> Article:
    """Read pasted plain text: an optional title, optional "Key: value" header lines (outlet,
    published date, URL; English, Ukrainian or Russian keys), then the body.

    Raises HeaderError, naming the line, for a header line whose value cannot be read.
    """
    lines = list(enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1))
    while lines and not lines[0][1].strip():
        lines.pop(0)
    title = outlet = url = None
    published: datetime.date | None = None
    published_at: datetime.datetime | None = None
    nonempty = [(number, line) for number, line in lines if line.strip()]
    titled = _title_lines(nonempty)
    if titled:
        title = " ".join(line.strip() for _, line in nonempty[:titled])
        last = nonempty[titled - 1][0]
        lines = [(number, line) for number, line in lines if number > last]
    while lines and (not lines[0][1].strip() or _HEADER.match(lines[0][1].strip())):
        number, line = lines.pop(0)
        found = _HEADER.match(line.strip())
        if not found:
            continue
        key, value = found["key"].lower(), found["value"].strip()
        if not value:
            continue  # a template's empty line ("URL:") says nothing
        if key in _OUTLET_KEYS:
            outlet = value
        elif key in _DATE_KEYS:
            published, published_at = _header_date(value)
            if published is None:
                raise HeaderError(f"line {number}: '{line.strip()}' is not a date (use YYYY-MM-DD)")
        else:
            url = value
    body = drop_boilerplate(_paragraphs([line for _, line in lines]))
    return Article(title, outlet, published, published_at, url, "\n".join(body), [])


# --- HTML --------------------------------------------------------------------------------


def _json_ld_items(tree: Any) -> Iterator[dict]:
    """Yield every JSON-LD object on the page, flattening lists and @graph containers."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            items = list(_flatten(json.loads(script.text_content() or "null")))
        except (json.JSONDecodeError, RecursionError):
            continue  # broken or absurdly nested markup is not worth failing the page for
        yield from items


def _flatten(data: Any) -> Iterator[dict]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item)
    elif isinstance(data, dict):
        yield data
        if isinstance(data.get("@graph"), list):
            yield from _flatten(data["@graph"])


def _types(item: dict) -> set[str]:
    kind = item.get("@type", [])
    return set(kind) if isinstance(kind, list) else {kind}


def _meta(tree: Any, name: str) -> str | None:
    for attr in ("property", "name", "itemprop"):
        found = tree.xpath(f'//meta[@{attr}="{name}"]/@content')
        if found and found[0].strip():
            return found[0].strip()
    return None


def _publisher_name(item: dict) -> str | None:
    publisher = item.get("publisher")
    if isinstance(publisher, list) and publisher:
        publisher = publisher[0]
    if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
        return publisher["name"]
    return None


def _clean_title(title: str | None, outlet: str | None) -> str | None:
    """Strip a trailing " | Outlet" or " - Outlet" that sites add to <title>."""
    if title and outlet:
        title = re.sub(rf"\s*[|\-–—]\s*{re.escape(outlet)}\s*$", "", title)
    return title.strip() if title else None


def extract_html(html: str, *, url: str | None = None) -> Article:
    """Read a news page: trafilatura finds the main text, the page's own metadata gives the
    outlet and the precise publication time, and ClaimReview JSON-LD blocks are kept."""
    tree = lxml.html.fromstring(html) if html.strip() else lxml.html.fromstring("<html/>")
    items = list(_json_ld_items(tree))
    articles = [i for i in items if _types(i) & ARTICLE_TYPES]
    claimreviews = [i for i in items if "ClaimReview" in _types(i)]

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    meta = doc.as_dict() if doc is not None else {}

    outlet = (
        _meta(tree, "og:site_name")
        or next(filter(None, map(_publisher_name, articles)), None)
        or meta.get("sitename")
        or meta.get("hostname")
    )
    title = _clean_title(
        _meta(tree, "og:title")
        or next((a["headline"] for a in articles if isinstance(a.get("headline"), str)), None)
        or meta.get("title"),
        outlet,
    )
    published, published_at = _publication(tree, articles, meta.get("date"))
    canonical = tree.xpath('//link[@rel="canonical"]/@href')
    page_url = url or (canonical[0] if canonical else None) or meta.get("url")

    lines = (meta.get("text") or _fallback_text(tree)).split("\n")
    if title and lines and lines[0].strip() == title:
        lines = lines[1:]
    body = drop_boilerplate(lines)
    return Article(title, outlet, published, published_at, page_url, "\n".join(body), claimreviews)


def _publication(
    tree: Any, articles: list[dict], day_guess: str | None
) -> tuple[datetime.date | None, datetime.datetime | None]:
    """Prefer an exact timestamp from the page; fall back to trafilatura's date."""
    candidates = [_meta(tree, "article:published_time")]
    candidates += [a.get("datePublished") for a in articles]
    candidates += [_meta(tree, "datePublished"), day_guess]
    for value in candidates:
        if isinstance(value, str) and value.strip():
            day, moment = _parse_when(value)
            if day:
                return day, moment
    return None, None


def _fallback_text(tree: Any) -> str:
    """When trafilatura finds nothing, keep the page's paragraphs outside nav and footer."""
    paragraphs = tree.xpath("//p[not(ancestor::nav) and not(ancestor::footer)]")
    return "\n".join(" ".join(p.text_content().split()) for p in paragraphs)
