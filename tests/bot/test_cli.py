"""The command line contract: `sourcecheck check --json` and friends, as other tools call it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.cli import main
from tests.claimbase.test_check import POST
from tests.conftest import SAMPLE_CLAIMS


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data" / "claims.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.delenv("MATCH_THRESHOLD", raising=False)
    monkeypatch.chdir(tmp_path)
    return path


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_json_answers_with_matches_and_sources(db: Path, capsys) -> None:
    assert run(capsys, "import", str(SAMPLE_CLAIMS))[0] == 0
    code, out, _ = run(capsys, "check", "--json", "Russia took Zaporizke")
    assert code == 0
    answer = json.loads(out)
    assert answer["query"] == "Russia took Zaporizke"
    best = answer["matches"][0]
    assert best["id"] == "zaporizke"
    assert 0 <= best["score"] <= 100
    assert best["polarity"] == "affirms"
    assert [e["speaker"] for e in best["backing"]] == ["Russian Defence Ministry"]
    assert set(best["backing"][0]) >= {"speaker", "outlet", "date", "quote", "url"}
    assert best["backing"][0]["date"] == "2025-08-10"
    assert [e["outlet"] for e in best["disputing"]] == ["BBC News"]
    assert [e["speaker"] for e in best["unconfirmed"]] == ["Institute for the Study of War"]


def test_a_denial_turns_backing_and_disputing_around(db: Path, capsys) -> None:
    run(capsys, "import", str(SAMPLE_CLAIMS))
    _, out, _ = run(capsys, "check", "--json", "Russia did not take Zaporizke")
    best = json.loads(out)["matches"][0]
    assert best["polarity"] == "denies"
    assert [e["outlet"] for e in best["backing"]] == ["BBC News"]
    assert [e["outlet"] for e in best["disputing"]] == ["TASS"]


def test_no_match_is_an_empty_list(db: Path, capsys) -> None:
    run(capsys, "import", str(SAMPLE_CLAIMS))
    _, out, _ = run(capsys, "check", "--json", "The Eiffel Tower is closed for renovation")
    assert json.loads(out)["matches"] == []


def test_min_score_zero_lists_the_best_whatever_their_score(db: Path, capsys) -> None:
    run(capsys, "import", str(SAMPLE_CLAIMS))
    _, out, _ = run(capsys, "check", "--json", "--min-score", "0", "--limit", "2", "troops")
    matches = json.loads(out)["matches"]
    assert len(matches) == 2
    assert matches[0]["score"] >= matches[1]["score"]


def test_check_reads_one_query_per_line_from_stdin(db: Path, capsys, monkeypatch) -> None:
    run(capsys, "import", str(SAMPLE_CLAIMS))
    monkeypatch.setattr("sys.stdin", io.StringIO("Russia took Pokrovsk\n\nRussia took Pokrovske\n"))
    _, out, _ = run(capsys, "check", "--json", "-")
    answers = [json.loads(line) for line in out.splitlines()]
    assert [a["query"] for a in answers] == ["Russia took Pokrovsk", "Russia took Pokrovske"]
    assert [a["matches"][0]["id"] for a in answers] == ["pokrovsk", "pokrovske"]


def test_check_as_text_reads_like_the_bot_answer(db: Path, capsys) -> None:
    run(capsys, "import", str(SAMPLE_CLAIMS))
    code, out, _ = run(capsys, "check", "Russia took Zaporizke")
    assert code == 0
    assert "Backed by" in out and "Disputed by" in out and "https://example.org" in out
    assert "<b>" not in out


def test_no_match_as_text_names_the_nearest_claim_and_no_telegram_command(db: Path, capsys) -> None:
    run(capsys, "import", str(SAMPLE_CLAIMS))
    _, out, _ = run(capsys, "check", "Russia took Zaporizhzhia")
    assert out.startswith("No stored claim matches this.")
    assert "a different place" in out
    assert "/claim" not in out and "Editors" not in out


def test_match_threshold_and_min_score(db: Path, capsys, monkeypatch) -> None:
    run(capsys, "import", str(SAMPLE_CLAIMS))
    query = "ВС РФ освободили Гуляйполе"  # Huliaipole, in Russian: a match below 95
    assert json.loads(run(capsys, "check", "--json", query)[1])["matches"]
    monkeypatch.setenv("MATCH_THRESHOLD", "95")
    strict = json.loads(run(capsys, "check", "--json", query)[1])
    assert strict["matches"] == [] and strict["nearest"]["id"] == "huliaipole"
    _, out, _ = run(capsys, "check", "--json", "--min-score", "60", query)
    assert json.loads(out)["matches"][0]["id"] == "huliaipole"


def test_a_long_post_is_checked_sentence_by_sentence(db: Path, capsys) -> None:
    run(capsys, "import", str(SAMPLE_CLAIMS))
    answer = json.loads(run(capsys, "check", "--json", POST)[1])
    assert answer["query"] == POST and answer["by_sentence"] is True
    assert sorted(m["id"] for m in answer["matches"]) == ["pokrovsk", "zaporizke"]
    _, out, _ = run(capsys, "check", POST)
    assert "Also in this post:" in out


def test_import_twice_adds_nothing_and_export_writes_it_back(db: Path, capsys, tmp_path) -> None:
    _, first, _ = run(capsys, "import", str(SAMPLE_CLAIMS))
    _, second, _ = run(capsys, "import", str(SAMPLE_CLAIMS))
    assert "16 new pieces of evidence" in first
    assert "0 new pieces of evidence" in second
    target = tmp_path / "out.jsonl"
    assert run(capsys, "export", "-o", str(target))[0] == 0
    lines = [json.loads(line) for line in target.read_text().splitlines()]
    assert len(lines) == 16 and all({"id", "claim", "stance", "speaker"} <= set(x) for x in lines)


def test_a_bad_file_is_refused_whole_with_its_line_number(db: Path, capsys, tmp_path) -> None:
    bad = tmp_path / "bad.jsonl"
    good = SAMPLE_CLAIMS.read_text().splitlines()[0]
    bad.write_text(good + "\n" + '{"claim": "x", "stance": "perhaps", "speaker": "A"}\n')
    code, _, err = run(capsys, "import", str(bad))
    assert code == 1
    assert "line 2" in err and "nothing was imported" in err and len(err.splitlines()) == 1
    _, out, _ = run(capsys, "check", "--json", "Russia took Zaporizke")
    assert json.loads(out)["matches"] == []


def test_errors_are_one_line_and_a_non_zero_exit(db: Path, capsys) -> None:
    code, _, err = run(capsys, "import", "missing.jsonl")
    assert code == 1 and err.strip() == "sourcecheck: missing.jsonl: no such file"
    code, _, err = run(capsys, "check", "--limit", "0", "x")
    assert code == 1 and "--limit" in err


def test_run_without_a_token_says_how_to_get_one(db: Path, capsys) -> None:
    code, _, err = run(capsys, "run")
    assert code == 1
    assert "@BotFather" in err and ".env" in err and "sourcecheck check" in err
    assert len(err.strip().splitlines()) == 1


def test_a_database_that_cannot_be_opened_is_one_clear_line(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{blocker}/claims.db")
    code, _, err = run(capsys, "check", "x")
    assert code == 1 and err.startswith("sourcecheck:") and len(err.strip().splitlines()) == 1


def test_every_command_has_help(capsys) -> None:
    for command in ("import", "export", "check", "run", "migrate", "eval"):
        with pytest.raises(SystemExit) as exited:
            main([command, "--help"])
        assert exited.value.code == 0
        assert "usage: sourcecheck" in capsys.readouterr().out
