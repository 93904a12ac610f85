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
import functools
import re
from dataclasses import dataclass, field, replace
from typing import Any

from store.match.text import is_abbreviation, split_sentences
from store.match.worthy import check_worthy, drop_boilerplate, strip_label

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
    r"заяви(?:в|ла|ли|ло)|заявля\w+|заявил\w*|заявлено|повідоми\w+|повідомля\w+|сообщи\w+|"
    r"сообща\w+|сказа\w*|зазначи\w*|зазнача\w+|отмети\w*|відзначи\w*|підкресли\w*|"
    r"подчеркну\w*|наголоси\w*|наголошу\w+|уточни\w*|уточню\w+|уточня\w+|зауважи\w*|"
    r"стверджу\w+|утвержда\w+|"
    r"запевни\w*|пише|пишуть|пишет|пишут|написа\w*|визнав|визнала|визнали|визнає|признал\w*|"
    r"признает|признаю\w*|спростува\w*|спростову\w+|опроверг\w*|опроверга\w+|запереч\w*|"
    r"отрица\w*|відкину\w*|йдеться|говориться|говорится|мовиться|"
    r"отмечается|подчеркивается|указывается|вказується|"
    r"підтверди\w*|підтверджу\w+|подтверди\w*|подтвержда\w+|оголоси\w*|оголошу\w+|"
    r"объяви\w*|объявля\w+|рассказа\w*|розповіл\w*|розповів"
)
_DISPUTE_VERB = re.compile(
    r"^(?:den\w+|reject\w*|refut\w*|disput\w*|contest\w*|dismiss\w*|спростува\w*|"
    r"спростову\w+|опроверг\w*|опроверга\w+|запереч\w*|отрица\w*|відкину\w*)$",
    re.I,
)
# "не подтверждала" reports nothing: a negated verb is no attribution ("не" is Cyrillic only)
_VERB = re.compile(rf"(?<![\w-])(?<![Нн]е\s)(?P<verb>{_SAY_EN}|{_SAY_SLAVIC})(?![\w-])", re.I)
_CLAIMS_NOUN = (
    r"(?:these|those|the|this|such|that|its|their|his|her|Russian|Russia's|Moscow's|"
    r"Ukraine's|Kyiv's|Ukrainian)?\s*(?:\w+\s+)?(?:claims?|reports?|assertions?|"
    r"allegations?|statements?|accounts?|it)\b"
)
_BACKREF_DISPUTE = re.compile(
    r"^(?P<spk>.+?)\s+(?:(?:has|have|had|also|so far|quickly|flatly|earlier|previously|"
    r"repeatedly|already)\s+)*"
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
# "Українська сторона цю інформацію поки не підтверджує": the claim told just before
_SLAVIC_NOT_CONFIRMED_IT = re.compile(
    r"^(?P<spk>.+?)\s+(?P<p>(?:ц[юіе]|цих|эт[уио]|этих|дан[іу]|данн\w+)\s+[\w’'-]+)\s+"
    r"(?:поки(?: що)?\s+|пока\s+|досі\s+|до сих пор\s+|(?:ще|ещё|еще)\s+|офіційно\s+|"
    r"официально\s+)*"
    r"не\s+(?:підтвердж\w*|підтверди\w*|подтверди\w*|подтвержда\w*)$",
    re.I,
)
_CAST_DOUBT = re.compile(
    r"^(?P<spk>.+?)\s+(?:(?:has|have|had)\s+)?(?:cast|casts|casting|raised|raises|threw|thrown)"
    r"\s+(?:\w+\s+)?doubts?\s+(?:on|over|about|upon)\s+(?P<p>.+)$",
    re.I,
)
_CANNOT_SAY = re.compile(
    r"^(?P<spk>.+?)\s+(?:cannot|can't|can not|could not|couldn't)\s+(?:yet\s+)?"
    r"(?:say|claim|state)\s+(?:\w+\s+){0,2}?that\s+(?P<p>.+)$",
    re.I,
)
_DISMISSED_AS = re.compile(
    r"^(?P<spk>.+?)\s+(?:(?:has|have|had)\s+)?dismiss(?:ed|es)?\s+(?P<p>.+?)\s+as\s+[\"“]?"
    r"(?:\w+\s+){0,3}?(?:fake\w*|false\w*|propaganda|lies?|nonsense|untrue|fabricat\w*|"
    r"disinformation|baseless|fiction|fantasy|hoax|groundless)\b",
    re.I,
)
# A fact-checker quoting a fake: "Fake: ...", "Фейк: ..."
_FAKE_LEAD = re.compile(r"^(?:fake|фейк|fake news)\s*[:—–]\s*(?P<p>.+)$", re.I)
_CLAIM_THAT = re.compile(
    r"^(?:[\w’'-]+\s+){0,3}?(?:claims?|reports?|assertions?|statements?|allegations?)\s+"
    r"(?:that|of|about)\s+",
    re.I,
)
_UNCONFIRMED_REPORTS = re.compile(
    r"(?:^|\s)(?:(?:multiple|several|some|many|numerous|other)\s*,?\s+)?"
    r"(?:(?:yet|still|as yet)\s+)?"
    r"unconfirmed\s*,?\s+(?:(?:reports?|claims?|accounts?)\s+)?(?:(?:of|that)\s+|"
    r"(?:suggest|say|said|claim|indicate)\w*\s+(?:that\s+)?)(?P<p>.+)$",
    re.I,
)
_UNVERIFIED_ASIDE = re.compile(
    r"(?:^|,\s*)(?:according to\s+)?(?:\w+\s+)?(?:reports?|claims?|information|footage)?\s*"
    r"(?:that|which)\s+(?:could|can|has|have)\s*(?:not|n't)\s+(?:yet\s+)?(?:be|been)\s+"
    r"(?:independently\s+)?(?:verified|confirmed)(?:\s+by\s+[^,]+)?\s*(?:,\s*|$)",
    re.I,
)
# Ukrainian and Russian: "... не відповідає дійсності", "... – це фейк", "є неправдивими"
_SLAVIC_FALSE = re.compile(
    r"^(?P<p>.+?)\s*(?:не\s+відповіда\w*\s+дійсност\w*|не\s+соответству\w*\s+"
    r"действительност\w*|не\s+підтверджу\w+\s+фактами|не\s+подтвержда\w+\s+фактами|"
    r"(?:є|являе?тся|являются|были|було|была)\s+(?:неправд\w*|фейк\w*|вигадк\w*|брехн\w*|ложн\w*|"
    r"ложью|дезінформаці\w*|дезинформаци\w*)|(?:[-–—]\s*)?(?:це|это)\s+(?:черговий\s+|"
    r"очередной\s+|ще\s+один\s+|еще\s+один\s+)?(?:фейк|неправда|ложь|брехня|вигадка|"
    r"дезінформація|дезинформация)|[-–—]\s*(?:фейк|неправда|ложь|брехня))(?![\w-])",
    re.I,
)
_SLAVIC_FALSE_LEAD = re.compile(
    r"^(?:дезінформацією|дезинформацией|фейком|неправдою|ложью|брехнею)\s+"
    r"(?:є|является|являются|были|було)\s+(?P<p>.+)$",
    re.I,
)
_SLAVIC_FAKE_NOUN = re.compile(
    r"(?:фейков\w*|неправдив\w*|брехлив\w*|ложн\w*|вигадан\w*)\s+(?:\w+\s+)?"
    r"(?:заяв\w*|повідомлен\w*|інформаці\w*|сообщени\w*|заявлени\w*|утверждени\w*|"
    r"информаци\w*)(?![\w-])",
    re.I,
)
# A capture verb in scare quotes ("Куп'янськ, який вони "захоплювали" не раз"): the writer
# mocks a capture claimed, so the clause holding it disputes that capture
_MOCKED_CAPTURE = re.compile(
    r"[\"“«„`](?:за)?(?:хоплю|хопи|хвати|хватыва|звільн[яи]|освобо(?:жда|ди)|взя|бра|"
    r"окупову|окупу|оккупирова)\w*?л[иаоі]?[\"”»“`]",
    re.I,
)
_SLAVIC_ABOUT = re.compile(
    r"(?:^|\s)(?:заяв\w*|повідомлен\w*|інформаці\w*|дані|даних|сообщени\w*|"
    r"заявлени\w*|утверждени\w*|информаци\w*|доповід\w*|публікаці\w*)(?![\w-])"
    r"(?P<who>.*?)\s+(?:про|о|об|щодо)\s+(?P<z>.+)$",
    re.I,
)
_ACCORDING = (
    r"(?P<by>according to|за (?:даними|словами|інформацією|оцінками)|згідно з даними|"
    r"по (?:данным|словам|информации|оценкам)|согласно данным|согласно)"
)
_ACCORDING_LEAD = re.compile(
    r"^(?:(?:so far|today|now|meanwhile|however|overall|separately|earlier|later|"
    r"(?:last|this|on|in|by|at|over|during)\s[^,]{1,25}),\s*)?"
    rf"{_ACCORDING}\s+(?P<spk>[^,]+),\s*(?P<p>.+)$",
    re.I,
)
# "P, according to the region's governor, Ivan Koval, speaking on condition of anonymity"
_ACCORDING_TAIL = re.compile(
    rf"^(?P<p>.+?),?\s+{_ACCORDING}\s+(?!(?:которым|которой|которому|которых|яким|якими|"
    r"якою|якої|which|whom)\b)(?P<spk>[^,]+?(?:,\s*[^,]+?)?)"
    r"(?:,\s*(?:speaking|continuing|adding|saying|who|which)\b[^\"“”«»]*)?[.!]?$",
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
    r"(?:,|\s+[-–—])?\s+(?:although|though|but|while|whereas|however,?|хоча|але|однак|хотя|но|"
    r"однако)\s+",
    re.I,
)
_LEAD_ADVERBIAL = re.compile(
    r"^(?:(?:on|in|late on|early on|earlier on|by|at|during|throughout|last|this|"
    r"meanwhile|however|separately|also|earlier|later|у|в|во|"
    # "Responding in a post on Telegram, the general staff said"
    r"responding|answering|speaking|writing|commenting|reacting)\b[^,]{0,40},\s*)+",
    re.I,
)
_SUBJECT_TAIL = re.compile(
    r"(?:,?\s+(?:though|however|too)|\s+(?:has|have|had|also|so far|previously|later|earlier|"
    r"again|repeatedly|publicly|already|"
    r"reportedly|officially|then|now|only|first|personally|himself|herself|тоже|також|также|"
    r"вже|уже|раніше|ранее|вперше|уперше|впервые|лише|лишь|тільки|только|особисто|лично|"
    r"знову|снова|навіть|даже|сьогодні|сегодня|вчора|вчера|today|yesterday|on \w+day))+$",
    re.I,
)
# "Two weeks ago Russia had reported ...": a time before the subject, with no comma.
_TIME_AGO = re.compile(
    r"^(?:(?:a|one|two|three|four|five|six|seven|eight|nine|ten|a few|several|\d{1,2})\s+"
    r"(?:days?|weeks?|months?)\s+ago"
    r"|last\s+(?:week|month))\b,?\s+",
    re.I,
)
_LEAD_WORDS = re.compile(
    r"^(?:(?:earlier|later)(?:\s+(?:in the day|on \w+|today|this week|that day))?|meanwhile|"
    r"also|separately|водночас|напомним|нагадаємо|раніше|ранее|зокрема|крім того|кроме того|"
    r"також|также|тим часом|тем временем|як відомо|как известно|натомість|при этом|однак|"
    r"однако|проте|але|но|however|though|yet|still|so|thus|and|but|сьогодні|сегодня|вчора|вчера|накануне|напередодні|"
    r"офіційно|официально|"
    r"(?:ще|еще|ещё|вже|уже)?\s*\d{1,2}\s+[а-яіїєґё]+)"
    r",?\s+",
    re.I,
)
# A subject holding one of these is a clause, not a name: "We cannot", "I have to",
# "A compromise proposal is reached, which Russia".
_NOT_A_NAME = re.compile(
    r"\b(?:is|are|was|were|be|been|being|will|would|cannot|can't|can|could|should|must|may|"
    r"might|have to|has to|had to|do|does|did|don't|doesn't|didn't|am|who|which|whose|if|"
    r"because|than|there|not|expected|likely|despite|although|has|have|had|after|when|"
    r"where|until|while)\b|\s(?:and|or|but|as [A-Z]\w*)$|\?|\d{1,2}[.:]\d{2}|"
    r"(?<![\w-])\w+(?:ують|юють|ують|ується|ються|ують|ают|яют|ует|уют)(?![\w-])",
    re.I,
)
# Lower-case verbs and adverbs that make a subject a clause ("Russia already controls most
# of Sievierodonetsk, Haidai"); participles that belong to names are allowed.
_VERBISH = re.compile(
    r"(?<![\w-])(?!(?:affiliated|based|armed|united|appointed|self-styled|self-proclaimed|"
    r"unnamed|elected|operating|fighting|leading|ruling|informed|retired|detained|exiled|"
    r"released|provided|backed|russian-backed|kremlin-backed|led|belonging|acting|"
    r"speaking|writing|quoted|cited|serving|working|stationed|deployed|involved|posted|"
    r"assigned|embedded|tasked|charged|concerned|overseeing|monitoring|representing|"
    r"commanding|defending|holding|fighting|including)(?![\w-]))[a-z]+(?:ed|ing)(?![\w-])"
    r"(?!\s+by\b)|"
    r"(?<![\w-])(?:controls|holds|continues|remains|took|taken|lose|lost|won|sent|already|still|"
    r"now|recently|create|creates|want|wants|says|said|told|make|makes|made|refuse|refuses|"
    r"agree|agrees|decline|declines|need|needs|try|tries|seem|seems|appear|appears|continue|"
    r"begin|begins|plan|plans|hope|hopes|expect|expects|believe|believes|think|thinks|know|"
    r"knows)(?![\w-])"
)
# "Наши взяли ..." in a channel's post is the channel's side, not a quote
_FIRST_LEAD = re.compile(
    r"^(?:we|i|our|my|us|ми|я|наш(?!и\s)\w*|мы|мой|моя|мои)(?:[’']\w+)?\b", re.I
)
_FIRST_PERSON = re.compile(r"^(?:we|i|ми|я|мы)$", re.I)
FIRST_PERSON = "\x00first person"
_TIME_AFTER = re.compile(
    r"^(?:\s+(?:(?:on|in|late|early|last|this|at|during|earlier|later)\s+)?(?:Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|overnight|week|month|"
    r"morning|evening|night|January|February|March|April|May|June|July|August|September|"
    r"October|November|December|earlier|later|recently|previously|also|again|publicly|"
    r"(?:in|at|on)\s+(?:a|an|the)\s+(?:statement|briefing|interview|post|video))\b)+"
)
_BAD_SUBJECT_START = re.compile(
    r"^(?:of|in|at|for|from|with|by|on|to|and|or|but|although|while|which|who|that|as|"
    r"if|when|because|it|there|this|these|those|such|what|how|why|here|despite|after|"
    r"before|since|under|speaking|discussing|talking|responding|commenting|asked|asking|"
    r"referring|addressing|writing|posting|according|per|even|where|barely|just|і|та|и|що|что|але|но|в|у|на|з|с|про|об|"
    r"це|ці|це|это|эти|цей|этот|як|как|за|по|після|после|через)\b",
    re.I,
)
_PRONOUN = re.compile(r"^(?:he|she|they|він|вона|вони|он|она|они)$", re.I)
_ROLE = re.compile(
    r"\b(?:officials?|officers?|ministry|ministers?|spokes\w+|governors?|mayors?|heads?|chiefs?|"
    r"presidents?|commanders?|command|staff|army|military|forces|troops|soldiers?|analysts?|"
    r"experts?|agency|office|service|bloggers?|milbloggers?|residents?|sources?|witnesses|"
    r"adviser|advisor|secretary|general|council|intelligence|authorities|administration|"
    r"government|media|outlets?|channels?|journalists?|correspondents?|representatives?|"
    r"leaders?|diplomats?|prosecutors?|police|department|director|envoy|ambassador|"
    r"company|operator|group|institute|updates?|reports?|assessments?|maps?|data|figures|"
    r"footage|images|videos?|statements?|проєкт\w*|проект\w*|видання|издани\w+|агентств\w+|"
    r"телеканал\w*|ведомств\w*|відомств\w*|міністерств\w*|министерств\w*|служб\w*|"
    r"пресслужб\w*|сил\w*|войск\w*|центр|штаб\w*|міністр\w*|министр\w*|речни\w*|спикер\w*|спікер\w*|"
    r"представни\w*|представител\w*|командувач\w*|командир\w*|голов\w+|глав\w+|військов\w+|военн\w+|"
    r"аналітик\w*|аналитик\w*|журналіст\w*|журналист\w*|джерел\w*|источник\w*|"
    r"губернатор\w*|мер\w*|очільни\w*|керівни\w*|руководител\w*|блогер\w*|"
    r"військовослужбов\w+|военнослужащ\w+|захисник\w*|оборонц\w+|бійц\w+|бойц\w+|"
    r"расследовател\w*|розслідувач\w*|змі|сми|сторон[аи])\b",
    re.I,
)
_ORGANISATION = re.compile(
    r"\b(?:ministry|ministries|office|staff|command|agency|service|army|military|council|"
    r"administration|government|institute|company|group|department|committee|mission|"
    r"organisation|organization|operator|bureau|centre|center|police|Kremlin|ISW|MoD|UN|"
    r"OHCHR|ICRC|IAEA|NATO|Nato)\b",
    re.I,
)
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
    subject: str | None = None
    carried: dict[str, tuple[str, ...]] = field(default_factory=dict)
    stated_by: str | None = None  # who "Про це повідомив X" named


def _strip(text: str) -> str:
    return text.strip().strip("\"“”«»'‘’").strip().rstrip(".!;,").strip().strip('"“”«»')


def _has_sentence_break(text: str) -> bool:
    """True when a period or colon inside a subject ends something other than "Col."."""
    for found in re.finditer(r"[.!?;:](?=\s)", text):
        if found.group() != "." or not is_abbreviation(text[: found.start()]):
            return True
    return False


def _appositive(text: str) -> bool:
    """Is this a name, a role, or "name, role" ("Serhiy Haidai, governor of Luhansk region")?"""
    words = text.split()
    if not words or len(words) > MAX_SUBJECT_WORDS or text.count(",") > 2:
        return False
    if _BAD_SUBJECT_START.match(text) or _LEAD_WORDS.match(text) or _NOT_A_NAME.search(text):
        return False
    if _VERBISH.search(text):
        return False
    bare = re.sub(r"\"[^\"]+\"|«[^»]+»|“[^”]+”", "N", text).rstrip(".")
    bare = re.sub(r"(?<![\w.])(\w{1,3})\.(?=\s)|(?<=\w)\.(?=[\w-])", r"\1", bare)
    return not re.search(r"[.!?:;\"“”«»]", bare)


# "“Michael”, the commander of ...": a name given in quotes (a call sign) is still a name.
_QUOTED_NAME = re.compile(
    r"^[\"“«]?([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)[\"”»](?=,\s+(?:the|a|an)\s)"
)


def _subject_split(before: str) -> tuple[str, str]:
    """Split what precedes a reporting verb into a leading part and the subject.

    "Only four ships could pass, he" gives ("Only four ships could pass", "he");
    "Despite the shelling, Ukraine's president, Volodymyr Zelenskiy" keeps the appositive.
    """
    text = before.strip().rstrip(",").strip()
    pieces = text.split(",")
    if len(pieces) == 1:
        return "", text
    for k in range(min(3, len(pieces)), 0, -1):
        candidate = _QUOTED_NAME.sub(r"\1", ",".join(pieces[-k:]).strip()).lstrip("\"“”«»' ")
        if k == len(pieces) and not re.match(r"^(?:[A-ZА-ЯЁІЇЄҐ]|(?:the|a|an)\s)", candidate):
            continue
        if k > 1 and re.match(r"^(?:a|an)\s", candidate):
            continue  # "a strategically important city in the east, the governor, X"
        if (k == 1 and _PRONOUN.match(candidate)) or _appositive(candidate):
            if k > 1 and _PRONOUN.match(pieces[-1].strip()):
                continue
            return ",".join(pieces[:-k]).strip(), candidate
    return "", text


# --- Ukrainian and Russian cases ---------------------------------------------------------
# "за словами речника Генштабу Андрія Ковальова", "у заяві пресслужби Генштабу", "У
# Міністерстві оборони заявили": the speaker is named in the case its governing word asks
# for. pymorphy3 (OpenCorpora and the Ukrainian dictionary) puts the head noun phrase and a
# trailing personal name back in the nominative; its dependents ("Генштабу") stay as they are.
# It is loaded on the first Cyrillic speaker that needs it, never on import.

_UK_LETTERS = re.compile(r"[іїєґІЇЄҐ’']")
_RU_LETTERS = re.compile(r"[ыэъёЫЭЪЁ]")
_PERSON_TAGS = {"Name", "Surn", "Patr"}


@functools.cache
def _morph(lang: str) -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


def _analysers(text: str) -> list[Any]:
    """Ukrainian or Russian by their own letters; otherwise both, the one knowing the word first."""
    if _UK_LETTERS.search(text):
        return [_morph("uk")]
    if _RU_LETTERS.search(text):
        return [_morph("ru")]
    first = text.split()[0].lower()
    return sorted((_morph("uk"), _morph("ru")), key=lambda m: not m.word_is_known(first))


def _in_case(word: str, case: str, analyser: Any) -> Any:
    """The reading of ``word`` in ``case``, or None."""
    for parse in analyser.parse(word):
        if parse.tag.case == case:
            return parse
    return None


def _spelled_like(new: str, old: str) -> str:
    if old.isupper() and len(old) > 1:
        return new.upper()
    return new[:1].upper() + new[1:] if old[:1].isupper() else new


def _person(words: list[str], k: int, case: str, analyser: Any) -> Any:
    """The reading of ``words[k]`` as part of a personal name in ``case``, or None.

    Surnames in -ський parse as adjectives: one counts when no noun in ``case`` follows it
    ("Олександра Сирського", but not "Генерального штабу")."""
    if not words[k][:1].isupper():
        return None
    for parse in analyser.parse(words[k]):
        if parse.tag.case != case:
            continue
        if _PERSON_TAGS & set(parse.tag.grammemes):
            return parse
        if parse.tag.POS == "ADJF" and not (
            k + 1 < len(words) and _in_case(words[k + 1], case, analyser)
        ):
            return parse
    return None


def _nominative(text: str, case: str) -> str:
    """Put a Ukrainian or Russian speaker named in ``case`` (gent, datv, loct, accs) back
    in the nominative: "головного сержанта бригади Юрія Сиротюка" gives "головний сержант
    бригади Юрій Сиротюк"; words that are not Cyrillic or not in that case are kept."""
    words = text.split()
    if not words or not re.match(r"[а-яіїєґё]", words[0], re.I):
        return text
    for analyser in _analysers(text):
        out = _inflected(words, case, analyser)
        if out != words:
            return " ".join(out)
    return text


def _inflected(words: list[str], case: str, analyser: Any) -> list[str]:
    out = list(words)
    head = -1
    if not _person(words, 0, case, analyser):
        parses: list[Any] = []
        for k, word in enumerate(words[:4]):
            parse = _in_case(word, case, analyser)
            if parse is None or parse.tag.POS not in ("ADJF", "PRTF", "NOUN", "NUMR"):
                return words
            parses.append(parse)
            if parse.tag.POS == "NOUN":
                head = k
                break
        if head < 0:
            return words
        noun = parses[head]
        agree = {"nomn", "plur"} if noun.tag.number == "plur" else {"nomn"}
        if noun.tag.number != "plur" and noun.tag.gender:
            # an indeclinable abbreviation ("Міноборони") is a neuter ministry or office
            fixed = (noun.inflect({"nomn"}) or noun).word == words[head].lower()
            agree.add("neut" if fixed else noun.tag.gender)
        for k, parse in enumerate(parses):
            wanted = {"nomn", noun.tag.number} if k == head and noun.tag.number else agree
            made = parse.inflect(wanted) or parse.inflect({"nomn"})
            if made:
                out[k] = _spelled_like(made.word, words[k])
    # a personal name, alone or after the role: "речника ... Андрія Ковальова"
    for k in range(len(words) - 1, head, -1):
        parse = _person(words, k, case, analyser)
        made = (
            parse.inflect({"nomn", parse.tag.gender or "masc"}) or parse.inflect({"nomn"})
            if parse
            else None
        )
        if not made:
            break
        out[k] = _spelled_like(made.word, words[k])
    return out


# "заявило Міноборони сьогодні, 31 липня близько 08:00": when it spoke is not its name
_SLAVIC_WHEN_TAIL = re.compile(
    r"(?:,?\s+(?:сьогодні|сегодня|вчора|учора|вчера|напередодні|накануне|ввечері|вечером|"
    r"вранці|утром|\d{1,2}\s+(?:січ|лют|берез|квіт|трав|черв|лип|серп|верес|жовт|листопад|"
    r"груд|январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*|"
    r"(?:близько|около|о|об|в)\s+\d{1,2}[:.]\d{2}))+$",
    re.I,
)
# "головного сержанта ... в ефірі телемарафону": the broadcast is not part of the name
_ON_AIR = re.compile(r"\s+(?:в|у)\s+(?:ефірі|эфире)\b.*$", re.I)
_SPEAKER_CHANNEL = re.compile(
    r",?\s+(?:(?:according to|quoted by|cited by|writing in|writing for|in an interview with|"
    r"in a video on|in a post on|speaking to|speaking with|speaking on|talking to|"
    r"speaking \w+ly\b)\s*"
    r"(?P<via>.+)|citing\s+(?P<source>.+))$",
    re.I,
)


def _speaker_channel(text: str, ctx: _Context) -> str:
    """ "Zelenskiy, quoted by Ukrainian media" is Zelenskiy, carried by an outlet; a listener
    ("Milley, speaking to the Swedish prime minister") is left out; "TASS, citing local
    security services" is the services, carried by TASS."""
    platform = _PLATFORM.search(text)
    if platform and platform.start() > 0:
        name = (platform["p"] or platform["s"]).replace("Телеграм", "Telegram")
        text = text[: platform.start()].strip()
        ctx.carried[text] = (name.replace("телеграм", "Telegram"),)
    found = _SPEAKER_CHANNEL.search(text)
    if not found or found.start() == 0:
        return text
    head = text[: found.start()].strip()
    if found["source"]:
        ctx.carried[_strip(found["source"])] = _via(head) or (head,)
        return found["source"]
    via = _via(re.sub(r"^(?:the\s+)?(?:state\s+)?", "", found["via"].strip()))
    ctx.carried[head] = via
    return head


_FORCES_OF_STATE = re.compile(r"^the\s+(?P<body>military|army|general staff)$", re.I)
_UNIT_DESCRIBED = re.compile(r"^([^,]+,\s+the\s+[^,]+),\s+(?:a|an)\s+[^,]+$")


# What an organisation puts out, told of as "the update", "the statement" once it has spoken
_PAPER = re.compile(
    r"^(?:update|statement|report|briefing|assessment|bulletin|summary|post|message)$", re.I
)
# "написали в МО РФ та опублікували відео": what the speaker did besides, not its name
_AND_DID = re.compile(
    r"\s+(?:та|і|й|и)\s+(?:також\s+|также\s+|ще\s+|еще\s+)?[а-яіїєґё’'-]+(?:ли|ла|ло)\s.*$"
)
# Words a side's press calls the other side's sources by; never part of a name
_EVALUATIVE = re.compile(
    r"(?<![\w-])(?:ворож(?:е|ий|а|і|ого|ої|их)|вражеск(?:ое|ий|ая|ие|ого|ой|их)|"
    r"терористичн(?:е|ий|а|і|ого|ої|их)|террористическ(?:ое|ий|ая|ие|ого|ой|их)|"
    r"рашистськ(?:е|ий|а|і|ого|ої|их)|фашистськ(?:е|ий|а|і|ого|ої|их)|"
    r"неонацистск(?:ий|ое|ая|ие|ого|ой|их))\s+",
    re.I,
)


def _clean_speaker(raw: str, ctx: _Context, case: str | None = None) -> str | None:
    """Normalise a grammatical subject into a speaker, or None if it is not one.

    ``case`` is the case a Ukrainian or Russian governing word put the speaker in
    ("за словами" asks for the genitive); the speaker is returned in the nominative.
    """
    if _IN_THE_STATEMENT.match(raw.strip()):
        # "«...», — йдеться у заяві": the statement "Про це повідомив X" just named
        return ctx.stated_by
    raw = _speaker_channel(_SLAVIC_WHEN_TAIL.sub("", raw.strip().rstrip(",")), ctx)
    text = _subject_split(raw.strip().strip(",").lstrip("\"“”«»' "))[1].lstrip("\"“”«»' ")
    text = _LEAD_ADVERBIAL.sub("", text).strip()
    # "Напомним, накануне в ...": two lead words in a row
    text = _LEAD_WORDS.sub("", _LEAD_WORDS.sub("", _TIME_AGO.sub("", text)))
    text = _SUBJECT_TAIL.sub("", text).strip().strip(",—–- ").strip()
    # "X, the commander of Taifun, a drone unit fighting near Y": the last part tells of the
    # unit, not of the speaker
    text = _UNIT_DESCRIBED.sub(r"\1", text)
    located = re.match(
        r"^(?:в|у|во)\s+(?P<said>(?:заяві|заявлении|повідомленні|сообщении|зведенні|сводке|звіті|"
        r"отчете|дописі|публікації|публикации)\s+)?",
        text,
        re.I,
    )
    if located:
        text = text[located.end() :]
        case = "gent" if located["said"] else "loct"
    text = _ON_AIR.sub("", text)
    text = _AND_DID.sub("", text)
    text = re.sub(r"\s+(?:від|от)\s+\d{1,2}\s+[а-яіїєґё]+$", "", text, flags=re.I)
    if case:
        text = _nominative(text, case)
    # "Вороже Міністерство оборони", "терористичне міноборони": the writer's word for the
    # source, not its name
    plain = _EVALUATIVE.sub("", text)
    if plain != text and plain:
        text = plain[0].upper() + plain[1:] if text[0].isupper() else plain
    if _FIRST_PERSON.match(text):
        return FIRST_PERSON
    if text.lower() == "it":
        # "the facility supplied the army, it added": the last organisation that spoke
        return next((s for s in reversed(ctx.speakers) if _ORGANISATION.search(s)), None)
    if not text or len(text.split()) > MAX_SUBJECT_WORDS or _BAD_SUBJECT_START.match(text):
        return None
    if _has_sentence_break(text) or re.search(r"[,.!?][\"”»’]|[\"”»],|\b(?:that|що|что)\b", text):
        return None
    if _PRONOUN.match(text):
        return ctx.speakers[-1] if ctx.speakers else None
    if _SLAVIC_TEAM.match(text):
        # "Розслідувачі повідомили ...": the project or group the text named as the source
        return next((s for s in reversed(ctx.speakers) if _TEAM_OF.search(s)), text)
    bare = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
    if not _appositive(text) or (
        bare[0].islower() and text[0].islower() and not _ROLE.search(text)
    ):
        return None
    surname = re.fullmatch(rf"(?:{_TITLE}\s+)?({_NAME})", text)
    if surname:
        for earlier in reversed(ctx.speakers):
            if re.search(rf"\b{re.escape(surname.group(1))}$", earlier) and earlier != text:
                return earlier
    if not _OUTLET_NAME.search(text):
        # "the governor", "the regional governor": the last speaker named with that role
        anaphor = (
            re.match(r"^(?:the|these|those)\s+(\w+)$", text, re.I)
            or re.match(
                r"^the\s+(?:[\w-]+\s+){1,2}?(" + _ROLE_WORD + ")$",
                text,
                re.I,
            )
            or re.match(  # "the region's governor"
                r"^(?:the\s+)?[\w-]+['’]s\s+(" + _ROLE_WORD + ")$",
                text,
                re.I,
            )
        )
        state = ctx.speakers[-1] if ctx.speakers and _STATE.match(ctx.speakers[-1]) else None
        if anaphor and state and _actor(state) and _FORCES_OF_STATE.match(text):
            # "Ukraine says P, with the military describing ...": that state's military
            return f"{_ADJECTIVE[_actor(state)]} {_FORCES_OF_STATE.match(text)['body']}"
        if anaphor:
            for earlier in reversed(ctx.speakers):
                if re.search(rf"\b{re.escape(anaphor.group(1))}\b", earlier, re.I):
                    return earlier
            if _PAPER.match(anaphor.group(1)):
                # "the update added ...": the paper of the last organisation that spoke
                return next((s for s in reversed(ctx.speakers) if _ORGANISATION.search(s)), None)
        text = re.sub(r"^the\s+", "", text, flags=re.I)
        # "city's mayor Vadim Lyakh", "its mayor X", "governor X": the name, then the role.
        # "Lviv, the largest western city, the mayor Ivan X": a place told of before the role
        last = text.rsplit(", the ", 1)[-1] if ", the " in text else text
        titled = _ROLE_THEN_NAME.match(text) or _ROLE_THEN_NAME.match(last)
        if titled:
            role = re.sub(r"^(?:its|their)\s+", "", titled["role"], flags=re.I)
            # "Turkey's defence minister" takes no article, "the Russian defence minister" does
            article = "" if re.match(r"[A-Z][\w-]*['’]s\s", role) else "the "
            return f"{titled['name']}, {article}{role}"
    return _KNOWN_OUTLETS.get(text.lower(), text)


# The roles a speaker is named by alone ("the governor", "the city's mayor").
_ROLE_WORD = r"(?:governor|mayor|spokes(?:man|woman|person)|commander|minister)"
_IN_THE_STATEMENT = re.compile(
    r"^(?:в|у|во)\s+(?:заяві|повідомленні|зверненні|документі|заявлении|сообщении|обращении|"
    r"документе)$",
    re.I,
)
# Who work for a project, named alone ("Аналітики", "Расследователи"): its people
_SLAVIC_TEAM = re.compile(
    r"^(?:аналітики|аналитики|розслідувачі|расследователи|дослідники|исследователи|"
    r"експерти|эксперты|автори\s+(?:мапи|проєкту)|авторы\s+(?:карты|проекта)|у\s+проєкті|"
    r"в\s+проекте)$",
    re.I,
)
_TEAM_OF = re.compile(r"(?:проєкт|проект|project|\b[A-Z][a-z]+[A-Z]\w*\b|\b[A-Z]{2,}\b)")
# "regional governor Oleg X", "the city's mayor, Ivan Y", "defence minister, Z": a role,
# then a full name (a comma between them or none)
_ROLE_THEN_NAME = re.compile(
    r"^(?P<role>(?:(?:its|their|[\w-]+['’]s)\s+)?(?:(?:regional|city|deputy|[A-Z][a-z]+|"
    r"defen[cs]e|foreign|interior|prime)\s+){0,2}"
    + _ROLE_WORD
    + r"(?:\s+of\s+(?:the\s+)?(?:[\w’'-]+\s+){1,2}(?:region|province|oblast))?)"
    r"\s*,?\s+(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2})$"
)


_OUTLET_LIKE = re.compile(
    r"\b(?:Times|Post|Journal|Guardian|Economist|Telegraph|News|Herald|Independent|Reuters|"
    r"AFP|AP|Associated Press|Interfax|TASS|Tass|RIA|Novosti|CNN|BBC|CBS|NBC|ABC|Fox|Sky|"
    r"Bloomberg|Agency|TV|Radio|Television|Channel|Pravda|Ukrinform|Suspilne|Kommersant|"
    r"Izvestia|Vedomosti|Meduza|Politico|Axios|Spiegel|Bild|RBC|NPR|PBS|Al Jazeera|"
    r"Newsweek|Forbes|Monde|Express|Mirror|Sun|Tribune|Gazette|Daily|Magazine|Media|"
    r"Telegram|Facebook|Twitter|YouTube|Instagram)\b"
)
_PLATFORM = re.compile(
    r"\b(?:in|on|via)\s+(?:a|an|his|her|its|their|the)?\s*(?P<p>Telegram|Facebook|Twitter|"
    r"YouTube|Instagram|X)\b(?:\s+(?:post|channel|video|statement|message|account))?|"
    r"(?:у|в)\s+(?:своєму\s+|своем\s+|своему\s+)?(?P<s>Telegram|Телеграм|телеграм|Facebook|"
    r"Фейсбуці|Фейсбуке)\b(?:[-\s]*(?:каналі|канале|каналі|пості|посте))?"
)


def _via(obj: str) -> tuple[str, ...]:
    """Name the outlet someone told something to; a listener ("Putin", "reporters") is not one."""
    name = obj.strip()
    if not name or not re.match(r"^(?:the\s+|The\s+)?[A-Z]", name):
        return ()
    known = _KNOWN_OUTLETS.get(name.lower())
    if not known and not _OUTLET_LIKE.search(name):
        return ()
    return (known or re.sub(r"^the\s+", "", name),)


def _carried_by(content: str) -> tuple[str, tuple[str, ...]]:
    """Split "P, RIA Novosti reported" into P and the outlet that carried it."""
    found = re.search(
        r",\s*(?:(?:[\w’'-]+\s+){0,4}?(?:agency|outlet|broadcaster|newspaper|channel)\s+)?"
        r"(?P<o>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})\s+(?:reported|reports|said|says)"
        r"[^,]{0,20}$",
        content.strip().rstrip("."),
    )
    if found and (_OUTLET_LIKE.search(found["o"]) or found["o"].lower() in _KNOWN_OUTLETS):
        return content[: found.start()], _via(found["o"])
    return content, ()


def _speaking_to(lead: str) -> tuple[str, ...]:
    found = re.match(
        r"^(?:speaking|talking|in an interview)\s+(?:to|with)\s+(?P<o>[^,]+?)"
        r"(?:\s+(?:on|from|in|at)\s+.*)?$",
        lead.strip(),
        re.I,
    )
    if found:
        return _via(found["o"])
    platform = _PLATFORM.search(lead)
    if platform and re.match(r"^(?:posting|writing|in a post|in a video)\b", lead.strip(), re.I):
        return (platform["p"] or platform["s"],)
    return ()


def _is_claim(text: str) -> bool:
    """A leading part is a claim of its own when it is a check-worthy clause."""
    text = _strip(text)
    return len(text.split()) >= 4 and not _BAD_SUBJECT_START.match(text) and check_worthy(text)


_TOLD_OBJECT = re.compile(
    r"^\s+(?P<obj>(?:the\s+|The\s+)?(?:[A-Z][\w.'’&-]*)(?:\s+(?:of\s+|the\s+)?[A-Z][\w.'’&-]*)*"
    r"|reporters|journalists|him|her|them|us|me|the\s+\w+)"
)


_ADDING_THAT = re.compile(
    r",\s*(?:adding|saying|noting|stressing|insisting|warning|arguing) that $"
)


def _after_verb(rest: str, verb: str) -> tuple[tuple[str, ...], str]:
    """Split what follows a reporting verb into the addressee outlet and the content."""
    via: tuple[str, ...] = ()
    platform = _PLATFORM.match(rest.strip())
    if platform:
        name = platform["p"] or platform["s"]
        via = ("Telegram" if name.lower() == "телеграм" else name,)
        rest = " " + rest.strip()[platform.end() :]
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
    if "that" in words[:7] and not _ADDING_THAT.search(rest.split(" that ", 1)[0] + " that "):
        # "said on Tuesday that P", but not "said P, adding that Q"
        rest = rest.split(" that ", 1)[1]
    else:
        rest = _TIME_AFTER.sub("", rest)
    rest = re.sub(r"^\s*(?:[,:—–-]\s*)*(?:що|что|о|про|об)?\s+", " ", rest).strip()
    rest = re.sub(r"^(?:adding|saying|noting|stressing)\s+(?:that\s+)?", "", rest)
    return via, rest


_QUOTE_SAID = re.compile(
    r"^(?P<p>.+?)[,.!]?[\"”»]\s*[,—–-]*\s*(?P<spk>[^\"“”«»]{1,80}?),?\s+(?P<verb>"
    + _VERB.pattern.split("(?P<verb>", 1)[1].split(")(?![\\w-])", 1)[0]
    + r")(?![\w-])(?P<rest>[^\"“”«»]*)$",
    re.I,
)


# "... when Putin repeatedly claimed": the subject of a clause opened inside the sentence.
_SUBORDINATE_SUBJECT = re.compile(
    r"\s(?:when|after|as|because|since|while|where|until)\s+(?P<s>[^,;:]+)$", re.I
)
_TO_HAVE = re.compile(r"^to\s+have\s+(?=\w+ed\b|taken\b|seized\b|won\b|shot\b)", re.I)


def _general(clause: str, ctx: _Context) -> list[_Raw] | None:
    """Match "X said (that) P", "P, X said", "P, said X", "X заявив, що P", "P, — заявив X"."""
    quoted = _QUOTE_SAID.match(clause)
    if _QUOTED_NAME.match(clause):
        quoted = None  # "“Michael”, the commander, says P": a call sign, not his words
    if quoted and (speaker := _clean_speaker(quoted["spk"], ctx)) and _strip(quoted["p"]):
        via, _rest = _after_verb(quoted["rest"], quoted["verb"])
        stance = DISPUTES if _DISPUTE_VERB.match(quoted["verb"]) else BACKS
        return [_Raw(speaker, stance, _strip(quoted["p"]), via)]
    for found in _VERB.finditer(clause):
        verb = found.group("verb")
        before, after = clause[: found.start()], clause[found.end() :]
        stance = DISPUTES if _DISPUTE_VERB.match(verb) else BACKS
        inverted = _inverted(before, after, verb, stance, ctx)
        if inverted:
            return [inverted]
        via, content = _after_verb(after, verb)
        content, carried = _carried_by(content)
        lead, subject_text = _subject_split(before)
        ends_clause = re.search(r"(?:[—–]|,\s*-)\s*$", before)
        subject = (
            _clean_speaker(subject_text, ctx) if subject_text.strip() and not ends_clause else None
        )
        inner = _SUBORDINATE_SUBJECT.search(before) if not subject and not ends_clause else None
        if inner and (subject := _clean_speaker(inner["s"], ctx)):
            lead = ""  # "... was exposed when Putin claimed P": what comes before is not P
        if subject and (own := _TO_HAVE.match(content)):
            # "claimed to have captured X": the speaker's forces, when its side is known
            side = _commanding(subject)
            doer = f"{_ADJECTIVE[side]} forces" if side else subject
            content = f"{doer} {content[own.end() :]}"
        if subject and lead:
            via += _speaking_to(lead)
        if subject and lead and _is_claim(lead):
            content = re.sub(r"^(?:adding|saying|noting)\s+(?:that\s+)?", "", _strip(content))
            raws = [_Raw(subject, stance, _strip(lead), via + carried)]
            if _strip(content) and _is_claim(content):
                raws.append(_Raw(subject, stance, _strip(content), via + carried))
            return raws
        if subject and _strip(content):
            return [_Raw(subject, stance, _strip(content), via + carried)]
        tail = _trailing(before, after, verb, ctx)
        if tail:
            return [tail]
    return None


_IN_COMMENT = re.compile(
    r"\s+(?:в|у)\s+(?:комментари\w*|коментар\w*|интервью|інтерв'ю|інтерв’ю|эфире|ефірі)\s+"
    r"[«\"“]?(?P<to>[^»\"”]+)[»\"”]?$",
    re.I,
)


_NAME_THEN_ROLE = re.compile(rf"^{_NAME}\s+{_NAME},\s+(?:the\s+)?[a-z]")


def _inverted(before: str, after: str, verb: str, stance: str, ctx: _Context) -> _Raw | None:
    """Match "P, said X" and "«P», — заявив X": the speaker follows the verb."""
    comma = re.search(r"[,—–][\"”»’']?\s*[—–-]?\s*$", before)
    speaker_text = _SLAVIC_WHEN_TAIL.sub("", after.strip(" .!"))
    # "— заявил Ковалев в комментарии «Укринформу»": the outlet he spoke to carries it
    said_to = _IN_COMMENT.search(speaker_text)
    if said_to:
        speaker_text = speaker_text[: said_to.start()]
    if not comma or not speaker_text or len(speaker_text.split()) > 8 or _TOLD.match(verb):
        return None
    proposition = _strip(before[: comma.start()])
    if (
        _NAME_THEN_ROLE.match(proposition)
        and _appositive(proposition)
        and (_is_claim(speaker_text) or len(speaker_text.split()) >= 3)
    ):
        return None  # "X, the governor of Y, said P": the speaker comes first, P after
    speaker = _clean_speaker(speaker_text, ctx)
    via = (_strip(said_to["to"]),) if said_to else ()
    return _Raw(speaker, stance, proposition, via) if speaker and proposition else None


# "P, the governor said as fighting went on": what follows the speaker tells when, not what.
_CIRCUMSTANCE = re.compile(r"^(?:as|while|amid|after|when|before|following|during)\s", re.I)


def _trailing(before: str, after: str, verb: str, ctx: _Context) -> _Raw | None:
    """Match "P, X said." where X may hold commas ("Viktor Trehubov, of the ..., told")."""
    via, remainder = _after_verb(after, verb)
    if _strip(remainder) and not _CIRCUMSTANCE.match(_strip(remainder)):
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


def _about(text: str) -> str:
    """What a claim is about: "заяви Кремля про "захоплення" міста" gives "захоплення міста"."""
    text = _strip(text)
    found = _SLAVIC_ABOUT.search(text)
    text = found["z"] if found else _CLAIM_THAT.sub("", text)
    text = re.split(
        r",\s*(?:називаючи|называя|що|что|які|которые|яке|который|которое|інформаці\w*|"
        r"информаци\w*|а\s|і\s|и\s)|\s+так\s+(?:само|же)\b",
        text,
    )[0]
    text = re.sub(r"(?<![\w-])(?:нібито|якобы|мовляв|будто)\s+", "", text)
    return _strip(re.sub(r"[\"“”«»„]", "", text))


# "ця інформація", "цю заяву ворога", "эти сообщения": a claim told before, pointed back to
_SLAVIC_BACKREF = re.compile(
    r"^(?:ц[яюіе]|цей|цих|эт[аоуиы]|этот|этих|дан[аіуі]|данн\w+|так[аоуіие]\w*)\s+"
    r"(?:[\w’'-]+\s+)?(?:інформаці\w*|информаци\w*|заяв\w*|повідомлен\w*|сообщени\w*|дані|"
    r"даних|данные|данных|твердженн\w*|утверждени\w*|відомост\w*|сведени\w*|новин\w*|"
    r"новост\w*)(?:\s+[\w’'-]+)?$",
    re.I,
)
# written in lower case by Ukrainian outlets: "заяви кремля", "російського міноборони"
_RUSSIAN_SOURCE = re.compile(
    r"^(?:(?:російськ|российск)\w+\s+)?(?:кремл\w+|міноборони|минобороны)(?:\s+рф)?$", re.I
)


_REFUSED_TO_ADMIT = re.compile(
    r"^(?P<spk>[^,;:\"«»“”]{2,60}?)\s+(?:отказал\w*\s+признать|відмовил\w*\s+визнати|"
    r"не\s+признал\w*|не\s+визнав|не\s+визнал\w*)\s+(?:(?:факт|факту)\s+)?(?P<p>.+)$",
    re.I,
)


def _slavic_stance(raw: _Raw, ctx: _Context) -> list[_Raw]:
    """Read the Ukrainian and Russian denial vocabulary in what a speaker says.

    When the disputed claim names its source ("заяви Кремля про захоплення X"), the source
    is recorded as backing it too: the reader sees both sides."""
    text = _LEAD_WORDS.sub("", _LEAD_ADVERBIAL.sub("", raw.proposition))
    refused = _REFUSED_TO_ADMIT.match(_strip(text))
    if refused and (speaker := _clean_speaker(refused["spk"], ctx)) not in (None, FIRST_PERSON):
        # "Зеленский отказался признать потерю X": he disputes it, whoever reports him.
        reporter = (raw.speaker,) if raw.speaker not in (ctx.outlet, UNNAMED_REPORTS) else ()
        return [_Raw(speaker, DISPUTES, _about(refused["p"]), raw.via or reporter)]
    disputed = _disputed(raw, text)
    if disputed is None:
        return [raw]
    claim = _about(disputed)
    if _SLAVIC_BACKREF.match(claim) and ctx.previous:
        # "Ця інформація не відповідає дійсності", "спростовують цю заяву ворога": the claim
        # the sentences just before told
        return [_Raw(raw.speaker, DISPUTES, p, raw.via) for p in ctx.previous]
    out = [_Raw(raw.speaker, DISPUTES, claim, raw.via)]
    found = _SLAVIC_ABOUT.search(_strip(disputed))
    who = found["who"].strip() if found else ""
    if who and claim and len(who.split()) <= 6 and not re.search(r"[,;:\"«»“”]", who):
        source = _clean_speaker(who, ctx, "gent")
        if not source and _RUSSIAN_SOURCE.match(who):
            source = re.sub(r"^кремль", "Кремль", _nominative(who, "gent"))
        if source and source not in (FIRST_PERSON, raw.speaker):
            out.append(_Raw(source, BACKS, claim))
    return out


def _denies_earlier(clause: str, ctx: _Context) -> bool:
    """ "Ця інформація не відповідає дійсності": a denial of the claim told just before."""
    text = _strip(clause)
    disputed = _disputed(_Raw(ctx.outlet, BACKS, text), text)
    return bool(ctx.previous and disputed and _SLAVIC_BACKREF.match(_about(disputed)))


def _disputed(raw: _Raw, text: str) -> str | None:
    """The part of ``text`` a Ukrainian or Russian denial is about, or None."""
    false = _SLAVIC_FALSE.match(text) or _SLAVIC_FALSE_LEAD.match(text)
    if false and _strip(false["p"]):
        return re.split(r",?\s+(?:що|что)\s+", false["p"])[-1]
    refuting = re.search(
        r"(?<![\w-])(?:спростовуючи|опровергая|заперечуючи|отрицая|нафантазува\w*|"
        r"нафантазирова\w*|вигадал\w*|выдумал\w*)\s+",
        text,
    )
    if refuting:
        return text[refuting.end() :]
    fake = _SLAVIC_FAKE_NOUN.search(text)
    if fake:
        return text[fake.start() :]
    mocked = _MOCKED_CAPTURE.search(text)
    if mocked:
        # the part of a dashed sentence the mocked verb is in, from its clause's place on
        return re.split(r"\s[-–—]\s", text[: mocked.start()])[-1] + text[mocked.start() :]
    if raw.stance == DISPUTES and re.match(
        r"^(?:[\w’'-]+\s+){0,3}?(?:заяв|повідомл|інформац|сообщ|информац|дан)",
        _strip(text),
        re.I,
    ):
        return text
    return None


def _stance_patterns(text: str, ctx: _Context) -> list[_Raw] | None:
    """ "X cast doubt on P", "X cannot say that P", "X dismissed P as propaganda", "Fake: P"."""
    quoted = _QUOTE_SAID.match(text)
    if quoted and (speaker := _clean_speaker(quoted["spk"], ctx)) and speaker != FIRST_PERSON:
        inner = _stance_patterns(_strip(quoted["p"]), ctx)
        if inner:
            return [_Raw(speaker, r.stance, r.proposition, r.via) for r in inner]
    found = _FAKE_LEAD.match(text)
    if found:
        return [_Raw(ctx.outlet, DISPUTES, _about(found["p"]))]
    for pattern in (_CAST_DOUBT, _DISMISSED_AS, _CANNOT_SAY):
        found = pattern.match(text)
        if found and (speaker := _clean_speaker(_subject_split(found["spk"])[1], ctx)):
            if _is_backref(found["p"]) and (earlier := _resolve_backref(found["p"], ctx)):
                return [_Raw(speaker, DISPUTES, p) for p in earlier]
            return [_Raw(speaker, DISPUTES, _about(found["p"]))]
    found = _UNCONFIRMED_REPORTS.search(text)
    if found:
        return [_Raw(ctx.outlet, UNCONFIRMED, _strip(found["p"]))]
    return None


def _clause(clause: str, ctx: _Context) -> list[_Raw] | None:
    """Match one clause against the attribution patterns; None when nobody is named."""
    text = _strip(clause)
    aside = _UNVERIFIED_ASIDE.search(text)
    if aside and len(text.replace(aside.group(), " ").split()) >= 3:
        rest = _strip(text[: aside.start()] + ", " + text[aside.end() :]).strip(", ")
        rest = _LEAD_ADVERBIAL.sub("", rest)
        raws = _clause(rest, ctx) or [_Raw(ctx.outlet, BACKS, rest)]
        unconfirmed = [_Raw(ctx.outlet, UNCONFIRMED, r.proposition) for r in raws]
        return [r for r in raws if r.speaker != ctx.outlet] + unconfirmed
    special = _stance_patterns(text, ctx)
    if special is not None:
        return special
    found = _QUOTED_AS_SAYING.match(text) or _QUOTE_QUOTED_AS.match(text)
    if found and (speaker := _clean_speaker(found["spk"], ctx)) and _strip(found["p"]):
        # "Tass quoted Leonid Pasechnik as saying ...": his words, carried by Tass
        return [_Raw(speaker, BACKS, _strip(found["p"]), _via(found["via"]))]
    found = _BACKREF_DISPUTE.match(text)
    if found and (speaker := _clean_speaker(found["spk"], ctx)):
        rest = found["rest"].strip()
        if rest.startswith("that "):
            return [_Raw(speaker, DISPUTES, _strip(rest[5:]))]
        earlier = _resolve_backref(text[found.end("verb") :], ctx)
        raws = [_Raw(speaker, DISPUTES, p) for p in earlier]
        named = _CLAIMS_OF.match(rest)
        if not raws and named:
            # "denied Russian claims of Lysychansk's fall": the claim is named, not earlier
            raws = [
                _Raw(speaker, DISPUTES, _POSSESSIVE_FALL.sub(r"the \g<n> of \g<x>", named["x"]))
            ]
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
    found = _SLAVIC_NOT_CONFIRMED_IT.match(text)
    if found and ctx.previous and (speaker := _clean_speaker(found["spk"], ctx)):
        return [_Raw(speaker, UNCONFIRMED, p) for p in ctx.previous]
    found = _PASSIVE_UNCONFIRMED.match(text)
    if found:
        return _unconfirmed(ctx.outlet, found["p"], ctx)
    for pattern in (_ACCORDING_LEAD, _ACCORDING_TAIL, _AS_SAID):
        found = pattern.match(text)
        by = (found.groupdict().get("by") or "").lower() if found else ""
        case = None if by in ("", "according to") else "datv" if by == "согласно" else "gent"
        if found and (speaker := _clean_speaker(found["spk"], ctx, case)):
            stance = DISPUTES if _DISPUTE_VERB.match(found.groupdict().get("verb") or "") else BACKS
            return [_Raw(speaker, stance, _strip(found["p"]))]
    found = _DASH_SOURCE.match(text)
    if found and len(found["spk"].split()) <= 5 and (speaker := _clean_speaker(found["spk"], ctx)):
        return [_Raw(speaker, BACKS, _strip(found["p"]))]
    found = _REPORTS.match(text)
    if found:
        return [_Raw(UNNAMED_REPORTS, BACKS, _strip(found["p"]))]
    if _REPORTEDLY.search(text):
        named = _general(text, ctx)
        if named and all(r.speaker not in (ctx.outlet, FIRST_PERSON) for r in named):
            return named
        return [_Raw(UNNAMED_REPORTS, BACKS, _strip(_REPORTEDLY.sub("", text)))]
    return _parenthetical(text, ctx) or _shown_saying(text, ctx) or _general(text, ctx)


_CLAIMS_OF = re.compile(r"^\s*(?:of|about)\s+(?P<x>[^,;]+?)[.!]?$", re.I)
_POSSESSIVE_FALL = re.compile(r"^(?P<x>.+?)['’]s\s+(?P<n>fall|capture|seizure)\b.*$")
_QUOTED_AS_SAYING = re.compile(
    r"^(?P<via>[^,\"“”]{2,60}?)\s+quoted\s+(?P<spk>[^,\"“”]{2,80}?)\s+as\s+saying\s+"
    r"(?:that\s+)?(?P<p>.+)$"
)
_QUOTE_QUOTED_AS = re.compile(
    r"^[\"“]?(?P<p>.+?)[,.]?[\"”]\s*,?\s*(?P<via>[^\"“”]{2,60}?)\s+quoted\s+"
    r"(?P<spk>[^\"“”]{2,80}?)\s+as\s+saying[.!]?$"
)
# A channel's line ending in its source: "ВС РФ освободили Дальнее — Минобороны РФ".
_DASH_SOURCE = re.compile(
    r"^(?P<p>.{12,}?)\s+[—–]\s+(?P<spk>[A-ZА-ЯЁІЇЄҐ][^—–,.!?:;\"“”«»]{1,50}?)[.!]?$"
)


# "The damage, the Russians said, came from rocket artillery"
_PARENTHETICAL = re.compile(
    r"^(?P<a>[^,\"“”«»]{3,80}),\s*(?P<spk>[^,\"“”«»]{2,60}?)\s+(?P<verb>said|says|claimed|claims|"
    r"added|noted|insisted|believe|believes|suggested)\s*,\s*"
    r"(?!(?:a|an|the|in|on|at|after|before|while|as|when|and|but|which|who|\w+ing)\b)"
    r"(?P<b>[a-z][^\"“”«»]+)$"
)


def _parenthetical(text: str, ctx: _Context) -> list[_Raw] | None:
    """A speaker set off by commas inside the claim: the claim is what is left around it."""
    found = _PARENTHETICAL.match(text)
    if not found or len(found["a"].split()) > 10:
        return None
    speaker = _clean_speaker(found["spk"], ctx)
    if not speaker or speaker == FIRST_PERSON:
        return None
    return [_Raw(speaker, BACKS, _strip(f"{found['a']} {found['b']}"))]


_RECORDING = r"(?:video|footage|clip|recording|broadcast)"
_SHOWN_SAYING = re.compile(
    rf"^(?:(?P<quote>.+?)[,.!]?[\"”»’]\s*[,—–-]*\s*)?(?P<src>(?:[\w’'-]+\s+){{0,3}}?{_RECORDING}\b"
    r"[^\"“”«»]{0,80}?)\s+(?:showed|shows|show|showing)\s+(?P<spk>[^\"“”«»]{1,80}?)\s+"
    r"(?:telling|saying|declaring|announcing|claiming|stating)\b(?P<rest>[^\"“”«»]*)$",
    re.I,
)
_RECORDING_ON = re.compile(
    rf"^.*?{_RECORDING}\s+(?:(?:posted|published|aired|broadcast|released|shared)\s+)?"
    r"(?:on|by|from)\s+(?:the\s+)?(?:state\s+|state-run\s+)?(?P<o>.+)$",
    re.I,
)


def _shown_saying(text: str, ctx: _Context) -> list[_Raw] | None:
    """ "“P,” a video on BelTA showed Lukashenko telling a gathering": Lukashenko says P,
    carried by the outlet that showed the video; the video is not the speaker."""
    found = _SHOWN_SAYING.match(text)
    if not found or not (speaker := _clean_speaker(found["spk"], ctx)):
        return None
    if speaker == FIRST_PERSON:
        return None
    content = _strip(found["quote"] or "")
    if not content:
        said = re.match(r"^(?:\s+(?:\w+\s+){0,3}?)?\s*(?:that\s+|:\s*)(?P<p>.+)$", found["rest"])
        content = _strip(said["p"]) if said else ""
    if not content:
        return None
    outlet = _RECORDING_ON.match(_strip(found["src"]))
    via = (outlet["o"],) if outlet and outlet["o"][:1].isupper() else ()
    return [_Raw(speaker, BACKS, content, via)]


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
_CONJUNCT = re.compile(rf",?\s+(?:and|but)\s+(?=(?:{_AUX}|also)\b)", re.I)
# "X have taken most of the city but have not surrounded it": a clause opened by a verb,
# not a subject of its own, goes on with the subject before it (and its reporting verb).
_SHARED_SUBJECT = re.compile(rf"(?:{_AUX})(?:\s+not|n[’']t)?\s", re.I)
# "The general staff said the situation was difficult but insisted its forces held on": a
# second reporting verb with no subject of its own is the same speaker saying more.
_SHARED_SAYING = re.compile(
    r"(?:also\s+)?(?:insisted|added|stressed|noted|warned|maintained|claimed|denied|admitted|"
    r"acknowledged|conceded|said)\b",
    re.I,
)
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
# "Russia reported control over the town": the side's forces hold it.
_NOMINAL_CONTROL = re.compile(
    r"^(?:(?:full|complete|total)\s+)?control\s+(?:over|of)\s+(?P<x>.+)$", re.I
)
# "The capture of Siversk brings Russia closer to ...": the capture is the subject of another
# statement, which is not rewritten as "Siversk ... was captured".
_OWN_VERB = re.compile(
    r"\b(?:brings?|is|are|was|were|has|have|had|will|would|could|may|might|means?|makes?|"
    r"leaves?|gives?|opens?|puts?|marks?|comes?|came|allows?|threatens?)\b",
    re.I,
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


def _commanding(speaker: str) -> str | None:
    """The side whose forces a speaker claims deeds for: its name's, or its leader's."""
    if re.search(r"\b(?:Putin|Shoigu|Gerasimov|Belousov)\b", speaker):
        return "Russia"
    if re.search(r"\b(?:Zelensk\w*|Syrskyi)\b", speaker):
        return "Ukraine"
    return _actor(speaker)


_POSSESSIVE = re.compile(
    r"^(?:its|their|our|his|her)\s+(?=(?:[\w-]+\s+)?(?:forces|troops|units|soldiers|army|military)\b)"
)
_BARE_FORCES = re.compile(r"^(?:the\s+)?(?=(?:forces|troops|units|soldiers)\s+(?:from|of)\b)")
_BARE_OFFENSIVE = re.compile(r"^(?:an|the)\s+offensive\b")
# "a successful Ukrainian counter-attack liberated the town": the deed of that side's forces,
# read as such, not as a capture by no one (which a reader takes for the other side's)
_SIDE_ATTACK = re.compile(
    r"(?<![\w-])(?:(?:a|an|the)\s+)?(?:(?:successful|ongoing|recent|swift|major|fresh|new|"
    r"lightning|local)\s+)*(?P<side>Ukrainian|Russian)\s+(?:counter-?)?(?:attacks?|"
    r"offensives?|counteroffensives?|assaults?)(?![\w-])(?=\s+(?:that\s+|which\s+)?"
    r"(?:(?:has|have|had)\s+)?(?:\w+ly\s+)?(?:liberated|recaptured|retook|captured|took|"
    r"seized|pushed|cleared|regained|drove)\b)"
)
_SPEAKER_PRONOUN = re.compile(r"^(?:he|she|він|вона|он|она)\s+")
_SELF_PRONOUN = re.compile(r"^(?:they|we)\s+(?=(?:still\s+)?(?:hold|held|control|keep|kept)\b)")


def _normalise(raw: _Raw) -> list[tuple[str, str]]:
    """Return (proposition, stance) pairs for one raw statement."""
    text = _strip(raw.proposition)
    actor = _actor(raw.speaker)
    if actor:
        text = _POSSESSIVE.sub(f"{_ADJECTIVE[actor]} ", text)
        text = _SELF_PRONOUN.sub(f"{_ADJECTIVE[actor]} forces ", text)
        # "the Russian Defense Ministry said that forces from a tank unit ...": its own side's
        text = _BARE_FORCES.sub(f"{_ADJECTIVE[actor]} ", text)
        text = _BARE_OFFENSIVE.sub(f"a {_ADJECTIVE[actor]} offensive", text)
    text = _SIDE_ATTACK.sub(r"\g<side> forces", text)
    if raw.speaker not in (UNNAMED_REPORTS, DEFAULT_SELF) and raw.stance != UNCONFIRMED:
        # "the ministry said it had ...", "Zelenskiy said he was ...": the speaker
        text = _SPEAKER_PRONOUN.sub(f"{raw.speaker} ", text)
    nominal = _NOMINAL_CAPTURE.match(text)
    if nominal and not _OWN_VERB.search(nominal["x"]):
        text = f"{actor} captured {nominal['x']}" if actor else f"{nominal['x']} was captured"
    held = _NOMINAL_CONTROL.match(text)
    if held and actor:
        text = f"{_ADJECTIVE[actor]} forces control {held['x']}"
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


_WITH_DISMISSING = re.compile(
    r",\s+with\s+(?P<spk>(?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,2}?)\s+(?:describing|calling|"
    r"dismissing|branding|labell?ing)\s+(?P<p>.+\s+as\s+.+)$",
    re.I,
)


def _clauses(sentence: str) -> list[str]:
    """Split off trailing "although X contest these claims" style clauses.

    A clause is split off only when it has its own reporting verb, so "although their
    advance had been stopped" stays inside the proposition it qualifies.
    """
    parts: list[str] = []
    rest, last = sentence, []
    aside = _WITH_DISMISSING.search(rest)
    if aside and _DISMISSED_AS.match(f"{aside['spk']} dismissed {aside['p']}"):
        # "Ukraine says P, with the military describing Russia's claims as propaganda"
        rest, last = rest[: aside.start()], [f"{aside['spk']} dismissed {aside['p']}"]
    while True:
        split = None
        for found in _SECONDARY.finditer(rest):
            clause = rest[found.end() :]
            if _SHARED_SUBJECT.match(clause) or _SHARED_SAYING.match(clause):
                continue  # "... but have not surrounded it": the same subject goes on
            if _VERB.search(" ".join(clause.split()[:14])) or _COUNTER.search(clause[:120]):
                split = found
                break
        if not split:
            return [*parts, rest, *last]
        parts.append(rest[: split.start()])
        rest = rest[split.end() :]


_ABOUT_THIS = re.compile(
    rf"^(?:про це|об этом|як повідомляє|как сообщает)\s+(?:\w+\s+)?(?:{_SAY_SLAVIC}|йдеться|"
    r"говориться|говорится|інформують|информируют|передає|передает)\s+(?P<spk>.+?)"
    r"(?:,\s*(?:передає|передает|пише|пишет|повідомляє|сообщает)\s+(?P<via>[^,]+))?[.!]?$",
    re.I,
)
# "said the US was in touch ..." (its subject lost in the sentence before) and "P, he said"
# with nobody to point to: the speaker is unknown, so the sentence is not the outlet's.
_ORPHAN = re.compile(
    r"^(?:said|says|added|adds|told|noted|stressed|warned)\b|"
    r",[\"”’']?\s+(?:he|she|it|they)\s+(?:said|says|added|adds|noted|told \w+)[.!]?$",
)
_CITING = re.compile(r"\s+(?:з посиланням на|со ссылкой на|citing)\s+", re.I)
_PRONOUN_LEAD = re.compile(
    r"^(?P<w>it|they|this|these|that|those|he|she|він|вона|вони|воно|це|ці|он|она|они|оно|"
    r"это|эти)\b\s*",
    re.I,
)
_GROUP = re.compile(
    r"^(?:the\s+)?(?:Russian|Ukrainian|Russia’s|Russia's|Ukraine’s|Ukraine's|Kremlin’s|Kyiv’s|"
    r"Moscow’s|enemy)\s+(?:[\w-]+\s+)?(?:forces|troops|soldiers|units|army|military|"
    r"servicemen|fighters|officials|authorities)\b",
    re.I,
)
_ZONE = r"(?:BST|GMT|CET|CEST|EET|EEST|UTC|ET|EDT|EST)"
_TIMESTAMP = re.compile(
    rf"^(?:\d{{1,2}}\s+\w{{3,9}}\s+\d{{4}}\s+\d{{1,2}}[.:]\d{{2}}(?:\s*{_ZONE})?"
    rf"|\d{{1,2}}[.:]\d{{2}}\s*{_ZONE})\s+(?=\S)"
)
# A live-blog entry: "23 Jul 2022 17.23 Jane Doe Turkey's defence minister, ... has said"
_BYLINE = re.compile(
    r"^(?P<name>[A-Z][a-z]+(?:-[A-Z][a-z]+)? [A-Z][a-z]+(?:-[A-Z][a-z]+)?) (?=[A-Z“\"‘])"
)
_NOT_BYLINE = re.compile(
    rf"^(?:{_TITLE}|The|A|An|In|On|At|As|After|Before|Here|There|This|That|Summary|Catch|"
    r"Prime|Foreign|Defence|Defense|Deputy|Vice|Former|First|Chief|Head|North|South|East|West|"
    r"New|Saint|St|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$|an$|ese$|ish$"
)


def _drop_byline(entry: str) -> str:
    """Leave out the author named between a live-blog time stamp and the entry's text."""
    found = _BYLINE.match(entry)
    if not found or any(
        _NOT_BYLINE.search(word) or _ROLE.search(word) for word in found["name"].split()
    ):
        return entry
    return entry[found.end() :]


_FOOTNOTE = re.compile(r"\[\[?(?:\d+|[ivxlcdm]+)\]\]?(?:\([^)\s]*\))?", re.I)
_MD_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^)]*\))*\)")
_URL = re.compile(r"<?https?://\S+>?")
_EMPHASIS = re.compile(r"\*\*|__|(?<![\w])_(?=\S)|(?<=\S)_(?![\w])|^\s*[*#>-]+\s+")
_UNCONFIRMED_SECTION = re.compile(
    r"^(?:unconfirmed (?:claims|reports)|неподтвержденн\w+ (?:данные|сообщения|заявления)|"
    r"непідтверджен\w+ (?:дані|повідомлення|заяви))\s*:\s*",
    re.I,
)


