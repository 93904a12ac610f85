"""Same event, other words: do Russian channel posts find the stored claim of the event they
retell? Measured with SEMANTIC off and on, side by side (issue 15).

Run by hand from the project root, after `make install`:

    .venv/bin/python bench/same_event.py --real ../shared/eval/real [-v] [--english-claims] \
        [--halves]

It imports whichever `store` the interpreter has installed, and falls back on this checkout's:
another checkout's code is measured with that checkout's interpreter (`cd ../other &&
.venv/bin/python ../this/bench/same_event.py --real ...`). The first line printed names the
code used and its git commit.

The labels are in bench/data/same_event/ (README.md there says what "same event" means):
posts.jsonl gives, for each of the 237 posts of telegram_posts_ru.jsonl, the events it reports;
events.jsonl gives, for each event reported by posts of at least two channels, a short English
claim. The posts themselves are not part of the project: they are read from --real.

For every event reported from two or more channels, one claim is stored in a fresh SQLite claim
base, in process through ClaimBase.import_records (the interchange format's records), with one
piece of evidence: the channel of the event's earliest post as speaker, its date. The claim's
text is that earliest post (default) or, with --english-claims, the English sentence of
events.jsonl, which measures matching across languages. A post that is the text of a stored
claim stands for all the events it reports. Every other post is then checked the way the bot
checks a forwarded post (store.claimbase.check.check, with the post's date as `posted`):

- a *retelling* reports an event that has a stored claim: it should find it as the top answer;
- a *distractor* reports only events without a stored claim, or none: it should get no answer,
  and never a claim of another event.

Reported: found-the-same-event (retellings whose top answer is a claim of one of their
events), wrong-event (checked posts whose top answer is a claim of none of their events), and
distractors left unanswered. `--halves` also reports the two halves of the events (sorted by
id, even and odd places: a retelling goes with its first awaited event, a distractor with the
parity of its line), so that a constant tuned on one half is judged on the other.
`-v` prints the verdict of every retelling, event by event, and every wrong answer.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LABELS = HERE / "data" / "same_event"
POSTS = "telegram_posts_ru.jsonl"
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the bot runs: see bot/cli.py main()

try:  # the code of whichever checkout is installed (e.g. another worktree's .venv) ...
    import store
except ImportError:  # ... or this checkout's, when nothing is installed
    sys.path.insert(0, str(ROOT))
    import store

from store.claimbase.base import ClaimBase  # noqa: E402
from store.claimbase.check import check  # noqa: E402
from store.db import make_engine, upgrade  # noqa: E402
from store.files.jsonl import EvidenceRecord  # noqa: E402


@dataclass(frozen=True)
class Post:
    line: int
    channel: str
    message_id: int
    date: dt.date
    events: frozenset[str]
    kind: str
    text: str


@dataclass(frozen=True)
class Stored:
    """A claim put in the base: its id, text, the events it stands for, its evidence."""

    key: str
    text: str
    events: frozenset[str]
    channel: str
    date: dt.date
    line: int | None = None  # the post whose text it is, in the default mode


@dataclass
class Verdict:
    post: Post
    expected: frozenset[str]  # the post's events that have a stored claim
    top: Stored | None
    score: float | None
    others: list[Stored] = field(default_factory=list)  # the further answers shown

    @property
    def retelling(self) -> bool:
        return bool(self.expected)

    @property
    def found(self) -> bool:
        return self.top is not None and bool(self.top.events & self.expected)

    @property
    def wrong(self) -> bool:
        """The top answer is a claim of an event the post does not report."""
        return self.top is not None and not self.top.events & self.post.events

    @property
    def wrong_anywhere(self) -> bool:
        return any(not s.events & self.post.events for s in [self.top, *self.others] if s)


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_posts(real: Path) -> list[Post]:
    """The labelled posts with their text; stops when a label no longer points at its post."""
    texts = read_jsonl(real / POSTS)
    posts = []
    for label in read_jsonl(LABELS / "posts.jsonl"):
        record = texts[label["line"] - 1]
        if (record["channel"], record["message_id"]) != (label["channel"], label["message_id"]):
            raise SystemExit(f"{POSTS} line {label['line']} is not the labelled post: relabel")
        posts.append(
            Post(
                line=label["line"],
                channel=label["channel"],
                message_id=label["message_id"],
                date=dt.date.fromisoformat(label["date"]),
                events=frozenset(label["events"]),
                kind=label["kind"],
                text=record["text"],
            )
        )
    return posts


def multi_channel_events(posts: list[Post]) -> dict[str, list[Post]]:
    """Events reported by posts of two channels or more, each with its posts, earliest first."""
    by_event: dict[str, list[Post]] = collections.defaultdict(list)
    for post in posts:
        for event in post.events:
            by_event[event].append(post)
    return {
        event: sorted(reports, key=lambda p: (p.date, p.line))
        for event, reports in sorted(by_event.items())
        if len({p.channel for p in reports}) >= 2
    }


def stored_claims(posts: list[Post], english: bool) -> list[Stored]:
    """One claim per multi-channel event: its earliest post, or its English sentence."""
    events = multi_channel_events(posts)
    if english:
        sentences = {e["id"]: e["claim"] for e in read_jsonl(LABELS / "events.jsonl")}
        missing = sorted(set(events) - set(sentences))
        if missing:
            raise SystemExit(f"events.jsonl has no English claim for: {', '.join(missing)}")
        return [
            Stored(
                key=event,
                text=sentences[event],
                events=frozenset([event]),
                channel=reports[0].channel,
                date=reports[0].date,
            )
            for event, reports in events.items()
        ]
    firsts = {reports[0].line: reports[0] for reports in events.values()}
    return [
        Stored(
            key=f"post-{post.line}",
            text=post.text,
            events=post.events,
            channel=post.channel,
            date=post.date,
            line=post.line,
        )
        for _, post in sorted(firsts.items())
    ]


def records(stored: list[Stored]) -> list[EvidenceRecord]:
    return [
        EvidenceRecord(
            claim=s.text,
            stance="backs",
            speaker=s.channel,
            outlet=s.channel,
            key=s.key,
            date=s.date,
        )
        for s in stored
    ]


def run(mode: str, posts: list[Post], stored: list[Stored], folder: Path) -> list[Verdict]:
    """Import the claims into a fresh base with SEMANTIC=`mode`, then check every other post."""
    engine = make_engine(f"sqlite:///{folder / f'{mode}.db'}")
    upgrade(engine)
    base = ClaimBase(engine, semantic=mode)
    base.import_records(records(stored))
    base.wait_for_vectors()
    by_key = {s.key: s for s in stored}
    claimed = set(multi_channel_events(posts))  # every one has a stored claim
    sources = {s.line for s in stored if s.line is not None}
    verdicts = []
    for post in posts:
        if post.line in sources:
            continue
        answer = check(base, post.text, posted=post.date, logged=False, with_sightings=False)
        shown = [by_key[m.claim.key] for m in answer.answer.matches]
        verdicts.append(
            Verdict(
                post=post,
                expected=post.events & claimed,
                top=shown[0] if shown else None,
                score=answer.answer.matches[0].match.score if shown else None,
                others=shown[1:],
            )
        )
    engine.dispose()
    return verdicts


def half_of(verdict: Verdict, events: list[str]) -> str:
    """ "even" or "odd": the half of the sorted events a checked post is counted in."""
    if verdict.expected:
        return ("even", "odd")[events.index(min(verdict.expected)) % 2]
    return ("even", "odd")[verdict.post.line % 2]


def pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "0/0"


def summary(verdicts: list[Verdict], stored: list[Stored]) -> dict[str, str]:
    retellings = [v for v in verdicts if v.retelling]
    other_channel = [v for v in retellings if _other_channel(v, stored)]
    distractors = [v for v in verdicts if not v.retelling]
    return {
        "found the same event (top answer)": pct(sum(v.found for v in retellings), len(retellings)),
        "  of them from another channel": pct(
            sum(v.found for v in other_channel), len(other_channel)
        ),
        "retellings left unanswered": pct(sum(v.top is None for v in retellings), len(retellings)),
        "wrong event, top answer (all checked)": pct(sum(v.wrong for v in verdicts), len(verdicts)),
        "  of them retellings": pct(sum(v.wrong for v in retellings), len(retellings)),
        "  of them distractors": pct(sum(v.wrong for v in distractors), len(distractors)),
        "wrong event anywhere in the answer": pct(
            sum(v.wrong_anywhere for v in verdicts), len(verdicts)
        ),
        "distractors left unanswered": pct(
            sum(v.top is None for v in distractors), len(distractors)
        ),
    }


def _other_channel(verdict: Verdict, stored: list[Stored]) -> bool:
    """Whether a claim of one of its events comes from a channel other than the post's."""
    return any(s.events & verdict.expected and s.channel != verdict.post.channel for s in stored)


