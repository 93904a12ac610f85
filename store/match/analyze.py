"""What the matcher reads in a text: its words, places, regions, actors and polarity.

Places come from the gazetteer, so a village is one token however it is spelt or declined;
a capitalised word in a place slot ("the village of X", "під X") is a place even when the
gazetteer lacks it, and a landmark (the Kakhovka dam) stands for its settlement; actors,
events and negations come from the lexicon, in English, Ukrainian and Russian alike.
A post is also read sentence by sentence, because a claim must be stated in one of them.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from store.match.declension import declensions
from store.match.gazetteer import Gazetteer, Place, PlaceMention
from store.match.text import WORD, clean, concept, sentence_spans
from store.match.translit import detect_lang, has_cyrillic, transliterate, variant_key

LONG_TOKENS = 20
UNKNOWN = "?"  # token prefix of a place key the gazetteer does not know
DESTROY, DOWN = "~destroy", "~down"
_DRONES_DESTROYED = frozenset({DESTROY, "~drone"})
EVENT_CONCEPTS = frozenset({"~capture", "~enter", "~encircle", "~withdraw", "~strike", "~shell"})
TOPONYM_ENDINGS = (
    "ivka", "ivsk", "ivske", "ove", "ovo", "ske", "sk", "ka", "ne", "pil", "hrad", "grad",
    "ets", "yar", "ino", "ovka", "evka", "ivtsi", "yne", "ye",
)  # fmt: skip


@dataclass(frozen=True)
class Analysis:
    """What the matcher reads in a text."""

    tokens: tuple[str, ...]
    places: tuple[frozenset[str], ...] = ()
    regions: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()
    negated: bool = False
    names: tuple[str, ...] = ()
    place_names: tuple[str, ...] = ()
    sentences: tuple[tuple[frozenset[str], bool], ...] = ()
    unknown: tuple[str, ...] = ()  # keys of the places in slots the gazetteer does not know
    mentioned: frozenset[str] = frozenset()  # keys of every word shaped like a place name
    place_keys: frozenset[str] = frozenset()  # keys of the names of the known places
    deictic: bool = False  # says "there" or "тут" of a place it may not name
    # Where each unknown place is named in the cleaned text: (offset, key, words as written).
    unknown_at: tuple[tuple[int, str, str], ...] = ()
    # Which of `places` only say where the others are ("Dalnie south of Kurakhove",
    # "Ильинку в районе Курахово", "Illinka (Kurakhove direction)"): their positions.
    locators: frozenset[int] = frozenset()
    # Which of `places` are named in a list ("Ильинка и Петровка", "Dimitrov, Rodynske and
    # Vilne"): each tells of its own place, and a text on one of them is on the list.
    listed: frozenset[int] = frozenset()

    @cached_property
    def locator_tokens(self) -> frozenset[str]:
        """The place tokens ("@name") of the locators alone, not also named as the subject."""
        return self._only(self.locators)

    @cached_property
    def listed_tokens(self) -> frozenset[str]:
        return self._only(self.listed)

    def _only(self, which: frozenset[int]) -> frozenset[str]:
        """The tokens of these places that the text does not also name elsewhere."""
        named = [t for t in self.tokens if t.startswith("@")]
        these = ["@" + self.place_names[i] for i in sorted(which)]
        return frozenset(t for t in these if named.count(t) == these.count(t))

    @cached_property
    def heard(self) -> frozenset[str]:
        """Every place key the text names: its unknown places, its words shaped like place
        names and the spellings of its known places (read once per text, not per claim)."""
        return frozenset(self.unknown) | self.mentioned | self.place_keys

    @cached_property
    def name_keys(self) -> frozenset[str]:
        """Every spelling key of the text's names, words and places."""
        return frozenset(
            {variant_key(n) for n in self.names}
            | {variant_key(t) for t in self.tokens if t.isalpha()}
            | {variant_key(n) for n in self.place_names}
        )

    @cached_property
    def unknown_tokens(self) -> frozenset[str]:
        return frozenset(UNKNOWN + key for key in self.unknown)

    @cached_property
    def events(self) -> frozenset[str]:
        return frozenset(self.tokens) & EVENT_CONCEPTS

    @property
    def long(self) -> bool:
        """A post rather than a claim: several sentences or many words."""
        return len(self.sentences) > 1 or len(self.tokens) > LONG_TOKENS

    def negated_near(self, tokens: frozenset[str]) -> bool:
        """In a post, the polarity of the sentence that says most about the claim."""
        if len(self.sentences) < 2:
            return self.negated
        best = max(self.sentences, key=lambda s: len(s[0] & tokens))
        return best[1]