def _clean_line(line: str) -> str:
    """Drop link furniture: footnotes ("[1]"), markdown links (their text stays), URLs, a
    line that is only a link ("[👉 Channel. Subscribe](https://t.me/...)"), and a post's
    bullets and "Срочно:" labels (the claim they mark stays)."""
    line = _FOOTNOTE.sub("", line)
    if _MD_LINK.search(line) and not re.search(r"\w", _EMPHASIS.sub("", _MD_LINK.sub("", line))):
        return ""
    line = _MD_LINK.sub(r"\1", line)
    line = _EMPHASIS.sub("", _URL.sub("", line))
    return strip_label(re.sub(r"\s{2,}", " ", line).strip())


def attribute(text: str, *, outlet: str | None = None) -> list[Statement]:
    """List who backs, disputes or leaves unconfirmed each check-worthy claim in ``text``.

    Unattributed check-worthy sentences are stated by the outlet itself. ``via`` holds the
    chain outward from the speaker (e.g. the newspaper officers spoke to); the caller adds
    the document's own outlet. Only statements are kept: questions, captions, time stamps
    and sentences led by a pronoun that cannot be resolved are left out.
    """
    ctx = _Context(outlet=outlet or DEFAULT_SELF)
    statements: list[Statement] = []
    pending: list[tuple[_Raw, str, int]] = []
    quoted = _Quotation()
    for index, sentence, unconfirmed in _report_sentences(text):
        if not drop_boilerplate([sentence]) or sentence.rstrip("\"”»’' ").endswith("?"):
            continue
        if _about_this(sentence, index, statements, ctx):
            continue
        found_here: list[Statement] = []
        named_here: list[_Raw] = []
        for clause in _clauses(quoted.reopened(sentence)):
            raws = _clause(clause, ctx)
            named_here += [
                r
                for r in raws or []
                if r.speaker not in (ctx.outlet, UNNAMED_REPORTS, FIRST_PERSON)
            ]
            if raws is None and _denies_earlier(clause, ctx):
                # "Ця інформація не відповідає дійсності": no claim of its own, the outlet's
                raws = [_Raw(ctx.outlet, BACKS, _strip(clause))]
            if raws is None:
                if not check_worthy(clause):
                    continue
                resolved = _resolve_lead(_strip(clause), ctx)
                if not resolved or _ORPHAN.search(resolved):
                    continue
                # "We are defending the city" is a quote whose speaker comes next, or nobody's
                own = _FIRST_LEAD.match(resolved.lstrip("\"“«'‘ "))
                raws = [_Raw(FIRST_PERSON if own else ctx.outlet, BACKS, resolved)]
            raws = [
                r for raw in raws for part in _adding(raw, ctx) for r in _slavic_stance(part, ctx)
            ]
            raws = [r for r in raws if _resolve_pronoun(r, ctx, sentence)]
            for raw in raws:
                raw.via = tuple(dict.fromkeys(raw.via + ctx.carried.get(raw.speaker, ())))
            ctx.carried.clear()
            pending += [(r, sentence, index) for r in raws if r.speaker == FIRST_PERSON]
            raws = [r for r in raws if r.speaker != FIRST_PERSON]
            if unconfirmed:
                raws += [_Raw(ctx.outlet, UNCONFIRMED, r.proposition) for r in raws]
            made = [
                Statement(proposition, raw.speaker, raw.via, stance, sentence, index)
                for raw in raws
                for proposition, stance in _normalise(raw)
            ]
            _remember(ctx, raws, made)
            found_here += made
        named = [s for s in found_here if s.speaker not in (ctx.outlet, UNNAMED_REPORTS)]
        if named and _BESIDES.match(sentence):
            # "Крім того, ..., зазначили у Генштабі": the sentence before was theirs too
            statements = [
                replace(s, speaker=named[0].speaker, via=named[0].via)
                if s.speaker == ctx.outlet and s.sentence_index == index - 1
                else s
                for s in statements
            ]
        pending = [p for p in pending if index - p[2] <= 2]
        if named and pending:
            for raw, quote, at in pending:
                raw.speaker, raw.via = named[0].speaker, named[0].via
                found_here += [
                    Statement(proposition, raw.speaker, raw.via, stance, quote, at)
                    for proposition, stance in _normalise(raw)
                ]
            pending = []
        found_here, expired = quoted.follow(sentence, index, found_here, named_here, ctx.outlet)
        statements += expired + _dedupe(found_here)
    return _named_later(_retold(statements + quoted.held, ctx.outlet))


