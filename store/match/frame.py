"""The event a statement is about: what happened, who did it, where, and how many.

"Russian forces captured Lysychansk", "Лисичанськ захопили російські війська" and "ВС России
освободили Лисичанск" are one event however they are worded: the frame of each is
(captured, Russia, the gazetteer id of Lysychansk). Statements with the same frame are one
claim; a frame also gives that claim a readable English text, and is read back from that
text, so a claim base needs no column to remember it.

A frame needs an action and a place (the settlement, or the oblast when no settlement is
named); a count of dead, wounded, drones or missiles may stand in for the place. Anything
else ("Russian troops seized settlements", "there was a missile attack there") has no frame.
Pure: text and its Analysis in, a Frame or None out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from store.match.analyze import Analysis, Analyzer, find_landmarks, main_name, place_key
from store.match.gazetteer import KIND_RANK, Gazetteer
from store.match.lexicon import NUMBER_WORDS
from store.match.text import WORD, clean, concept
from store.match.translit import detect_lang, has_cyrillic

# Actions, in the order a sentence's action is looked for: a count of dead is what a
# sentence about a deadly strike says most precisely.
CAPTURE, WITHDRAW, ENTER, ENCIRCLE, STRIKE = "capture", "withdraw", "enter", "encircle", "strike"
KILL, WOUND, DOWN, LAUNCH, REPEL = "kill", "wound", "down", "launch", "repel"
# Actions that happen on a day and again on another: their claims are told apart by date.
DATED = frozenset({STRIKE, KILL, WOUND, DOWN, LAUNCH, REPEL})
# Actions a count stands for the place of.
COUNTED = frozenset({KILL, WOUND, DOWN, LAUNCH})
UNKNOWN_PLACE = "?"  # the id of a place the gazetteer does not know: "?" and its key
SAME_DAYS = 1  # statements dated this many days apart may tell of one dated event
RELATED_DAYS = 45  # events about one place this close in time are shown together
# Statements of ground taken (or entered, encircled, given up) at one place whose dates are
# this far from every statement of a claim tell of another time it happened: Kupiansk taken
# in 2022 and claimed again in 2025, or entered in 2024 and captured in 2025.
APART_DAYS = 150
SPANNING = frozenset({CAPTURE, ENTER, ENCIRCLE, WITHDRAW})
# A name several villages share ("Ильинка в ДНР" is any of three) taken again this many days
# after every statement of a claim is another of them: a ministry announces a capture once,
# and its retellings follow within days.
NAMESAKE_DAYS = 7

# Losing a place is the other side taking it: "Kyiv lost control of X", "втрата міста X".
_LOSS_WORDS = (
    r"lost\s+control\s+(?:of|over)|"
    r"(?:потер|втрат)\w*\s+(?:[\w-]+\s+){0,3}?(?:контрол\w*|город\w*|міст[оаі]\w*|"
    r"сел[оаіе]\w*|сёл\w*|селищ\w*|поселк\w*|населен\w*)|"
    # "потерю Купянска", "втрату Куп'янська": the loss of a place named right after it
    r"(?:потер[юяи]|втрат[уиа])(?=\s+(?-i:[А-ЯЁІЇЄҐ][а-яёіїєґ]))"
)
_LOSS = re.compile(r"^(?:lost|потер|втрат)", re.IGNORECASE)
# Holding on in a place is the defence of it: "still holding positions in X", "continue to
# hold X", "продолжают удерживать позиции в X" say X is not taken by the other side.
_DEFENCE_WORDS = (
    r"(?:still\s+|continu\w*\s+(?:to\s+)?)(?:hold(?:ing)?|conducting\s+operations|operating|"
    r"fighting)(?:\s+(?:their|its|our|the))?(?:\s+(?:positions|lines|ground))?\s+in|"
    r"continu\w*\s+to\s+hold|(?:продолжа|продовжу)\w*\s+(?:удержива|утриму)\w*"
    r"(?:\s+(?:позици|позиці)\w*)?(?:\s+[ву])?"
)
_DEFENCE = re.compile(rf"^(?:{_DEFENCE_WORDS})$", re.IGNORECASE)
# English words are the forms that report an event ("captured", "the fall of"), not those
# that plan one ("to capture", "capturing it would"); Ukrainian and Russian words are stems,
# and their infinitives are left out below.
_ACTION_WORDS: tuple[tuple[str, str], ...] = (
    (
        KILL,
        r"killed|killing|kills|dead|died|death\s+toll|загин\w*|загибл\w*|"
        r"погиб\w*|убит\w*|убил\w*|вбит\w*|вбил\w*|жертв\w*",
    ),
    (
        WOUND,
        r"wounded|wounding|injured|injuring|поранен\w*|поранил\w*|ранен\w*|"
        r"травмован\w*|травмирован\w*|постражда\w*|пострада\w*",
    ),
    (
        DOWN,
        r"shot\s+down|shoots\s+down|downed|intercepted|neutrali[sz]ed|"
        r"збил\w*|збито|збиті|сбил\w*|сбито|сбиты|перехоп\w*|перехвач\w*|знешкод\w*|"
        r"подавлен\w*|перехват\w*|"
        r"(?:уничтож|знищ)\w*\s+(?:\d+\s+)?(?:\w+\s+)?(?:беспилот|безпілот|бпла|ракет|дрон)\w*",
    ),
    (
        LAUNCH,
        r"launched|launches|fired|випустил\w*|выпустил\w*|запустил\w*|"
        r"атакува\w*\s+(?:\d+|понад)|атаковал\w*\s+(?:\d+|более)",
    ),
    (
        REPEL,
        r"repelled|repulsed|repels|fought\s+off|beat\s+off|відбил\w*|відбито|відбиті|"
        r"отбил\w*|отбито|отбиты|отразил\w*|отражен\w*",
    ),
    (
        ENCIRCLE,
        r"encircled|encircles|encirclement\s+of|surrounded|cut\s+off|cauldron|"
        r"оточ\w*|окруж\w*|котл\w*|котел|напівоточ\w*|полуокруж\w*",
    ),
    (
        WITHDRAW,
        r"withdrew|withdrawn|withdraws|withdrawal\s+from|retreated|retreats|"
        r"pull(?:ed|s)?\s+(?:out|back)|(?:forced|pushed|driven)\s+out\s+of|abandoned|"
        r"відійш\w*|відвел\w*|відвед\w*|відступ\w*|отош\w*|отошл\w*|отступ\w*|отвел\w*|"
        r"отвод\w*|вивел\w*|вивед\w*|вывел\w*|вывод\w*|покинул\w*|залишил\w*|оставил\w*|"
        r"вийшл\w*\s+(?:з|із|зі)|вышл\w*\s+из",
    ),
    (
        CAPTURE,
        _DEFENCE_WORDS + "|"
        r"captured|captures|capture\s+of|seized|seizes|seizure\s+of|took|takes|taking\s+over|"
        r"taken(?!\s+(?:into|to|away|prisoner|captive|hostage))|"
        r"occupied(?!\s+(?:parts?|territor\w*|areas?|lands?|zones?|regions?|cities|towns|south|"
        r"north|east|west))|occupies|occupation\s+of|liberated|liberates|liberation\s+of|"
        r"overran|overrun|retook|retaken|recaptured|fell(?!\s+(?:by|short|sharply|silent|apart))|"
        r"fallen(?!\s+by)|fall\s+of|(?<='s\s)fall|"
        r"(?:under|in|took|taken|established|gained|regained|restored|full)\s+(?:[\w-]+\s+)?control|"
        r"(?:forces|troops|units|army|they|we)\s+(?:(?:now|still|do|does|did|fully)\s+)*"
        r"(?:control|hold)|controls|"
        r"controlled|holds|held|remains?\s+under|"
        r"захопи\w*|захопл\w*|захват(?!чик)\w*|захвач\w*|взял\w*|взят\w*|взяв|узял\w*|"
        r"окупува\w*|окупован\w*|оккупир\w*|окупац\w*|оккупац\w*|звільни\w*|звільнен\w*|освобод\w*|"
        r"освобожд\w*|заня\w*|зайня\w*|контрол\w*|утриму\w*|удержива\w*|відвою\w*|"
        r"отвоева\w*|отвою\w*|" + _LOSS_WORDS,
    ),
    (
        ENTER,
        r"entered|enters|advanced(?!\s+(?:rocket|weapon|missile|system|air|arms|technolog|equipment|artillery|military|western)\w*)|advances|advancing|advance\s+(?:on|into|in|near)|"
        r"push(?:ed|es|ing)?\s+(?:on\s+)?into|press(?:ed|es|ing)?\s+(?:on\s+)?into|edg(?:ed|es|e|ing)\s+into|br(?:oke|eaks?)\s+into|cross(?:ed|es)?\s+into|mov(?:ed|es?)\s+into|"
        r"offensive(?:\s+(?:had|has)\s+(?:begun|started))?(?=\s+(?:in|into)\s)|"
        r"infiltrated|penetrated|presence|present\s+in|gains\s+(?:in|near)|"
        r"(?:secured|established|gained|won)\s+(?:a\s+)?(?:[\w-]+\s+)?foothold|"
        r"высадил\w*|висадил\w*|зайшл\w*|зайшов|(?:захід|заходжен\w*)\s+[ув]|заход\w*\s+в|"
        r"зашл\w*|зашел|увійш\w*|вошл\w*|вош[её]л|войти|увійти|зайти|въехал\w*|заехал\w*|"
        r"залетел\w*|в[’'ʼ]їхал\w*|заїхал\w*|проник\w*|просун\w*|просува\w*|"
        r"продвин\w*|продвига\w*|прорв\w*|вклин\w*",
    ),
    (
        STRIKE,
        r"struck|strikes?\s+(?:on|against)|hit|hits|shelled|shelling\s+of|bombed|"
        r"bombing\s+of|bombarded|targeted|(?:missile|drone|air|rocket)\s+(?:attack|strike)s?|"
        r"attacks?\s+on|attacked(?!\s+(?:near|toward|towards|in\s+the\s+direction|north|south|"
        r"east|west|within|along|from))|удар\w*|уразил\w*|уражен\w*|поразил\w*|поражен\w*|"
        r"обстріл\w*|обстрел\w*|атакува\w*|атакова\w*|прил[іе]т\w*|прильот\w*|влуч\w*",
    ),
)
# Words before an action that make it a plan, a wish or a condition, not an event.
_NOT_AN_EVENT = re.compile(
    r"(?:\b(?:will|would|could|might|may|must|should|can|cannot|shall|to|try|tries|trying|"
    r"attempt\w*|aim\w*|plan\w*|seek\w*|want\w*|if|unless)\s+(?:\w+\s+)?|"
    r"(?<![\w-])(?:може\w*|можуть|могут|хоч\w*|хот\w*|намага\w*|пыта\w*|спроб\w*|"
    r"попыт\w*|щоб|чтобы|якщо|если)\s+(?:\w+\s+)?)$",
    re.IGNORECASE,
)
_FAILED = re.compile(
    r"(?<![\w-])не\s+(?:удалось|вдалося|смогл\w*|смог|змогл\w*|зміг|сумел\w*|зуміл\w*)\s+"
    r"(?:\w+\s+)?$",
    re.IGNORECASE,
)
# ..."forced to withdraw", "managed to capture" did happen.
_DONE_TO = re.compile(
    r"\b(?:(?:forced|had|managed|ordered|compelled|able)\s+to|to\s+have)\s+$", re.I
)
# "the bridges connecting occupied Kherson": a participle before its noun is no event.
_ATTRIBUTIVE = re.compile(
    r"(?:\b(?:the|of|in|into|to|from|towards?|and|a|an|connecting|near|across|"
    r"with|for|on|at)\s+)$",
    re.IGNORECASE,
)
# Ukrainian writes its infinitives in -ти: "контролюють", "утримують" are "they control".
_CYRILLIC_INFINITIVE = {
    "uk": re.compile(r"(?:ти|тися|тись)$"),
    "ru": re.compile(r"(?:ти|ть|ться|чь)$"),
}
# In English a place before the action is what the action is about only in the passive
# ("Lysychansk was captured", "Lysychansk fell"); "Moscow should send" is no target.
_PASSIVE = re.compile(
    r"\b(?:was|were|been|be|is|are|being|remains?|now|fully|reportedly)\s+"
    r"(?:(?:\w+ly|now|all|also|fully|not|never)\s+)?$",
    re.IGNORECASE,
)
_INTRANSITIVE = re.compile(r"^(?:fell|fallen|fall|controlled|under|in)\b", re.IGNORECASE)
_NEAR_AFTER = 60  # characters between an English action and the place it is about
VAGUE_REGIONS = frozenset({"donbas"})

_ACTIONS = tuple(
    (action, re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", re.IGNORECASE))
    for action, words in _ACTION_WORDS
)
# "Attacks were repelled" reads as a denial to the matcher; as a frame it is an action.
# Holding a place is the other side not having taken it.
_HOLD_WORDS = re.compile(
    r"^(?!took|taken|established|gained)(?:.*\b(?:controls?|hold)|controlled|holds?|held|holding|"
    r"remains?\s+under|утриму\w*|удержива\w*|контролю\w*|контролир\w*)$",
    re.IGNORECASE,
)
_REPEL_WORDS = re.compile(r"(?<![\w-])(?:repel\w*|repuls\w*|відбит\w*|відбил\w*|отбит\w*|отбил\w*)")

# --- figures ---------------------------------------------------------------------------------

_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+|" + "|".join(k for k, v in NUMBER_WORDS.items() if v)
_UNITS = (
    ("people", r"people|persons?|civilians?|residents?|children|men|women|осіб|особи|людей|"
     r"людини|люди|человек\w*|мирн\w*|цивільн\w*|мешкан\w*|жител\w*|дітей|детей"),
    ("soldiers", r"soldiers?|servicemen|troops|військов\w*|военнослужащ\w*|бійц\w*|бойц\w*"),
    ("drones", r"drones?|uavs?|shaheds?|дрон\w*|бпла|безпілот\w*|беспилот\w*|шахед\w*"),
    ("missiles", r"missiles?|rockets?|ракет\w*"),
    ("attacks", r"attacks?|assaults?|атак\w*|штурм\w*"),
)  # fmt: skip
_COUNT = re.compile(
    rf"(?<![\w.,])(?:at\s+least\s+|more\s+than\s+|over\s+|понад\s+|більше\s+|более\s+|"
    rf"не\s+менше\s+|не\s+менее\s+)?(?P<n>{_NUMBER})\s+(?:[\w-]+\s+){{0,2}}?"
    rf"(?P<unit>{'|'.join(f'(?P<{name}>{words})' for name, words in _UNITS)})(?![\w])",
    re.IGNORECASE,
)
_ONE_PERSON = re.compile(
    r"\b(?:a|an|one)\s+(?:[\w-]+\s+){0,2}?(?:man|woman|boy|girl|child|person|civilian|"
    r"resident|soldier)\b",
    re.IGNORECASE,
)
_TOLL = re.compile(
    rf"death\s+toll\b.{{0,40}}?\b(?:to|of|at|reached|is|was)\s+(?:at\s+least\s+)?(?P<n>{_NUMBER})\b",
    re.IGNORECASE,
)
_SHARE = re.compile(
    r"(?P<n>\d{1,3}(?:[.,]\d+)?)\s*(?:%|per\s*cent|percent|відсот\w*|процент\w*)|"
    r"(?P<word>two[\s-]thirds|дві\s+третини|две\s+трети|a\s+third|one\s+third|третин\w*|"
    r"треть|half|половин\w*|a\s+quarter|чверт\w*|четверт\w*|most\s+of|the\s+majority\s+of|"
    r"більш\w*\s+частин\w*|больш\w*\s+част\w*)",
    re.IGNORECASE,
)
_SHARE_WORDS = (("two", "67%"), ("дві", "67%"), ("две", "67%"), ("third", "33%"), ("трет", "33%"),
                ("half", "50%"), ("полов", "50%"), ("quarter", "25%"), ("чверт", "25%"),
                ("четверт", "25%"), ("most", "most"), ("majority", "most"), ("більш", "most"),
                ("больш", "most"))  # fmt: skip

# --- actors ----------------------------------------------------------------------------------

ACTOR_TEXT = {"russia": "Russian forces", "ukraine": "Ukrainian forces"}
# An adjective is an actor only before one of these ("Russian forces", "Ukrainian drone"),
# not in "the Ukrainian city of Sloviansk".
_FORCE_CONCEPTS = frozenset({"force", "missile", "drone", "shell", "strike"})
_FORCE_WORDS = re.compile(
    r"^(?:control|defen[cs]e\w*|offensive|counteroffensive|advance|assault\w*|air|navy|"
    r"artillery|military|command|troops|forces|army|side|units|attack\w*|claims?|"
    r"контрол\w*|оборон\w*|сил\w*|наступ\w*|авіац\w*|авиац\w*|сторон\w*|захватчик\w*|"
    r"загарбник\w*|оккупант\w*|окупант\w*|пво|ппо)$",
    re.IGNORECASE,
)
_COUNTRY_NOUNS = re.compile(
    r"^(?:russia|ukraine|moscow|kremlin|russians|ukrainians|kyiv|rf|afu|zsu|wagner|"
    r"росі[яії]\w*|росси[яи]\w*|рф|зсу|всу|украин[аыуе]|україн[аиуі]|окупант\w*|"
    r"оккупант\w*|кремл\w*|москв\w*|вагнер\w*)$",
    re.IGNORECASE,
)
_POSSESSED = re.compile(
    r"^(?:опорник\w*|опорн\w*|пункт\w*|позици\w*|позиці\w*|угрупован\w*|группировк\w*|"
    r"подразделени\w*|підрозділ\w*|бригад\w*|рот[аиуы]|взвод\w*|склад\w*|штаб\w*|"
    r"техник\w*|технік\w*|боевик\w*|бойовик\w*)$"
)
_UKRAINIAN_CONTROL = re.compile(
    r"under\s+ukrainian\s+control|під\s+контролем\s+(?:україн|зсу|сил\s+оборони|збройних\s+сил)|"
    r"под\s+контролем\s+(?:украин|всу|сил\s+обороны|вооруж\w*\s+сил)",
    re.IGNORECASE,
)
# "no longer controls", "більше не утримує": the holding itself denied, the place lost.
_HOLD_DENIED = re.compile(
    r"(?<![\w-])(?:not|no\s+longer|не|ні|нет|уже\s+не|вже\s+не)\s+(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
# A side's adjective before what that side sent: "46 Russian attacks", "22 украинских
# беспилотника". The other side is the one that repelled or downed them.
_SIDE_ADJECTIVE = (
    r"(?P<side>russian|ukrainian|російськ\w*|русск\w*|российск\w*|українськ\w*|"
    r"украинск\w*)\s+(?:[\w-]+\s+)?"
)
_ATTACKER = re.compile(
    _SIDE_ADJECTIVE + r"(?:attacks?|assaults?|offensives?|атак\w*|штурм\w*)", re.IGNORECASE
)
_DOWNED = re.compile(
    _SIDE_ADJECTIVE + r"(?:drones?|uavs?|missiles?|дрон\w*|беспилот\w*|безпілот\w*|бпла|ракет\w*)",
    re.IGNORECASE,
)
_RUSSIAN = ("russ", "рос", "рус")
# The one who acts, named after the action in English: "captured by", "fell to".
_CONTROL_OF = re.compile(r"^(?:under|in)\s+(?P<side>russian|ukrainian)\s+control$", re.I)
_PREPOSITIONS = frozenset(
    "on in across against into of from with over near at for about throughout inside "
    "на в у по проти против из із з до над".split()
)
_INSTITUTION = re.compile(
    r"^(?:генштаб\w*|генеральн\w*|штаб\w*|командуван\w*|командован\w*|пресслужб\w*|"
    r"міністерств\w*|министерств\w*|міноборон\w*|минобороны|ministry|staff|spokesm[ae]n|"
    r"command|рнбо|снбо|nsdc)$",
    re.IGNORECASE,
)
_GAP_PREPOSITION = re.compile(
    r"\b(?:in|during|near|after|at|on|with|for|while|north|south|east|west|"
    r"north-?east|north-?west|south-?east|south-?west|outside|around|toward|towards)\b",
    re.IGNORECASE,
)
_AT_LEAST = re.compile(r"\bat\s+(?:least|most)\b", re.IGNORECASE)
_WHOLE = re.compile(
    r"\b(?:entire|entirety|whole|all\s+of|full|fully|complete\w*|regained\s+control\s+of|весь|всю|всей|всього|"
    r"всего|повністю|полностью|цілком|повн\w*|полн\w*)\b",
    re.IGNORECASE,
)
_WHOLE_REGIONS = frozenset({"crimea"})
# "captured Kursk region", "освободили Курскую область": a region that is the verb's object,
# with nothing between, is taken whole (and so `describe` writes a region's capture).
_REGION_OBJECT = re.compile(r"\s+(?:the\s+)?$", re.IGNORECASE)
_AGENT = re.compile(r"\b(?:by|to|of)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_ITS_FALL = re.compile(r"(?:'s)?\s*(?:'s\s+)?(?:fall|capture|seizure|liberation)\b", re.I)
_KYIV = re.compile(r"^(?:kyiv|київ|киев)$", re.IGNORECASE)
_UKRAINE_FORCES = re.compile(
    r"\b(?:defen[cs]e\s+forces|сил\w*\s+оборон\w*|сил\w*\s+обороны|ппо|air\s+defen[cs]e)\b",
    re.IGNORECASE,
)
# Verbs of denying a report: the side before one speaks ("ЗСУ спростували захоплення").
_DENIAL_VERB = re.compile(
    r"(?<![\w-])(?:den(?:y|ies|ied)|refut\w*|reject\w*|dismiss\w*|rebuff\w*|спростов\w*|"
    r"спростув\w*|опроверг\w*|заперечи\w*|заперечу\w*|отрица\w*)",
    re.IGNORECASE,
)
# The instrumental ("росіянами", "российскими войсками", "российской армией"): the agent.
_INSTRUMENTAL = re.compile(
    r"[\w'ʼ’-]*(?:ами|ями|ими|ыми|ією|ией)(?![\w'ʼ’-])|"
    r"[\w'ʼ’-]+(?:ой|ою)\s+[\w'ʼ’-]*(?:ами|ями|ией|ією|ом|ем)(?![\w'ʼ’-])",
    re.IGNORECASE,
)
_RUSSIAN_BEFORE = re.compile(r"(?:russian|российск\w*|російськ\w*)\s+$", re.IGNORECASE)
# A place named as a front line's sector ("the Kupyansk direction", "на Купянском направлении")
# or as a government ("Kyiv said", "киевский режим", "Киев признал") is not where it happens.
_NOT_THE_PLACE = re.compile(
    r"(?:'s)?\s*(?:direction|axis|front\b|sector|regime|government|authorities|officials|"
    r"said|says|claim\w*|admit\w*|announc\w*|напрям\w*|направлени\w*|режим\w*|влад\w*|"
    r"власт\w*|уряд\w*|правительств\w*|заяв\w*|призна\w*|сообщ\w*|повідом\w*|"
    r"утвержда\w*|стверджу\w*)(?![\w-])",
    re.IGNORECASE,
)
# What an English place before its verb must be followed by to be the verb's subject
# ("Lysychansk was captured", "Lysychansk (Luhansk region) has fallen", "Lysychansk, the
# last city ..., fell"): not "the day the volunteers were captured, a Donetsk court".
_SUBJECT_GAP = re.compile(
    r"^[\w'’-]*(?:\s+(?:region|oblast|city|town|village))?\s*(?:\([^()]{0,40}\)\s*)?"
    r"(?:(?:in|of)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:region|oblast))?\s*)?"
    r"(?:,[^,;:–—]{0,80},|,)?\s*(?:(?:has|have|had|was|were|been|be|is|are|being|remains?|"
    r"now|fully|reportedly|also|already|finally|effectively|completely|not|never|\w+ly)\s+)*$",
    re.IGNORECASE,
)
# "опорник ВСУ захвачен в Купянске", "seized positions near Avdiivka": a strongpoint, a
# position or a building taken in or near a town is not the town taken.
_PART_TAKEN = re.compile(
    r"(?<![\w-])(?:(?P<settlement>насел[её]н\w*\s+пункт\w*)|опорник\w*|пункт\w*|"
    r"позици\w*|позиці\w*|здани\w*|будівл\w*|будинк\w*|домов|высот\w*|висот\w*|"
    r"промзон\w*|strongpoints?|strongholds?|positions?|buildings?|heights?|trenches|"
    r"окоп\w*|блиндаж\w*|бліндаж\w*)(?![\w-])",
    re.IGNORECASE,
)
_IN_OR_NEAR = re.compile(
    r"(?<![\w-])(?:в|во|у|на|под|під|біля|возле|около|поблизу|вблизи|in|near|at|outside|"
    r"around)\s+(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
# A share "of the occupied territory" is a share of what one side held, not of the place.
_SHARE_OF_HELD = re.compile(
    r"занят\w*|захвачен\w*|оккупир\w*|окупован\w*|захоплен\w*|occupied|held|seized|"
    r"captured|controlled",
    re.IGNORECASE,
)
_BREAK = re.compile(
    r"[;:]|[.!?]\s+(?=[\"«“*A-ZА-ЯІЇЄҐ])|\s[–—]\s|,\s+(?:while|but|and|whereas|where|як|а|але|но)\b"
)

# People's names of regions the gazetteer does not list under these forms.
_REGION_ALIASES = {"днр": "donetsk-oblast", "лнр": "luhansk-oblast", "dpr": "donetsk-oblast",
                   "lpr": "luhansk-oblast", "лнр.": "luhansk-oblast"}  # fmt: skip
_CANONICAL_DATE = re.compile(
    r"\s+(?:on\s+(\d{1,2}\s+[A-Z][a-z]{2}\s+\d{4})|in\s+((?:January|February|March|April|May|June|"
    r"July|August|September|October|November|December)\s+\d{4}))\s*$"
)


@dataclass(frozen=True)
class Frame:
    """One event: `places` are the gazetteer ids one named place may be (namesakes)."""

    action: str
    places: frozenset[str] = frozenset()
    actor: str | None = None
    figure: str | None = None
    negated: bool = False
    date: dt.date | None = field(default=None, compare=False)
    # How a place the gazetteer does not know is written, for the claim's text.
    names: tuple[str, ...] = field(default=(), compare=False)

    def same_event(self, other: Frame) -> bool:
        """The same action, figure and place, by the same actor (one side may not name it),
        and for a dated action, on days close enough."""
        if (self.action, self.figure) != (other.action, other.figure):
            return False
        if self.places != other.places and not self.places & other.places:
            return False
        if self.actor and other.actor and self.actor != other.actor:
            return False
        if self.action in DATED and self.date and other.date:
            return abs((self.date - other.date).days) <= SAME_DAYS
        return True


@dataclass(frozen=True)
class _Found:
    action: str
    start: int
    end: int


def read_frame(
    text: str,
    analysis: Analysis,
    gazetteer: Gazetteer,
    *,
    date: dt.date | None = None,
) -> Frame | None:
    """The frame of one statement (its Analysis read by the Analyzer), or None.

    `date` is when the statement was made; a claim text written by `describe` carries its own.
    """
    cleaned = clean(text)
    written = _CANONICAL_DATE.search(cleaned)
    if written:
        date = _parse_date(written.group(1) or "1 " + written.group(2)) or date
        cleaned = cleaned[: written.start()]
    # "under [Russian] control": an editor's brackets are read as spaces (offsets kept).
    cleaned = cleaned.replace("[", " ").replace("]", " ")
    places, regions = _spots(cleaned, analysis, gazetteer)
    if not places and not regions and not _COUNT.search(cleaned):
        return None
    found = [
        _Found(action, match.start(), match.end())
        for action, pattern in _ACTIONS
        for match in pattern.finditer(cleaned)
    ]
    # A count of dead or of drones first, then the sentence's first action.
    found.sort(key=lambda f: (f.action not in COUNTED, f.start))
    for candidate in found:
        frame = _frame_at(cleaned, candidate, analysis, places, regions)
        if frame is not None and _DEFENCE.match(cleaned[candidate.start : candidate.end]):
            frame = _held_region(frame, gazetteer)
        if frame is not None:
            names = tuple(
                surface
                for _, key, surface in analysis.unknown_at
                if UNKNOWN_PLACE + key in frame.places
            )[:1]
            return Frame(
                frame.action, frame.places, frame.actor, frame.figure, frame.negated, date, names
            )
    return None


def _held_region(frame: Frame, gazetteer: Gazetteer) -> Frame:
    """ "Holding positions in Kursk": positions are held along a front, so a regional centre
    named alone is its namesake region ("Kursk" for Kursk region), not the city."""
    regions = {
        f"{place.oblast}-oblast"
        for place in map(gazetteer.place, frame.places)
        if place.id == place.oblast and place.kind == "city"
    }
    if len(regions) != 1 or len(frame.places) != 1:
        return frame
    try:
        gazetteer.place(next(iter(regions)))
    except KeyError:
        return frame
    return replace(frame, places=frozenset(regions))


def _frame_at(
    text: str,
    found: _Found,
    analysis: Analysis,
    places: list[tuple[int, frozenset[str]]],
    regions: list[tuple[int, str]],
) -> Frame | None:
    word = text[found.start : found.end]
    before = text[max(0, found.start - 40) : found.start]
    if _NOT_AN_EVENT.search(before) and not _DONE_TO.search(before):
        return None
    cyrillic = has_cyrillic(word)
    if not cyrillic and word.endswith("ed") and _ATTRIBUTIVE.search(before):
        return None
    # "не удалось войти в Купянск": an attempt that failed is the event denied.
    failed = bool(cyrillic and _FAILED.search(before))
    # "продовжують утримувати": a verb of going on, then the infinitive, is an event.
    defended = bool(_DEFENCE.match(word))
    infinitive = _CYRILLIC_INFINITIVE["uk" if detect_lang(text) == "uk" else "ru"]
    if cyrillic and infinitive.search(word.split()[0]) and not failed and not defended:
        return None
    # Ukrainian and Russian put the place before the verb as freely as after it.
    # A count happens where it happens: "in Sloviansk ..., killing six".
    lost = bool(_LOSS.match(word))
    passive = not lost and (
        cyrillic
        or found.action in COUNTED
        or bool(_PASSIVE.search(before) or _INTRANSITIVE.match(word))
    )
    reach = None if cyrillic else _NEAR_AFTER
    clause_start, clause_end = _clause(text, found)
    figure = _figure(text[clause_start:clause_end], found.action)
    if found.action in COUNTED and figure is None:
        return None
    if found.action == REPEL and figure is not None and not figure.endswith(("attacks", "attack")):
        figure = None
    subject = None if cyrillic or found.action in COUNTED else text
    span = (clause_start, clause_end, passive, reach, subject)
    target = _target(places, found, *span)
    region = _target([(p, frozenset({r})) for p, r in regions], found, *span)
    clause = text[clause_start:clause_end]
    if (
        target is not None
        and found.action == CAPTURE
        and not defended
        and _part_taken(text, found, target, places)
    ):
        return None
    if target is not None and found.action == ENTER and _only_near(text, found, target, places):
        return None
    if target is not None and not cyrillic and not _object_of(text, found, target, places):
        target = None
    region_spots = [(p, frozenset({r})) for p, r in regions]
    if region is not None and not cyrillic and not _object_of(text, found, region, region_spots):
        region = None
    if figure is not None and found.action == CAPTURE:
        # "controls 60% of Pokrovsk": the share is of the place, not of the country.
        share = _SHARE.search(clause)
        spots = places + [(p, frozenset({r})) for p, r in regions]
        if share is None or not any(
            ids == (target or region)
            and 0 <= p - (clause_start + share.end()) <= 30
            and not _SHARE_OF_HELD.search(text, clause_start + share.end(), p)
            for p, ids in spots
        ):
            figure = None
    if target is not None:
        where = target
    elif region is not None and not (analysis.unknown and _named_unknown(clause, analysis)):
        # A region stands for the place only when no village is named in it ("the village
        # of Gornal in Kursk region" is about Gornal), and a region is captured whole or by
        # a share, not by "several villages of the region".
        whole = [
            p
            for p, r in regions
            if frozenset({r}) == region
            and (_WHOLE.search(text[p - 30 : p]) or _REGION_OBJECT.match(text, found.end, p))
        ]
        if found.action == CAPTURE and figure is None and not whole and not defended:
            return None
        where = region
    elif found.action in COUNTED:
        where = frozenset()
    else:
        return None
    inner = _CONTROL_OF.match(word)
    actor = (
        _side(inner.group("side"), [], "en") or _side(inner.group("side") + "s", [], "en")
        if inner
        else None
    ) or _actor(text, found, clause_start, clause_end)
    if lost:
        # The side that lost the place is named (also inside "потеря украинской стороной
        # города"), or it is Kyiv: the other side took it.
        inside = list(WORD.finditer(word))
        named = [_side(w.group(0), inside[i + 1 : i + 3], "ru") for i, w in enumerate(inside)]
        loser = next((side for side in named if side), None) or actor
        if loser is None and any(
            _KYIV.match(w) for w in WORD.findall(text[clause_start : found.start])
        ):
            loser = "ukraine"
        actor = _other_side(loser)
    # "46 Russian attacks were repelled", "ПВО перехватила 22 украинских беспилотника":
    # whose attacks or drones they were, not who repelled or downed them.
    sent = {REPEL: _ATTACKER, DOWN: _DOWNED}.get(found.action)
    whose = sent.search(text, clause_start, clause_end) if sent else None
    if whose is not None:
        side = "russia" if whose.group("side").casefold().startswith(_RUSSIAN) else "ukraine"
        if actor in (None, side):
            actor = _other_side(side)
    negated = analysis.negated or failed
    held = _UKRAINIAN_CONTROL.search(text)
    hold_at = found.start if _HOLD_WORDS.search(word) else held.start() if held else None
    if (
        found.action == CAPTURE
        and actor == "ukraine"
        and figure is None
        and hold_at is not None
        and not defended
    ):
        # Ukraine holding the place is Russia's capture denied, whatever else the text
        # negates ("X is under Ukraine's control, and the claims of its capture are untrue");
        # only a holding that is itself negated ("no longer holds X") is the capture.
        actor, negated = "russia", not _HOLD_DENIED.search(text[max(0, hold_at - 30) : hold_at])
    if found.action == REPEL:
        negated ^= len(_REPEL_WORDS.findall(text.casefold())) % 2 == 1
    if defended:
        # The side holding on is the defender: the other side has not taken the place (a
        # side the sentence does not name is the speaker's, told apart when it is stored).
        actor, negated = _other_side(actor), not negated
        return Frame(found.action, where, actor, figure, negated)
    if actor is None and where and all(is_region(p) for p in where) and found.action not in COUNTED:
        return None  # "it had seized land in Kursk region": a region needs a side acting
    return Frame(found.action, where, actor, figure, negated)


_NEAR = re.compile(
    r"(?<![\w-])(?:near|around|outside|towards?|(?:north|south|east|west)\w*\s+of|"
    r"в\s+районе|в\s+районі|возле|около|біля|поблизу|вблизи|під|под)\s+"
    r"(?:(?:the\s+)?(?:city|town|village|settlement)\s+(?:of\s+)?)?$",
    re.IGNORECASE,
)


def _only_near(
    text: str, found: _Found, target: frozenset[str], places: list[tuple[int, frozenset[str]]]
) -> bool:
    """ "Advanced near Kupyansk", "продвинулись под Курахово": the ground gained is near the
    place, not in it."""
    after = [p for p, ids in places if ids == target and p >= found.end]
    return bool(after) and bool(_NEAR.search(text[max(0, after[0] - 40) : after[0]]))


def _part_taken(
    text: str, found: _Found, target: frozenset[str], places: list[tuple[int, frozenset[str]]]
) -> bool:
    """A strongpoint, position or building taken in or near the place, not the place: the
    place follows "in"/"near" and such a thing is named between the verb and it (or before
    the verb, in the passive)."""
    at = [p for p, ids in places if ids == target]
    if not at:
        return False
    place = min(at, key=lambda p: abs(p - found.end))
    if not _IN_OR_NEAR.search(text[max(0, place - 40) : place]):
        return False
    # "захвачен опорник в X", "опорник в X захвачен", "в X было захвачено семь опорных пунктов"
    lo, hi = (found.end, place) if place > found.start else (place, found.end + 40)
    start = max(0, lo - 60) if place > found.start else lo
    return any(not m.group("settlement") for m in _PART_TAKEN.finditer(text, start, hi))


def _object_of(
    text: str, found: _Found, target: frozenset[str], places: list[tuple[int, frozenset[str]]]
) -> bool:
    """In English, a captured, encircled or abandoned place follows its verb with no
    preposition between ("captured in fighting north of Kharkiv" is about people)."""
    if found.action not in (CAPTURE, ENCIRCLE, WITHDRAW):
        return True
    after = [p for p, ids in places if ids == target and p >= found.end]
    if not after:
        return True  # the place before the verb: the passive
    gap = _AT_LEAST.sub(" ", text[found.end : after[0]])  # "controls at least 60% of X"
    # "were captured, a Donetsk court ...": past a comma or dash the place is another's.
    return not _GAP_PREPOSITION.search(gap) and not re.search(r"[,–—]", gap)


def _named_unknown(clause: str, analysis: Analysis) -> bool:
    """The clause names a place the gazetteer does not know (its key is in the Analysis)."""
    return any(
        place_key([w], detect_lang(w)) in analysis.unknown
        for w in WORD.findall(clause)
        if w[:1].isupper()
    )


def is_region(place_id: str) -> bool:
    """An oblast, a krai or a region always taken whole (Crimea), not a settlement."""
    return place_id.endswith(("-oblast", "-krai")) or place_id in _WHOLE_REGIONS


def _clause(text: str, found: _Found) -> tuple[int, int]:
    """The stretch of the sentence the action's place and actor are looked for in."""
    start = 0
    for brk in _BREAK.finditer(text):
        if brk.end() <= found.start:
            start = brk.end()
        elif brk.start() >= found.end:
            return start, brk.start()
    return start, len(text)