def label_of(stored: Stored | None) -> str:
    if stored is None:
        return "-"
    return stored.key if stored.line is None else f"{stored.key} ({stored.channel})"


def details(results: dict[str, list[Verdict]], stored: list[Stored]) -> None:
    """Per event: the stored claim, then each retelling's top answer with SEMANTIC off and on."""
    modes = list(results)
    rows = {mode: {v.post.line: v for v in verdicts} for mode, verdicts in results.items()}
    lines = sorted(rows[modes[0]])
    for claim in stored:
        source = f"post {claim.line}" if claim.line else repr(claim.text)
        print(
            f"\n{', '.join(sorted(claim.events))}\n  claim {claim.key}: {source}, {claim.channel}"
        )
        for line in lines:
            verdict = rows[modes[0]][line]
            if not verdict.expected & claim.events:
                continue
            cells = [_cell(rows[m][line], claim.events) for m in modes]
            print(f"  {line:>4} {verdict.post.channel[:22]:<22} " + " | ".join(cells))
    print("\nwrong answers to distractors:")
    for line in lines:
        verdicts = [rows[m][line] for m in modes]
        if not verdicts[0].retelling and any(v.wrong for v in verdicts):
            cells = [_cell(v) for v in verdicts]
            events = ", ".join(sorted(verdicts[0].post.events)) or "no event"
            print(f"  {line:>4} [{events}] " + " | ".join(cells))


