"""The gazetteer build on small source files written here: names, links, refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from store.match import build_gazetteer as build
from store.match.settlements import PlaceRecord, load_places

KATOTTG = [
    "Перший рівень;Другий рівень;Третій рівень;Четвертий рівень;Додатковий рівень;"
    "Категорія об’єкта;Назва об’єкта",
    "UA14000000000091971;;;;;O;Донецька",
    "UA14000000000091971;UA14160000000061982;;;;P;Покровський",
    "UA14000000000091971;UA14160000000061982;UA14160210000011148;;;H;Покровська ",
    "UA14000000000091971;UA14160000000061982;UA14160210000011148;UA14160210010099403;;M;Покровськ",
    "UA14000000000091971;UA14160000000061982;UA14160110000031920;;;H;Новогродівська",
    "UA14000000000091971;UA14160000000061982;UA14160110000031920;UA14160110190089800;;C;"
    "Новодмитрівка",
    "UA14000000000091971;UA14160000000061982;UA14160110000031920;UA14160110200011111;;C;Мар’їнка ",
    "UA12000000000090473;;;;;O;Дніпропетровська",
    "UA12000000000090473;UA12140000000011720;;;;P;Синельниківський",
    "UA12000000000090473;UA12140000000011720;UA12140010000024967;;;H;Васильківська",
    "UA12000000000090473;UA12140000000011720;UA12140010000024967;UA12140010080098299;;C;"
    "Новодмитрівка",
    "UA80000000000093317;;;;;K;Київ",
]
OCHA = [
    "katottg,name_current_katottg,pcode,name_en,name_uk_ocha",
    "UA14160210010099403,Покровськ,UA1416021001,Pokrovsk,Покровськ",
    "UA14160110190089800,Новодмитрівка,UA1416011019,Novodmytrivka,Новодмитрівка",
    ",,UA0112017004,Levitanivka,Левітанівка",
]
RENAMED = [
    "katottg,name_current,category,oblast,raion,hromada,old_name,old_name_raw,source,period,kind",
    "UA14160210010099403,Покровськ,M,Донецька,Покровський,Покровська,Красноармійськ,"
    "КРАСНОАРМІЙСЬК,KOATUU_15072015 vs KOATUU_26112020 (same KOATUU code),2015-07..2020-11,"
    "rename",
]
OSM = [
    "osm_id,katotth,koatuu,name,name:uk,place,population,postal_code,old_name,old_name:uk,"
    "region,rayon,hromada",
    "1,UA12140010080098299,1,Новодмитровка,Новодмитрівка,village,10,,Зелений Гай;Hojcz,,"
    "Дніпропетровська область,Синельниківський район,Васильківська громада",
    "2,,,Пролетарка,Пролетарка,hamlet,222,,Асс,,Автономна Республіка Крим,,",
]
CURATED = [
    {"id": "russia", "kind": "country", "oblast": None, "en": ["Russia"], "uk": ["Росія"],
     "ru": ["Россия"]},
    {"id": "donetsk-oblast", "kind": "oblast", "oblast": "donetsk", "en": ["Donetsk Oblast"],
     "uk": ["Донецька область"], "ru": ["Донецкая область"]},
    {"id": "dnipropetrovsk-oblast", "kind": "oblast", "oblast": "dnipropetrovsk",
     "en": ["Dnipropetrovsk Oblast"], "uk": ["Дніпропетровська область"],
     "ru": ["Днепропетровская область"]},
    {"id": "kyiv", "kind": "city", "oblast": "kyiv-city", "en": ["Kyiv", "Kiev"],
     "uk": ["Київ"], "ru": ["Киев"]},
    {"id": "pokrovsk", "kind": "city", "oblast": "donetsk", "en": ["Pokrovsk"],
     "uk": ["Покровськ"], "ru": ["Покровск"], "old": ["Красноармейск", "Krasnoarmeysk"]},
    {"id": "novodmytrivka-ghost", "kind": "village", "oblast": "donetsk",
     "en": ["Nowhere"], "uk": ["Ніде"], "ru": ["Нигде"]},
]  # fmt: skip


def write_sources(root: Path, **override: list[str]) -> Path:
    files = {
        build.KATOTTG_FILE: ("\ufeff", "\r\n", KATOTTG),
        build.OCHA_FILE: ("", "\n", OCHA),
        build.RENAMED_FILE: ("", "\n", RENAMED),
        build.OSM_FILE: ("", "\n", OSM),
    }
    for name, (bom, eol, rows) in files.items():
        rows = override.get(name, rows)
        (root / name).write_text(bom + eol.join(rows) + eol, encoding="utf-8", newline="")
    curated = root / "curated.jsonl"
    curated.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in CURATED) + "\n")
    return root


def run(root: Path, output: Path) -> int:
    return build.main(
        ["--source", str(root), "--curated", str(root / "curated.jsonl"), "--output", str(output)]
    )


@pytest.fixture
def built(tmp_path: Path) -> dict[str, PlaceRecord]:
    out = tmp_path / "out" / "settlements.tsv.gz"
    assert run(write_sources(tmp_path), out) == 0
    return {r.id: r for r in load_places(out)}


def test_every_settlement_with_its_units(built: dict[str, PlaceRecord]) -> None:
    settlements = [r for r in built.values() if r.katottg]
    assert len(settlements) == 5
    novo = [r for r in settlements if r.uk[0] == "Новодмитрівка"]
    assert {(r.oblast, r.raion.name) for r in novo} == {
        ("donetsk", "Покровський"),
        ("dnipropetrovsk", "Синельниківський"),
    }
    village = built["UA14160110190089800"]
    assert (village.category, village.kind, village.hromada.name) == (
        "C",
        "village",
        "Новогродівська",
    )
    assert village.oblast_unit.name == "Донецька"
    # Units are stored once and shared by every settlement in them.
    assert village.raion is built["pokrovsk"].raion


def test_names_cleaned_and_in_three_languages(built: dict[str, PlaceRecord]) -> None:
    marinka = built["UA14160110200011111"]
    assert marinka.uk == ("Мар'їнка",)  # trailing space gone, apostrophe the matcher's
    assert "Marinka" in marinka.en
    assert "Марьинка" in marinka.ru
    assert built["pokrovsk"].hromada.name == "Покровська"
    novo = built["UA12140010080098299"]
    assert novo.ru[0] == "Новодмитровка"  # OSM's Russian name first
    assert "Зелений Гай" in novo.old  # OSM old_name, Cyrillic only
    assert "Hojcz" not in novo.names


def test_curated_settlement_linked_keeps_its_id_and_names(built: dict[str, PlaceRecord]) -> None:
    pokrovsk = built["pokrovsk"]
    assert pokrovsk.katottg == "UA14160210010099403"
    assert pokrovsk.kind == "city"
    assert "Красноармійськ" in pokrovsk.old  # the 2016 renaming
    assert {"Красноармейск", "Krasnoarmeysk"} <= set(pokrovsk.old)  # curated extras
    assert pokrovsk.en.count("Pokrovsk") == 1
    assert "UA14160210010099403" not in built  # not duplicated under its code
    assert built["kyiv"].katottg == "UA80000000000093317"
    assert built["kyiv"].oblast == "kyiv-city"


def test_other_curated_entries_kept_as_they_are(built: dict[str, PlaceRecord]) -> None:
    assert built["russia"].entry() == CURATED[0] | {"oblast": None}
    ghost = built["novodmytrivka-ghost"]  # a settlement the codifier lacks: kept, not linked
    assert (ghost.katottg, ghost.uk, ghost.oblast) == ("", ("Ніде",), "donetsk")


def test_entry_feeds_gazetteer_add(built: dict[str, PlaceRecord]) -> None:
    entry = built["pokrovsk"].entry()
    assert entry["id"] == "pokrovsk" and entry["oblast"] == "donetsk"
    assert entry["uk"] == ["Покровськ"] and "Красноармійськ" in entry["old"]


@pytest.mark.parametrize(
    ("file", "row", "line", "reason"),
    [
        (build.KATOTTG_FILE, 4, "UA14000000000091971;UA14160000000061982;;;P;Покровський",
         "6 columns"),
        (build.KATOTTG_FILE, 5, "UA14000000000091971;UA1416;;;;P;Покровський", "KATOTTG code"),
        (build.KATOTTG_FILE, 3, "UA14000000000091971;;;;;Z;Донецька", "unknown category"),
        (build.KATOTTG_FILE, 6, "UA14000000000091971;UA14160000000061982;;;;M;Місто",
         "needs exactly 4"),
        (build.RENAMED_FILE, 2, "UA1416021001009940X,Покровськ,M,,,,Красноармійськ,,,,rename",
         "katottg"),
        (build.RENAMED_FILE, 3, "UA14160210010099403,Покровськ,M,,,,Красноармійськ,,,,typo",
         "kind"),
        (build.OCHA_FILE, 2, "UA14160210010099403,Покровськ,UA1416021001,,Покровськ",
         "empty name_en"),
        (build.OSM_FILE, 3, "1,UA14,1,Х,Х,village,1,,,,,,", "katotth"),
    ],
)  # fmt: skip
def test_malformed_row_refused_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], file: str, row: int, line: str, reason: str
) -> None:
    base = {
        build.KATOTTG_FILE: KATOTTG,
        build.OCHA_FILE: OCHA,
        build.RENAMED_FILE: RENAMED,
        build.OSM_FILE: OSM,
    }[file]
    rows = [*base[: row - 1], line, *base[row - 1 :]]
    out = tmp_path / "settlements.tsv.gz"
    out.write_bytes(b"previous build")
    assert run(write_sources(tmp_path, **{file: rows}), out) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: {tmp_path / file}:{row}: "), err
    assert reason in err
    assert len(err.splitlines()) == 1
    assert out.read_bytes() == b"previous build"  # nothing written
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_missing_parent_unit_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [r for r in KATOTTG if not r.endswith(";H;Новогродівська")]
    out = tmp_path / "settlements.tsv.gz"
    assert run(write_sources(tmp_path, **{build.KATOTTG_FILE: rows}), out) == 1
    assert "names no row of the codifier" in capsys.readouterr().err
    assert not out.exists()


def test_press_spellings() -> None:
    assert "Kupyansk" in build.press_spellings("Kupiansk")
    assert "Zaporizhia" in build.press_spellings("Zaporizhzhia")
    assert "Khmelnytsky" in build.press_spellings("Khmelnytskyi")
    assert build.press_spellings("Pokrovsk") == []