def _target(
    spots: list[tuple[int, frozenset[str]]],
    found: _Found,
    start: int,
    end: int,
    passive: bool,
    reach: int | None,
    subject: str | None = None,
) -> frozenset[str] | None:
    """The place the action is about: the first named after it in its clause (within
    `reach` characters), else, in the passive, the last named before it ("Lysychansk
    fell"); in English (`subject`: the text) only when it is the verb's subject."""
    inside = [(p, ids) for p, ids in spots if start <= p < end]
    after = [
        ids for p, ids in inside if p >= found.start and (reach is None or p - found.end <= reach)
    ]
    before = [
        ids
        for p, ids in inside
        if p < found.start
        and passive
        and (reach is None or found.start - p <= 2 * reach)
        and (subject is None or _SUBJECT_GAP.match(subject[p : found.start]))
    ]
    return after[0] if after else before[-1] if before else None


def _spots(
    text: str, analysis: Analysis, gazetteer: Gazetteer
) -> tuple[list[tuple[int, frozenset[str]]], list[tuple[int, str]]]:
    """Where each settlement of the Analysis is named (its namesakes narrowed as it reads),
    and where each region is."""
    lowered = text.casefold()
    regions = [
        (found.start(), region)
        for alias, region in _REGION_ALIASES.items()
        for found in re.finditer(rf"(?<![\w-]){re.escape(alias)}(?![\w-])", lowered)
    ]
    # A village the gazetteer does not know is still a place ("село Ильинка"), under the key
    # its every spelling and case form shares.
    unknown = [
        (start, frozenset({UNKNOWN_PLACE + key}))
        for start, key, surface in analysis.unknown_at
        if not _NOT_THE_PLACE.match(text, start + len(surface))
    ]
    if not analysis.places and not analysis.regions:
        return sorted(unknown, key=lambda item: item[0]), regions
    # "Moscow's forces", "Kyiv's schools": a place owning something is not what is acted on.
    # ..."Lysychansk's fall" is what fell.
    mentions = [
        m
        for m in gazetteer.find(text)
        if (
            _ITS_FALL.match(text, m.end)
            or (text[m.end : m.end + 2] != "'s" and not m.surface.endswith("'s"))
        )
        and not _NOT_THE_PLACE.match(text, m.end)
    ]
    regions += [
        (m.start, m.place_id)
        for m in mentions
        if m.place_id in analysis.regions and m.place_id not in VAGUE_REGIONS
    ]
    landmarks = [(lm.settlement, start) for lm, start, _ in find_landmarks(text) if lm.settlement]
    places: list[tuple[int, frozenset[str]]] = []
    for ids in analysis.places:
        # A name is found once, as one of its namesakes; the Analysis may have narrowed it to
        # another ("Дальнее в ДНР"): the same name names it.
        name = main_name(gazetteer.place(next(iter(ids))))
        places += [
            (m.start, ids)
            for m in mentions
            if m.place_id in ids or m.among & ids or main_name(gazetteer.place(m.place_id)) == name
        ]
        places += [(start, ids) for settlement, start in landmarks if settlement in ids]
    return sorted(places + unknown, key=lambda item: item[0]), sorted(regions)