# "The regional governor said ..." before the text names him ("Serhiy Haidai, the governor of
# the Luhansk region, told a briefing"): a bare role, in lower case, and how many sentences on
# its name may still come.
_BARE_ROLE = re.compile(
    r"^(?:[a-z-]+\s+|[\w-]+['’]s\s+){0,2}(?P<role>"
    + _ROLE_WORD
    + r")(?:\s+of\s+(?:the\s+)?(?:[\w’'-]+\s+){1,2}(?:region|province|oblast))?$"
)
NAMED_WITHIN = 4


def _named_later(statements: list[Statement]) -> list[Statement]:
    """Give a bare role the name the next sentences give a speaker of that role.

    A role the text named before is resolved as it is read; this is the other way round,
    so a reader sees who "the regional governor" is rather than the role alone.
    """
    names: dict[str, str] = {}
    for statement in statements:
        bare = _BARE_ROLE.match(statement.speaker)
        if not bare or statement.speaker in names:
            continue
        names[statement.speaker] = statement.speaker  # looked for once
        role = re.compile(rf"\b{bare['role']}\b", re.I)
        later = (
            s.speaker
            for s in sorted(statements, key=lambda s: s.sentence_index)
            if 0 < s.sentence_index - statement.sentence_index <= NAMED_WITHIN
            and role.search(s.speaker)
            and _PERSON_NAME_IN.search(s.speaker)
        )
        found = next(later, None)
        if found is None and _PLACED_ROLE.search(statement.speaker):
            # "..., the region's governor said. Ivan Koval said ...": the name alone, at once
            found = next(
                (
                    s.speaker
                    for s in statements
                    if s.sentence_index == statement.sentence_index + 1
                    and _PERSON_ONLY.fullmatch(s.speaker)
                ),
                None,
            )
        if found:
            names[statement.speaker] = found
    if all(role == name for role, name in names.items()):
        return statements
    return [replace(s, speaker=names.get(s.speaker, s.speaker)) for s in statements]


