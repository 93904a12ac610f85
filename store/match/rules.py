"""The hard rules: when a claim is about something else, or the text does not state it.

Wording is fuzzy and is scored; places, actors and polarity are not. Fuzzy closeness must
never turn Zaporizke into Zaporizhzhia or Russia's capture into Ukraine's, so each rule here
answers yes or no, with the reason a person is shown for the nearest claim left out.
Each takes the query's Analysis and the claim's, and is tested on its own.
"""

from __future__ import annotations

from collections.abc import Callable

from rapidfuzz import fuzz

from store.match.analyze import UNKNOWN, Analysis, region_of, with_donbas
from store.match.frame import (
    APART_DAYS,
    CAPTURE,
    COUNTED,
    DATED,
    DOWN,
    ENCIRCLE,
    ENTER,
    KILL,
    LAUNCH,
    REPEL,
    SAME_DAYS,
    STRIKE,
    WITHDRAW,
    WOUND,
    Frame,
    is_region,
)
from store.match.gazetteer import Gazetteer
from store.match.translit import variant_key

DIFFERENT_PLACE = "a different place"
DIFFERENT_REGION = "a different region"
DIFFERENT_ACTOR = "a different actor"
DIFFERENT_FIGURE = "a different figure"
DIFFERENT_EVENT = "a different event"
SIMILAR_NAME = 75  # rapidfuzz ratio from which a name reads as a claim's place misspelt
# Concepts that say who acts, not what happened: "Russian forces" states nothing on its own.
WHO_CONCEPTS = frozenset({"~force"})


def place_rule(query: Analysis, claim: Analysis, gazetteer: Gazetteer) -> str | None:
    """A short query must name no place the claim does not; in a long post, every place
    the claim names must be in the post (a post names many places, a claim few)."""
    if query.long:
        located = shares_target(query, claim)
        if claim.places and not all(
            any(ids & other for other in query.places)
            for i, ids in enumerate(claim.places)
            if not (located and i in claim.locators)
            and not (i in claim.listed and on_list(claim, query))
        ):
            return DIFFERENT_PLACE
        if placed_elsewhere(query, claim):
            return DIFFERENT_PLACE
        return None
    located = shares_target(query, claim)
    for i, ids in enumerate(query.places):
        if not any(ids & other for other in claim.places):
            if (i in query.locators and located) or (i in query.listed and on_list(query, claim)):
                continue  # "Ильинку в районе Курахово", "Ильинку и Петровку" ask about Illinka
            return DIFFERENT_PLACE
    if claim.locators and not located and targets(query):
        return DIFFERENT_PLACE  # Kurakhove asked, "Dalnie south of Kurakhove" told
    claim_regions = regions_of(claim, gazetteer)
    if not claim_regions and claim.unknown:
        return None  # a village the gazetteer does not know, in a region the claim leaves open
    if query.regions - claim_regions:
        return DIFFERENT_REGION
    return None


def targets(text: Analysis) -> list[frozenset[str]]:
    """The places a text tells of, without those that only locate them (`Analysis.locators`)."""
    return [ids for i, ids in enumerate(text.places) if i not in text.locators]


def shares_target(query: Analysis, claim: Analysis) -> bool:
    """Both tell of one place, whatever else each names to say where it lies."""
    return any(ids & other for ids in targets(query) for other in targets(claim))


def on_list(text: Analysis, other: Analysis) -> bool:
    """`other` names a place of `text`'s list: "Ильинка и Петровка" tells of Illinka too."""
    return any(text.places[i] & ids for i in text.listed for ids in other.places)


def placed_elsewhere(post: Analysis, claim: Analysis) -> bool:
    """A claim that names no place, in a post that says it only where it names one: the
    post tells of a strike on a named town, the claim of a strike nowhere in particular
    ("There was a missile attack there"), as a short query naming a town is refused too.

    The post's sentences that say most of the claim decide (its event first, then how many
    of its words): a post that also says it without a place (a strike "on Ukraine") may
    back the claim. Only a claim of an event is held to it: a claim about no event ("a
    shopper resold soda bought with food stamps") is not placed by a town the post names.
    """
    if names_a_place(claim) or not claim.events:
        return False
    said = statement(claim)
    if not said:
        return False
    places = {UNKNOWN + key for key in post.unknown}
    sentences = [words for words, _ in post.sentences] or [frozenset(post.tokens)]
    saying = [(bool(words & claim.events), len(words & said)) for words in sentences]
    most = max(saying)
    return most[1] > 0 and all(
        any(t.startswith("@") or t in places for t in words)
        for words, say in zip(sentences, saying, strict=True)
        if say == most
    )


