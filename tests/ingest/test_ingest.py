"""Ingesting articles: what a reader can ask of the claim base afterwards, what a second
ingest adds (nothing), and every refusal of a link, through the pipeline, the command line
and the bot."""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import json
import threading
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.cli import main as cli
from handlers.editors import NOT_AN_EDITOR
from handlers.report import ingest_summary
from store.claimbase.base import ClaimBase
from store.claimbase.ingest import ingest_article, ingest_source
from store.db import make_engine
from store.ingest import fetch as fetch_module
from store.ingest.pipeline import IngestError, read_article_file
from store.models import AuditEntry, Claim, Document, Evidence
from store.repo import EvidenceView
from tests.conftest import ROOT
from tests.fakes import updates
from tests.fakes.botapi import FakeBotAPI
from tests.harness import claim_database, next_messages, running_bot

ARTICLES = ROOT / "samples" / "articles"
HTML_ARTICLE = ARTICLES / "dnipro_incursion.html"
VILLAGES = ARTICLES / "villages_contested_en.txt"
FRONTLINE = ARTICLES / "frontline_dnipro_en.txt"
EDITOR_ID = 4242

REVIEW_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Did Russia take Dachne? | Check Desk</title>
<meta property="og:site_name" content="Check Desk">
<meta property="article:published_time" content="2025-09-02T08:00:00Z">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "ClaimReview",
 "url": "https://checkdesk.example/dachne",
 "claimReviewed": "Russian forces captured Dachne",
 "datePublished": "2025-09-02",
 "author": {"@type": "Organization", "name": "Check Desk"},
 "reviewRating": {"@type": "Rating", "alternateName": "Misleading"},
 "itemReviewed": {"@type": "Claim", "datePublished": "2025-08-30",
   "author": {"@type": "Organization", "name": "Russian Defence Ministry"}}}