def _figure(clause: str, action: str) -> str | None:
    if action == CAPTURE:
        share = _SHARE.search(clause)
        if share is None:
            return None
        if share.group("n"):
            return f"{round(float(share.group('n').replace(',', '.')))}%"
        word = share.group("word").casefold()
        return next((share for stem, share in _SHARE_WORDS if stem in word), None)
    if action in (KILL, WOUND):
        toll = _TOLL.search(clause) if action == KILL else None
        if toll is not None:
            number = _number(toll.group("n"))
            return f"{number} {'person' if number == 1 else 'people'}" if number else None
    if action in (KILL, WOUND) and _ONE_PERSON.search(clause) and not _COUNT.search(clause):
        return "1 person"
    for found in _COUNT.finditer(clause):
        unit = next(name for name, _ in _UNITS if found.group(name))
        if _fits(action, unit):
            number = _number(found.group("n"))
            if number is not None:
                return f"{number} {_SINGULAR.get(unit, unit) if number == 1 else unit}"
    return None


_SINGULAR = {"people": "person", "soldiers": "soldier", "drones": "drone", "missiles": "missile",
             "attacks": "attack"}  # fmt: skip


def _fits(action: str, unit: str) -> bool:
    if action in (KILL, WOUND):
        return unit in ("people", "soldiers")
    if action in (DOWN, LAUNCH):
        return unit in ("drones", "missiles")
    return action == REPEL and unit == "attacks"


