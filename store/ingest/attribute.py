"""Find who states what in a news text, and whether they back, dispute or leave it unconfirmed.

The bot answers "who says Russia took Zaporizke, who denies it, who has not confirmed it".
A news article mixes its own voice with relayed voices ("officers told The New York Times
that ..."), so each sentence is split into clauses, each clause is matched against a small
set of attribution patterns (English, then the common Ukrainian and Russian forms), and
each proposition is normalised to what a reader would ask: without the attribution,
without a negation that only expresses the speaker's denial, one village per statement.
Everything here is pure text processing, so it can be tested on small sentences.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from store.match.text import is_abbreviation, split_sentences
from store.match.worthy import check_worthy, drop_boilerplate

BACKS, DISPUTES, UNCONFIRMED = "backs", "disputes", "unconfirmed"
UNNAMED_REPORTS = "unnamed reports"
DEFAULT_SELF = "the article"


@dataclass(frozen=True)
class Statement:
    """One proposition, who states it, through whom it reached the text, and how."""

    proposition: str
    speaker: str
    via: tuple[str, ...]
    stance: str
    quote: str
    sentence_index: int
    said_on: dt.date | None = None


# --- sentences ---------------------------------------------------------------------------

_NAME = r"[A-ZА-ЯЁІЇЄҐ][\w'’-]+"


# --- attribution patterns ----------------------------------------------------------------

_SAY_EN = (
    r"said|says|say|told|tells|tell|claimed|claims|claim|reported|announced|announces|"
    r"stated|states|confirmed|confirms|declared|declares|added|adds|noted|notes|warned|warns|"
    r"insisted|insists|asserted|asserts|assert|stressed|stresses|wrote|writes|posted|"
    r"suggested|suggests|suggest|indicated|indicates|indicate|showed|shows|show|"
    r"acknowledged|acknowledges|admitted|admits|admit|conceded|concedes|"
    r"denied|denies|deny|rejected|rejects|refuted|refutes|disputed|disputes"
)
_SAY_SLAVIC = (
    r"заяви\w*|заявл\w*|повідоми\w*|повідомля\w*|сообщи\w*|сообща\w*|сказа\w*|зазначи\w*|"
    r"отмети\w*|підкресли\w*|подчеркну\w*|визна\w*|призна\w*|спростува\w*|опроверг\w*|"
    r"запереч\w*|отрица\w*|відкину\w*"
)
_DISPUTE_VERB = re.compile(
    r"^(?:den\w+|reject\w*|refut\w*|disput\w*|contest\w*|dismiss\w*|спростува\w*|"
    r"опроверг\w*|запереч\w*|отрица\w*|відкину\w*)$",
    re.I,
)
_VERB = re.compile(rf"(?<![\w-])(?P<verb>{_SAY_EN}|{_SAY_SLAVIC})(?![\w-])", re.I)
_CLAIMS_NOUN = (
    r"(?:these|those|the|this|such|that|its|their|his|her|Russian|Russia's|Moscow's|"
    r"Ukraine's|Kyiv's|Ukrainian)?\s*(?:\w+\s+)?(?:claims?|reports?|assertions?|"
    r"allegations?|statements?|accounts?|it)\b"
)
_BACKREF_DISPUTE = re.compile(
    r"^(?P<spk>.+?)\s+(?:(?:has|have|had|also|so far|quickly|flatly)\s+)*"
    r"(?P<verb>contest\w*|disput\w*|den\w+|reject\w*|refut\w*|dismiss\w*)\s+"
    rf"{_CLAIMS_NOUN}(?P<rest>.*)$",
    re.I,
)
_NOT_CONFIRMED = re.compile(
    r"^(?P<spk>.+?)\s+(?:(?:has|have|had)\s+(?:so far\s+|yet\s+)?not\s+(?:yet\s+)?"
    r"|(?:did|does|do|could|can|would)\s+not\s+|cannot\s+|(?:was|were)\s+unable\s+to\s+"
    r"|(?:has|have)\s+yet\s+to\s+|declined\s+to\s+)"
    r"(?:independently\s+|immediately\s+|officially\s+)?(?:confirm|verif)\w*\s+"
    r"(?:that\s+)?(?P<p>.+)$",
    re.I,
)
_PASSIVE_UNCONFIRMED = re.compile(
    r"^(?P<p>.+?)\s+(?:could|can|has|have|had|was|were|is|are)\s*(?:not|n't)\s+"
    r"(?:yet\s+)?(?:be|been)\s+(?:independently\s+)?(?:confirmed|verified)\b",
    re.I,
)
_SLAVIC_NOT_CONFIRMED = re.compile(
    r"^(?P<spk>.+?)\s+(?:поки що\s+|пока\s+|досі\s+|до сих пор\s+)?не\s+"
    r"(?:підтверди\w*|підтверджу\w*|подтверди\w*|подтвержда\w*)\s+(?:що\s+|что\s+)?(?P<p>.+)$",
    re.I,
)
_ACCORDING_LEAD = re.compile(
    r"^(?:according to|за даними|за словами|за інформацією|по данным|по словам|"
    r"по информации|согласно)\s+(?P<spk>[^,]+),\s*(?P<p>.+)$",
    re.I,
)
_ACCORDING_TAIL = re.compile(
    r"^(?P<p>.+?),?\s+(?:according to|за даними|за словами|за інформацією|по данным|"
    r"по словам|по информации|согласно)\s+(?P<spk>[^,]+?)[.!]?$",
    re.I,
)
_AS_SAID = re.compile(
    rf"^(?:як|как|as)\s+(?P<verb>{_SAY_SLAVIC}|{_SAY_EN})\s+(?P<spk>[^,]+),\s*(?P<p>.+)$", re.I
)
_REPORTS = re.compile(
    r"^(?:(?:media|unconfirmed|some|recent|several|local|other|earlier|news)\s+)*"
    r"(?:reports|media)\s+(?:indicate|suggest|say|said|claim|claimed|show|showed)\s+"
    r"(?:that\s+)?(?P<p>.+)$",
    re.I,
)
_REPORTEDLY = re.compile(r"\s+(?:reportedly|allegedly|імовірно|нібито|якобы|предположительно)\b")
_SECONDARY = re.compile(
    r",?\s+(?:although|though|but|while|whereas|however,?|хоча|але|однак|хотя|но|однако)\s+",
    re.I,
)
_LEAD_ADVERBIAL = re.compile(
    r"^(?:(?:on|in|late on|early on|earlier on|by|at|during|throughout|last|this|"
    r"meanwhile|however|separately|also|earlier|later|у|в|во)\b[^,]{0,40},\s*)+",
    re.I,
)
_SUBJECT_TAIL = re.compile(
    r"(?:\s+(?:has|have|had|also|so far|previously|later|earlier|again|repeatedly|publicly|"
    r"reportedly|officially|then|now|тоже|також|также|вже|уже|раніше|ранее))+$",
    re.I,
)
_TIME_AFTER = re.compile(
    r"^(?:\s+(?:(?:on|in|late|early|last|this|at|during|earlier|later)\s+)?(?:Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|overnight|week|month|"
    r"morning|evening|night|January|February|March|April|May|June|July|August|September|"
    r"October|November|December|earlier|later|recently|previously|also|again|publicly|"
    r"(?:in|at|on)\s+(?:a|an|the)\s+(?:statement|briefing|interview|post|video))\b)+"
)
_BAD_SUBJECT_START = re.compile(
    r"^(?:of|in|at|for|from|with|by|on|to|and|or|but|although|while|which|who|that|as|"
    r"if|when|because|it|there|this|these|і|та|и|що|что|але|но|в|у|на|з|с)\b",
    re.I,
)
_PRONOUN = re.compile(r"^(?:he|she|they|він|вона|вони|он|она|они)$", re.I)
_KNOWN_OUTLETS = {
    "nyt": "The New York Times",
    "the nyt": "The New York Times",
    "the new york times": "The New York Times",
    "bbc": "BBC",
    "the bbc": "BBC",
    "wsj": "The Wall Street Journal",
    "the wsj": "The Wall Street Journal",
}
_KNOWN_PREFIX = re.compile(
    "|".join(re.escape(k) for k in sorted(_KNOWN_OUTLETS, key=len, reverse=True)) + r"(?=\s|$)",
    re.I,
)
_OUTLET_NAME = re.compile(r"\b(?:Times|Post|Journal|Guardian|Economist|Telegraph|News|Herald)$")
_COUNTER = re.compile(
    r"\b(?:contest|disput|den(?:y|ied|ies)|reject|refut|dismiss)\w*|\bnot\s+(?:yet\s+)?confirm",
    re.I,
)
_SAYING = re.compile(r"^,?\s*(?:saying|insisting|stating|asserting that)\s+(?:that\s+)?(.+)")
_TITLE = r"(?:Mr|Mrs|Ms|Dr|Col|Gen|Lt|Maj|Capt|Sgt|Adm|President|Minister|Colonel|General)\.?"
_TOLD = re.compile(r"^(?:told|tells|tell)$", re.I)
_CONTROL = re.compile(
    rf"^,?\s*(?:asserting|claiming|maintaining|retaining|keeping)\s+control\s+(?:over|of)\s+"
    rf"(?P<x>{_NAME})"
)
MAX_SUBJECT_WORDS = 16


@dataclass
class _Raw:
    speaker: str
    stance: str
    proposition: str
    via: tuple[str, ...] = ()


@dataclass
class _Context:
    """What later clauses may point back to: recent claims and speakers."""

    outlet: str
    previous: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    history: list[tuple[str, str, int]] = field(default_factory=list)


def _strip(text: str) -> str:
    return text.strip().strip("\"“”«»'‘’").strip().rstrip(".!;,").strip().strip('"“”«»')


def _has_sentence_break(text: str) -> bool:
    """True when a period or colon inside a subject ends something other than "Col."."""
    for found in re.finditer(r"[.!?;:](?=\s)", text):
        if found.group() != "." or not is_abbreviation(text[: found.start()]):
            return True
    return False


def _clean_speaker(raw: str, ctx: _Context) -> str | None:
    """Normalise a grammatical subject into a speaker, or None if it is not one."""
    text = _LEAD_ADVERBIAL.sub("", raw.strip().strip(",").lstrip("\"“”«»' ")).strip()
    text = _SUBJECT_TAIL.sub("", text).strip().strip(",—–- ").strip()
    text = re.sub(r"^(?:в|у|во)\s+", "", text)
    if not text or len(text.split()) > MAX_SUBJECT_WORDS or _BAD_SUBJECT_START.match(text):
        return None
    if _has_sentence_break(text) or re.search(r"[,.!?][\"”»’]|[\"”»],|\b(?:that|що|что)\b", text):
        return None
    if _PRONOUN.match(text):
        return ctx.speakers[-1] if ctx.speakers else None
    surname = re.fullmatch(rf"(?:{_TITLE}\s+)?({_NAME})", text)
    if surname:
        for earlier in reversed(ctx.speakers):
            if re.search(rf"\b{re.escape(surname.group(1))}$", earlier) and earlier != text:
                return earlier
    if not _OUTLET_NAME.search(text):
        anaphor = re.match(r"^(?:the|these|those)\s+(\w+)$", text, re.I)
        if anaphor:
            for earlier in reversed(ctx.speakers):
                if re.search(rf"\b{re.escape(anaphor.group(1))}\b", earlier, re.I):
                    return earlier
        text = re.sub(r"^the\s+", "", text, flags=re.I)
    return _KNOWN_OUTLETS.get(text.lower(), text)


def _via(obj: str) -> tuple[str, ...]:
    """Name the outlet someone told something to; ordinary objects ("reporters") are not."""
    name = obj.strip()
    if not name or not re.match(r"^(?:the\s+|The\s+)?[A-Z]", name):
        return ()
    return (_KNOWN_OUTLETS.get(name.lower(), re.sub(r"^the\s+", "", name)),)


_TOLD_OBJECT = re.compile(
    r"^\s+(?P<obj>(?:the\s+|The\s+)?(?:[A-Z][\w.'’&-]*)(?:\s+(?:of\s+|the\s+)?[A-Z][\w.'’&-]*)*"
    r"|reporters|journalists|him|her|them|us|me|the\s+\w+)"
)


def _after_verb(rest: str, verb: str) -> tuple[tuple[str, ...], str]:
    """Split what follows a reporting verb into the addressee outlet and the content."""
    via: tuple[str, ...] = ()
    if _TOLD.match(verb):
        found = _TOLD_OBJECT.match(rest)
        if found:
            obj, end = found.group("obj"), found.end()
            known = _KNOWN_PREFIX.match(obj)
            if known:
                end = found.start("obj") + known.end()
                obj = known.group()
            via = _via(obj)
            rest = rest[end:]
    words = rest.split()
    if "that" in words[:7]:
        rest = rest.split(" that ", 1)[1] if " that " in rest else rest
    else:
        rest = _TIME_AFTER.sub("", rest)
    rest = re.sub(r"^\s*(?:[,:—–-]\s*)*(?:що|что|о|про|об)?\s+", " ", rest).strip()
    return via, rest


def _general(clause: str, ctx: _Context) -> list[_Raw] | None:
    """Match "X said (that) P", "P, X said", "P, said X", "X заявив, що P", "P, — заявив X"."""
    for found in _VERB.finditer(clause):
        verb = found.group("verb")
        before, after = clause[: found.start()], clause[found.end() :]
        stance = DISPUTES if _DISPUTE_VERB.match(verb) else BACKS
        inverted = _inverted(before, after, verb, stance, ctx)
        if inverted:
            return [inverted]
        via, content = _after_verb(after, verb)
        subject = _clean_speaker(before, ctx) if before.strip() else None
        if subject and _strip(content):
            return [_Raw(subject, stance, _strip(content), via)]
        tail = _trailing(before, after, verb, ctx)
        if tail:
            return [tail]
    return None


def _inverted(before: str, after: str, verb: str, stance: str, ctx: _Context) -> _Raw | None:
    """Match "P, said X" and "«P», — заявив X": the speaker follows the verb."""
    comma = re.search(r"[,—–]\s*[—–-]?\s*$", before)
    speaker_text = after.strip(" .!")
    if not comma or not speaker_text or len(speaker_text.split()) > 8 or _TOLD.match(verb):
        return None
    speaker = _clean_speaker(speaker_text, ctx)
    proposition = _strip(before[: comma.start()])
    return _Raw(speaker, stance, proposition) if speaker and proposition else None


def _trailing(before: str, after: str, verb: str, ctx: _Context) -> _Raw | None:
    """Match "P, X said." where X may hold commas ("Viktor Trehubov, of the ..., told")."""
    via, remainder = _after_verb(after, verb)
    if _strip(remainder):
        return None
    pieces = before.rstrip().rstrip(",").split(",")
    for k in range(1, min(4, len(pieces))):
        speaker_text = ",".join(pieces[-k:])
        proposition = _strip(",".join(pieces[:-k]))
        speaker = _clean_speaker(speaker_text, ctx)
        if speaker and proposition:
            stance = DISPUTES if _DISPUTE_VERB.match(verb) else BACKS
            return _Raw(speaker, stance, proposition, via)
    return None


def _is_backref(text: str) -> bool:
    return bool(
        re.fullmatch(
            rf"{_CLAIMS_NOUN}|(?:the|these|those|this|such)?\s*(?:\w+\s+)?(?:claims?|reports?)"
            r"(?:\s+(?:about|of|on)\s+.+)?",
            _strip(text),
            re.I,
        )
    )


def _clause(clause: str, ctx: _Context) -> list[_Raw] | None:
    """Match one clause against the attribution patterns; None when nobody is named."""
    text = _strip(clause)
    found = _BACKREF_DISPUTE.match(text)
    if found and (speaker := _clean_speaker(found["spk"], ctx)):
        rest = found["rest"].strip()
        if rest.startswith("that "):
            return [_Raw(speaker, DISPUTES, _strip(rest[5:]))]
        earlier = _resolve_backref(text[found.end("verb") :], ctx)
        raws = [_Raw(speaker, DISPUTES, p) for p in earlier]
        saying = _SAYING.match(rest)
        control = _CONTROL.match(rest)
        if saying:
            raws.append(_Raw(speaker, BACKS, _strip(saying.group(1))))
        elif control and (side := _actor(speaker)):
            raws.append(_Raw(speaker, BACKS, f"{side} controls {control['x']}"))
        return raws
    for pattern in (_NOT_CONFIRMED, _SLAVIC_NOT_CONFIRMED):
        found = pattern.match(text)
        if found and (speaker := _clean_speaker(found["spk"], ctx)):
            return _unconfirmed(speaker, found["p"], ctx)
    found = _PASSIVE_UNCONFIRMED.match(text)
    if found:
        return _unconfirmed(ctx.outlet, found["p"], ctx)
    for pattern in (_ACCORDING_LEAD, _ACCORDING_TAIL, _AS_SAID):
        found = pattern.match(text)
        if found and (speaker := _clean_speaker(found["spk"], ctx)):
            stance = DISPUTES if _DISPUTE_VERB.match(found.groupdict().get("verb") or "") else BACKS
            return [_Raw(speaker, stance, _strip(found["p"]))]
    found = _REPORTS.match(text)
    if found:
        return [_Raw(UNNAMED_REPORTS, BACKS, _strip(found["p"]))]
    if _REPORTEDLY.search(text):
        return [_Raw(UNNAMED_REPORTS, BACKS, _strip(_REPORTEDLY.sub("", text)))]
    return _general(text, ctx)


def _resolve_backref(phrase: str, ctx: _Context) -> list[str]:
    """Find what "these claims", "the Russian claims" or "the report about X" refer to.

    A named place narrows the search to claims about it, a side ("Russian") to claims made
    by that side; otherwise the claims of the previous clause are meant.
    """
    head = re.split(r"[,;]|\s(?:saying|insisting|asserting|stating)\b", phrase, maxsplit=1)[0]
    names = re.findall(rf"\b(?:about|of|on|over)\s+({_NAME})", head)
    side = _actor(head)
    if not names and not side:
        return list(ctx.previous)
    matches = [
        (prop, index)
        for prop, speaker, index in ctx.history
        if all(n in prop for n in names) and (not side or _actor(speaker) == side)
    ]
    if not matches:
        return list(ctx.previous) if not names else []
    latest = max(index for _, index in matches)
    return list(dict.fromkeys(prop for prop, index in matches if index == latest))


def _unconfirmed(speaker: str, proposition: str, ctx: _Context) -> list[_Raw]:
    """Record "not confirmed"; a proposition like "the claims" points back to earlier ones."""
    if _is_backref(proposition) and (earlier := _resolve_backref(proposition, ctx)):
        return [_Raw(speaker, UNCONFIRMED, p) for p in earlier]
    return [_Raw(speaker, UNCONFIRMED, _strip(proposition))]


# --- propositions ------------------------------------------------------------------------

_AUX = r"has|have|had|is|are|was|were|will|would|did|does|do|can|could"
_NEGATION = re.compile(rf"\b({_AUX})\s+(?:not|never)\s+(?!only\b|just\b)(?:(yet|so far)\s+)?", re.I)
_NEGATION_SHORT = re.compile(r"\b(has|have|had|is|are|was|were|did|does|do)n[’']t\s+", re.I)
_FAILED_TO = re.compile(r"\b(?:failed|fail|fails|never managed)\s+to\s+", re.I)
_SLAVIC_NEGATION = re.compile(r"(?<![\w-])не\s+(?=\w+(?:ли|ла|ло|ла|ив|ав|ів|ал|ил|ел|ыл)\b)")
_CONJUNCT = re.compile(rf"\s+and\s+(?=(?:{_AUX}|also)\b)", re.I)
_PLACES = (
    r"(?:villages?|settlements?|towns?|cities|localities|hamlets|населені пункти|села|сёла|"
    r"населенных пункта)"
)
_NAME_LIST = rf"{_NAME}(?:(?:,\s*|,?\s+(?:and|і|и|та)\s+){_NAME})+"
_PLACE_LIST = re.compile(
    rf"^(?P<head>.*?)(?:(?:two|three|four|five|several|both|the|два|дві|три)\s+)?{_PLACES}"
    rf"(?:\s+(?:within|in|of|near|у|в|біля)\s+[^,]+?)?(?:,\s*|\s+of\s+)(?P<names>{_NAME_LIST})"
    r",?(?P<tail>.*)$"
)
_VERB_LIST = re.compile(
    r"^(?P<head>.*\b(?:captured|seized|took|taken|occupied|liberated|entered|control|controls|"
    r"held|holds|hold|захопили|взяли|заняли|звільнили|освободили|заняли)\s+)"
    rf"(?P<names>{_NAME_LIST})(?P<tail>.*)$"
)
_NOMINAL_CAPTURE = re.compile(
    r"^(?:the\s+)?(?:capture|seizure|fall|taking|occupation)\s+of\s+(?P<x>.+)$", re.I
)
_PERFECT = re.compile(r"\b(?:has|have|had)\s+(\w+ed)\b", re.I)


def _denegate(proposition: str) -> tuple[str, bool]:
    """Turn "Russian troops have not taken any villages" into the positive claim."""
    for pattern, repl in (
        (_NEGATION, r"\1 "),
        (_NEGATION_SHORT, r"\1 "),
        (_FAILED_TO, ""),
        (_SLAVIC_NEGATION, ""),
    ):
        changed, count = pattern.subn(repl, proposition, count=1)
        if count:
            changed = re.sub(r"\b(?:any|ніяких|жодних|никаких)\s+", "", changed, count=1)
            changed = re.sub(r"\s+(?:so far|yet|поки що|пока)$", "", changed)
            return re.sub(r"\s{2,}", " ", changed).strip(), True
    return proposition, False


_PAST = re.compile(
    rf"\s+(?:(?:still|also|already|now|only|just)\s+)*(?=(?:{_AUX})\b|\w+ed\b|"
    r"(?:held|holds|took|hit|struck|made|went|came|kept|left|won|lost|shot|fought|ran)\b)",
    re.I,
)


def _conjuncts(proposition: str) -> list[str]:
    """Split "troops had reached X and were advancing into Y" into two propositions."""
    parts = _CONJUNCT.split(proposition)
    if len(parts) == 1:
        return [proposition]
    subject = _PAST.search(parts[0])
    if not subject or subject.start() == 0 or len(parts[0][: subject.start()].split()) > 8:
        return [proposition]
    head = parts[0][: subject.start()]
    return [parts[0]] + [f"{head} {part}" for part in parts[1:]]


def _expand_places(proposition: str) -> list[str]:
    """Give each named village its own proposition: that is what a reader asks about."""
    for pattern in (_PLACE_LIST, _VERB_LIST):
        found = pattern.match(proposition)
        if found:
            names = re.split(r",\s*|,?\s+(?:and|і|и|та)\s+", found["names"])
            tail = found["tail"].rstrip(",")
            return [f"{found['head']}{name}{tail}".strip() for name in names]
    return [proposition]


_ADJECTIVE = {"Russia": "Russian", "Ukraine": "Ukrainian"}


def _actor(speaker: str) -> str | None:
    if re.search(r"\b(?:Russia|Russian|Moscow|Kremlin)\b", speaker):
        return "Russia"
    if re.search(r"\b(?:Ukraine|Ukrainian|Kyiv)\b", speaker):
        return "Ukraine"
    return None


_POSSESSIVE = re.compile(
    r"^(?:its|their|our)\s+(?=(?:[\w-]+\s+)?(?:forces|troops|units|soldiers|army|military)\b)"
)
_SELF_PRONOUN = re.compile(r"^(?:they|we)\s+(?=(?:still\s+)?(?:hold|held|control|keep|kept)\b)")


def _normalise(raw: _Raw) -> list[tuple[str, str]]:
    """Return (proposition, stance) pairs for one raw statement."""
    text = _strip(raw.proposition)
    actor = _actor(raw.speaker)
    if actor:
        text = _POSSESSIVE.sub(f"{_ADJECTIVE[actor]} ", text)
        text = _SELF_PRONOUN.sub(f"{_ADJECTIVE[actor]} forces ", text)
    nominal = _NOMINAL_CAPTURE.match(text)
    if nominal:
        text = f"{actor} captured {nominal['x']}" if actor else f"{nominal['x']} was captured"
    out: list[tuple[str, str]] = []
    for part in _conjuncts(text):
        stance = raw.stance
        positive, negated = _denegate(part)
        if negated and stance == BACKS:
            stance = DISPUTES
        elif negated and stance == DISPUTES:
            stance = BACKS
        else:
            positive = part if not negated else positive
        positive = _PERFECT.sub(r"\1", positive)
        out += [(_strip(p), stance) for p in _expand_places(positive)]
    return [(p, s) for p, s in out if len(p.split()) >= 2]


# --- driver ------------------------------------------------------------------------------


def _clauses(sentence: str) -> list[str]:
    """Split off trailing "although X contest these claims" style clauses.

    A clause is split off only when it has its own reporting verb, so "although their
    advance had been stopped" stays inside the proposition it qualifies.
    """
    parts: list[str] = []
    rest = sentence
    while True:
        split = None
        for found in _SECONDARY.finditer(rest):
            clause = rest[found.end() :]
            if _VERB.search(" ".join(clause.split()[:14])) or _COUNTER.search(clause[:120]):
                split = found
                break
        if not split:
            parts.append(rest)
            return parts
        parts.append(rest[: split.start()])
        rest = rest[split.end() :]


def attribute(text: str, *, outlet: str | None = None) -> list[Statement]:
    """List who backs, disputes or leaves unconfirmed each check-worthy claim in ``text``.

    Unattributed check-worthy sentences are stated by the outlet itself. ``via`` holds the
    chain outward from the speaker (e.g. the newspaper officers spoke to); the caller adds
    the document's own outlet.
    """
    ctx = _Context(outlet=outlet or DEFAULT_SELF)
    statements: list[Statement] = []
    for index, sentence in _report_sentences(text):
        if not drop_boilerplate([sentence]):
            continue
        found_here: list[Statement] = []
        for clause in _clauses(sentence):
            raws = _clause(clause, ctx)
            if raws is None:
                if not check_worthy(clause):
                    continue
                raws = [_Raw(ctx.outlet, BACKS, clause)]
            made = [
                Statement(proposition, raw.speaker, raw.via, stance, sentence, index)
                for raw in raws
                for proposition, stance in _normalise(raw)
            ]
            _remember(ctx, raws, made)
            found_here += made
        statements += _dedupe(found_here)
    return statements


def _report_sentences(text: str) -> list[tuple[int, str]]:
    """Number sentences as split_sentences does, leaving out appeal blocks and other
    boilerplate paragraphs, which only make sense as blocks (a "Dear readers" run)."""
    lines = text.splitlines()
    kept = iter(drop_boilerplate(lines))
    wanted = next(kept, None)
    out: list[tuple[int, str]] = []
    index = 0
    for line in lines:
        sentences = split_sentences(line)
        if wanted is not None and line.strip() == wanted:
            out += [(index + i, sentence) for i, sentence in enumerate(sentences)]
            wanted = next(kept, None)
        index += len(sentences)
    return out


def _remember(ctx: _Context, raws: list[_Raw], made: list[Statement]) -> None:
    """Keep the speakers and backed claims that later pronouns and "these claims" refer to."""
    for raw in raws:
        if raw.speaker not in (ctx.outlet, UNNAMED_REPORTS):
            ctx.speakers.append(raw.speaker)
    backed = [s for s in made if s.stance == BACKS]
    if backed:
        ctx.previous = list(dict.fromkeys(s.proposition for s in backed))
        ctx.history += [(s.proposition, s.speaker, s.sentence_index) for s in backed]


def _dedupe(statements: list[Statement]) -> list[Statement]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for s in statements:
        key = (s.proposition, s.speaker, s.stance)
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out