_PERSON = r"[A-Z][a-z]+ [A-Z][a-z'’-]+"  # "Ivan Koval": a first name and a surname
_PERSON_NAME_IN = re.compile(rf"\b{_PERSON}\b")
# A role tied to one place ("the region's governor", "governor of the Sumy province"): one
# person holds it, so the name that follows at once is his
_PLACED_ROLE = re.compile(r"['’]s\s|\sof\s|\bregional\b")
_PERSON_ONLY = re.compile(_PERSON)


# "Аналітики DeepState повідомляють про ...": a text opening on what a source reports now
# goes on retelling that report; "Нагадаємо", "Раніше" turn to the outlet's own background.
_RETELLING = re.compile(
    r"^[^.!?]{0,80}?\s(?:повідомляє|повідомляють|сообщает|сообщают|пише|пишуть|пишет|пишут|"
    r"інформує|інформують|информирует|информируют|фіксує|фіксують|фиксирует|фиксируют)"
    r"(?![\w-])",
    re.I,
)
_OWN_BACKGROUND = re.compile(
    r"^[\"“«]?(?:нагадаємо|напомним|раніше|ранее|водночас|тим часом|тем временем|між тим|"
    r"между тем|крім того|кроме того|до слова|к слову)\b",
    re.I,
)
RETOLD_SENTENCES = 4


