"""What in a text is worth checking: boilerplate to drop, and sentences that state a fact.

Both articles (ingestion) and long posts (a check sentence by sentence) need the same
judgement: a donation appeal or a "subscribe" line is never a claim, and opinion without a
figure is not one either. Pure: regular expressions over text, no parser.
"""

from __future__ import annotations

import re

# --- boilerplate -------------------------------------------------------------------------

_APPEAL_START = re.compile(
    r"^(?:dear (?:readers|reader|friends)\b|a message from\b|"
    r"дорогі читачі|шановні читачі|дорогие читатели|уважаемые читатели)",
    re.I,
)
_ALWAYS_DROP = [
    re.compile(p, re.I)
    for p in (
        r"\bcontributed (?:reporting|to this (?:report|article|story))\b",
        r"^remind me later\b",
        r"^(?:share|поділитися|поделиться)\b",
        r"^(?:follow us|read more|read also|see also|related|advertisement|listen to)\b",
        r"^(?:читайте (?:також|также)|реклама)\b",
        r"\ball rights reserved\b|^©|^\(c\) \d{4}",
        r"^(?:підтримайте|поддержите|підпишіться|підписуйтесь|подпишитесь|подписывайтесь)\b",
        r"^by [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}"
        r"(?:(?:,| and) [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3})*$",
        # captions and credits: "Photograph: Reuters", "Фото: ...", "Credit: ..."
        r"\b(?:photograph|photo|photos|photo illustration|picture|image|credit|фото)\s*:\s",
        r"^(?:на )?(?:video|видео|відео|кадрах|фото)\s*[:—–]",
        r"^(?:updated|last updated|first published|published|оновлено|обновлено)\b",
        # a live-blog time stamp on its own: "12.34 BST"
        r"^\d{1,2}[.:]\d{2}\s*(?:BST|GMT|CET|CEST|EET|EEST|UTC|ET|EDT|EST|am|pm)?$",
        r"^(?:reporting|writing|editing|additional reporting) by\b",
        # an embedded post: "— Name (@handle) March 3, 2022", "pic.twitter.com/..."
        r"\(@\w+\)\s*(?:\w+ \d{1,2}, \d{4}|\d{1,2} \w+ \d{4})|\bpic\.twitter\.com/",
        r"^(?:subscribe|sign up|click here|watch|join us|follow)\b",
        r"^(?:підписатися|подписаться|дивіться також|смотрите также)\b",
    )
]
_SHORT_DROP = [
    re.compile(p, re.I)
    for p in (
        r"\b(?:support us|donate|donation|make a contribution|every contribution)\b",
        r"\bbecome an? (?:member|patron|supporter|subscriber)\b",
        r"\bsupport (?:our|independent) (?:journalism|newsroom|reporting|work)\b",
        r"\b(?:sign up|subscribe)\b.*\b(?:newsletter|updates|channel|briefing|alerts)\b",
        r"\bnewsletter\b",
        r"\bget (?:email |push )?alerts\b",
        # a credits line: "Jane Doe, John Roe and Ann Poe"
        r"^[A-Z][a-z'’-]+ [A-Z][a-z'’-]+(?:(?:,| and| &) [A-Z][a-z'’-]+ [A-Z][a-z'’-]+)+\.?$",
        r"\b(?:to|in) your inbox\b",
        r"\bдонат|\bпідписуйтесь|\bподписывайтесь|\bпідтримати редакцію|\bподдержать редакцию",
    )
]
_APPEAL_WORDS = re.compile(
    r"\b(?:we|our|us|you|your|thank|support|journalism|contribution|donat\w*|"
    r"ми|наш\w*|нас|вас|ваш\w*|мы|вы|спасибо|дякуємо)\b",
    re.I,
)
SHORT_PARAGRAPH_WORDS = 40

# --- channel furniture -------------------------------------------------------------------
# Telegram posts end in footers and calls to action; their shape gives them away: a line
# that only points somewhere (a link, a handle, a hashtag), asks the reader to act
# (subscribe, send news, read us here), or only names what follows ("Главное за сутки:").

_BULLET = re.compile(r"^[^\w\"“«'‘(\[@#]+")
_LABEL = re.compile(
    r"^(?:срочно|молния|breaking(?: news)?|urgent|терміново|блискавка|важно|важливо|"
    r"эксклюзив|ексклюзив|exclusive|update|upd)(?:\s*[:!.—–-]+\s*|\s+(?=(?-i:[A-ZА-ЯЁІЇЄҐ]))|$)",
    re.I,
)
_POINTER = re.compile(
    r"https?://\S+|\bwww\.\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:ru|ua|com|org|net|me|ly|io|co|"
    r"info|news|tv|fm|su|by|uk)(?:/\S*)?|(?<!\w)[@#]\w+"
)
_CALL = re.compile(
    r"^(?:подписывайся|подписывайтесь|подпишись|подпишитесь|подписаться|підписуйся|"
    r"підписуйтеся|підпишись|підпишіться|підписатися|прислать|присылайте|присылай|пришлите|"
    r"пришли|надіслати|надсилайте|надішліть|предложить новость|сообщить|повідомити новину|"
    r"читать нас|читайте нас|читай нас|читати нас|слушайте|слушать|слухайте|смотрите|"
    r"дивіться|переходите|перейти|подробнее|детальніше|докладніше|присоединяйтесь|"
    r"приєднуйтесь|долучайтеся|наш канал|наш чат|наш бот|наш сайт|our channel|"
    r"listen|download|get (?:email |push )?(?:alerts|updates|the app|our)|"
    r"read (?:on|the full|our|us)|for more\b|more here|watch (?:the|our|live))\b",
    re.I,
)
_POINTS_HERE = re.compile(
    r"\b(?:здесь|тут|по ссылке|за посиланням|here|in bio|в профиле)\s*[:.!]?\s*$", re.I
)
_READ_MORE = re.compile(r"\bread more\s*[.:]?$", re.I)
FURNITURE_WORDS = 12