class Analyzer:
    """Turns text into an Analysis, with the gazetteer for places."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._keys: dict[str, frozenset[str]] = {}
        by_name: dict[tuple[str, str], set[str]] = {}
        for place in gazetteer:
            by_name.setdefault((main_name(place), place.kind), set()).add(place.id)
        self._by_name = {key: frozenset(ids) for key, ids in by_name.items()}

    def _namesakes(self, place_id: str) -> frozenset[str]:
        """Every place sharing this place's main name (there are several Novoselivkas)."""
        place = self.gazetteer.place(place_id)
        return self._by_name.get((main_name(place), place.kind), frozenset({place_id}))

    def _keys_of(self, place_id: str) -> frozenset[str]:
        """The place keys of every name of a known place, so an unknown word that is only a
        spelling the gazetteer lacks still meets it."""
        found = self._keys.get(place_id)
        if found is None:
            found = frozenset(
                place_key(name.replace("-", " ").split(), "")
                for name in self.gazetteer.place(place_id).names
            )
            self._keys[place_id] = found
        return found

    def analyze(self, text: str) -> Analysis:
        cleaned = clean(text)
        lang = detect_lang(cleaned)
        # In a written post, names are capitalised: a lowercase match there is an ordinary
        # word ("запорожского направления" is a direction, not the village of Zaporizke).
        starts = [start for start, _ in sentence_spans(cleaned, careful=False)[1:]]
        written = cleaned != cleaned.lower() and (
            len(WORD.findall(cleaned)) > LONG_TOKENS or bool(starts)
        )
        landmarks = [
            (landmark, start, end)
            for landmark, start, end in find_landmarks(cleaned)
            if landmark.settlement is None or self._has(landmark.settlement)
        ]
        republics = [found for found in find_republics(cleaned) if self._has(found[0])]
        taken = [(s, e) for _, s, e in landmarks] + [(s, e) for _, s, e in republics]
        known, pairs = self.gazetteer.read(cleaned)
        found = [m for m in known if not any(s < m.end and m.start < e for s, e in taken)]
        # "Nova Illinka": a known village's name after "Nova", "Старий", "Большая" is one
        # place with the adjective, wherever it stands.
        paired = {
            start: cases for start, cases in pairs if not any(s <= start < e for s, e in taken)
        }
        # Countries are no places of a claim (their words are actors), yet "in Ukraine" is
        # no unknown village either.
        countries = [
            (m.start, m.end) for m in found if self.gazetteer.place(m.place_id).kind == "country"
        ]
        spans = [(m.start, m.end) for m in found if (m.start, m.end) not in countries]
        spans += taken
        mentions = [
            m
            for m in found
            if self.gazetteer.place(m.place_id).kind != "country"
            and not (written and m.surface == m.surface.lower())
        ]
        regions: set[str] = set()
        settlements: list[frozenset[str]] = []
        place_names: list[str] = []
        place_keys: set[str] = set()
        unknown: list[str] = []
        unknown_at: list[tuple[int, str, str]] = []
        placed: list[tuple[int, list[str]]] = []  # (offset, tokens) of each place named
        locators: set[int] = set()
        settled: list[tuple[int, int]] = []  # where each of `settlements` is named
        # One name stands for up to a hundred namesakes, each its own mention: one entry per
        # name and span is enough (they share the set of places it may be).
        seen: set[tuple[int, str]] = set()
        for mention in mentions:
            place = self.gazetteer.place(mention.place_id)
            if self._region_on(cleaned, mention, place):
                place = self.gazetteer.place(_REGION_ON[place.id][0])
            if place.kind in ("oblast", "region"):
                regions.add(place.id)
                placed.append((mention.start, ["@" + place.id]))
                continue
            place_keys |= self._keys_of(place.id)
            name = main_name(place)
            if (mention.start, name) in seen:
                continue
            seen.add((mention.start, name))
            phrase = locates(cleaned, mention.start, mention.end)
            if phrase is not None:
                # The words that say where ("south of", "в районе") are no content words.
                locators.add(len(settlements))
                spans.append(phrase)
            settled.append((mention.start, mention.end))
            settlements.append(mention.among or self._namesakes(place.id))
            place_names.append(name)
            placed.append((mention.start, ["@" + name]))
        for region, start, _ in republics:
            regions.add(region)
            placed.append((start, ["@" + region]))
        for landmark, start, _ in landmarks:
            tokens_here = ["@" + landmark.id]
            if landmark.settlement:
                place = self.gazetteer.place(landmark.settlement)
                settlements.append(frozenset({place.id}))
                name = main_name(place)
                place_names.append(name)
                place_keys |= self._keys_of(place.id)
                tokens_here.append("@" + name)
            else:
                unknown.append(landmark.id)
                if landmark.region and self._has(landmark.region):
                    regions.add(landmark.region)
                    tokens_here.append("@" + landmark.region)
            placed.append((start, tokens_here))
        placed.sort(key=lambda item: item[0])
        narrowed = tuple(_narrow(ids, regions, self.gazetteer) for ids in settlements)
        tokens: list[str] = [t for _, ts in placed for t in ts]
        actors: set[str] = set()
        negations = 0
        denied: set[int] = set()  # sentences whose denial word has been counted
        names: list[str] = []
        mentioned: set[str] = set()
        sentence_of = _sentence_index(starts)
        by_sentence: dict[int, tuple[set[str], list[int]]] = {}
        for offset, tokens_here in placed:
            by_sentence.setdefault(sentence_of(offset), (set(), [0]))[0].update(tokens_here)
        words = [w for w in WORD.finditer(cleaned) if not any(s <= w.start() < e for s, e in spans)]
        position = 0
        skip = False
        for i, found_word in enumerate(words):
            if skip:
                skip = False
                continue
            start, word = found_word.start(), found_word.group(0)
            sentence = by_sentence.setdefault(sentence_of(start), (set(), [0]))
            lower = word.casefold()
            if lower.endswith("'s"):
                lower = lower[:-2]
                word = word[:-2]
            kind, token = concept(lower, lang)
            added = None
            if kind == "neg" and not (token == "deny" and sentence_of(start) in denied):
                negations += 1
                sentence[1][0] += 1
                if token == "deny":
                    denied.add(sentence_of(start))
            elif kind == "actor":
                actors.add(token)
                added = "!" + token
            elif kind == "concept":
                added = "~" + token
            elif kind == "word" and (len(token) > 1 or token.isdigit()):
                added = token
                following = words[i + 1] if i + 1 < len(words) else None
                slot = (
                    _slot(cleaned, found_word)
                    if looks_like_place(word)
                    and not any(s <= start < e for s, e in countries)
                    and not _first_name(cleaned, found_word, following)
                    else None
                )
                pair = start in paired and following is not None
                if pair:
                    slot = paired[start]
                if slot is not None:
                    parts = [word]
                    if pair or (
                        following is not None
                        and name_prefix(word)
                        and cleaned[found_word.end() : following.start()] == " "
                        and looks_like_place(following.group(0))
                        and concept(following.group(0).casefold(), lang)[0] == "word"
                        and not region_follows(cleaned[following.end() :])
                    ):
                        parts.append(following.group(0))
                        skip = True
                    key = place_key(parts, lang, slot)
                    unknown.append(key)
                    unknown_at.append((found_word.start(), key, " ".join(parts)))
                    mentioned.add(key)
                    added = UNKNOWN + key
                if _looks_like_name(word, position):
                    names.append(transliterate(lower) if not lower.isascii() else lower)
                    if slot is None and _toponym_shaped(word):
                        key = place_key([word], lang)
                        mentioned.add(key)
                        if has_cyrillic(word):
                            added = UNKNOWN + key
            if added is not None:
                tokens.append(added)
                sentence[0].add(added)
            position += 1
        if set(tokens) >= _DRONES_DESTROYED and any(t.isdigit() for t in tokens):
            # "ПВО уничтожила 29 беспилотников", "destroyed 29 drones": a count of drones
            # destroyed is a count brought down, as "сбиты 29 дронов" says it.
            tokens = [DOWN if t == DESTROY else t for t in tokens]
            for words, _ in by_sentence.values():
                if DESTROY in words:
                    words.discard(DESTROY)
                    words.add(DOWN)
        sentences = tuple(
            (frozenset(words), count[0] % 2 == 1)
            for _, (words, count) in sorted(by_sentence.items())
            if words
        )
        return Analysis(
            tokens=tuple(tokens),
            places=narrowed,
            regions=frozenset(regions),
            actors=frozenset(actors),
            negated=negations % 2 == 1,
            names=tuple(names),
            place_names=tuple(place_names),
            sentences=sentences if len(sentences) > 1 else (),
            unknown=tuple(dict.fromkeys(unknown)),
            mentioned=frozenset(mentioned),
            place_keys=frozenset(place_keys),
            deictic=bool(DEICTIC.search(cleaned)),
            unknown_at=tuple(unknown_at),
            locators=frozenset(locators) if len(settlements) > len(locators) else frozenset(),
            listed=listed(cleaned, settled) - locators,
        )

    @staticmethod
    def _region_on(text: str, mention: PlaceMention, place: Place) -> bool:
        """ "на Запоріжжі": the city's name, in the locative after "на", is its region."""
        return (
            place.id in _REGION_ON
            and bool(_ON.search(text, max(0, mention.start - 4), mention.start))
            and mention.surface.casefold().endswith(_REGION_ON[place.id][1])
        )

    def _has(self, place_id: str) -> bool:
        try:
            self.gazetteer.place(place_id)
        except KeyError:
            return False
        return True


