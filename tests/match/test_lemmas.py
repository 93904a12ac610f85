"""Lemma tables: the same lemmas as simplemma, wherever the tables can or cannot be written."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest
import simplemma

from store.match import lemmas
from store.match.lemmas import (
    LemmaTable,
    LemmaTables,
    decoded,
    encode_table,
    table_path,
    write_table,
)
from store.match.text import WORD, lemma
from store.match.translit import has_cyrillic
from tests.conftest import SAMPLE_CLAIMS

# Inflected war vocabulary, words simplemma resolves by rules, affixes or hyphens rather than
# by its dictionary, capitals, apostrophes and words it does not know.
WORDS = {
    "en": """took captured liberated forces troops denied shelling shelled villages crossed didn't
        Russia's counter-offensive reportedly geolocated footage Zaporizke ISW settlements withdrew
        outskirts""".split(),
    "uk": """захопили звільнили окупанти населений пункт Запорізьке військові збройні сили
        обстріляли відступили п'ять контрнаступ не підтвердили Дніпропетровської області росіяни
        зсу бойовики""".split(),
    "ru": """освободили захватили населённый населенный пункт Запорожское вооружённые силы
        подразделения группировки Восток опровергли обстреляли отступили контрнаступление не
        подтвердили всу Днепропетровской области минобороны""".split(),
}


def sample_words() -> list[str]:
    """Every word of the sample claim base, as the index meets them."""
    found: set[str] = set()
    for line in SAMPLE_CLAIMS.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for text in [record["claim"], record.get("quote") or "", *record.get("aliases", [])]:
            found.update(w.casefold() for w in WORD.findall(text))
    return sorted(found)


# Where and when tables are built does not depend on the language: a small one keeps it quick.
SMALL = "ms"


@pytest.fixture(scope="module")
def small_entries() -> Mapping[str, str]:
    return decoded(SMALL)


def same_entries(table: Mapping[str, str], reference: Mapping[str, str]) -> bool:
    return len(table) == len(reference) and all(
        table.get(word) == base for word, base in reference.items()
    )


def test_a_table_holds_exactly_simplemma_s_entries(tmp_path: Path) -> None:
    reference = decoded("en")
    table = LemmaTables([tmp_path]).build("en", reference)
    assert isinstance(table, LemmaTable)
    assert same_entries(table, reference)
    assert sum(1 for _ in table) == len(reference)
    for missing in ("zzzq", "", "tooke", "Took "):
        assert missing not in reference
        assert table.get(missing) is None
        assert missing not in table
    with pytest.raises(KeyError):
        table["zzzq"]


def test_any_lemma_comes_back_as_written(tmp_path: Path) -> None:
    entries = {
        "took": "take",  # shares a prefix
        "went": "go",  # shares none
        "ab": "abc",  # longer than its word
        "same": "same",
        "ялинки": "ёлка",  # shares half of a two-byte letter
        "x" * 300: "y" + "x" * 299,  # shares none, long
        "a" + "x" * 300: "a",  # drops more than a record can say
        "п'ять": "п'ять",
    }
    path = write_table(tmp_path, "en", lambda: encode_table(entries, "en"))
    table = LemmaTable(path, "en")
    assert dict(table.items()) == entries
    assert table.get("take") is None


@pytest.mark.parametrize("lang", ["en", "uk", "ru"])
def test_lemmas_are_the_ones_simplemma_gives(lang: str) -> None:
    cyrillic = lang != "en"
    words = WORDS[lang] + [w for w in sample_words() if has_cyrillic(w) == cyrillic]
    for word in words:
        assert lemmas.lemmatize(word, lang) == simplemma.lemmatize(word, lang), word


def test_the_matcher_reads_the_tables() -> None:
    # The installed tables, or the ones built in the user's cache on first use.
    assert isinstance(lemmas.TABLES.get_dictionary("ru"), LemmaTable)
    assert lemma("освободили", "ru") == simplemma.lemmatize("освободили", "ru").casefold()
    assert lemma("слово", "xx") == "слово"  # a language simplemma lacks: the word itself


def small_table(directory: Path, reference: Mapping[str, str]) -> LemmaTable:
    """The table LemmaTables gives, checked, and checked again as the file now on disk."""
    table = LemmaTables([directory]).get_dictionary(SMALL)
    assert isinstance(table, LemmaTable)
    assert same_entries(table, reference)
    assert same_entries(LemmaTable(table_path(directory, SMALL), SMALL), reference)
    return table


def test_a_broken_table_is_rebuilt(tmp_path: Path, small_entries: Mapping[str, str]) -> None:
    table_path(tmp_path, SMALL).write_bytes(b"SCLEMMA\n\x05\x00\x00\x00{oops")
    small_table(tmp_path, small_entries)


def test_a_truncated_table_is_rebuilt(tmp_path: Path, small_entries: Mapping[str, str]) -> None:
    small_table(tmp_path, small_entries)
    path = table_path(tmp_path, SMALL)
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(ValueError, match="truncated"):
        LemmaTable(path, SMALL)
    small_table(tmp_path, small_entries)


def test_a_table_from_another_simplemma_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_entries: Mapping[str, str]
) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(simplemma, "__version__", "0.9.1")
        LemmaTables([tmp_path]).get_dictionary(SMALL)
    with pytest.raises(ValueError, match="built for"):
        LemmaTable(table_path(tmp_path, SMALL), SMALL)
    small_table(tmp_path, small_entries)


def test_an_unwritable_place_falls_back_to_the_next(tmp_path: Path) -> None:
    (tmp_path / "read-only").write_text("a file where a directory should be")
    blocked, cache = tmp_path / "read-only" / "lemmas", tmp_path / "cache"
    table = LemmaTables([blocked, cache]).get_dictionary(SMALL)
    assert isinstance(table, LemmaTable)
    assert table_path(cache, SMALL).exists()


def test_with_nowhere_to_write_simplemma_s_dictionary_is_used(
    tmp_path: Path, small_entries: Mapping[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_encoding(*args: object) -> list[bytes]:
        raise AssertionError("a table was encoded with nowhere to write it")

    monkeypatch.setattr(lemmas, "encode_table", no_encoding)
    (tmp_path / "read-only").write_text("a file where a directory should be")
    tables = LemmaTables([tmp_path / "read-only" / "lemmas"])
    dictionary = tables.get_dictionary(SMALL)
    assert not isinstance(dictionary, LemmaTable)
    assert same_entries(dictionary, small_entries)
    lemmatizer = simplemma.Lemmatizer(
        lemmatization_strategy=simplemma.strategies.DefaultStrategy(dictionary_factory=tables)
    )
    words = sorted(small_entries)[::500]
    assert [lemmatizer.lemmatize(w, SMALL) for w in words] == [
        simplemma.lemmatize(w, SMALL) for w in words
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["read-only"]


def test_the_install_command_builds_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert lemmas.main(["--dir", str(tmp_path), SMALL]) == 0
    assert "built" in capsys.readouterr().out
    built = table_path(tmp_path, SMALL).stat().st_mtime_ns
    assert lemmas.main(["--dir", str(tmp_path), SMALL]) == 0
    assert "up to date" in capsys.readouterr().out
    assert table_path(tmp_path, SMALL).stat().st_mtime_ns == built


def test_the_install_command_says_when_it_cannot_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "read-only").write_text("a file where a directory should be")
    assert lemmas.main(["--dir", str(tmp_path / "read-only" / "lemmas"), SMALL]) == 1
    assert "cannot write" in capsys.readouterr().err