def names_a_place(text: Analysis) -> bool:
    """A settlement, a region, a landmark or a place the gazetteer does not know."""
    return bool(text.places or text.regions or text.unknown)


def statement(claim: Analysis) -> frozenset[str]:
    """What a claim states beyond where and who: its events and words, without its places,
    its actors or the bare word for troops."""
    return frozenset(
        t for t in claim.tokens if not t.startswith(("@", UNKNOWN, "!")) and t not in WHO_CONCEPTS
    )


def oblast_rule(query: Analysis, claim: Analysis, gazetteer: Gazetteer) -> str | None:
    """Novodmytrivka names ten villages: when both texts name oblasts, the village the claim
    shares with the query must lie in an oblast the query names (a long post, which no
    region rule checks, included)."""
    asked = {r for r in query.regions if gazetteer.place(r).kind == "oblast"}
    if not asked or not any(gazetteer.place(r).kind == "oblast" for r in claim.regions):
        return None
    for ids in claim.places:
        shared = set().union(*(ids & other for other in query.places))
        if shared and not any(
            region_of(gazetteer, i) in asked or gazetteer.place(i).oblast in asked for i in shared
        ):
            return DIFFERENT_PLACE
    return None


def unknown_place_rule(query: Analysis, claim: Analysis) -> str | None:
    """A place the gazetteer does not know is held to the same rule as a known one: a short
    query naming Vorobyovka is not about a claim on Zaporizke or on Vorobyivka, and a post
    must name every unknown place of the claim.

    A query's unknown place is let through against a claim that names only a region: the
    place may lie in it. Against a claim that names no place at all it is refused, as a
    known town is: "a strike on X" does not back "there was a missile attack there".
    """
    if query.long:
        names = heard(query)
        if any(key not in names for key in claim.unknown):
            return DIFFERENT_PLACE
        return None
    if claim.places or claim.unknown:
        names = heard(claim)
        if any(key not in names for key in query.unknown):
            return DIFFERENT_PLACE
    if claim.unknown and query.places and not set(claim.unknown) & heard(query):
        return DIFFERENT_PLACE
    if query.unknown and not names_a_place(claim):
        return DIFFERENT_PLACE
    return None


def heard(text: Analysis) -> frozenset[str]:
    """Every place key a text names: its unknown places, its words shaped like place names
    and the spellings of its known places."""
    return text.heard


_SIDES = frozenset({"russia", "ukraine"})


def other_side_denies(said: Analysis, negated: bool, actor: str) -> bool:
    """A denial by the side opposite `actor` that names only itself ("Ukraine denies Pokrovsk
    has fallen", "ЗСУ спростували захоплення Покровська"): the side named is the one that
    speaks, not the one that acted, so it is `actor`'s deed denied."""
    return negated and len(said.actors) == 1 and said.actors | {actor} == _SIDES


def actor_rule(query: Analysis, claim: Analysis) -> str | None:
    """Russia's capture is not Ukraine's: when both name actors, they must share one, unless
    the query is the other side's denial (`other_side_denies`)."""
    if query.actors and claim.actors and not query.actors & claim.actors:
        if len(claim.actors) == 1 and other_side_denies(query, query.negated, *claim.actors):
            return None
        return DIFFERENT_ACTOR
    return None


def name_rule(
    query: Analysis,
    claim: Analysis,
    keys: Callable[[Analysis], frozenset[str]] | None = None,
) -> str | None:
    """A name the gazetteer does not know, spelt like one of the claim's places but not one of
    its spellings, is another place (Mykolaivka is not Mykolaiv).

    `keys` gives the claim's spelling keys; by default the ones its Analysis holds.
    """
    for name in query.names:
        similar = any(
            fuzz.ratio(name, other, processor=None) >= SIMILAR_NAME for other in claim.place_names
        )
        if similar and variant_key(name) not in (keys or name_keys)(claim):
            return DIFFERENT_PLACE
    return None