def _slot(text: str, word: re.Match[str]) -> frozenset[str] | None:
    """The cases a place in this word's slot may take; None when it is in no place slot (or
    names a region: "in Tambov region")."""
    if region_follows(text[word.end() :]):
        return None
    before = text[max(0, word.start() - 40) : word.start()]
    if _AT.search(before) and word.group(0).casefold().endswith(_SURNAME_GENITIVE):
        return None
    if _EN_WEAK_SLOT.search(before) and not has_cyrillic(word.group(0)):
        latin = word.group(0).casefold()
        slavic = latin.endswith(SLAVIC_ENDINGS) and not latin.endswith(FOREIGN_ENDINGS)
        if not slavic and not name_prefix(word.group(0)):
            return None
    return slot_cases(before)


def _first_name(text: str, word: re.Match[str], following: re.Match[str] | None) -> bool:
    """ "У Андрія Єрмака", "в Олега Синєгубова": a slot word right before a capitalised word
    that is no place is a person's first name before the surname, not a village (Nova,
    Velyka... begin two-word places instead)."""
    return (
        following is not None
        and not name_prefix(word.group(0))
        and text[word.end() : following.start()] == " "
        and following.group(0)[:1].isupper()
        and not following.group(0).isupper()
        and not region_follows(text[following.end() :])
    )