def _retold(statements: list[Statement], outlet: str) -> list[Statement]:
    """The outlet's sentences that retell the source its first sentence reports, as that
    source's: up to the next sentence with a speaker of its own or of the outlet's background."""
    lead = next((s for s in statements if s.sentence_index >= 0), None)
    if (
        lead is None
        or lead.sentence_index > 1
        or lead.speaker in (outlet, UNNAMED_REPORTS)
        or not _RETELLING.match(lead.quote)
        or not re.search(r"[а-яіїєґё]", lead.quote, re.I)
    ):
        return statements
    out, stop = [], False
    for s in statements:
        after = s.sentence_index - lead.sentence_index
        if after > 0 and (
            s.speaker not in (outlet, lead.speaker) or _OWN_BACKGROUND.match(s.quote)
        ):
            stop = True
        if 0 < after <= RETOLD_SENTENCES and not stop and s.speaker == outlet:
            s = replace(s, speaker=lead.speaker, via=lead.via)
        out.append(s)
    return out


_BESIDES = re.compile(r"^[\"“«]?(?:крім того|кроме того|до того ж|к тому же)\b", re.I)


@dataclass
class _Quotation:
    """The sentences of a quotation that runs over several ("“Kreminna is under their
    control. They have entered the city,” the governor said"): held as the outlet's until the
    sentence closing it names who spoke, then theirs."""

    held: list[Statement] = field(default_factory=list)
    opened_at: int | None = None

    def reopened(self, sentence: str) -> str:
        """The sentence closing a held quotation, with its opening mark put back, so that
        "P», — заявил X" reads as "«P», — заявил X"."""
        if self.opened_at is None or not _closes_quote(sentence):
            return sentence
        closing = re.search(r"[”»\"]", sentence)
        mark = {"”": "“", "»": "«"}.get(closing.group(0), '"') if closing else '"'
        return mark + sentence.lstrip()

    def follow(
        self,
        sentence: str,
        index: int,
        found: list[Statement],
        named: list[_Raw],
        outlet: str,
    ) -> tuple[list[Statement], list[Statement]]:
        """(the statements of this sentence, held ones let go as the outlet's)."""
        expired: list[Statement] = []
        if self.opened_at is not None:
            if _closes_quote(sentence):
                if named:
                    who = named[0]
                    found = [
                        replace(s, speaker=who.speaker, via=who.via) for s in self.held
                    ] + found
                else:
                    expired = self.held
                self.held, self.opened_at = [], None
                return found, expired
            if index - self.opened_at > 3:
                expired, self.held, self.opened_at = self.held, [], None
            else:
                self.held += [s for s in found if s.speaker == outlet]
                return [s for s in found if s.speaker != outlet], expired
        if _opens_quote(sentence) and not named:
            self.held = [s for s in found if s.speaker == outlet]
            self.opened_at = index
            found = [s for s in found if s.speaker != outlet]
        return found, expired