# Kinds of event that retell one another: ground taken or held (captured, entered,
# encircled, withdrew, attacks repelled), a strike, a count of casualties or of drones.
_KIND_OF = {
    CAPTURE: "ground",
    ENTER: "ground",
    ENCIRCLE: "ground",
    WITHDRAW: "ground",
    STRIKE: "strike",
    KILL: "count",
    WOUND: "count",
    DOWN: "count",
    LAUNCH: "count",
    REPEL: "ground",  # attacks repelled at a place deny its capture
}
# Deeds about a place's ground that a text must say in words to be about them.
_GROUND_DEEDS = frozenset({CAPTURE, ENTER, ENCIRCLE, WITHDRAW})
TALLY_WORDS = {KILL: "~kill", DOWN: "~down"}  # a tally's deed, as the lexicon reads it
_GROUND_WORDS = frozenset({"~capture", "~enter", "~encircle", "~withdraw"})
ASKING_WORDS = 3  # a query of this many words beyond its places and sides asks about them
_OTHER_DEEDS = frozenset({"~strike", "~shell", "~drone", "~destroy"})
# Words of an advance or an encirclement the lexicon has no concept for, by their stems.
_GROUND_STEMS = (
    "advanc", "encircl", "okruzh", "otoch", "vekhat", "vyekhat", "zaletet", "vorvat",
    "control", "kontrol", "hold", "held", "utrym", "uderzh",
)  # fmt: skip
_PART_STEMS = ("opornik", "opornyy", "opornyi", "pozitsi", "pozytsi", "strongpoint", "stronghold")
# Deeds of the side that gains ground: whoever withdrew or repelled is the other side.
_ADVANCING = frozenset({CAPTURE, ENTER, ENCIRCLE})


def frame_rule(
    query: Frame | None,
    claim: Frame | None,
    said: Analysis | None = None,
    claim_said: Analysis | None = None,
) -> str | None:
    """Two statements about one place differ where their frames do: Ukraine's recapture of
    Kupiansk is not what Russia did there, and 60% of Pokrovsk or 15 drones shot down is
    not 70% or 29.

    `said` is the query's Analysis and `claim_said` the claim text's: a query with no word
    for ground taken, entered or given up (in a post, in a sentence naming the claim's place)
    is not the taking or entry of a place it names ("the air force destroyed a recon company
    in Kupiansk" is not "Kupiansk was captured"), whatever frame the whole post reads as.
    """
    if claim is None:
        return None
    if (
        said is not None
        and claim_said is not None
        and claim.action in _GROUND_DEEDS
        and not says_ground(said, claim_said, whole=claim.action == CAPTURE)
        # The query's own frame may read the deed in words of no event ("отказался признать
        # потерю города Часов Яр": the town's loss is its capture).
        and not (query is not None and query.action == claim.action and query.places & claim.places)
    ):
        return DIFFERENT_EVENT
    if other_scale(query, claim, said):
        return DIFFERENT_EVENT
    deed = TALLY_WORDS.get(claim.action)
    if (
        said is not None
        and claim_said is not None
        and deed in claim_said.tokens
        and deed not in said.tokens
    ):
        # "3 people killed", "29 drones shot down": a tally is told only by a text that says
        # the deed, not by one sharing its figure's words ("три населённых пункта",
        # "140 человек живой силы").
        return DIFFERENT_EVENT
    if query is None:
        return None
    if query.places and claim.places and query.places & claim.places:
        if _KIND_OF[query.action] != _KIND_OF[claim.action]:
            return DIFFERENT_EVENT
        if {query.action, claim.action} == {ENTER, CAPTURE} and not (
            query.negated or claim.negated
        ):
            # Troops driving into a town is not the town taken: "въехали в Купянск" (2024) is
            # not the claim that Kupiansk was captured (2025), though a denial of one may
            # answer the other.
            return DIFFERENT_EVENT
        advancing = (query.action, claim.action)
        same_deed = query.action == claim.action or set(advancing) <= _ADVANCING
        if same_deed and query.actor and claim.actor and query.actor != claim.actor:
            speaks = said is not None and said.actors == {query.actor}
            if not (speaks and other_side_denies(said, query.negated, claim.actor)):
                return DIFFERENT_ACTOR
    elif query.places or claim.places:
        return None
    same_kind = query.action == claim.action and query.figure and claim.figure
    if same_kind and query.figure != claim.figure:
        return DIFFERENT_FIGURE
    return None


