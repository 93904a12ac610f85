"""What the file-format tests share: a claim base in a file, and `sourcecheck` run on it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main as cli

CSV_GOOD = (
    "id,claim,aliases,stance,speaker,outlet,date,url,quote,via\n"
    "dachne,Russian forces captured Dachne,Russia took Dachne|Росія захопила Дачне,backs,"
    "Russian Defence Ministry,TASS,2025-08-30,https://tass.example/dachne,"
    '"Units of the Vostok group liberated Dachne, the ministry said.",\n'
    "dachne,Russian forces captured Dachne,,disputes,Ukrainian 35th Brigade,Suspilne,"
    '2025-08-31,https://suspilne.example/dachne,"Dachne is ours",\n'
    "dachne,Russian forces captured Dachne,,unconfirmed,three officers,The Moscow Times,"
    "2025-09-01,,,The New York Times\n"
)

REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://checkdesk.example/dachne",
    "claimReviewed": "Russian forces captured Dachne",
    "datePublished": "2025-09-02",
    "author": {"@type": "Organization", "name": "Check Desk"},
    "reviewRating": {"@type": "Rating", "alternateName": "Misleading"},
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Organization", "name": "Russian Defence Ministry"},
        "datePublished": "2025-08-30",
        "appearance": {
            "@type": "CreativeWork",
            "url": "https://t.me/mod_example/100",
            "publisher": {"name": "Telegram"},
        },
    },
}


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'claims.db'}")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = cli(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def check(capsys: pytest.CaptureFixture, query: str) -> dict:
    code, out, _ = run(capsys, "check", "--json", query)
    assert code == 0
    matches = json.loads(out)["matches"]
    assert matches, f"no match for {query!r}"
    return matches[0]