def main_name(place: Place) -> str:
    """The name same-named places share, as a key."""
    return place.names[0].casefold() if place.names else place.id


def _toponym_shaped(word: str) -> bool:
    latin = transliterate(word).casefold() if has_cyrillic(word) else word.casefold()
    return latin.endswith(TOPONYM_ENDINGS)


def _sentence_index(breaks: list[int]) -> Callable[[int], int]:
    return lambda offset: bisect.bisect_right(breaks, offset)


def _looks_like_name(word: str, position: int) -> bool:
    """A capitalised word inside a sentence, or a first word shaped like a Slavic toponym."""
    if not word[:1].isupper() or len(word) < 4 or word.isupper():
        return False
    return position > 0 or _toponym_shaped(word)


DONBAS = "donbas"
DONBAS_OBLASTS = frozenset({"donetsk-oblast", "luhansk-oblast"})


def with_donbas(regions: set[str]) -> set[str]:
    """Regions as a place may lie in them: Donbas is Donetsk and Luhansk oblasts, and a place
    in either lies in Donbas."""
    if DONBAS in regions:
        regions |= DONBAS_OBLASTS
    if regions & DONBAS_OBLASTS:
        regions.add(DONBAS)
    return regions


def _narrow(ids: frozenset[str], regions: set[str], gazetteer: Gazetteer) -> frozenset[str]:
    """Pick the namesake in the region the text names, when it names one ("в Донбассе":
    Donetsk or Luhansk oblast)."""
    if len(ids) < 2 or not regions:
        return ids
    regions = with_donbas(set(regions))
    inside = frozenset(i for i in ids if region_of(gazetteer, i) in regions)
    return inside or ids


def region_of(gazetteer: Gazetteer, place_id: str) -> str | None:
    """The oblast a place lies in, as the gazetteer id of that oblast."""
    oblast = gazetteer.place(place_id).oblast
    return f"{oblast}-oblast" if oblast else None


@dataclass(frozen=True)
class Where:
    """Which of several same-named places a claim is about: its name and its region, as
    people write them in English ("Zaporizke", "Dnipropetrovsk region")."""

    place: str
    region: str


def where(query: Analysis, claim: Analysis, gazetteer: Gazetteer) -> tuple[Where, ...]:
    """For each name the query shares with the claim that stands for places in several
    oblasts (Запорізьке, with no oblast named), the place of the claim and its region,
    when the claim says which; nothing when the query says where or the claim does not."""
    found: list[Where] = []
    for asked in dict.fromkeys(query.places):
        if len({gazetteer.place(i).oblast for i in asked}) < 2:
            continue
        for ids in dict.fromkeys(claim.places):
            shared = sorted(ids & asked)
            oblasts = {gazetteer.place(i).oblast for i in shared}
            if len(oblasts) != 1 or None in oblasts:
                continue
            named = Where(gazetteer.place(shared[0]).names[0], region_name(gazetteer, *oblasts))
            if named not in found:
                found.append(named)
    return tuple(found)


def region_name(gazetteer: Gazetteer, oblast: str) -> str:
    """An oblast's English name as the press writes it ("Dnipropetrovsk region"); Crimea and
    the cities with a status of their own by their names."""
    for place_id in (f"{oblast}-oblast", oblast):
        try:
            place = gazetteer.place(place_id)
        except KeyError:
            continue
        spelled = oblast.replace("-", " ").casefold()
        named = [
            name
            for name in place.names
            if name.endswith(" Oblast") and name.replace("-", " ").casefold().startswith(spelled)
        ]
        if named:
            return min(named, key=len).removesuffix(" Oblast") + " region"
        return place.names[0] if place.names else place_id
    return oblast.replace("-", " ").title()