def _number(raw: str) -> int | None:
    raw = raw.strip().casefold()
    if raw in NUMBER_WORDS:
        return NUMBER_WORDS[raw]
    digits = re.sub(r"[,. ]", "", raw)
    return int(digits) if digits.isdigit() else None


def _other_side(side: str | None) -> str | None:
    return {"ukraine": "russia", "russia": "ukraine"}.get(side or "")


def _actor(text: str, found: _Found, start: int, end: int) -> str | None:
    """Who acts: the side named nearest before the action in its clause, else the side
    named after it ("X was captured by Russian troops")."""
    lang = detect_lang(text)
    words = [w for w in WORD.finditer(text) if start <= w.start() < end]
    sides: list[tuple[int, str]] = []
    for i, word in enumerate(words):
        previous = {w.group(0).casefold() for w in words[max(0, i - 2) : i]}
        if any(_INSTITUTION.match(w) for w in previous):
            continue  # "Генштаб ЗСУ", "the ministry of Russia": a speaker, not a side acting
        if i and _POSSESSED.match(words[i - 1].group(0).casefold()):
            continue  # "опорник ВСУ захвачен": whose strongpoint, not who took it
        side = _side(word.group(0), words[i + 1 : i + 3], lang, bool(previous & _PREPOSITIONS))
        if side:
            sides.append((word.start(), side))
    for match in _UKRAINE_FORCES.finditer(text, start, end):
        if not _RUSSIAN_BEFORE.search(text, max(0, match.start() - 20), match.start()):
            sides.append((match.start(), "ukraine"))  # not "Russian air defence"
    ordered = sorted(sides)
    # "controlled by Ukraine", "fell to Russian forces": the agent right after the action.
    agent = [
        side
        for position, side in ordered
        if found.end <= position <= found.end + 30 and _AGENT.search(text[:position])
    ]
    if not agent and has_cyrillic(text[found.start : found.end]):
        # "захоплення росіянами Запорізького", "взятии российскими войсками": the agent in
        # the instrumental right after the action.
        agent = [
            side
            for position, side in ordered
            if found.end <= position <= found.end + 60 and _INSTRUMENTAL.match(text, position)
        ]
    if agent:
        return agent[0]
    # "Українські військові спростували захоплення Петрівки": the side that denies it
    # speaks; it is not the one said to have acted.
    before = [
        side
        for position, side in ordered
        if position < found.start and not _DENIAL_VERB.search(text, position, found.start)
    ]
    if before:
        return before[-1]
    cyrillic = has_cyrillic(text[found.start : found.end])
    after = [side for position, side in ordered if position >= found.end and cyrillic]
    return after[0] if after else None