def _opens_quote(sentence: str) -> bool:
    """The sentence opens a quotation that it does not close."""
    text = sentence.strip()
    if text[:1] in "“«":
        return not re.search(r"[”»]", text)
    return text[:1] == '"' and text.count('"') % 2 == 1


def _closes_quote(sentence: str) -> bool:
    """The sentence closes a quotation opened before it."""
    return bool(re.search(r"[”»]", sentence)) or sentence.count('"') % 2 == 1


_ADDING = re.compile(
    r"[,;][\"”’']?\s+(?:adding|saying|noting|stressing|insisting|warning|explaining|arguing)\s+"
    r"(?:that\s+|:\s*)?(?=\S)",
    re.I,
)


def _adding(raw: _Raw, ctx: _Context) -> list[_Raw]:
    """ "P, adding that Q" and "P, saying Q" said by a named speaker are two statements."""
    if raw.speaker in (ctx.outlet, UNNAMED_REPORTS, FIRST_PERSON):
        return [raw]
    parts = [_strip(part) for part in _ADDING.split(raw.proposition)]
    return [replace(raw, proposition=part) for part in parts if part]


def _about_this(sentence: str, index: int, statements: list[Statement], ctx: _Context) -> bool:
    """ "Про це повідомляє X": the sentences just before, told by the outlet, are X's."""
    # the sentence's own end only: "командування «Схід»." keeps its closing mark
    found = _ABOUT_THIS.match(sentence.strip().rstrip(".!") + ".")
    if not found:
        return False
    speaker_text, via, case = found["spk"], (), None
    cited = _CITING.split(speaker_text, maxsplit=1)
    if len(cited) == 2:
        via = (_strip(cited[0]),)
        stated = re.match(
            r"^(?:заяву|повідомлення|дані|допис|заявление|сообщение|данные)\s+", cited[1]
        )
        speaker_text = cited[1][stated.end() :] if stated else cited[1]
        case = "gent" if stated else "accs"
    speaker = _clean_speaker(speaker_text, ctx, case)
    if not speaker or speaker == FIRST_PERSON:
        return False
    if found["via"] and _strip(found["via"]).lower() != ctx.outlet.lower():
        via += (_strip(found["via"]),)
    # a source the outlet names inside its own sentence ("заяви Кремля про ...") stays; what
    # the outlet told as unnamed reports ("попри нібито захоплення") is the named source's too
    unsourced = (ctx.outlet, UNNAMED_REPORTS)
    outlets = {s.sentence_index for s in statements if s.speaker in unsourced}
    for k in range(len(statements) - 1, -1, -1):
        earlier = statements[k]
        if earlier.speaker not in unsourced and earlier.sentence_index in outlets:
            continue
        if earlier.sentence_index < index - 3 or earlier.speaker not in unsourced:
            break
        statements[k] = replace(earlier, speaker=speaker, via=via)
    ctx.speakers.append(speaker)
    ctx.stated_by = speaker
    return True