# "There was a missile attack there": the second "there" points at a place the text does not
# name (the first, before a verb, only says that something exists).
DEICTIC = re.compile(
    r"\b(?:there|here)\b(?!\s*(?:is|are|was|were|be|been|has|have|had|will|would|may|might|"
    r"must|can|could|should|seems?|appears?|remains?|exists?|['’]s|['’]re|['’]ll)\b)|"
    r"(?<!\w)(?:там|тут|здесь|туди|туда|звідти|оттуда)(?!\w)",
    re.IGNORECASE,
)


# --- places the gazetteer does not know ------------------------------------------------------
#
# A capitalised word right after "the village of", "captured", "near", "у", "під", "в районе"
# is a place even when the gazetteer lacks it. It is represented by a key that the English,
# Ukrainian and Russian spellings and the case forms of one name share, and that a different
# name never shares: the key is derived from the nominative (case endings are undone only
# where the declension rules produce exactly this form), transliterated, then reduced to the
# same spelling skeleton the gazetteer uses. "yo" and "e" fold together because Russian writes
# ё as е (Воробьёвка, Воробьевка, Vorobyovka); "i" and "y" already do (Vorobyivka and
# Vorobiivka are one Latin spelling of Воробйівка), while a different vowel or suffix stays
# apart (Vorobyovka is not Vorobyivka, Pokrovsk is not Pokrovske).

_EN_SLOT = re.compile(
    r"(?:\b(?:village|settlement|hamlet)(?:\s+of)?|\b(?:town|city)\s+of)\s+$",
    re.IGNORECASE,
)
# English verbs and prepositions put anything after them ("in Florida", "in Air Force One",
# "captured Democratic staffers"): there a place the gazetteer does not know must be shaped
# like a Ukrainian or Russian toponym. After "the village of" any name is a place.
_EN_WEAK_SLOT = re.compile(
    r"(?:\b(?:near|in|outside|around)|\bcaptur(?:ed?|ing)|\btook|\btak(?:e|es|en|ing)|"
    r"\bseiz(?:ed?|ing)|\bliberat(?:ed?|ing)|\boccup(?:ied|y)|\bentered|\bretook|"
    r"\brecaptured)\s+$",
    re.IGNORECASE,
)
SLAVIC_ENDINGS = (
    *TOPONYM_ENDINGS, "ky", "ki", "ny", "tsi", "chi", "tsia", "tsya", "pol", "evo", "ne",
    "yi", "iia", "iv", "yn",
)  # fmt: skip
FOREIGN_ENDINGS = ("america", "africa", "ca", "rne", "ine", "one", "ane")
_CYR_NOUN = (
    r"населен\w*\s+пункт\w*|населённ\w*\s+пункт\w*|н\.\s?п\.|нп|сел[оаіуе]|селищ[еаіу]|"
    r"міст[оаі]|смт|пгт|пос[её]л(?:ок|ке|ка)|город[еау]?"
)
_CYR_VERB = r"захопил\w*|звільнил\w*|окупувал\w*|освободил\w*|взял\w*|занял\w*|захватил\w*"
_CYR_SLOTS = (
    (re.compile(rf"(?:^|[^\w.])(?:{_CYR_NOUN})\s+$", re.IGNORECASE), frozenset({"nom"})),
    (re.compile(rf"(?:^|\W)(?:{_CYR_VERB})\s+$", re.IGNORECASE), frozenset({"nom", "acc"})),
    (re.compile(r"(?:^|\W)(?:у|в|во)\s+$", re.IGNORECASE), frozenset({"loc", "acc", "gen"})),
    (re.compile(r"(?:^|\W)(?:під|под|за)\s+$", re.IGNORECASE), frozenset({"ins", "acc"})),
    (
        re.compile(
            r"(?:^|\W)(?:біля|поблизу|коло|около|возле|район[еі]|околиц\w*|окрестност\w*|"
            r"напрямку|направлении)\s+$",
            re.IGNORECASE,
        ),
        frozenset({"gen"}),
    ),
)
_REGION_AFTER = re.compile(
    r"\s+(?:oblast|region|province|district|raion|hromada|krai|област\w*|обл\b|район\w*|"
    r"громад\w*|кра[йюя]\w*)",
    re.IGNORECASE,
)
# Capitalised words a slot may hold that are not places.
NOT_PLACES = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday telegram twitter facebook "
    "instagram youtube god congress parliament soviet english russian ukrainian "
    "christmas easter the a an this that these those his her their our its".split()
)
_PEOPLE = (
    "putin", "путин", "путін", "zelensk", "зеленск", "зеленськ", "shoigu", "шойгу", "peskov",
    "песков", "пєсков", "syrsk", "сирськ", "сырск", "gerasimov", "герасимов", "biden", "байден",
    "trump", "трамп", "macron", "макрон", "lukashenk", "лукашенк", "prigozhin", "пригожин",
    "budanov", "буданов", "zaluzhn", "залужн", "kadyrov", "кадыров", "кадиров",
    # Institutions: "У Міноборони заявили", "В Генштабе сообщили".
    "міноборон", "минобороны", "минобороне", "генштаб", "мзс", "мид", "офіс", "офис", "сбу",
    "гур", "штаб", "пентагон", "білому", "белом", "верховн", "раді", "раде", "думе", "думі",
    "телеграм", "нато", "оон", "кабмін", "кабмин", "уряд", "правительств", "минфин", "мінфін",
    "міністерств", "министерств", "угрупован", "группировк", "командуван", "командован",
    "прокуратур", "адміністрац", "администрац", "збройн", "вооруж",
)  # fmt: skip
# After "у", a genitive in -ова, -ина is a person far more often than a place ("у Лаврова").
_SURNAME_GENITIVE = ("ова", "ева", "ёва", "єва", "ина", "ына", "іна", "ського", "ского", "цкого")
_AT = re.compile(r"(?:^|\W)у\s+$", re.IGNORECASE)
_NAME_PREFIXES = (
    "nov", "vel", "mal", "star", "bolsh", "verkh", "nyzh", "nizh", "kras", "bil", "bel", "chorn",
    "chern", "zelen", "vysok", "hlyb", "glub", "shyrok", "shirok", "sukh",
)  # fmt: skip
_NOMINATIVE_ENDINGS = (
    "", "а", "я", "о", "е", "є", "ое", "ее", "ий", "ый", "ь", "и", "ы", "і", "ье",
)  # fmt: skip
_BEST_NOMINATIVES = (
    "ськ", "цьк", "ск", "цк", "ка", "ое", "ее", "ське", "ино", "ово", "ево", "е", "є", None, "о",
    "ье", "ая", "а", "я", "ь", "и", "ы", "і",
)  # fmt: skip
_OBLIQUE = {
    "ru": re.compile(
        r"(?:у|ю|ом|ем|ой|ей|ою|ею|ого|его|ому|ему|ым|им|ах|ях|ам|ям|ами|ями|"
        r"[бвгджзклмнпрстфхцчшщ]е)$"
    ),
    "uk": re.compile(r"(?:у|ю|ом|ем|ою|ею|ого|ому|ім|ах|ях|ам|ям|ами|ями|ові|еві|[цзс]і)$"),
}
_UK_UNMUTATE = {"ц": "к", "з": "г", "с": "х"}
_VOWELS_AND_SIGNS = frozenset("аеєиіїоуюяыэьй")


