"""Measure sourcecheck on real reporting against a labelled set of events (issue 14).

Run by hand from the project root, after `make install`:

    python bench/real_events.py --real ../shared/eval/real --seeds ../shared/seeds [--db PATH]

It ingests the real texts (the English articles, the Ukrainian and Russian excerpts, the two seed
articles and the labelled Telegram posts marked "ingest") into a fresh SQLite claim base through
the command line (`sourcecheck ingest … --outlet --published --url --title`, run through its
entry point in one process unless --per-file; `sourcecheck export`; `sourcecheck check --json -`
for the forwarded posts, each with `--posted` its day as the bot knows it), then compares what
was stored with the labels in bench/data/real_events/ (their format is in its README.md):

- events.jsonl: one event a line (action, place, actor, when) with the statements about it. A
  statement points at the text by file and line (the line of the .jsonl file, 1-based; for a seed
  article the line of the .txt file) and by character offsets into that text, with a short hash
  of the span to notice a changed source; it holds the speaker's names, the stance towards the
  event and the statement's own date, never the words of the text.
- posts.jsonl: labelled Telegram posts (file, line, channel, message id), the events each one
  reports, and whether it is ingested into the base or forwarded to `check`.

Which stored evidence is a labelled statement is decided from stable export fields only: the
evidence of the same document (url; outlet for the seeds) whose quote lies over the labelled
character span, preferring the one whose speaker names the labelled speaker and whose claim
names the labelled place. So the figures hold whatever the claim grouping inside becomes.

It prints: claims per labelled event (target <= 1.2), statements whose stored speaker names the
labelled speaker (>= 95%), stance right (>= 95%, uk/ru denials apart), statement dates right,
and for forwarded posts: found the same event, wrong-claim answers (target 0), posts correctly
left unanswered, and whether posts of one event from different channels got the same claim.
--only-labelled ingests only the 51 documents that hold labelled statements (about half the
time); --reuse --db PATH measures a base built before; --details FILE writes every verdict.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LABELS = os.path.join(HERE, "data", "real_events")
ARTICLES = "articles_en.jsonl"
EXCERPTS = "news_excerpts_uk_ru.jsonl"
POSTS = "telegram_posts_ru.jsonl"
SEED_META = {
    "000_70dcb391e9835933.txt": ("The Moscow Times", "2025-06-13"),
    "004_ed6386531ca18713.txt": ("BBC News", "2025-08-12"),
}
TARGETS = {"claims": 1.2, "speaker": 95.0, "stance": 95.0, "wrong": 0}


def read_jsonl(path):
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def fold(text):
    return (text or "").replace("\u2019", "'").replace("\u02bc", "'").casefold()


def key_of(row):
    """The stable identity of a stored claim: its key or id, else its text."""
    return row.get("key") or row.get("id") or row.get("claim")


class Doc:
    """One ingested document and a word-only view of its text for locating quotes."""

    def __init__(self, key, file, line, outlet, date, url, title, text):
        self.key, self.file, self.line = key, file, line
        self.outlet, self.date, self.url, self.title, self.text = outlet, date, url, title, text
        chars, self.to_norm = [], []
        space = True
        for ch in text:
            self.to_norm.append(len(chars))
            if ch.isalnum():
                chars.append(ch.casefold())
                space = False
            elif not space:
                chars.append(" ")
                space = True
        self.to_norm.append(len(chars))
        self.norm = "".join(chars)
        self.rows = []

    def locate(self, quote):
        """Where a stored quote lies in the word-only text, or None."""
        q = Doc("", "", 0, "", "", "", "", quote or "").norm.strip()
        if len(q) < 8:
            return None
        at = self.norm.find(q)
        if at >= 0:
            return at, at + len(q)
        for tail, part in enumerate((q[:60], q[-60:])):
            at = self.norm.find(part) if len(part) >= 20 else -1
            if at >= 0:
                start = max(0, at + len(part) - len(q)) if tail else at
                return start, start + len(q)
        return None

    def span(self, start, end):
        return self.to_norm[min(start, len(self.text))], self.to_norm[min(end, len(self.text))]


def load_docs(real, seeds, posts_labels, limit_articles):
    docs = []
    for i, art in enumerate(read_jsonl(os.path.join(real, ARTICLES)), 1):
        if limit_articles and i > limit_articles:
            break
        outlet = art["outlet"].split(" (")[0]
        docs.append(
            Doc(
                f"a{i}",
                ARTICLES,
                i,
                outlet,
                art.get("date", "")[:10],
                art.get("url"),
                art.get("title"),
                art["text"],
            )
        )
    for i, ex in enumerate(read_jsonl(os.path.join(real, EXCERPTS)), 1):
        docs.append(
            Doc(
                f"x{i}",
                EXCERPTS,
                i,
                ex["outlet"],
                (ex.get("date") or "")[:10],
                ex.get("url"),
                None,
                ex["text"],
            )
        )
    for name, (outlet, date) in SEED_META.items():
        path = os.path.join(seeds, name)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as fh:
                docs.append(Doc(name[:-4], "seeds/" + name, 0, outlet, date, None, None, fh.read()))
    posts = read_jsonl(os.path.join(real, POSTS))
    for p in posts_labels:
        if p["role"] != "ingest":
            continue
        rec = posts[p["line"] - 1]
        chan = str(abs(int(rec["channel_id"])))
        chan = chan[3:] if chan.startswith("100") else chan
        url = f"https://t.me/c/{chan}/{rec['message_id']}"
        docs.append(
            Doc(
                f"t{p['line']}",
                POSTS,
                p["line"],
                rec["channel"],
                rec["date"][:10],
                url,
                None,
                rec["text"],
            )
        )
    return docs, posts


def doc_of(statement, by_line):
    """The document a labelled statement is in, and its span in the document's text."""
    if statement["file"].startswith("seeds/"):
        doc = by_line.get((statement["file"], 0))
        if doc is None:
            return None, None
        lines = doc.text.split("\n")
        base = sum(len(line) + 1 for line in lines[: statement["line"] - 1])
        return doc, (base + statement["start"], base + statement["end"])
    doc = by_line.get((statement["file"], statement["line"]))
    return doc, ((statement["start"], statement["end"]) if doc else None)