def same_frame(query: Frame | None, claim: Frame | None) -> int | None:
    """Whether two statements tell of one event as their frames read it, so that meaning may
    lift the score further: the same action and figure, a place they share (a tally of
    drones or dead may leave it out on one side), and the same side where both name one.
    Returns how many days apart the claim's evidence may be from the post for it to hold (an
    action of one day, a day; ground taken, as long as `frame.APART_DAYS`), else None.

    Only sharing a place is not enough: a post on one village's capture and a claim on a
    dam breached nearby are alike in meaning, and differ in frame; nor is sharing a region,
    unless a figure (a tally of one night) tells the event.
    """
    if query is None or claim is None:
        return None
    if (query.action, query.figure) != (claim.action, claim.figure):
        return None
    if query.actor and claim.actor and query.actor != claim.actor:
        return None
    shared = query.places & claim.places
    if not query.figure and not any(not is_region(place) for place in shared):
        # "ATACMS struck Kursk region" names no event a retelling could be told from: a
        # place is a settlement, a facility or a village the gazetteer does not know.
        return None
    if not shared and not (query.action in COUNTED and query.figure):
        return None
    if not shared and query.places and claim.places:
        return None
    return SAME_DAYS if query.action in DATED else APART_DAYS


def other_scale(query: Frame | None, claim: Frame, said: Analysis | None = None) -> bool:
    """A village or town taken is not its region taken, nor the region taken the village:
    "Russian troops took Pogrebki" is no answer to "Russian forces captured Kursk region".
    A post read as no event that names settlements is not about a whole region either."""
    if claim.action not in _GROUND_DEEDS or not claim.places:
        return False
    claim_region = all(is_region(p) for p in claim.places)
    if query is None or query.action not in _GROUND_DEEDS or not query.places:
        return query is None and claim_region and said is not None and bool(said.places)
    return claim_region != all(is_region(p) for p in query.places)


def says_ground(said: Analysis, claim: Analysis, *, whole: bool = False) -> bool:
    """Whether a text may be about ground taken, entered or given up where the claim's event
    is: a short text that says it or says no other deed; a post in one sentence that also
    names the place (the first action of a whole post may be about another place, so its
    sentences decide). A capture claim is the `whole` place taken."""
    if not said.long:
        # "Бої у X" asks about X; "aviation destroyed a company in X" tells another deed, and
        # "it may threaten the defence of X" says nothing of X taken.
        words = frozenset(said.tokens)
        asks = len(statement(said)) <= ASKING_WORDS and not words & _OTHER_DEEDS
        return _ground(words, whole) or asks
    where = {"@" + name for name in claim.place_names} | claim.unknown_tokens
    sentences = [words for words, _ in said.sentences] or [frozenset(said.tokens)]
    return any(words & where and _ground(words, whole) for words in sentences)


def _ground(words: frozenset[str], whole: bool) -> bool:
    """Ground taken is said, and for a `whole` place taken, not of a part of it ("three
    strongpoints were taken in the storming of X" is not X taken, though troops are in it)."""
    if whole and any(w.startswith(_PART_STEMS) for w in words):
        return False
    return bool(words & _GROUND_WORDS) or any(w.startswith(_GROUND_STEMS) for w in words)


def reason_to_refuse(
    query: Analysis,
    claim: Analysis,
    gazetteer: Gazetteer,
) -> str | None:
    """The first rule that refuses the claim, as the reason shown; None when none does."""
    return (
        place_rule(query, claim, gazetteer)
        or oblast_rule(query, claim, gazetteer)
        or unknown_place_rule(query, claim)
        or actor_rule(query, claim)
        or name_rule(query, claim)
    )


def same_deed(query: Frame | None, claim: Frame | None) -> bool:
    """Both frames read one deed by one side at a shared place (or, for a count told of no
    place, the same count): what the words' actors and negations say is then read through
    the frames ("Kupiansk is under the control of Ukraine's armed forces" names Ukraine, and
    denies Russia's capture; "ПВО сбила 34 украинских дрона" names Ukraine's drones)."""
    if query is None or claim is None or query.action != claim.action:
        return False
    if query.actor is None or query.actor != claim.actor:
        return False
    if query.places or claim.places:
        return bool(query.places & claim.places)
    return query.figure is not None and query.figure == claim.figure