def _resolve_lead(clause: str, ctx: _Context) -> str | None:
    """Resolve a leading "He"/"They" to the last named subject; drop "It ..." and the like."""
    found = _PRONOUN_LEAD.match(clause)
    if not found:
        return clause
    word, rest = found["w"].lower(), clause[found.end() :]
    if word in ("he", "she", "він", "вона", "он", "она") and ctx.speakers:
        return f"{ctx.speakers[-1]} {rest}"
    if word in ("they", "вони", "они") and ctx.subject:
        return f"{ctx.subject} {rest}"
    return None


_LEAD_PRONOUN = re.compile(
    r"^[\"“«'‘]?(?P<w>it(?:['’]s)?|they|воно|оно|вони|они|"
    r"(?:this|that)(?=\s+(?:is|was|will|would|has|had|means|meant|came|comes|could|can|may|"
    r"might|must|shows|showed)\b)|(?:these|those)(?=\s+(?:are|were|have|had|will|would)\b)|"
    r"це|это|там|тут|здесь|туда|туди|оттуда|звідти|звідси|отсюда)(?![\w'’-])"
    r"(?:\s+(?:же|ж|самое|саме))?\s*",
    re.I,
)
# "it is unfortunate, but ...", "it is a catastrophe": nothing the speaker did
_EXPLETIVE = re.compile(
    r"^(?:is|was|will be|would be|has been|had been)\s+(?:not\s+)?(?:a|an|only|time|clear|"
    r"unclear|important|possible|impossible|necessary|likely|unlikely|(?:\S+\s+){0,2}\S+,|"
    r"(?:\S+\s+){0,3}(?:that|to)\b)",
    re.I,
)
_LOCATIVE = re.compile(r"^(?:там|тут|здесь|туда|туди|оттуда|звідти|звідси|отсюда)$", re.I)
# a place-less "the city was taken" / "місто взяте": nothing to anchor it on
_BARE_PLACE = re.compile(
    r"^(?:the\s+)?(?:city|town|village|settlement|місто|село|селище|город|поселок|посёлок)\b",
    re.I,
)
_STATE = re.compile(
    r"^(?:the\s+)?(?:Russia|Ukraine|Britain|UK|US|United States|America|Germany|France|Poland|"
    r"Belarus|China|Kyiv|Moscow|Washington|London|Berlin|Nato|NATO|EU|Kremlin|[A-Z]{2,6})$"
)
# a person speaking for a body: "the ministry's spokesperson Igor Konashenkov"
_PERSON_SPEAKER = re.compile(
    rf",|\b(?:{_TITLE}|spokes\w+|minister|secretary|governor|mayor|head|chief|adviser|advisor|"
    r"president|commander|officer|director|ambassador|envoy|chairman|chair)\b"
)
_PERSON_NAME = re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+$")
_GROUP_SPEAKER = re.compile(
    r"\b(?:forces|troops|authorities|officials|military|army|staff|command|ministry|"
    r"government|police|units|servicemen|сили|силы|войска|війська|влада|власти)\b",
    re.I,
)