_LOCATOR_BEFORE = re.compile(
    r"(?<![\w-])(?:near|around|outside|close\s+to|(?:north|south|east|west)(?:-?(?:east|west))?"
    r"(?:ward)?\s+of|біля|поблизу|неподалік\s+від|неподалеку\s+от|возле|около|вблизи|під|под|"
    r"в\s+районе|в\s+районі|у\s+районі|на\s+околиц\w*|на\s+окраин\w*|на\s+подступах\s+к|"
    r"на\s+підступах\s+до|(?:северо-|юго-)?(?:север|юж|запад|восточ)нее|"
    r"(?:північно-|південно-)?(?:північ|півден|захід|схід)ніше)\s+"
    r"(?:the\s+)?(?:(?:city|town|village|settlement|міста|села|селища|города|села|поселка)\s+)?"
    r"(?:of\s+)?$",
    re.IGNORECASE,
)
# "the Kurakhove direction", "на Покровському напрямку", "на Купянском направлении".
_LOCATOR_AFTER = re.compile(
    r"\s*(?:direction|axis|front\b|напрям\w*|направлени\w*|ділянц\w*|участк\w*)",
    re.IGNORECASE,
)


# What joins the places of a list: "Димитров, Родинское, Артемовку и Вольное",
# "Ильинка и Петровка", "Stepove and Sieverne".
_JOIN = re.compile(r"\s*(?:,\s*(?:(?:and|и|і|та|й)\s+)?|\s(?:and|и|і|та|й)\s+)\s*", re.IGNORECASE)


def listed(text: str, spans: list[tuple[int, int]]) -> frozenset[int]:
    """Which of the places named at `spans` (in the order they are read) stand in a list of
    two or more, joined by commas and "and"."""
    # One name may be several places (a village and those renamed from its name): all of
    # them stand where the name does.
    order = sorted(set(spans))
    joined: set[tuple[int, int]] = set()
    for before, after in itertools.pairwise(order):
        if before[1] <= after[0] and _JOIN.fullmatch(text, before[1], after[0]):
            joined |= {before, after}
    return frozenset(i for i, span in enumerate(spans) if span in joined)


# "на Запоріжжі" is the region, "у Запоріжжі" the city: city -> (region, locative ending).
_REGION_ON = {"zaporizhzhia": ("zaporizhzhia-oblast", "жжі")}
_ON = re.compile(r"(?<![\w-])на\s+$", re.IGNORECASE)


