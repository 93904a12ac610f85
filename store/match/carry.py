"""The place a sentence tells of without naming it: "the town", "місто", "в городе".

Reporting names a place once and then writes "the city" ("Russian forces have entered the
city", "Десант высадился в городе"): read alone, such a sentence has an action and no place,
so no frame, and the statement is lost. The place it means is the one the sentences just
before named. Pure: the statements of one document in, the frames found by carrying out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from store.match.analyze import Analyzer
from store.match.frame import WITHDRAW, Frame, is_region, read_frame

# How far back (in sentences) the place named last is still the one "the city" means.
CARRY_SENTENCES = 3

_GENERIC = re.compile(
    r"(?<![\w-])(?:the\s+(?:city|town|village|settlement)(?!\s+of\b)|"
    r"місто|міста|місті|містом|селище|селища|селищі|город|города|городе|городом|"
    r"пос[её]лок|пос[её]лка|пос[её]лке|село|села|селі|селе|"
    r"населен(?:ий|ого|ому)\s+пункт[уіа]?|населенн(?:ый|ого|ом)\s+пункт[еау]?)"
    r"(?![\w-])(?!\s+(?-i:[A-ZА-ЯІЇЄҐ]))",
    re.IGNORECASE,
)


# How an army announces that it withdrew, without the word: "we acted to preserve the lives of
# our soldiers", "a decision was made to withdraw". Said just after a withdrawal is reported,
# it states that withdrawal.
_WHY_WITHDRAWN = re.compile(
    r"\b(?:to\s+(?:preserve|save)\s+the\s+lives\s+of\s+(?:our|its|their|the)?\s*(?:\w+\s+)?"
    r"(?:soldiers|defenders|servicemen|troops|personnel|fighters)|decision\s+(?:was\s+|has\s+been\s+)?"
    r"(?:made|taken)\s+to\s+(?:withdraw|pull\s+back|retreat)|to\s+avoid\s+(?:being\s+)?"
    r"(?:encircle|surround)\w*)",
    re.IGNORECASE,
)

_THIS = re.compile(r"(?<![\w-])(?:цього|цьому|цей|этого|этом|этот|this|that)\s+$", re.I)


# "the region" ("regained full control of the region"): the oblast named just before.
_GENERIC_REGION = re.compile(
    r"(?<![\w-])(?:the\s+(?:region|oblast)(?!\s+of\b)|област[ьіи])(?![\w-])",
    re.IGNORECASE,
)


def last_region(text: str, analyzer: Analyzer) -> str | None:
    """How the last oblast a sentence names is written in it ("Kursk region"), or None."""
    gazetteer = analyzer.gazetteer
    found = [m for m in gazetteer.find(text) if gazetteer.place(m.place_id).kind == "oblast"]
    return found[-1].surface if found else None


def last_place(text: str, analyzer: Analyzer) -> str | None:
    """How the last settlement a sentence names is written in it, or None."""
    gazetteer = analyzer.gazetteer
    found = [
        m
        for m in gazetteer.find(text)
        if gazetteer.place(m.place_id).kind not in ("oblast", "region", "country")
    ]
    return found[-1].surface if found else None


def carried_frames(
    statements: Iterable[tuple[int, str, str]],
    frames: dict[str, Frame | None],
    analyzer: Analyzer,
    key: Callable[[str], str],
) -> dict[str, Frame]:
    """Frames for the propositions that say "the city" of the place named just before.

    `statements` are (sentence index, proposition, the sentence) in the document's order;
    `frames` the frames read from each proposition alone, by `key(proposition)`.
    """
    carried: dict[str, Frame] = {}
    place: tuple[int, str] | None = None
    region: tuple[int, str] | None = None
    withdrawal: tuple[int, Frame] | None = None
    for index, proposition, sentence in statements:
        name = frames.get(key(proposition))
        generic = _GENERIC.search(proposition)
        if name is None and generic and _THIS.search(proposition[: generic.start()]):
            # "Куп'янськ ... , а заяви про окупацію цього населеного пункту": named just now
            here = last_place(sentence.replace(proposition, " "), analyzer)
            place = (index, here) if here else place
        if name is None and generic and place and 0 <= index - place[0] <= CARRY_SENTENCES:
            analysis = analyzer.analyze(proposition)
            if not analysis.places and not analysis.unknown:
                text = proposition[: generic.start()] + place[1] + proposition[generic.end() :]
                frame = read_frame(text, analyzer.analyze(text), analyzer.gazetteer)
                if frame is not None:
                    carried[key(proposition)] = name = frame
        said = _GENERIC_REGION.search(proposition)
        if (
            name is None
            and said
            and region
            and 0 <= index - region[0] <= CARRY_SENTENCES
            and not last_region(proposition, analyzer)
        ):
            text = proposition[: said.start()] + region[1] + proposition[said.end() :]
            analysis = analyzer.analyze(text)
            frame = read_frame(text, analysis, analyzer.gazetteer)
            if frame is not None and frame.places and all(map(is_region, frame.places)):
                carried[key(proposition)] = name = frame
        if (
            name is None
            and withdrawal is not None
            and 0 <= index - withdrawal[0] <= CARRY_SENTENCES
            and _WHY_WITHDRAWN.search(proposition)
        ):
            carried[key(proposition)] = name = withdrawal[1]
        if name is not None and name.action == WITHDRAW:
            withdrawal = (index, name)
        named = last_place(sentence, analyzer)
        if named:
            place = (index, named)
        named = last_region(sentence, analyzer)
        if named:
            region = (index, named)
    return carried


# "X and Y", "X, Y", "X и село Y": the word for the second place's kind may stand between.
_KIND_WORD = (
    r"(?:(?:the\s+)?(?:village|town|city|settlement)\s+of\s+|"
    r"(?:село|селище|посёлок|поселок|місто|город|населенный\s+пункт|населений\s+пункт)\s+)?"
)
_AND = re.compile(
    r"^(?:\s*,\s*(?:and\s+|та\s+|і\s+|и\s+)?|\s+(?:and|та|і|и|й)\s+)" + _KIND_WORD + "$",
    re.I,
)


_SHARE = re.compile(
    r"(?<![\w.,])\d{1,3}(?:[.,]\d+)?\s*(?:%|відсотк\w*|процент\w*|per\s?cent)\s+(?:of\s+)?$",
    re.IGNORECASE,
)


def _share_before(text: str, start: int) -> int:
    """Where a place's share ("70% Покровська", "70% of Pokrovsk") begins, or the place."""
    found = _SHARE.search(text[max(0, start - 24) : start])
    return start - len(found.group()) if found else start