def strip_label(line: str) -> str:
    """Take off a post's bullets, emoji and "Срочно:"-style labels, keeping what they mark."""
    text = _BULLET.sub("", line.strip())
    while True:
        found = _LABEL.match(text)
        if not found or not found.group():
            return text
        text = _BULLET.sub("", text[found.end() :])


def is_furniture(line: str) -> bool:
    """A channel footer, link, handle, call to action or bare header: never a statement."""
    text = strip_label(line)
    words = len(text.split())
    if not re.search(r"\w", _POINTER.sub("", text)):
        return True
    if (_READ_MORE.search(text) and words <= 2 * FURNITURE_WORDS) or (
        words <= FURNITURE_WORDS and _CALL.match(text)
    ):
        return True
    if words <= FURNITURE_WORDS and _POINTS_HERE.search(_POINTER.sub("", text).rstrip(" :")):
        return True
    # "Главное из приграничья:", "Минобороны РФ:" on a line of its own
    return words <= FURNITURE_WORDS and text.rstrip("*_ ").endswith(":")


def is_boilerplate(paragraph: str) -> bool:
    if any(p.search(paragraph) for p in _ALWAYS_DROP) or is_furniture(paragraph):
        return True
    short = len(paragraph.split()) <= SHORT_PARAGRAPH_WORDS
    return short and any(p.search(paragraph) for p in _SHORT_DROP)


def drop_boilerplate(paragraphs: list[str]) -> list[str]:
    """Keep only the report: drop appeals, newsletter prompts, share lines and bylines.

    A "Dear readers" / "A message from" paragraph starts an appeal block that is dropped up
    to the end of that block: an empty string (a blank line in the source) or the first
    paragraph that no longer talks to the reader (no "we/our/you", no donation words).
    Empty strings are treated as block separators and never returned.
    """
    kept: list[str] = []
    in_appeal = False
    for raw in paragraphs:
        paragraph = raw.strip()
        if not paragraph:
            in_appeal = False
            continue
        if _APPEAL_START.search(paragraph):
            in_appeal = True
            continue
        if in_appeal and (_APPEAL_WORDS.search(paragraph) or is_boilerplate(paragraph)):
            continue
        in_appeal = False
        if not is_boilerplate(paragraph):
            kept.append(paragraph)
    return kept


# --- check-worthiness --------------------------------------------------------------------

_EVENT = re.compile(
    r"\b(?:captur\w*|seiz\w*|took|taken|take|occup\w*|liberat\w*|entered|enter|crossed|cross"
    r"|advanc\w*|attack\w*|struck|strike\w*|shell\w*|kill\w*|wound\w*|destroy\w*|shot|"
    r"launch\w*|reached|repel\w*|retreat\w*|withdr[ae]w\w*|hit|moved|push\w*|offensive|"
    r"захоп\w*|взял\w*|зайшл\w*|увійшл\w*|перейшл\w*|вошл\w*|атак\w*|обстріл\w*|обстрел\w*|"
    r"вийшл\w*|вышл\w*|бої|бои|наступ\w*|звільн\w*|освобод\w*|контрол\w*|control\w*)\b",
    re.I,
)
_OPINION = re.compile(
    r"\b(?:think|thinks|believe|believes|feel|feels|hope|hopes|opinion|should|ought|"
    r"would|could|might|may|perhaps|probably|likely|important|interesting|skeptic\w*|"
    r"sceptic\w*|optimistic|pessimistic|"
    r"вважа\w*|считаю\w*|думаю|можливо|возможно|мабуть|наверное)\b",
    re.I,
)
_NUMBER_WORD = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?|"
    r"million|billion|два|дві|три|чотири|четыре|п'ять|пять|тисяч\w*|тысяч\w*|мільйон\w*|"
    r"миллион\w*)\b",
    re.I,
)
_PROPER = re.compile(r"(?<=\s)[\"“«(]?[A-ZА-ЯЁІЇЄҐ][\w'’.-]+")


def check_worthy(sentence: str) -> bool:
    """Is this a factual claim a reader could ask about (an event, a number, a place, an
    actor), rather than filler, opinion, speculation, a question or boilerplate?"""
    text = sentence.strip()
    if len(text.split()) < 3 or text.endswith("?") or not drop_boilerplate([text]):
        return False
    has_number = bool(re.search(r"\d", text) or _NUMBER_WORD.search(text))
    if _OPINION.search(text) and not has_number:
        return False
    return has_number or bool(_EVENT.search(text)) or bool(_PROPER.search(text))