# Runs `sourcecheck ingest` for many files in one process: the command line's own entry point
# (bot.cli:main, the `sourcecheck` script) with the same arguments, without a start-up each.
DRIVER = """
import contextlib, io, json, sys, time
from bot.cli import main
for line in sys.stdin:
    argv = json.loads(line)
    out, err = io.StringIO(), io.StringIO()
    t0 = time.time()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = main(argv)
    except SystemExit as exc:
        rc = exc.code if isinstance(exc.code, int) else 1
    except Exception as exc:
        rc, err = 1, io.StringIO(f"{type(exc).__name__}: {exc}")
    tail = (err.getvalue() or out.getvalue()).strip().splitlines()[-1:] if rc else []
    print(json.dumps({"rc": rc, "s": time.time() - t0, "tail": tail}), flush=True)
"""


def ingest(sc, docs, work, env, one_process):
    jobs = []
    for doc in docs:
        path = os.path.join(work, doc.key + ".txt")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(doc.text)
        args = ["ingest", path, "--outlet", doc.outlet]
        if doc.date:
            args += ["--published", doc.date]
        if doc.url:
            args += ["--url", doc.url]
        if doc.title:
            args += ["--title", doc.title]
        jobs.append(args)
    python = os.path.join(os.path.dirname(sc), "python")
    results = []
    if one_process and os.access(python, os.X_OK):
        proc = subprocess.Popen(
            [python, "-c", DRIVER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        for args in jobs:
            proc.stdin.write(json.dumps(args) + "\n")
            proc.stdin.flush()
            line = proc.stdout.readline()
            results.append(json.loads(line) if line else {"rc": 1, "s": 0, "tail": ["it died"]})
            print(f"\r  ingested {len(results)}/{len(jobs)}", end="", file=sys.stderr, flush=True)
        proc.stdin.close()
        proc.wait()
    else:
        for args in jobs:
            t0 = time.time()
            r = subprocess.run([sc, *args], capture_output=True, text=True, env=env, cwd=ROOT)
            tail = (r.stderr or r.stdout).strip().splitlines()[-1:] if r.returncode else []
            results.append({"rc": r.returncode, "s": time.time() - t0, "tail": tail})
            print(f"\r  ingested {len(results)}/{len(jobs)}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    refused = [
        f"{d.key} ({d.file}:{d.line}): {(r['tail'] or ['?'])[0][:120]}"
        for d, r in zip(docs, results, strict=True)
        if r["rc"]
    ]
    return refused, [r["s"] for r in results]


def attach_rows(docs, rows):
    by_url = {d.url.rstrip("/"): d for d in docs if d.url}
    by_outlet = collections.defaultdict(list)
    for d in docs:
        if not d.url:
            by_outlet[fold(d.outlet)].append(d)
    loose = 0
    for row in rows:
        url = (row.get("url") or "").rstrip("/")
        doc = by_url.get(url) if url else None
        holders = [doc] if doc is not None else []
        if doc is None and not url:
            # The base keeps one piece of evidence for an outlet's sentence however many of its
            # pages (with no URL) repeat it: it stands for each of them.
            cands = by_outlet.get(fold(row.get("outlet")), [])
            holders = [d for d in cands if d.locate(row.get("quote")) is not None] or cands[:1]
        if not holders:
            loose += 1
            continue
        for doc in holders:
            placed = dict(row) if len(holders) > 1 else row
            placed["_at"] = doc.locate(row.get("quote"))
            doc.rows.append(placed)
    return loose


# Words that make a stored speaker a clause rather than a name ("We cannot", "Two weeks ago
# Russia had already reported", "have not surrounded it, the governor of ...").
CLAUSE = re.compile(
    r"\b(said|says|told|that|which|who|has|have|had|was|were|is|are|cannot|can|did|does|will|"
    r"заявив|заявил|повідомив|сообщил|що|что|який|который|про це|об этом)\b",
    re.I,
)


def names_speaker(names, speaker):
    """Whether a stored speaker is a name (not a fragment) naming the labelled speaker."""
    speaker = (speaker or "").strip()
    if not speaker or len(speaker.split()) > 12 or CLAUSE.search(speaker):
        return False
    return names_in(names, speaker)


def names_in(names, text):
    text = fold(text)
    return any(fold(n) in text for n in names if n)


def match_statements(events, by_line):
    """Assign to each labelled statement the stored evidence that holds it (or None)."""
    per_doc = collections.defaultdict(list)
    items = []
    for ev in events:
        for st in ev["statements"]:
            doc, span = doc_of(st, by_line)
            item = {"event": ev, "st": st, "doc": doc, "row": None, "sha_ok": True}
            if doc is not None:
                digest = hashlib.sha1(doc.text[span[0] : span[1]].encode()).hexdigest()[:8]
                item["sha_ok"] = st.get("sha1") in (None, digest)
                item["span"] = doc.span(*span)
                per_doc[doc.key].append(item)
            items.append(item)
    for its in per_doc.values():
        doc = its[0]["doc"]
        pairs = []
        for n, it in enumerate(its):
            s0, s1 = it["span"]
            names, places = it["st"]["speaker_names"], it["event"]["place_names"]
            for m, row in enumerate(doc.rows):
                at = row.get("_at")
                over = at is not None and at[0] < s1 and s0 < at[1]
                place_claim = names_in(places, row.get("claim"))
                if not over and not (
                    at is None and (place_claim or names_in(places, row.get("quote")))
                ):
                    continue
                # The place in the claim outweighs the speaker: a sentence about two places has a
                # piece for each, and the speaker tells apart two statements about one place.
                score = 8 * over + 4 * place_claim + 3 * names_speaker(names, row.get("speaker"))
                score += names_in(places, row.get("quote"))
                pairs.append((-score, n, m))
        pairs.sort()
        used_st, used_row = set(), set()
        for _, n, m in pairs:
            if n not in used_st and m not in used_row:
                its[n]["row"] = doc.rows[m]
                used_st.add(n)
                used_row.add(m)
        for _, n, m in pairs:
            if n not in used_st:
                its[n]["row"] = doc.rows[m]
                used_st.add(n)
    return items


def pct(n, d):
    return f"{n}/{d} ({100 * n / d:.0f}%)" if d else "0/0 (-)"


def grade(items):
    found = [i for i in items if i["row"] is not None]
    for i in items:
        row, st = i["row"], i["st"]
        i["speaker_ok"] = bool(row) and names_speaker(st["speaker_names"], row.get("speaker"))
        i["stance_ok"] = bool(row) and row.get("stance") == st["stance"]
        i["date_ok"] = (
            bool(row) and bool(st.get("date")) and (row.get("date") or "").startswith(st["date"])
        )
    return found


def report_statements(items, events, say, samples):
    found = grade(items)
    total = len(items)
    say(
        f"labelled statements {total} on {len(events)} events; in the base {pct(len(found), total)}"
    )
    bad = [i for i in items if not i["sha_ok"]]
    if bad:
        say(f"  warning: {len(bad)} labelled spans hash differently (has the source text changed?)")
    claims = collections.defaultdict(set)
    holders = collections.defaultdict(set)
    for i in found:
        claims[i["event"]["id"]].add(key_of(i["row"]))
        holders[key_of(i["row"])].add(i["event"]["id"])
    counts = [len(v) for v in claims.values()]
    mean = sum(counts) / len(counts) if counts else 0.0
    say(
        f"claims per labelled event: {mean:.2f} (target <= {TARGETS['claims']}) over "
        f"{len(counts)} events found in the base; on one claim: {sum(c == 1 for c in counts)}, "
        f"max {max(counts, default=0)}"
    )
    mixed = {k: v for k, v in holders.items() if len(v) > 1}
    say(f"claims holding statements of more than one labelled event: {len(mixed)}")
    for k, v in sorted(mixed.items(), key=lambda kv: -len(kv[1]))[:samples]:
        say(f"  {len(v)} events on {k}: {', '.join(sorted(v))[:110]}")
    n = len(items)
    named = pct(sum(i["speaker_ok"] for i in items), n)
    say(f"evidence with a named speaker (the labelled one): {named} (target >= 95%)")
    say(f"stance right: {pct(sum(i['stance_ok'] for i in items), n)} (target >= 95%)")
    groups = {
        "English": [
            i
            for i in items
            if i["st"]["file"] in (ARTICLES,) or i["st"]["file"].startswith("seeds/")
        ],
        "uk/ru excerpts": [i for i in items if i["st"]["file"] == EXCERPTS],
        "ru posts": [i for i in items if i["st"]["file"] == POSTS],
        "uk/ru denials": [
            i
            for i in items
            if i["st"]["file"] in (EXCERPTS, POSTS) and i["st"]["stance"] == "disputes"
        ],
        "unconfirmed": [i for i in items if i["st"]["stance"] == "unconfirmed"],
        "seed articles": [i for i in items if i["st"]["file"].startswith("seeds/")],
    }
    for name, its in groups.items():
        stance = pct(sum(i["stance_ok"] for i in its), len(its))
        speaker = pct(sum(i["speaker_ok"] for i in its), len(its))
        say(f"  {name}: stance {stance}, speaker {speaker}")
    dated = [i for i in items if i["st"].get("date")]
    own = [
        i for i in dated if i["doc"] is not None and not i["doc"].date.startswith(i["st"]["date"])
    ]
    say(
        f"statement dates right: {pct(sum(i['date_ok'] for i in dated), len(dated))}; "
        f"where the statement is older than its document: "
        f"{pct(sum(i['date_ok'] for i in own), len(own))}"
    )
    seeds = groups["seed articles"]
    perfect = sum(
        i["speaker_ok"] and i["stance_ok"] and (i["date_ok"] or not i["st"].get("date"))
        for i in seeds
    )
    say(f"seed articles fully right (speaker, stance, date): {pct(perfect, len(seeds))}")
    worst = sorted(claims.items(), key=lambda kv: -len(kv[1]))[:samples]
    say("events spread over the most claims:")
    for eid, ks in worst:
        say(f"  {len(ks)} claims: {eid}")
    wrong = [i for i in found if not (i["speaker_ok"] and i["stance_ok"])]
    say("a sample of statements stored wrong (label -> stored):")
    for i in wrong[:samples]:
        st, row = i["st"], i["row"]
        say(
            f"  {i['event']['id']} [{st['file']}:{st['line']}] "
            f"{st['speaker'][:30]!r}/{st['stance']} -> "
            f"{(row.get('speaker') or '')[:40]!r}/{row.get('stance')} {row.get('date')}"
        )
    return claims, holders, mean


def forward(sc, posts, labels, env, limit, dated=True):
    """Check each forwarded post as the bot does: with the day it was posted (one `check`
    per day, as `--posted` holds for all its lines), or without any when `dated` is off."""
    fwd = [p for p in labels if p["role"] == "forward"][: limit or None]
    days = collections.defaultdict(list)
    for i, p in enumerate(fwd):
        days[p["date"] if dated else None].append(i)
    answers = [None] * len(fwd)
    for day, indices in days.items():
        query = "".join(" ".join(posts[fwd[i]["line"] - 1]["text"].split()) + "\n" for i in indices)
        args = [sc, "check", "--json", "-"] + (["--posted", day] if day else [])
        r = subprocess.run(args, input=query, capture_output=True, text=True, env=env, cwd=ROOT)
        got = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
        if len(got) != len(indices):
            sys.exit(
                f"check answered {len(got)} of {len(indices)} posts: {r.stderr.strip()[-300:]}"
            )
        for i, answer in zip(indices, got, strict=True):
            answers[i] = answer
    return fwd, answers


def report_posts(fwd, answers, claims, holders, say, samples):
    tally = collections.Counter()
    by_events = collections.defaultdict(list)
    wrong = []
    for p, a in zip(fwd, answers, strict=True):
        top = (a.get("matches") or [None])[0]
        want = set().union(*(claims.get(e, set()) for e in p["events"]))
        got = key_of(top) if top else None
        by_events[tuple(p["events"])].append(got)
        if want:
            tally["in base"] += 1
        if got is None:
            tally["unanswered right" if not want else "missed"] += 1
        elif got in want:
            # A claim that also holds other labelled events is a catch-all, not this event.
            pure = not holders.get(got, set()) - set(p["events"])
            tally["found" if pure else "found on a catch-all"] += 1
        else:
            other = holders.get(got, set()) - set(p["events"])
            tally["wrong: another labelled event" if other else "wrong: an unlabelled claim"] += 1
            wrong.append((p, top, sorted(other)))
    n = len(fwd)
    in_base = tally["in base"]
    n_wrong = tally["wrong: another labelled event"] + tally["wrong: an unlabelled claim"]
    say(f"forwarded posts {n}: {in_base} on an event the base holds, {n - in_base} on others")
    say(
        f"  found the same event: {pct(tally['found'], in_base)}; on a claim that also holds "
        f"other labelled events: {tally['found on a catch-all']}; unanswered: {tally['missed']}"
    )
    say(
        f"  wrong-claim answers: {n_wrong} (target 0): about another labelled event "
        f"{tally['wrong: another labelled event']}, a claim holding no labelled statement "
        f"{tally['wrong: an unlabelled claim']}"
    )
    say(f"  correctly left unanswered: {pct(tally['unanswered right'], n - in_base)}")
    multi = {k: v for k, v in by_events.items() if len(v) > 1 and any(e in claims for e in k)}
    same = sum(len(set(v)) == 1 and v[0] is not None for v in multi.values())
    say(f"  posts of one event from several channels answered with one claim: {same}/{len(multi)}")
    for p, top, other in wrong[:samples]:
        say(
            f"  wrong: [{p['channel'][:14]} {p['message_id']} {p['date']}] "
            f"{'+'.join(p['events'])[:50]} -> {top.get('score')}/100 {top.get('claim', '')[:60]!r}"
            f"{' (' + ', '.join(other)[:40] + ')' if other else ''}"
        )
    return n_wrong, tally


def write_details(path, items, fwd, answers):
    """Each labelled statement with the evidence taken for it, and each forwarded post's answer."""
    with open(path, "w", encoding="utf-8") as fh:
        for i in items:
            st, row = i["st"], i["row"] or {}
            rec = {"event": i["event"]["id"], "file": st["file"], "line": st["line"]}
            rec.update({k: st.get(k) for k in ("speaker", "stance", "date")})
            rec["stored"] = {k: row.get(k) for k in ("claim", "speaker", "stance", "date", "via")}
            rec["stored"]["key"] = key_of(row) if row else None
            rec.update({k: i.get(k) for k in ("speaker_ok", "stance_ok", "date_ok")})
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        for p, a in zip(fwd, answers, strict=True):
            top = (a.get("matches") or [{}])[0]
            rec = {k: p[k] for k in ("line", "channel", "message_id", "date", "events")}
            rec["answer"] = {"key": key_of(top) if top else None, "claim": top.get("claim")}
            rec["answer"]["score"] = top.get("score")
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--real",
        default=os.path.join(ROOT, "..", "shared", "eval", "real"),
        help="folder of the real texts",
    )
    ap.add_argument(
        "--seeds",
        default=os.path.join(ROOT, "..", "shared", "seeds"),
        help="folder of the seed articles",
    )
    ap.add_argument("--labels", default=LABELS, help="folder of events.jsonl and posts.jsonl")
    ap.add_argument(
        "--db", help="SQLite file for the claim base (default: in a new temporary folder)"
    )
    ap.add_argument(
        "--reuse", action="store_true", help="measure the base already in --db without ingesting"
    )
    ap.add_argument(
        "--articles", type=int, default=0, help="ingest only the first N English articles (0: all)"
    )
    ap.add_argument(
        "--only-labelled",
        action="store_true",
        help="ingest only documents that hold labelled statements",
    )
    ap.add_argument(
        "--posts", type=int, default=0, help="forward only the first N labelled posts (0: all)"
    )
    ap.add_argument(
        "--samples", type=int, default=8, help="how many failures of each kind to print"
    )
    ap.add_argument(
        "--per-file",
        action="store_true",
        help="run `sourcecheck ingest` once per file (default: its entry point, in one process)",
    )
    ap.add_argument(
        "--sourcecheck",
        help="the sourcecheck command (default: .venv/bin/sourcecheck, else on PATH)",
    )
    ap.add_argument(
        "--undated",
        action="store_true",
        help="forward the posts without the day they were posted (default: with it, as the bot)",
    )
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument(
        "--details", help="write each statement's and post's verdict to this .jsonl file"
    )
    a = ap.parse_args()

    sc = a.sourcecheck or os.path.join(ROOT, ".venv", "bin", "sourcecheck")
    if not os.access(sc, os.X_OK):
        sc = shutil.which("sourcecheck") or sys.exit(
            "no sourcecheck command: run `make install` first"
        )
    events = read_jsonl(os.path.join(a.labels, "events.jsonl"))
    post_labels = read_jsonl(os.path.join(a.labels, "posts.jsonl"))
    docs, posts = load_docs(a.real, a.seeds, post_labels, a.articles)
    if a.only_labelled:
        wanted = {
            (s["file"], 0 if s["file"].startswith("seeds/") else s["line"])
            for e in events
            for s in e["statements"]
        }
        docs = [d for d in docs if (d.file, d.line) in wanted]
    by_line = {(d.file, d.line): d for d in docs}

    work = tempfile.mkdtemp(prefix="real-events.")
    db = os.path.abspath(a.db or os.path.join(work, "claims.db"))
    if not a.reuse and os.path.exists(db):
        sys.exit(f"{db} exists: give a new path, or --reuse to measure it as it is")
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{db}")
    out = []

    def say(text=""):
        print(text)
        out.append(text)

    t0 = time.time()
    if not a.reuse:
        refused, seconds = ingest(sc, docs, work, env, not a.per_file)
        say(
            f"documents {len(docs)} (refused {len(refused)}); ingest median "
            f"{sorted(seconds)[len(seconds) // 2]:.1f}s, max {max(seconds):.1f}s"
        )
        for line in refused[: a.samples]:
            say(f"  refused {line}")
    export = subprocess.run([sc, "export"], capture_output=True, text=True, env=env, cwd=ROOT)
    if export.returncode:
        sys.exit(f"export failed: {export.stderr.strip()[-300:]}")
    rows = [json.loads(line) for line in export.stdout.splitlines() if line.strip()]
    loose = attach_rows(docs, rows)
    say(
        f"evidence {len(rows)} on {len({key_of(r) for r in rows})} claims; "
        f"not traced to a document {loose}; quotes not found in their text "
        f"{sum(1 for d in docs for r in d.rows if r.get('_at') is None)}"
    )
    items = match_statements(events, by_line)
    claims, holders, mean = report_statements(
        items, [e for e in events if e["statements"]], say, a.samples
    )
    fwd, answers = forward(sc, posts, post_labels, env, a.posts, dated=not a.undated)
    n_wrong, tally = report_posts(fwd, answers, claims, holders, say, a.samples)
    say(f"took {time.time() - t0:.0f}s; claim base {db}")
    if a.details:
        write_details(a.details, items, fwd, answers)
    if a.json:
        figures = {
            "statements": len(items),
            "found": sum(i["row"] is not None for i in items),
            "claims_per_event": round(mean, 3),
            "speaker_right": sum(i["speaker_ok"] for i in items),
            "stance_right": sum(i["stance_ok"] for i in items),
            "dated": sum(bool(i["st"].get("date")) for i in items),
            "date_right": sum(i["date_ok"] for i in items),
            "forwarded": len(fwd),
            "wrong_claim_answers": n_wrong,
            "posts": dict(tally),
            "report": out,
        }
        with open(a.json, "w", encoding="utf-8") as fh:
            json.dump(figures, fh, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