def _side(
    word: str, following: list[re.Match[str]], lang: str, preposition: bool = False
) -> str | None:
    """The side a word names acting ("Russia", "Russian forces"), or None ("in Ukraine",
    "the Ukrainian city", "Ukraine's president")."""
    lower = word.casefold().removesuffix("'s")
    if lower.startswith("ворог"):  # "the enemy", written in Ukrainian, is Russia
        return "russia"
    kind, token = concept(lower, lang)
    if _KYIV.match(lower):
        if following and following[0].group(0).casefold() in ("forces", "troops", "army"):
            return "ukraine"
        return None
    if kind != "actor":
        return None
    if _COUNTRY_NOUNS.match(lower) and not word.endswith("'s"):
        return None if preposition else token
    for after in following:
        later = after.group(0).casefold()
        if _FORCE_WORDS.match(later) or concept(later, lang)[1] in _FORCE_CONCEPTS:
            return token
    return None


def _parse_date(text: str) -> dt.date | None:
    for form in ("%d %b %Y", "%d %B %Y"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


# --- the claim a frame is ----------------------------------------------------------------------

_VERB_TEXT = {
    CAPTURE: "captured {place}",
    WITHDRAW: "withdrew from {place}",
    ENTER: "advanced into {place}",
    ENCIRCLE: "encircled {place}",
    STRIKE: "struck {place}",
    REPEL: "repelled {figure} near {place}",
}
_PASSIVE_TEXT = {
    CAPTURE: "{place} was captured",
    WITHDRAW: "Troops withdrew from {place}",
    ENTER: "Troops advanced into {place}",
    ENCIRCLE: "{place} was encircled",
    STRIKE: "{place} was struck",
    REPEL: "Defenders repelled {figure} near {place}",
}


def describe(frame: Frame, gazetteer: Gazetteer) -> str:
    """The claim's English text: "Russian forces captured Lysychansk (Luhansk region)".

    `read_frame` reads the same frame back from it."""
    place = place_text(frame.places, gazetteer, frame.names)
    actor = ACTOR_TEXT.get(frame.actor or "")
    action = frame.action
    if action == CAPTURE and frame.figure:
        text = (
            f"{actor} control {frame.figure} of {place}"
            if actor
            else f"{frame.figure} of {place} is occupied"
        )
    elif action == REPEL:
        figure = frame.figure or "attacks"
        text = (f"{actor} {_VERB_TEXT[REPEL]}" if actor else _PASSIVE_TEXT[REPEL]).format(
            figure=figure, place=place
        )
    elif action in COUNTED:
        verb = {KILL: "killed", WOUND: "wounded", DOWN: "shot down", LAUNCH: "launched"}[action]
        where = {DOWN: " over ", LAUNCH: " at "}.get(action, " in ")
        place_part = f"{where}{place}" if frame.places else ""
        if action in (KILL, WOUND):
            text = (
                f"{actor} {verb} {frame.figure}{place_part}"
                if actor
                else f"{frame.figure} {verb}{place_part}"
            )
        else:
            text = f"{actor or 'Forces'} {verb} {frame.figure}{place_part}"
    else:
        text = (f"{actor} {_VERB_TEXT[action]}" if actor else _PASSIVE_TEXT[action]).format(
            place=place
        )
    if action in DATED and frame.date is not None:
        text += f" on {frame.date.day} {frame.date:%b %Y}"
    return text[:1].upper() + text[1:]


_RUSSIAN_SPEAKER = re.compile(
    r"\b(?:Russia|Russian|Moscow|Kremlin)\b|(?<![\w-])(?:РФ|Росі\w*|Росси\w*|Российск\w*|"
    r"Російськ\w*|Кремл\w*|Шойгу|Герасимов\w*|Песков\w*|Конашенков\w*)",
)
_UKRAINIAN_SPEAKER = re.compile(
    r"\b(?:Ukraine|Ukrainian|Kyiv|Zelensk\w*)\b|(?<![\w-])(?:ЗСУ|ВСУ|Україн\w*|Украин\w*|"
    r"Зеленськ\w*|Зеленск\w*|Сирськ\w*|Сырск\w*)",
)


# The ministry named alone, in Russian spelling, is Russia's ("сообщило Минобороны"); Ukraine's
# is "Міноборони", or "Минобороны Украины" in a Russian text.
_RUSSIAN_MINISTRY = re.compile(r"(?:Минобороны|Министерство\s+обороны|МО)$")


def speaker_side(speaker: str) -> str | None:
    """The side a speaker speaks for when its name says so ("Минобороны РФ", "Ukraine's
    General Staff"), else None; a speaker naming both sides is neither."""
    russian = bool(_RUSSIAN_SPEAKER.search(speaker))
    ukrainian = bool(_UKRAINIAN_SPEAKER.search(speaker))
    if not russian and not ukrainian and _RUSSIAN_MINISTRY.match(speaker.strip()):
        return "russia"
    if russian == ukrainian:
        return None
    return "russia" if russian else "ukraine"


def namesakes(frame: Frame) -> bool:
    """The frame's place is a name several settlements share, and the text does not say
    which (its region may be said: three Іллінка lie in Donetsk oblast)."""
    settlements = [p for p in frame.places if not p.startswith(UNKNOWN_PLACE) and not is_region(p)]
    return len(settlements) > 1


def describe_when(frame: Frame, gazetteer: Gazetteer) -> str:
    """The claim's text with the month it happened, for ground taken again at another time
    ("Kupiansk (Kharkiv region) was captured in November 2025"); `read_frame` reads it back."""
    text = describe(frame, gazetteer)
    if frame.action in SPANNING and frame.date is not None:
        text += f" in {frame.date:%B %Y}"
    return text


def place_text(ids: Iterable[str], gazetteer: Gazetteer, names: tuple[str, ...] = ()) -> str:
    """ "Lysychansk (Luhansk region)", or "Kursk region" for a region; a place the gazetteer
    does not know as it was written."""
    ids = [i for i in ids if not i.startswith(UNKNOWN_PLACE)] or ids
    if all(str(i).startswith(UNKNOWN_PLACE) for i in ids):
        return names[0] if names else next(iter(ids), "")[len(UNKNOWN_PLACE) :].title()
    chosen = sorted(ids, key=lambda i: (-KIND_RANK.get(gazetteer.place(i).kind, 0), i))
    if not chosen:
        return ""
    place = gazetteer.place(chosen[0])
    ranks = [KIND_RANK.get(gazetteer.place(i).kind, 0) for i in chosen]
    if len(ranks) > 1 and ranks[0] > ranks[1]:
        chosen = chosen[:1]  # Avdiivka the city, not the villages sharing its name
    if place.kind in ("oblast", "region"):
        return _region_name(place.id, gazetteer)
    name = place.names[0] if place.names else place.id
    oblasts = {gazetteer.place(i).oblast for i in chosen}
    if len(oblasts) == 1 and place.oblast:
        region = _region_name(f"{place.oblast}-oblast", gazetteer)
        if region:
            return f"{name} ({region})"
    return name


def _region_name(region_id: str, gazetteer: Gazetteer) -> str:
    try:
        names = gazetteer.place(region_id).names
    except KeyError:
        return ""
    stem = region_id.split("-")[0]
    regional = [n for n in names if n.endswith(" region")]
    preferred = [n for n in regional if n.casefold().startswith(stem)]
    return (preferred or regional or list(names[:1]) or [region_id])[0]


class Framer:
    """Reads frames with an Analyzer; keeps the Analysis it reads them from."""

    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer

    def frame(self, text: str, *, date: dt.date | None = None) -> Frame | None:
        return read_frame(text, self.analyzer.analyze(text), self.analyzer.gazetteer, date=date)

    def describe(self, frame: Frame) -> str:
        return describe(frame, self.analyzer.gazetteer)


class FrameBook:
    """Which claim each frame is: built from claim texts, extended as claims are added."""

    def __init__(self) -> None:
        self._by_kind: dict[tuple[str, str | None], list[tuple[Frame, int]]] = {}
        self._by_place: dict[str, set[int]] = {}
        self._by_claim: dict[int, list[Frame]] = {}
        self.seen = 0  # texts of the match index read so far

    @property
    def framed(self) -> dict[int, list[Frame]]:
        """The claims that state a frame, with their frames."""
        return self._by_claim

    def add(self, frame: Frame, claim_id: int) -> None:
        self._by_kind.setdefault((frame.action, frame.figure), []).append((frame, claim_id))
        self._by_claim.setdefault(claim_id, []).append(frame)
        for place in frame.places:
            self._by_place.setdefault(place, set()).add(claim_id)

    def same_place(self, claim_id: int) -> list[int]:
        """The other claims about a place this claim's event is about ("Ukrainian forces
        withdrew from Lysychansk" for "Russian forces captured Lysychansk"), by id."""
        frames = self._by_claim.get(claim_id, [])
        found: set[int] = set()
        for frame in frames:
            for place in frame.places:
                found |= self._by_place.get(place, set())
        found.discard(claim_id)
        dated = [f for f in frames if f.action in DATED and f.date]
        return sorted(
            other
            for other in found
            if not dated
            or not any(
                f.action in DATED and f.date and abs((f.date - d.date).days) > RELATED_DAYS
                for f in self._by_claim.get(other, [])
                for d in dated
                if d.date
            )
        )

    def find(self, frame: Frame) -> tuple[int, bool] | None:
        """(claim id, the frame denies that claim) for the claim telling this event."""
        found = self.candidates(frame)
        return found[0] if found else None

    def candidates(self, frame: Frame) -> list[tuple[int, bool]]:
        """Every claim that may tell this event, the one `find` picks first: a capture told
        again at another time is told apart by the dates of its statements, not here."""
        same = [
            (known, claim_id)
            for known, claim_id in self._by_kind.get((frame.action, frame.figure), ())
            if known.same_event(frame)
        ]
        exact = [item for item in same if item[0].actor == frame.actor]
        # An actor the statement does not name: only when the claims agree on one.
        if not exact and frame.actor is None and len({known.actor for known, _ in same}) > 1:
            return []
        found: dict[int, bool] = {}
        for known, claim_id in exact or same:
            found.setdefault(claim_id, frame.negated != known.negated)
        return list(found.items())