def _cell(verdict: Verdict, events: frozenset[str] | None = None) -> str:
    """The top answer: `found` (a claim of `events`, or of any awaited event when None),
    `other` (a claim of another event the post reports) or `WRONG`."""
    if verdict.top is None:
        return f"{'unanswered':<40}"
    hit = verdict.top.events & events if events is not None else verdict.found
    mark = "found" if hit else ("WRONG" if verdict.wrong else "other")
    return f"{mark} {round(verdict.score or 0):>3} {label_of(verdict.top)[:30]:<30}"


def code_version() -> str:
    """Where the imported code lives and its git commit, so a figure says which code it is."""
    checkout = Path(store.__file__).resolve().parent.parent
    try:
        commit = subprocess.run(
            ["git", "-C", str(checkout), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "no git"
    return f"{checkout} ({commit})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, required=True, help="../shared/eval/real")
    parser.add_argument(
        "--english-claims",
        action="store_true",
        help="store each event's English sentence (events.jsonl) instead of its earliest post",
    )
    parser.add_argument("--modes", default="off,on", help="SEMANTIC values to compare (off,on)")
    parser.add_argument(
        "--halves", action="store_true", help="also report the even and odd halves of the events"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="per-event verdicts")
    args = parser.parse_args()
    print(f"code: {code_version()}")
    posts = load_posts(args.real)
    stored = stored_claims(posts, english=args.english_claims)
    what = "English sentences" if args.english_claims else "earliest posts"
    print(
        f"{len(posts)} labelled posts; {len(stored)} stored claims ({what}) for "
        f"{len(multi_channel_events(posts))} events reported from two channels or more"
    )
    results: dict[str, list[Verdict]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for mode in args.modes.split(","):
            started = time.perf_counter()
            results[mode] = run(mode, posts, stored, Path(scratch))
            seconds = time.perf_counter() - started
            print(f"SEMANTIC={mode}: {len(results[mode])} posts checked in {seconds:.0f} s")
    tables = {mode: summary(verdicts, stored) for mode, verdicts in results.items()}
    if args.halves:
        events = sorted(multi_channel_events(posts))
        for half in ("even", "odd"):
            for mode, verdicts in results.items():
                mine = [v for v in verdicts if half_of(v, events) == half]
                tables[f"{mode} {half}"] = summary(mine, stored)
    first = next(iter(tables.values()))
    width = max(len(name) for name in first)
    print("\n" + " " * width + "".join(f"  {'SEMANTIC=' + m:<16}" for m in tables))
    for name in first:
        print(f"{name:<{width}}" + "".join(f"  {t[name]:<16}" for t in tables.values()))
    if args.verbose:
        details(results, stored)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
