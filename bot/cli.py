"""The `sourcecheck` command line (also `python -m bot`).

Every command prints one clear line on error and exits non-zero; the JSON of `check --json`
is a contract other tools read, so it is only ever extended.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import OperationalError, SQLAlchemyError

from bot.config import Settings
from bot.progress import ProgressBar

if TYPE_CHECKING:
    from store.claimbase.base import ClaimBase
    from store.files.jsonl import EvidenceRecord

log = logging.getLogger("sourcecheck")


class CommandError(Exception):
    """A failure the user can act on; printed as one line."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sourcecheck",
        description="Check who backs, disputes or has not confirmed a claim, and when.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "import", help="import evidence from a JSON Lines, CSV or ClaimReview JSON-LD file"
    )
    p.add_argument(
        "file",
        help="a .jsonl file (one piece of evidence per line), a .csv file (the same fields as "
        "columns, aliases separated by |), a .json ClaimReview file, or - for JSON Lines on stdin",
    )
    p.add_argument(
        "--if-empty", action="store_true", help="import only when the claim base has no claims"
    )

    p = sub.add_parser("export", help="write the claim base as JSON Lines")
    p.add_argument("-o", "--output", help="file to write (default: standard output)")
    p.add_argument(
        "--format",
        choices=["jsonl", "claimreview"],
        default="jsonl",
        help="jsonl (everything) or claimreview (fact-checkers' verdicts as JSON-LD)",
    )

    p = sub.add_parser("check", help="check a claim against the claim base")
    p.add_argument("text", help="the claim to check, or - to read one query per line from stdin")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("--limit", type=int, default=5, help="at most this many matches (default 5)")
    p.add_argument(
        "--min-score",
        type=float,
        default=None,
        help="score 0-100 a claim needs to be listed (0 lists the best whatever their score)",
    )
    p.add_argument(
        "--posted",
        help="the day the text was first posted, YYYY-MM-DD: claims of that time are preferred",
    )

    p = sub.add_parser(
        "timeline",
        help="draw who said what about the matching claim, and when, as a PNG picture",
    )
    p.add_argument("text", help="the claim to check (matched as by check)")
    p.add_argument(
        "-o", "--output", default="timeline.png", help="PNG file to write (default timeline.png)"
    )
    p.add_argument(
        "--posted",
        help="the day the text was first posted, YYYY-MM-DD: drawn as a line across the days",
    )

    p = sub.add_parser(
        "ingest", help="record who says what in an article: a link, an .html or a .txt file"
    )
    p.add_argument("source", help="an http(s) link, an .html file or a .txt file")
    p.add_argument("--outlet", help="who published it (default: the page's site name or host)")
    p.add_argument("--published", help="publication date YYYY-MM-DD (default: from the page)")
    p.add_argument("--url", help="the article's link, when SOURCE is a file")
    p.add_argument("--title", help="the article's title (default: from the page)")
    p.add_argument(
        "--timeout",
        type=float,
        default=20.0,
        help="give up fetching a link after this many seconds (default 20)",
    )

    sub.add_parser(
        "run", help="start the Telegram bot (long polling, or a webhook when WEBHOOK_URL is set)"
    )
    sub.add_parser("migrate", help="bring the database schema up to date")

    p = sub.add_parser("audit", help="who changed the claim base, when, and what (newest first)")
    p.add_argument("--limit", type=int, default=50, help="at most this many entries (default 50)")
    p.add_argument("--actor", help="only this actor, e.g. 'telegram:1001 @olena' or import:FILE")

    sub.add_parser(
        "reindex",
        help="recompute the sentence vectors of every claim and alias (semantic re-ranking)",
    )

    p = sub.add_parser("eval", help="measure matching on a set of cases")
    p.add_argument("cases", help="cases .jsonl: {q, expect, polarity}")
    p.add_argument("--claims", required=True, help="claims .jsonl loaded into a throwaway base")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    return parser