def _body(speaker: str) -> bool:
    return bool(
        _STATE.match(speaker) or _ORGANISATION.search(speaker) or _GROUP_SPEAKER.search(speaker)
    )


def _resolve_pronoun(raw: _Raw, ctx: _Context, sentence: str) -> bool:
    """Point a statement led by "it", "they", "this is", "там" at who or what it names.

    "The ministry said it had ..." is the ministry's own act and "Ukrainian forces said they
    ..." the forces'; a "they" nobody names is the last group the text named; "там", "this
    is" and a "they" or "it" with nothing to point to leave a fragment, which is dropped
    (False), and so is "місто взяте" with no place in its sentence. "They hold X" by a
    side is left for the side's forces.
    """
    text = raw.proposition.strip()
    found = _LEAD_PRONOUN.match(text)
    if not found:
        # "the city would hold" may lean on a place the sentence names around it
        others = " " + sentence.replace(raw.speaker, "")
        return not (_BARE_PLACE.match(text) and not _PROPER_AFTER.search(others))
    word, rest = found["w"].lower(), text[found.end() :]
    named = raw.speaker not in (ctx.outlet, UNNAMED_REPORTS, FIRST_PERSON)
    if not rest:
        return False
    body = not _PERSON_SPEAKER.search(raw.speaker) and not (
        _PERSON_NAME.search(raw.speaker)
        and not (_GROUP_SPEAKER.search(raw.speaker) or _ORGANISATION.search(raw.speaker))
    )
    if word.startswith("it") or word in ("воно", "оно"):
        if named and body and _body(raw.speaker) and not _EXPLETIVE.match(rest):
            raw.proposition = f"{raw.speaker} {'is ' if len(word) > 2 else ''}{rest}"
            return True
        return False
    if word in ("they", "вони", "они"):
        if _actor(raw.speaker) and _SELF_PRONOUN.match(text):
            return True
        if named and body and _GROUP_SPEAKER.search(raw.speaker):
            raw.proposition = f"{raw.speaker} {rest}"
            return True
        # in a named person's words "they" may be either side: only the text's own voice
        # points back to the last group it named
        if not named and ctx.subject:
            raw.proposition = f"{ctx.subject} {rest}"
            return True
        return False
    # "Там же ВСУ атаковали позиции в н.п. Зелёный" still names its place; "This is the
    # largest attack" in a named speaker's words is that speaker's
    if _LOCATIVE.match(word):
        return bool(_PROPER_AFTER.search(rest))
    return named


_PROPER_AFTER = re.compile(r"(?<=[\s(«\"“])[A-ZА-ЯЁІЇЄҐ][a-zа-яёіїєґ'’-]{2,}")


_INLINE_BULLET = re.compile(r"(?<=[.!?…])\s+[*•·]\s+(?=\S)")


def _report_sentences(text: str) -> list[tuple[int, str, bool]]:
    """Number sentences as split_sentences does, leaving out appeal blocks and other
    boilerplate paragraphs, which only make sense as blocks (a "Dear readers" run).

    Link furniture is removed first and live-blog time stamps are cut off; the flag marks
    the sentences of an "Unconfirmed claims:" paragraph.
    """
    lines = [_clean_line(line) for line in text.splitlines()]
    kept = iter(drop_boilerplate(lines))
    wanted = next(kept, None)
    out: list[tuple[int, str, bool]] = []
    index = 0
    for line in lines:
        section = _UNCONFIRMED_SECTION.match(line)
        body = line[section.end() :] if section else line
        sentences = split_sentences(body)
        if wanted is not None and line.strip() == wanted:
            marked = bool(section)
            for i, whole in enumerate(sentences):
                # A paragraph read from a file may join the section's line to the one before.
                inner = _UNCONFIRMED_SECTION.match(whole)
                if inner and whole[inner.end() :].strip():
                    whole, marked = whole[inner.end() :], True
                # A run of bullets on one line ("... Russia. * Ukrainian forces ...") is as
                # many sentences; they keep the number split_sentences gave the run.
                for sentence in _INLINE_BULLET.split(whole):
                    stamp = _TIMESTAMP.match(sentence)
                    if stamp:
                        sentence = _drop_byline(sentence[stamp.end() :])
                    if sentence.strip():
                        out.append((index + i, sentence, marked))
            wanted = next(kept, None)
        index += len(sentences)
    return out


def _remember(ctx: _Context, raws: list[_Raw], made: list[Statement]) -> None:
    """Keep the speakers and backed claims that later pronouns and "these claims" refer to."""
    for raw in raws:
        if raw.speaker not in (ctx.outlet, UNNAMED_REPORTS):
            ctx.speakers.append(raw.speaker)
    for statement in made:
        group = _GROUP.match(statement.proposition)
        if group:
            ctx.subject = group.group()
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