</script></head>
<body><article><h1>Did Russia take Dachne?</h1>
<p>The Russian Defence Ministry said on Saturday that its units had captured Dachne.</p>
<p>Local officials told Check Desk that Ukrainian troops still hold Dachne.</p>
</article></body></html>
"""


def _evidence(claim_base: ClaimBase, query: str, stance: str) -> list[EvidenceView]:
    answer = claim_base.check(query, limit=1)
    assert answer.matches, f"no claim matches {query!r}"
    return {
        "backs": answer.matches[0].backing,
        "disputes": answer.matches[0].disputing,
        "unconfirmed": answer.matches[0].unconfirmed,
    }[stance]


def _speakers(claim_base: ClaimBase, query: str, stance: str) -> set[str]:
    return {e.speaker for e in _evidence(claim_base, query, stance)}


def _ingest(claim_base: ClaimBase, path: Path, **overrides):
    return ingest_article(claim_base, read_article_file(path), actor="test", **overrides)


def _rows(engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            model.__name__: session.exec(select(func.count(col(model.id)))).one()
            for model in (Claim, Evidence, Document, AuditEntry)
        }


# --- what a reader asks after an ingest -----------------------------------------------------


def test_html_article_who_backs_and_who_disputes_the_capture(claim_base: ClaimBase) -> None:
    result = _ingest(claim_base, HTML_ARTICLE)
    assert not result.duplicate and result.outlet == "Steppe Post"
    assert result.published == dt.date(2025, 7, 7)
    for village in ("Zaporizke", "Novohryhorivka"):
        query = f"Russia captured {village}"
        assert _speakers(claim_base, query, "backs") == {"unnamed reports"}
        assert _speakers(claim_base, query, "disputes") == {"Ukrainian military officials"}
    [disputed] = _evidence(claim_base, "Russia captured Zaporizke", "disputes")
    assert disputed.date == dt.date(2025, 7, 7)
    assert disputed.outlet == "Steppe Post"
    assert disputed.quote.startswith("Reports indicate Russia captured two villages")
    assert disputed.url == "https://steppe-post.example/war/2025/07/07/dnipropetrovsk-incursion"
    # "Crossed into", "advancing into" and "the presence of" tell one event: one claim.
    incursion = "Russian forces advanced into Dnipropetrovsk region"
    unconfirmed = _evidence(claim_base, incursion, "unconfirmed")
    assert [e.speaker for e in unconfirmed] == ["Ukrainian military"]
    backing = {(e.speaker, e.via, e.date) for e in _evidence(claim_base, incursion, "backs")}
    assert backing == {
        ("two Ukrainian officers", "The New York Times", dt.date(2025, 7, 7)),
        ("Russian Defence Ministry", None, dt.date(2025, 7, 6)),
        ("Steppe Post", None, dt.date(2025, 7, 7)),
    }
    texts = " ".join(r.quote for r in result.recorded)
    assert "newsletter" not in texts and "Dear readers" not in texts


def test_text_article_what_one_official_said_and_what_was_not_confirmed(
    claim_base: ClaimBase,
) -> None:
    result = _ingest(claim_base, VILLAGES)
    [kovalenko] = [r for r in result.recorded if r.via]
    assert (kovalenko.speaker, kovalenko.via, kovalenko.stance, kovalenko.date) == (
        "Maj. Andriy Kovalenko",
        "BBC",
        "disputes",
        dt.date(2025, 8, 26),
    )
    assert (
        kovalenko.quote
        == '"The enemy has not taken Zaporizke," Maj. Andriy Kovalenko told the BBC.'
    )
    assert _speakers(claim_base, "Russia took Zaporizke", "disputes") == {
        "Ukrainian military officials",
        "Ukrainian officials",
        "Maj. Andriy Kovalenko",
    }
    assert _speakers(claim_base, "Russia took Novohryhorivka", "unconfirmed") == {
        "Ukrainian military"
    }
    assert _speakers(claim_base, "Russia took Zaporizke", "unconfirmed") == set()
    assert "Russian Defence Ministry" in _speakers(claim_base, "Russia took Zaporizke", "backs")


def test_the_publication_date_and_outlet_can_be_given(claim_base: ClaimBase) -> None:
    result = _ingest(
        claim_base, FRONTLINE, outlet="Frontline Weekly", published=dt.date(2025, 7, 9)
    )
    # The given date dates what names no day, and "on Sunday" is read against it.
    assert {r.date for r in result.recorded} == {
        dt.date(2025, 7, 9),
        dt.date(2025, 7, 6),
        dt.date(2025, 7, 7),
    }
    sunday = [r for r in result.recorded if r.quote.startswith("On Sunday")]
    assert sunday and {r.date for r in sunday} == {dt.date(2025, 7, 6)}
    backing = _evidence(claim_base, "Russia took Novohryhorivka", "backs")
    assert [(e.outlet, e.date) for e in backing] == [("Frontline Weekly", dt.date(2025, 7, 7))]


def test_the_same_document_again_adds_nothing(claim_base: ClaimBase, tmp_path: Path) -> None:
    first = _ingest(claim_base, VILLAGES)
    assert first.recorded
    before = _rows(claim_base.engine)
    again = _ingest(claim_base, VILLAGES)
    assert again.duplicate and not again.recorded
    assert ingest_summary(again).startswith("Already ingested:")
    respaced = tmp_path / "copy.txt"
    respaced.write_text(VILLAGES.read_text().replace("\n\n", "\n\n\n").replace(". ", ".  "))
    assert _ingest(claim_base, respaced).duplicate
    assert _rows(claim_base.engine) == before


def test_the_same_link_again_adds_nothing_even_if_the_page_changed(claim_base: ClaimBase) -> None:
    _ingest(claim_base, VILLAGES, url="https://desk.example/villages")
    before = _rows(claim_base.engine)
    assert _ingest(claim_base, FRONTLINE, url="https://desk.example/villages").duplicate
    assert _rows(claim_base.engine) == before


def test_statements_land_on_the_stored_claims(sample_claim_base: ClaimBase) -> None:
    before = _rows(sample_claim_base.engine)
    result = _ingest(sample_claim_base, VILLAGES)
    with Session(sample_claim_base.engine) as session:
        zaporizke = session.exec(select(Claim).where(Claim.key == "zaporizke")).one()
        speakers = {
            (e.speaker, e.stance)
            for e in session.exec(select(Evidence).where(Evidence.claim_id == zaporizke.id))
        }
        new_texts = [c.text for c in session.exec(select(Claim).where(col(Claim.id) > 0))]
    assert ("Russian Defence Ministry", "backs") in speakers
    assert ("Maj. Andriy Kovalenko", "disputes") in speakers
    assert not [t for t in new_texts if "captured Zaporizke" in t and t != zaporizke.text]
    on_zaporizke = [r for r in result.recorded if r.claim_key == "zaporizke"]
    assert on_zaporizke and not any(r.new_claim for r in on_zaporizke)
    assert _rows(sample_claim_base.engine)["Claim"] == before["Claim"] + result.claims_added


def test_a_statement_denying_a_stored_claim_is_recorded_against_it(
    sample_claim_base: ClaimBase, tmp_path: Path
) -> None:
    article = tmp_path / "denial.txt"
    article.write_text(
        "Brigade denies the fall of Zaporizke\nOutlet: Dnipro Courier\nPublished: 2025-08-20\n\n"
        "Russia never captured Zaporizke, a brigade spokesman said on Wednesday.\n"
    )
    [recorded] = _ingest(sample_claim_base, article).recorded
    assert (recorded.claim_key, recorded.stance) == ("zaporizke", "disputes")
    assert "a brigade spokesman" in _speakers(
        sample_claim_base, "Russia took Zaporizke", "disputes"
    )


def test_one_document_one_claim_per_proposition(claim_base: ClaimBase) -> None:
    result = _ingest(claim_base, VILLAGES)
    zaporizke = {r.claim for r in result.recorded if "captured Zaporizke" in r.claim}
    zaporizke |= {r.claim for r in result.recorded if "seized Zaporizke" in r.claim}
    assert len(zaporizke) == 1
    speakers = {r.speaker for r in result.recorded if r.claim in zaporizke}
    assert {"Russian Defence Ministry", "unnamed reports", "Ukrainian officials"} <= speakers


def test_every_ingest_is_audited(claim_base: ClaimBase) -> None:
    _ingest(claim_base, HTML_ARTICLE)
    with Session(claim_base.engine) as session:
        [entry] = session.exec(select(AuditEntry).where(AuditEntry.action == "ingest")).all()
    detail = json.loads(entry.detail or "{}")
    assert entry.actor == "test"
    assert detail["title"] == "Russian troops cross into Dnipropetrovsk region"
    assert detail["evidence_added"] > 5


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (None, "missing.txt", "no such file"),
        (b"%PDF-1.4\0\0binary", "scan.txt", "binary file"),
        ("Заголовок".encode("cp1251") + b"\n\xff\xfe text", "old.txt", "not UTF-8"),
        (b"", "empty.txt", "no article text"),
    ],
)
def test_unreadable_files_are_refused(
    claim_base: ClaimBase, tmp_path: Path, content: bytes | None, name: str, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(IngestError, match=message):
        _ingest(claim_base, path, outlet="Somebody")
    assert _rows(claim_base.engine)["Evidence"] == 0


def test_a_text_without_an_outlet_asks_for_one(claim_base: ClaimBase, tmp_path: Path) -> None:
    path = tmp_path / "bare.txt"
    path.write_text("Russian forces captured Dachne, the ministry said.\n")
    with pytest.raises(IngestError, match="--outlet"):
        _ingest(claim_base, path)
    assert _ingest(claim_base, path, outlet="Dnipro Courier").recorded


# --- a test web server on 127.0.0.1 ---------------------------------------------------------


class _Site(BaseHTTPRequestHandler):
    """Pages for URL ingestion, and one route for every way a link can be refused."""

    stop = threading.Event()

    def log_message(self, *args: object) -> None:
        return

    def _send(self, status: int, content_type: str, body: bytes, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._route()

    def _route(self) -> None:
        if self.path == "/article.html":
            self._send(200, "text/html; charset=utf-8", HTML_ARTICLE.read_bytes())
        elif self.path == "/review.html":
            self._send(200, "text/html; charset=utf-8", REVIEW_PAGE.encode())
        elif self.path == "/villages.txt":
            self._send(200, "text/plain; charset=utf-8", VILLAGES.read_bytes())
        elif self.path == "/to-private":
            self._send(302, "text/html", b"", Location="http://10.20.30.40/article.html")
        elif self.path == "/huge.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(60):
                self.wfile.write(b"<p>" + b"x" * 100_000 + b"</p>")
        elif self.path == "/slow.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body><p>The first words")
            self.wfile.flush()
            self.stop.wait(30)
        elif self.path == "/report.pdf":
            self._send(200, "application/pdf", b"%PDF-1.4 not a web page")
        else:
            self._send(404, "text/html", b"<h1>Not found</h1>")


@pytest.fixture
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    server.daemon_threads = True
    _Site.stop = threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    _Site.stop.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(trust_env=False) as c:
        yield c


async def test_a_link_is_fetched_and_recorded(
    claim_base: ClaimBase, site: str, client: httpx.AsyncClient
) -> None:
    url = f"{site}/article.html"
    result = await ingest_source(claim_base, url, client=client, allow_private=True, actor="t")
    assert result.url == url and result.outlet == "Steppe Post"
    backing = _evidence(claim_base, "Russia took Novohryhorivka", "backs")
    assert [(e.speaker, e.url, e.date) for e in backing] == [
        ("unnamed reports", url, dt.date(2025, 7, 7))
    ]
    again = await ingest_source(claim_base, url, client=client, allow_private=True, actor="t")
    assert again.duplicate


async def test_a_plain_text_link_names_the_host_when_the_text_names_no_outlet(
    claim_base: ClaimBase, site: str, client: httpx.AsyncClient
) -> None:
    url = f"{site}/villages.txt"
    result = await ingest_source(claim_base, url, client=client, allow_private=True, actor="t")
    assert result.outlet == "Eastern Europe Desk" and result.url == url
    assert "Ukrainian officials" in _speakers(claim_base, "Russia took Zaporizke", "disputes")


async def test_claimreview_markup_in_a_page_is_imported_too(
    claim_base: ClaimBase, site: str, client: httpx.AsyncClient
) -> None:
    result = await ingest_source(
        claim_base, f"{site}/review.html", client=client, allow_private=True, actor="t"
    )
    assert result.claimreview_added == 2
    assert "ClaimReview" in ingest_summary(result)
    assert _speakers(claim_base, "Russia took Dachne", "disputes") >= {"Check Desk"}
    assert "Russian Defence Ministry" in _speakers(claim_base, "Russia took Dachne", "backs")
    dates = {e.date for e in _evidence(claim_base, "Russia took Dachne", "disputes")}
    assert dt.date(2025, 9, 2) in dates


async def test_a_file_source_is_read_off_the_event_loop(
    claim_base: ClaimBase, client: httpx.AsyncClient
) -> None:
    result = await ingest_source(
        claim_base, str(HTML_ARTICLE), client=client, allow_private=False, actor="t"
    )
    assert result.title == "Russian troops cross into Dnipropetrovsk region"
    assert len(result.recorded) >= 7


# --- the command line -----------------------------------------------------------------------


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = claim_database(tmp_path, semantic="auto")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("FETCH_ALLOW_PRIVATE", raising=False)
    monkeypatch.chdir(tmp_path)
    return url


def _snapshot(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        return _rows(engine)
    finally:
        engine.dispose()


def test_cli_ingest_prints_one_line_per_piece_of_evidence(cli_db: str, capsys) -> None:
    capsys.readouterr()
    code = cli(["ingest", str(VILLAGES), "--url", "https://desk.example/villages"])
    out, err = capsys.readouterr()
    assert code == 0 and not err
    lines = out.strip().splitlines()
    assert lines[-1].startswith("Ingested “Ukraine contests Moscow's claim")
    assert (
        "disputes: Maj. Andriy Kovalenko (via BBC) · 26 Aug 2025 · "
        "“Russian forces captured Zaporizke in Dnipropetrovsk region”"
    ) in lines
    assert len(lines) - 1 == _snapshot(cli_db)["Evidence"] - 16
    assert cli(["ingest", str(VILLAGES)]) == 0
    assert capsys.readouterr().out.startswith("Already ingested:")


def test_cli_ingest_a_link_with_the_setting(
    cli_db: str, site: str, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FETCH_ALLOW_PRIVATE", "true")
    assert cli(["ingest", f"{site}/article.html", "--published", "2025-07-08"]) == 0
    out = capsys.readouterr().out
    assert "(Steppe Post, 8 Jul 2025)" in out.splitlines()[-1]


def only_the_test_site(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """127.0.0.1 stands in for a public news site; every other address is judged as usual."""
    return None if str(ip) == "127.0.0.1" else REAL_REFUSAL(ip)


REAL_REFUSAL = fetch_module.address_refusal


@pytest.mark.parametrize(
    ("path", "setting", "extra", "message"),
    [
        ("/article.html", False, [], "refused: 127.0.0.1 is a loopback address"),
        ("/to-private", "site", [], "refused: 10.20.30.40 is a private address"),
        ("/huge.html", True, [], "refused: the page is larger than 5 MB"),
        ("/slow.html", True, ["--timeout", "1"], "could not reach 127.0.0.1: timed out"),
        ("/report.pdf", True, [], "refused: application/pdf is not a web page"),
        ("/gone.html", True, [], "HTTP 404 Not Found"),
    ],
)
def test_cli_refusals_are_one_line_and_change_nothing(
    cli_db: str,
    site: str,
    capsys,
    monkeypatch: pytest.MonkeyPatch,
    path: str,
    setting: bool | str,
    extra: list[str],
    message: str,
) -> None:
    if setting is True:
        monkeypatch.setenv("FETCH_ALLOW_PRIVATE", "true")
    elif setting == "site":
        monkeypatch.setattr(fetch_module, "address_refusal", only_the_test_site)
    before = _snapshot(cli_db)
    capsys.readouterr()
    code = cli(["ingest", f"{site}{path}", *extra])
    out, err = capsys.readouterr()
    assert code == 1 and not out
    assert err == f"sourcecheck: {site}{path}: {message}\n"
    assert _snapshot(cli_db) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.txt"], "sourcecheck: missing.txt: no such file"),
        (["ftp://example.org/a.txt"], "only http and https links can be read"),
        ([str(VILLAGES), "--published", "2025-13-01"], "is not a date like 2025-08-26"),
    ],
)
def test_cli_bad_sources_and_options(cli_db: str, capsys, args: list[str], message: str) -> None:
    before = _snapshot(cli_db)
    capsys.readouterr()
    assert cli(["ingest", *args]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert _snapshot(cli_db) == before


# --- the bot --------------------------------------------------------------------------------


@pytest.fixture
async def telegram(cli_db: str) -> AsyncIterator[FakeBotAPI]:
    settings = {"editor_ids": [EDITOR_ID], "fetch_allow_private": True, "semantic": "auto"}
    async with running_bot(cli_db, rate_limit=True, **settings) as bot:
        yield bot.server


async def _reply(server: FakeBotAPI, update: dict) -> str:
    return (await next_messages(server, update, timeout=20))[-1]["params"]["text"]


async def test_an_editor_ingests_a_link_and_a_reader_sees_it(
    telegram: FakeBotAPI, site: str, cli_db: str
) -> None:
    text = await _reply(
        telegram, updates.private_command(f"/ingest {site}/article.html", user_id=EDITOR_ID)
    )
    first, *lines = text.splitlines()
    assert first.startswith("Ingested “Russian troops cross into Dnipropetrovsk region”")
    assert "(Steppe Post, 7 Jul 2025)" in first
    assert len(lines) == len({line for line in lines}) >= 7
    assert any(
        "disputes: Ukrainian military officials · 7 Jul 2025" in line and "Zaporizke" in line
        for line in lines
    )
    answer = await _reply(telegram, updates.private_text("Russia took Zaporizke"))
    assert "unnamed reports (Steppe Post)" in answer
    with Session(make_engine(cli_db)) as session:
        [entry] = session.exec(select(AuditEntry).where(AuditEntry.action == "ingest")).all()
    assert entry.actor == f"telegram:{EDITOR_ID}"


async def test_a_non_editor_cannot_ingest(telegram: FakeBotAPI, site: str, cli_db: str) -> None:
    before = _snapshot(cli_db)
    text = await _reply(telegram, updates.private_command(f"/ingest {site}/article.html"))
    assert text == NOT_AN_EDITOR
    assert _snapshot(cli_db) == before


async def test_an_editor_gets_one_line_for_a_refused_link_or_a_file_path(
    telegram: FakeBotAPI, site: str, cli_db: str
) -> None:
    before = _snapshot(cli_db)
    text = await _reply(
        telegram, updates.private_command(f"/ingest {site}/report.pdf", user_id=EDITOR_ID)
    )
    assert text == "Could not ingest this link: refused: application/pdf is not a web page"
    text = await _reply(
        telegram, updates.private_command(f"/ingest {HTML_ARTICLE}", user_id=EDITOR_ID)
    )
    assert text.startswith("/ingest reads web pages only") and "\n" not in text
    assert _snapshot(cli_db) == before


def test_ingest_on_both_databases(engine, gazetteer) -> None:
    claim_base = ClaimBase(engine, gazetteer=gazetteer)
    result = _ingest(claim_base, HTML_ARTICLE)
    assert len(result.recorded) == _rows(engine)["Evidence"] >= 7
    assert _ingest(claim_base, HTML_ARTICLE).duplicate
    assert _speakers(claim_base, "Russia took Zaporizke", "disputes") == {
        "Ukrainian military officials"
    }