def configure_logging(level: str) -> None:
    """LOG_LEVEL for our code and PTB; httpx stays at WARNING whatever the level, because its
    INFO lines print request URLs, and every Bot API URL holds the token.

    The job scheduler (APScheduler, under PTB's job queue) logs two INFO lines for every run of
    every job, and the check log is flushed every two seconds: below DEBUG it speaks only from
    WARNING up, so an operator's log says what the bot did, and a missed or failing job still
    shows."""
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    chosen = logging.getLevelName(level.upper())  # the number of a level's name
    if not isinstance(chosen, int):
        chosen = logging.INFO
    logging.getLogger("apscheduler").setLevel(
        logging.NOTSET if chosen <= logging.DEBUG else max(chosen, logging.WARNING)
    )


def main(argv: Sequence[str] | None = None) -> int:
    # One BLAS thread: the per-query sentence embedding multiplies small matrices, and
    # OpenBLAS threads spinning for them made p95 check latency ten times worse on a busy
    # two-core machine. Set before numpy loads; an explicit setting wins.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings()
    except Exception as exc:  # pydantic's message names the setting at fault
        print(f"sourcecheck: bad setting: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    try:
        return COMMANDS[args.command](args, settings)
    except CommandError as exc:
        print(f"sourcecheck: {exc}", file=sys.stderr)
        return 1
    except OperationalError as exc:
        print(f"sourcecheck: the claim base cannot be used: {_db_reason(exc)}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        print(f"sourcecheck: database error: {type(exc).__name__}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(
            f"sourcecheck: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "),
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        return 130


def _db_reason(exc: OperationalError) -> str:
    reason = str(exc.orig) if exc.orig is not None else str(exc)
    return reason.splitlines()[0][:200]


def open_claim_base(settings: Settings, *, semantic: bool = False) -> ClaimBase:
    """Commands that match or write claims pass `semantic=True` to honour SEMANTIC."""
    from store.claimbase.base import ClaimBase
    from store.claimbase.vectors import refusal
    from store.db import make_engine, upgrade
    from store.match.embed import SemanticUnavailable

    engine = make_engine(settings.database_url)
    upgrade(engine)
    try:
        return ClaimBase(
            engine,
            semantic=settings.semantic if semantic else "off",
            threshold=settings.match_threshold,
        )
    except SemanticUnavailable as exc:
        raise CommandError(refusal(exc)) from None


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    from store.db import current_revision, make_engine, upgrade

    engine = make_engine(settings.database_url)
    upgrade(engine)
    print(f"schema at revision {current_revision(engine)}")
    return 0


def read_claimreview(path: str) -> list:
    """(role, record) pairs from a ClaimReview JSON-LD file."""
    from store.files.claimreview import parse_claimreview_json

    try:
        return parse_claimreview_json(Path(path).read_bytes())
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CommandError(f"{path}: is a directory, not a file") from None
    except ValueError as exc:
        raise CommandError(f"{path}: {exc}; nothing was imported") from None


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from handlers.report import import_summary
    from store.claimbase import importing

    claim_base = open_claim_base(settings, semantic=True)
    if args.if_empty and claim_base.counts()["claims"]:
        print("the claim base already holds claims; nothing imported")
        return 0
    who = f"import:{Path(args.file).name}"
    if Path(args.file).suffix.lower() == ".json":
        pairs = read_claimreview(args.file)
        result = importing.import_claimreview(
            claim_base, pairs, who=who, progress=ProgressBar("vectors")
        )
    else:
        result = importing.import_records(
            claim_base, read_records(args.file), added_by=who, progress=ProgressBar("vectors")
        )
    print(f"imported {args.file}: {import_summary(result)}")
    return 0


def read_records(path: str) -> Iterable[EvidenceRecord]:
    """The records of a file, refused whole on a bad line before anything is written.

    A JSON Lines file is read twice, checked first and then streamed into the import,
    so a million lines never sit in memory; standard input and CSV are read once.
    """
    from store.files.jsonl import InterchangeError, iter_records, parse_all, validate_all

    try:
        if path == "-":
            return parse_all(sys.stdin.buffer)
        if Path(path).suffix.lower() == ".csv":
            from store.files.csv import parse_csv

            return parse_csv(Path(path).read_bytes())
        with open(path, "rb") as handle:
            validate_all(handle)
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CommandError(f"{path}: is a directory, not a file") from None
    except (InterchangeError, ValueError) as exc:
        raise CommandError(f"{path}: {exc}; nothing was imported") from None

    def stream() -> Iterator[EvidenceRecord]:
        with open(path, "rb") as handle:
            yield from iter_records(handle)

    return stream()


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from store.claimbase import importing

    claim_base = open_claim_base(settings)
    if args.format == "claimreview":
        return export_claimreview(claim_base, args.output)
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    count = 0
    try:
        for line in importing.export_records(claim_base):
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            count += 1
    finally:
        if args.output:
            out.close()
    if args.output:
        print(f"exported {count} pieces of evidence to {args.output}")
    return 0


def export_claimreview(claim_base: ClaimBase, output: str | None) -> int:
    """Fact-checkers' verdicts (evidence imported from ClaimReview) back as JSON-LD."""
    from store.claimbase import importing

    document = importing.export_claimreview(claim_base)
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    if output:
        Path(output).write_text(text, encoding="utf-8")
        print(f"exported {len(document['@graph'])} reviews to {output}")
    else:
        sys.stdout.write(text)
    return 0


def _day(value: str | None, flag: str = "--published") -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(f"{flag} {value!r} is not a date like 2025-08-26") from None


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio
    import getpass

    import httpx

    from handlers.report import ingest_summary, recorded_line
    from store.claimbase.ingest import ingest_source
    from store.ingest.pipeline import FetchError, IngestError

    if args.timeout <= 0:
        raise CommandError("--timeout must be a positive number of seconds")
    published = _day(args.published)
    claim_base = open_claim_base(settings, semantic=True)
    try:
        who = f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        who = "cli"

    async def run():
        async with httpx.AsyncClient(trust_env=False) as client:
            return await ingest_source(
                claim_base,
                args.source,
                client=client,
                allow_private=settings.fetch_allow_private,
                actor=who,
                outlet=args.outlet,
                published=published,
                url=args.url,
                title=args.title,
                deadline=args.timeout,
            )

    try:
        result = asyncio.run(run())
    except (FetchError, IngestError) as exc:
        raise CommandError(f"{args.source}: {exc}") from None
    claim_base.ensure_vectors()
    for recorded in result.recorded:
        print(recorded_line(recorded))
    print(ingest_summary(result))
    return 0


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    from handlers.render import PLAIN, render_answer
    from store.claimbase.check import check

    if args.limit < 1:
        raise CommandError("--limit must be at least 1")
    if args.min_score is not None and not 0 <= args.min_score <= 100:
        raise CommandError("--min-score must be between 0 and 100")
    posted = _day(args.posted, "--posted")
    claim_base = open_claim_base(settings, semantic=True)
    queries = (line.rstrip("\n") for line in sys.stdin) if args.text == "-" else [args.text]
    for query in queries:
        if args.text == "-" and not query.strip():
            continue
        checked = check(
            claim_base,
            query,
            limit=args.limit,
            min_score=args.min_score,
            logged=False,
            posted=posted,
            with_sightings=False,
        )
        if args.json:
            out = checked.answer.to_json()
            if checked.by_sentence:
                out["by_sentence"] = True
            print(json.dumps(out, ensure_ascii=False), flush=True)
        else:
            text = render_answer(checked.answer, style=PLAIN, by_sentence=checked.by_sentence)
            print(text, end="\n\n" if args.text == "-" else "\n")
    return 0


def cmd_timeline(args: argparse.Namespace, settings: Settings) -> int:
    """The picture the bot sends for the best match, written to a file; its caption printed.
    A claim with fewer than two dated sources gets its story in words and no file."""
    from handlers.render import PLAIN, render_answer
    from handlers.timeline import can_draw, in_words, render_timeline
    from store.claimbase.check import check

    posted = _day(args.posted, "--posted")
    claim_base = open_claim_base(settings, semantic=True)
    checked = check(claim_base, args.text, logged=False, posted=posted, with_sightings=False)
    if not checked.answer.matches:
        print(render_answer(checked.answer, style=PLAIN))
        raise CommandError("no stored claim matches this; no timeline written")
    claim = checked.answer.matches[0].claim
    if not can_draw(claim):
        print(in_words(claim, posted=posted, as_html=False))
        raise CommandError(f"no timeline written to {args.output}")
    picture = render_timeline(claim, posted=posted, as_html=False)
    Path(args.output).write_bytes(picture.png)
    print(picture.caption)
    size = f"{picture.width}×{picture.height} px, {len(picture.png) / 1024:.0f} kB"
    print(f"wrote {args.output} ({size})")
    return 0


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.token:
        raise CommandError(
            "no TELEGRAM_BOT_TOKEN: get one from @BotFather in Telegram and put "
            "TELEGRAM_BOT_TOKEN=... in .env (see .env.example); meanwhile try the claim base "
            'with: sourcecheck check "Russia took Zaporizke"'
        )
    from bot.app import StartError, run_polling, webhook_problem

    problem = webhook_problem(settings)
    if problem:
        raise CommandError(problem)
    semantic_problem(settings)
    try:
        run_polling(settings)
    except StartError as exc:
        raise CommandError(str(exc)) from None
    return 0


def cmd_audit(args: argparse.Namespace, settings: Settings) -> int:
    from handlers.report import audit_lines
    from store.claimbase import audit

    if args.limit < 1:
        raise CommandError("--limit must be at least 1")
    claim_base = open_claim_base(settings)
    lines = audit_lines(audit.rows(claim_base, limit=args.limit, actor=args.actor))
    if not lines:
        print("no changes recorded" + (f" by {args.actor}" if args.actor else ""))
    for line in lines:
        print(line)
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from bot.evaluate import evaluate, format_report
    from store.claimbase.vectors import refusal
    from store.match.embed import SemanticUnavailable

    try:
        report = evaluate(
            Path(args.cases),
            Path(args.claims),
            records=read_records(args.claims),
            semantic=settings.semantic,
            threshold=settings.match_threshold,
        )
    except SemanticUnavailable as exc:
        raise CommandError(refusal(exc)) from None
    print(json.dumps(report, ensure_ascii=False, indent=1) if args.json else format_report(report))
    return 0


def semantic_problem(settings: Settings) -> None:
    """With SEMANTIC=on, load the models before the bot starts, or refuse in one line."""
    if settings.semantic != "on":
        return
    from store.claimbase.vectors import load_embedder, load_multilingual, refusal
    from store.match.embed import SemanticUnavailable

    try:
        load_embedder("on")
        load_multilingual("on")
    except SemanticUnavailable as exc:
        raise CommandError(refusal(exc)) from None


def cmd_reindex(args: argparse.Namespace, settings: Settings) -> int:
    from store.claimbase.vectors import INSTALL_LINE

    if settings.semantic == "off":
        raise CommandError("SEMANTIC=off: semantic re-ranking is switched off, nothing to reindex")
    claim_base = open_claim_base(settings, semantic=True)
    if not claim_base.semantic:
        raise CommandError(f"no sentence model is installed; install them with `{INSTALL_LINE}`")
    count, seconds = claim_base.reindex_vectors(progress=ProgressBar("vectors"))
    print(f"computed {count} vectors of claim texts and aliases in {seconds:.1f} s")
    return 0


COMMANDS = {
    "import": cmd_import,
    "export": cmd_export,
    "check": cmd_check,
    "timeline": cmd_timeline,
    "ingest": cmd_ingest,
    "run": cmd_run,
    "migrate": cmd_migrate,
    "audit": cmd_audit,
    "eval": cmd_eval,
    "reindex": cmd_reindex,
}