def polarity(
    query: Analysis,
    claim: Analysis,
    query_frame: Frame | None = None,
    claim_frame: Frame | None = None,
) -> str:
    """ "denies" when the text negates what the claim says (or states what it negates);
    in a post, the sentence that says most about the claim decides. When both frames read
    the same deed by the same side at a shared place, the frames decide: "Kupiansk remains
    under Ukraine's control despite the claims" denies its capture with no word of denial."""
    if query_frame and claim_frame and same_deed(query_frame, claim_frame):
        negated, claim_negated = query_frame.negated, claim_frame.negated
    else:
        negated = query.negated_near(frozenset(claim.tokens))
        claim_negated = claim.negated
    return "denies" if negated != claim_negated else "affirms"


def unsupported(query: Analysis, claim: Analysis, gazetteer: Gazetteer) -> bool:
    """The text does not state the claim: it names none of the claim's places, it says
    something else about the places and actors of a claim that says nothing more, or, in a
    post, it never says the claim's event, place and actor in one sentence."""
    # A claim whose only place is one the gazetteer does not know ("a documentary about the
    # war in Syria") is not held to it here: a slot word may be no place at all, and what
    # such a claim is about is left to the score. A known place or region is required.
    if (claim.places or claim.regions) and not names_a_place_of(query, claim, gazetteer):
        return True
    # "There was a missile attack there" is about a place it does not name: a text that
    # names none either ("Russia struck Ukraine with missiles") is not shown its sources.
    if claim.deictic and not query.deictic and not names_a_place(claim):
        return True
    # A claim of which the matcher reads only where and who ("it has been forced out of
    # Russia's Kursk region") is not stated by a text that says something else there.
    if not statement(claim) and statement(query) - frozenset(claim.tokens):
        return True
    return query.long and not said_together(query, claim)


def names_a_place_of(query: Analysis, claim: Analysis, gazetteer: Gazetteer) -> bool:
    """A claim about a place is only confirmed by a text that names that place (a short
    question may name its region instead; for a claim about a whole region, the region
    or a town in it)."""
    if claim.places or claim.unknown:
        if any(ids & other for ids in claim.places for other in query.places):
            return True
        if set(claim.unknown) & heard(query):
            return True
        # "villages in Dnipropetrovsk region" asks about the claims on its villages.
        return not query.long and bool(query.regions & regions_of(claim, gazetteer))
    return bool(claim.regions & regions_of(query, gazetteer))


def said_together(post: Analysis, claim: Analysis) -> bool:
    """In a post, the claim's event, its place and its actor must share a sentence: a post
    that says "liberated" about one village and names another in passing does not back a
    claim about the second."""
    if len(post.sentences) < 2:
        return True
    events = claim.events
    places = {t for t in claim.tokens if t.startswith("@")} | claim.unknown_tokens
    if not events or not places:
        return True
    actors = {"!" + a for a in claim.actors}
    return any(
        words & events and words & places and (not actors or words & actors)
        for words, _ in post.sentences
    )


def precision_regions(query: Analysis, claim: Analysis, gazetteer: Gazetteer) -> frozenset[str]:
    """The region tokens of a claim ("X in Y region") that only make its place precise, for
    a query naming that place without its region: they must not count against the query.

    A region pins a known place only when the place lies in it; where an unknown place lies
    is not known, so the claim's region is taken on trust when the query names that place.
    A query naming another region is refused by `place_rule`, not helped here.
    """
    missing = claim.regions - query.regions
    if not missing:
        return frozenset()
    pinned: set[str] = set()
    for ids in claim.places:
        if any(ids & other for other in query.places):
            pinned.update(r for i in ids if (r := region_of(gazetteer, i)))
    if set(claim.unknown) & heard(query):
        pinned |= missing
    return frozenset("@" + r for r in missing & pinned)


def regions_of(text: Analysis, gazetteer: Gazetteer) -> set[str]:
    """The regions a text names, and those of the towns it names; Donbas with Donetsk and
    Luhansk oblasts, either way ("Романовка в Донбассе" is the Romanivka of Donetsk region)."""
    regions = set(text.regions)
    for ids in text.places:
        regions.update(r for i in ids if (r := region_of(gazetteer, i)))
    return with_donbas(regions)


def name_keys(claim: Analysis) -> frozenset[str]:
    """Every spelling key of the names, words and places of a claim."""
    return claim.name_keys