_REGION_AFTER = re.compile(
    r"\s+[\w’'-]+\s+(?:області|области|обл\.|oblast|region)(?![\w-])",
    re.IGNORECASE,
)


def _region_after(text: str, end: int) -> int:
    """Where a place's region ("Покровська Донецької області") ends, or the place."""
    found = _REGION_AFTER.match(text, end)
    return found.end() if found else end


def one_place_each(proposition: str, analyzer: Analyzer) -> list[str]:
    """ "Russia captured Kurakhove and Dalne", "захоплення Покровська та Вовчанська": one
    proposition for each of the places listed together, as if each were said alone (a
    place is what a reader asks about). A proposition listing none is returned as it is."""
    gazetteer = analyzer.gazetteer
    spans = sorted(
        {
            (m.start, m.end)
            for m in gazetteer.find(proposition)
            if gazetteer.place(m.place_id).kind not in ("oblast", "region", "country")
        }
        | {
            (start, start + len(surface))
            for start, _, surface in analyzer.analyze(proposition).unknown_at
        }
    )
    # "80% Вовчанська та 70% Покровська": each place with its own share
    spans = sorted((_share_before(proposition, start), end) for start, end in spans)
    # "Мирнограда Донецької області та Гуляйполя": each place with its own region
    spans = [(start, _region_after(proposition, end)) for start, end in spans]
    run: list[tuple[int, int]] = []
    for span in spans:
        if run and span[0] < run[-1][1]:
            continue  # the same name found twice
        if run and _AND.match(proposition[run[-1][1] : span[0]]):
            run.append(span)
        elif len(run) >= 2:
            break
        else:
            run = [span]
    if len(run) < 2:
        return [proposition]
    head, tail = proposition[: run[0][0]], proposition[run[-1][1] :]
    return [head + proposition[start:end] + tail for start, end in run]


_PLURAL = re.compile(
    r"(?<![\w-])(?:(?:цих|этих|these|those)\s+)?(?:населених\s+пунктів|населенных\s+пунктов|"
    r"населені\s+пункти|населенные\s+пункты|міст|городов|сіл|сел|сёл)(?![\w-])",
    re.IGNORECASE,
)


_QUALIFIED = re.compile(
    r"(?:\w+(?:их|ых)|other|\d+|два|две|дві|двох|двух|три|трьох|трех)\s+$", re.I
)


def places_meant(
    statements: Iterable[tuple[int, str, str]], analyzer: Analyzer
) -> dict[tuple[int, str], list[str]]:
    """Propositions about "населені пункти" listed just before: one for each place.

    "Сили оборони тримають Покровськ, Вовчанськ і Куп'янськ, а заяви про захоплення
    населених пунктів не відповідають дійсності" denies the capture of each of the three.
    `statements` are (sentence index, proposition, the sentence) in the document's order;
    the result maps (index, proposition) to its propositions, one place named in each.
    """
    out: dict[tuple[int, str], list[str]] = {}
    listed: tuple[int, list[str]] | None = None
    for index, proposition, sentence in statements:
        named = _settlements(sentence, analyzer)
        if len(named) >= 2 and (listed is None or listed[0] != index):
            listed = (index, named)
        plural = _PLURAL.search(proposition)
        # "цих населених пунктів" points back a few sentences, a bare plural only to its own
        # sentence's list, and "інших сіл", "двох сіл" to other places than those listed
        reach = CARRY_SENTENCES if plural and plural.group().lower()[:1] in "цэt" else 0
        if (
            plural
            and listed
            and 0 <= index - listed[0] <= reach
            and not _QUALIFIED.search(proposition[: plural.start()])
            and not _settlements(proposition, analyzer)
        ):
            head, tail = proposition[: plural.start()], proposition[plural.end() :]
            out[(index, proposition)] = [head + name + tail for name in listed[1]]
    return out


def _settlements(text: str, analyzer: Analyzer) -> list[str]:
    """How the settlements a text names are written in it, each once, in order."""
    gazetteer = analyzer.gazetteer
    names: dict[str, str] = {}
    for m in gazetteer.find(text):
        if gazetteer.place(m.place_id).kind not in ("oblast", "region", "country"):
            names.setdefault(m.place_id, m.surface)
    return list(dict.fromkeys(names.values()))