def locates(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the words are that make the place named at text[start:end] say where something
    else is ("south of Kurakhove", "в районе Курахово", "the Kurakhove direction"), or None
    when it is what happened."""
    found = _LOCATOR_BEFORE.search(text, max(0, start - 40), start) or _LOCATOR_AFTER.match(
        text, end
    )
    return None if found is None else found.span()


def looks_like_place(word: str) -> bool:
    """A word that can name a place: capitalised, not an acronym, not a known non-place."""
    if len(word) < 3 or not word[:1].isupper() or word.isupper():
        return False
    lower = word.casefold()
    return lower not in NOT_PLACES and not lower.startswith(_PEOPLE)


def slot_cases(before: str) -> frozenset[str] | None:
    """The grammatical cases a place word may take after `before`, or None when `before`
    does not end in a place slot."""
    if _EN_SLOT.search(before) or _EN_WEAK_SLOT.search(before):
        return frozenset({"nom"})
    for pattern, cases in _CYR_SLOTS:
        if pattern.search(before):
            return cases
    return None


def region_follows(after: str) -> bool:
    """ "Tambov region", "Курської області": the name is a region's, not a settlement's."""
    return bool(_REGION_AFTER.match(after))


def name_prefix(word: str) -> bool:
    """Nova, Velyka, Малая...: the first word of a two-word settlement name."""
    latin = transliterate(word.casefold()) if has_cyrillic(word) else word.casefold()
    return latin.startswith(_NAME_PREFIXES) and len(latin) <= 9


@lru_cache(maxsize=100_000)
def nominative(word: str, lang: str, cases: frozenset[str] = frozenset({"nom"})) -> str:
    """The nominative of a lowercase Cyrillic place word in a slot wanting `cases`.

    Only an ending the declension rules would give this very name is undone, so "Покровське"
    stays itself while "Покровске" (Russian locative) becomes "Покровск"; when several names
    decline to the word, the one shaped most like a toponym wins.
    """
    oblique = _OBLIQUE["uk" if lang == "uk" else "ru"].search(word)
    if not oblique and cases & {"nom", "acc"}:
        return word
    found: list[tuple[str, str]] = []
    for cut in (1, 2, 3):
        stem = word[:-cut]
        if len(stem) < 3:
            break
        stems = [stem]
        if lang == "uk" and stem[-1:] in _UK_UNMUTATE:
            stems.append(stem[:-1] + _UK_UNMUTATE[stem[-1]])
        for base in stems:
            for ending in _NOMINATIVE_ENDINGS:
                candidate = base + ending
                if candidate == word:
                    continue
                case = declensions([candidate], lang).get(word)
                if case:
                    found.append((candidate, case))
    if not found:
        return word
    wanted = cases | ({"dat"} if "loc" in cases else set())
    pool = [c for c, case in found if case in wanted] or [c for c, _ in found]
    if word.endswith(("его", "ему", "ем", "им")):  # Дальнего is of Дальнее, not Дальное
        pool = [c for c in pool if not c.endswith("ое")] or pool
    return min(pool, key=_shape_rank)


def _shape_rank(candidate: str) -> tuple[int, str]:
    """How much a candidate nominative looks like a toponym (None ranks a consonant ending)."""
    consonant = candidate[-1:] not in _VOWELS_AND_SIGNS
    for rank, ending in enumerate(_BEST_NOMINATIVES):
        if (ending is None and consonant) or (ending and candidate.endswith(ending)):
            return rank, candidate
    return len(_BEST_NOMINATIVES), candidate


def place_key(words: Sequence[str], lang: str, cases: frozenset[str] = frozenset({"nom"})) -> str:
    """The key every spelling and case form of one place name shares (see above)."""
    parts = []
    for i, word in enumerate(words):
        lower = word.casefold().replace("ё", "е").replace("'", "")
        if i == 0 and len(words) > 1:
            # Nova, Нову, Новой: the adjective agrees with the noun, so its stem is enough.
            latin = transliterate(lower) if has_cyrillic(lower) else lower
            lower = next((p for p in _NAME_PREFIXES if latin.startswith(p)), latin)
            lower = "vel" if lower.startswith("bolsh") else lower  # Большая is Велика
        elif has_cyrillic(lower):
            word_lang = lang if lang in ("uk", "ru") else detect_lang(lower)
            lower = transliterate(nominative(lower, word_lang, cases), word_lang)
        parts.append(variant_key(lower))
    return "".join(parts).replace("io", "e")


# --- landmarks -------------------------------------------------------------------------------
#
# A landmark the war made famous is a place of its own, tied to its settlement: a claim about
# the Kakhovka dam is about Nova Kakhovka (not the town of Kakhovka, whose name it carries),
# the Zaporizhzhia nuclear plant is at Enerhodar (never Zaporizhzhia city). A landmark reads
# as its settlement for the place rules, plus a token of its own, so a query about the dam
# finds the claims about the dam first, and "the Nova Kakhovka dam" is the Kakhovka dam.


@dataclass(frozen=True)
class Landmark:
    id: str
    settlement: str | None  # gazetteer id of the settlement it stands in
    region: str | None  # gazetteer id of its region, when no settlement is in the gazetteer
    pattern: re.Pattern[str]


def _landmark(id: str, settlement: str | None, region: str | None, *forms: str) -> Landmark:
    return Landmark(id, settlement, region, re.compile("|".join(forms), re.IGNORECASE))


_HYDRO = r"(?:dam|hpp|hydro\w*(?:\s+power)?(?:\s+(?:plant|station|dam))?|power\s+(?:plant|station))"
_NUCLEAR = r"(?:nuclear\s+(?:power\s+)?(?:plant|station)|npp|nps)"
LANDMARKS = (
    _landmark(
        "kakhovka-dam",
        "nova-kakhovka",
        None,
        rf"\b(?:(?:nova|new|novaya)\s+)?kakhovka\s+{_HYDRO}\b",
        r"\b(?:нов\w*\s+)?каховськ\w*\s+(?:гес|гребл\w*|дамб\w*)",
        r"\b(?:нов\w*\s+)?каховск\w*\s+(?:гэс|гес|плотин\w*|дамб\w*)",
    ),
    _landmark(
        "zaporizhzhia-npp",
        "enerhodar",
        None,
        rf"\bzapori(?:zh)?(?:zh)?(?:zh)?i?a\s+{_NUCLEAR}\b",
        rf"\bzaporo(?:zh|zhy|zhi)e\s+{_NUCLEAR}\b",
        r"\bznpp\b",
        r"\bзаес\b",
        r"\bзаэс\b",
        r"\bзапорізьк\w*\s+(?:аес|атомн\w*\s+електростанц\w*)",
        r"\bзапорожск\w*\s+(?:аэс|атомн\w*\s+электростанц\w*)",
    ),
    _landmark("azovstal", "mariupol", None, r"\bazovstal\w*", r"\bазовстал\w*"),
    _landmark(
        "antonivskyi-bridge",
        "kherson",
        None,
        r"\banton(?:ivs|ovs|ivs)k(?:yi|iy|y|iy)\s+bridge\b",
        r"\bантонівськ\w*\s+міст\w*",
        r"\bантонівськ\w*\s+мост\w*",
        r"\bантоновск\w*\s+мост\w*",
    ),
    _landmark(
        "crimean-bridge",
        "kerch",
        None,
        r"\b(?:crimean|kerch)\s+bridge\b",
        r"\bkrym(?:skyi|skiy|sky)\s+(?:mist|most)\b",
        r"\b(?:кримськ|керченськ)\w*\s+(?:міст\w*|мост\w*)",
        r"\b(?:крымск|керченск)\w*\s+мост\w*",
    ),
    _landmark(
        "olhovka-grove",
        None,
        "kursk-oblast",
        r"\bol(?:g|h)ov(?:skaya|ska|sky)\s+(?:grove|roshcha)\b",
        r"\bольговск\w*\s+рощ\w*",
        r"\bольгівськ\w*\s+(?:гаю|гай|рощ\w*|гаєм)",
    ),
)


def find_landmarks(text: str) -> list[tuple[Landmark, int, int]]:
    """Every landmark named in `text`, with its span."""
    return [
        (landmark, found.start(), found.end())
        for landmark in LANDMARKS
        for found in landmark.pattern.finditer(text)
    ]


# --- the self-proclaimed republics -----------------------------------------------------------
#
# "ДНР", "DPR", "the Donetsk People's Republic" name Donetsk oblast as "Donetsk region" does
# (a claim about Novodmytrivka in the DPR is about the Novodmytrivka of Donetsk oblast).

REPUBLICS = (
    (
        "donetsk-oblast",
        re.compile(
            r"\b(?:ДНР|DPR|DNR)\b|\bdonetsk\s+people(?:['’]?s)?\s+republic\b|"
            r"\bдонецк\w*\s+народн\w*\s+республик\w*|\bдонецьк\w*\s+народн\w*\s+республі[кц]\w*",
            re.IGNORECASE,
        ),
    ),
    (
        "luhansk-oblast",
        re.compile(
            r"\b(?:ЛНР|LPR|LNR)\b|\b(?:luhansk|lugansk)\s+people(?:['’]?s)?\s+republic\b|"
            r"\bлуганск\w*\s+народн\w*\s+республик\w*|\bлуганськ\w*\s+народн\w*\s+республі[кц]\w*",
            re.IGNORECASE,
        ),
    ),
)


def find_republics(text: str) -> list[tuple[str, int, int]]:
    """The oblast each self-proclaimed republic named in `text` stands for, with its span."""
    return [
        (region, found.start(), found.end())
        for region, pattern in REPUBLICS
        for found in pattern.finditer(text)
    ]
