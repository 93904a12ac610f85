"""When a statement was made or an event happened, read from its own sentence.

An article dated Wednesday that says "the ministry said on Tuesday" dates that statement
Tuesday, not Wednesday; "вчора", "позавчера", "12 грудня", "в ночь на 3 декабря" likewise.
Relative words are resolved against the article's date, and a day and month without a year
take the latest year that does not put them after the article. A date a few weeks after the
article is a plan, not a report, and is ignored. "Last week" is only known to the week: it
is returned as such, and callers that need a day leave it out.

Pure functions: a sentence and a date in, a date out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["DAY", "MONTH", "WEEK", "When", "find_when", "said_on"]

DAY, WEEK, MONTH = "day", "week", "month"
# A day and month up to this long after the article is a future date ("talks on 20 December"),
# not last year's: it is ignored rather than moved back a year.
FUTURE_WINDOW = dt.timedelta(days=62)


@dataclass(frozen=True)
class When:
    """A resolved date, the words it was read from, and how precise it is: a ``day``, or a
    ``week`` (then ``day`` is that week's Monday)."""

    day: dt.date
    precision: str
    words: str


# English month names and abbreviations, as people write them in dates (editors too).
ENGLISH_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

_MONTHS = {
    # English, full and abbreviated
    **ENGLISH_MONTHS,
    # Ukrainian, genitive ("12 грудня")
    "січня": 1, "лютого": 2, "березня": 3, "квітня": 4, "травня": 5, "червня": 6, "липня": 7,
    "серпня": 8, "вересня": 9, "жовтня": 10, "листопада": 11, "грудня": 12,
    # Russian, genitive ("12 декабря")
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
    "понеділок": 0, "вівторок": 1, "середу": 2, "четвер": 3, "п’ятницю": 4,
    "суботу": 5, "неділю": 6,
    "понедельник": 0, "вторник": 1, "среду": 2, "четверг": 3, "пятницу": 4, "субботу": 5,
    "воскресенье": 6,
}  # fmt: skip
_RELATIVE_DAYS = {
    "today": 0, "earlier today": 0, "this morning": 0, "this afternoon": 0,
    "this evening": 0, "tonight": 0, "yesterday": 1, "last night": 1,
    "the day before yesterday": 2,
    "сьогодні": 0, "вчора": 1, "учора": 1, "позавчора": 2,
    "сегодня": 0, "вчера": 1, "позавчера": 2,
}  # fmt: skip
_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_LAST_WEEK = r"last week|минулого тижня|на минулому тижні|на прошлой неделе|на прошедшей неделе"

_EN_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
# The relative words, longest first, read by the table that resolves them.
_RELATIVE = "|".join(sorted(_RELATIVE_DAYS, key=len, reverse=True))
_SLAVIC_MONTH = "|".join(k for k in _MONTHS if not k.isascii())
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_SLAVIC_YEAR = rf"(?:\s+{_YEAR}(?:\s*(?:року|рік|года|год|р\.|г\.))?)?"
# Words that make a date a bound or a span, not the time of the statement: "since 24 February".
_BOUND = (
    r"(?:since|until|till|before|after|from|by|between|through|starting|"
    r"з|із|від|до|після|починаючи з|с|со|от|после|начиная с|вплоть до)"
)

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "в ночь с 2 на 3 декабря", "у ніч з 2 на 3 грудня": the night ends on the later day
    (
        "night",
        re.compile(
            r"(?<!\w)(?:в|у|во)\s+(?:ночь|ніч)\s+(?:(?:с|з|із)\s+\d{1,2}\s+)?(?:на|проти)\s+"
            rf"(?P<day>\d{{1,2}})\s+(?P<month>{_SLAVIC_MONTH}){_SLAVIC_YEAR}(?!\w)",
            re.I,
        ),
    ),
    # "the night of February 20 to 21", "overnight on February 1 to February 2": the later day
    (
        "night",
        re.compile(
            rf"(?<!\w)(?:night of|overnight on|overnight)\s+(?:{_EN_MONTH}\s+)?\d{{1,2}}{_ORD}"
            rf"\s*(?:to|into|-|–)\s*(?:(?P<month>{_EN_MONTH})\s+)?(?P<day>\d{{1,2}}){_ORD}"
            rf"(?:\s+(?P<month2>{_EN_MONTH}))?(?!\w)",
        ),
    ),
    # "12 December", "12th of December 2024", "3 Jul 2022"
    (
        "day month",
        re.compile(
            rf"(?<![\w.])(?P<day>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<month>{_EN_MONTH})"
            rf"(?:,?\s+{_YEAR})?(?![\w])",
        ),
    ),
    # "December 12th", "Dec. 12", "December 12, 2024"
    (
        "month day",
        re.compile(
            rf"(?<![\w])(?P<month>{_EN_MONTH})\s+(?P<day>\d{{1,2}}){_ORD}(?![\w:.,]\d)"
            rf"(?:,?\s+{_YEAR})?(?!\w)",
        ),
    ),
    # "12 грудня", "12 декабря 2024 года"
    (
        "slavic day month",
        re.compile(
            rf"(?<![\w.])(?P<day>\d{{1,2}})(?:-?го)?\s+(?P<month>{_SLAVIC_MONTH}){_SLAVIC_YEAR}"
            r"(?!\w)",
            re.I,
        ),
    ),
    # "03.12.2024", "2024-12-03"
    (
        "numeric",
        re.compile(r"(?<![\w.])(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>20\d\d)(?![\w.]\d)"),
    ),
    (
        "iso",
        re.compile(r"(?<![\w-])(?P<year>20\d\d)-(?P<month>\d\d)-(?P<day>\d\d)(?![\w-])"),
    ),
    # "on Tuesday", "late Tuesday", "Tuesday's", "у вівторок", "во вторник"
    (
        "weekday",
        re.compile(
            r"(?<!\w)(?P<last>last\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|"
            r"Saturday|Sunday)(?!\w)(?!\s+(?:Times|Telegraph|Mirror|Express|Post|Herald))"
            r"|(?<!\w)(?i:в|у|во)\s+(?P<sweekday>понеділок|вівторок|середу|четвер|п['’]ятницю|"
            r"суботу|неділю|понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)"
            r"(?!\w)"
        ),
    ),
    (
        "relative",
        re.compile(
            rf"(?<!\w)(?P<rel>{_RELATIVE})(?!\w)",
            re.I,
        ),
    ),
    ("week", re.compile(rf"(?<!\w)(?P<week>{_LAST_WEEK})(?!\w)", re.I)),
    # "two weeks ago", "3 days ago": counted back from the article's day
    (
        "ago",
        re.compile(
            rf"(?<!\w)(?P<count>{'|'.join(_COUNTS)}|\d{{1,2}})\s+(?P<unit>days?|weeks?)\s+ago(?!\w)",
            re.I,
        ),
    ),
]
_BOUND_BEFORE = re.compile(rf"(?<!\w){_BOUND}\s+(?:on\s+|in\s+)?(?:the\s+)?$", re.I)
_FUTURE_BEFORE = re.compile(
    r"(?<!\w)(?:next|this coming|coming|will|наступного|наступний|в наступний|у наступний|"
    r"следующий|в следующий|в ближайший|у найближчий)\s+(?:[\w'’]+\s+){0,5}$",
    re.I,
)


# A Ukrainian or Russian noun of an attack just before a date: the day of the attack.
_EVENT_BEFORE = re.compile(
    r"(?<![\w-])(?:удар\w*|атак\w*|обстр[еі]л\w*|штурм\w*|нападу|нападени\w*|вибух\w*|"
    r"взрыв\w*|прил[еі]т\w*|прильот\w*)(?:\s+[\w-]+){0,2}\s+$",
    re.I,
)
_ARTICLE_BEFORE = re.compile(r"(?<!\w)(?:a|an|the)\s+$", re.I)
_NOUN_AFTER = re.compile(r"\s+(?!and\b|or\b|to\b|of\b|in\b|at\b|on\b)[a-z]")
# A date right after a reporting verb is the statement's own: "officials said on Tuesday that
# troops crossed the river on Sunday" is dated Tuesday.
_SAID = (
    r"(?<!\w)(?:said|say|says|told|reported|claimed|announced|stated|wrote|posted|confirmed|"
    r"denied|acknowledged|admitted|added|noted|warned|заяви\w*|повідоми\w*|сообщи\w*|"
    r"сказа\w*|зазначи\w*|отмети\w*|спростува\w*|опроверг\w*)"
)
_SAID_BEFORE = re.compile(
    rf"{_SAID}(?:\s+\w+)?\s+(?:(?:on|late|early|late on|early on|in|at)\s+)?$", re.I
)
# "On Sunday, the first lady will meet ..." names a day to come, unless someone said so first.
_WILL_AFTER = re.compile(rf"^(?:(?!{_SAID}).){{0,80}}?(?<!\w)(?:will|буде|будет)(?!\w)", re.I)


def _month(value: str) -> int | None:
    if value.isdigit():
        number = int(value)
        return number if 1 <= number <= 12 else None
    return _MONTHS.get(value.lower().rstrip("."))


def _first_month(text: str) -> str | None:
    """The month a range names once, before its first day ("February 20 to 21")."""
    found = re.search(_EN_MONTH, text)
    return found.group(0) if found else None


def _calendar(found: re.Match[str], published: dt.date | None) -> dt.date | None:
    """A day and month, with the year given or inferred: never after the article."""
    named = found.groupdict()
    words = named.get("month") or named.get("month2") or _first_month(found.group(0))
    month = _month(words) if words else None
    try:
        day = int(found["day"])
    except (TypeError, ValueError):
        return None
    if month is None:
        return None
    year_text = found.groupdict().get("year")
    if year_text:
        try:
            when = dt.date(int(year_text), month, day)
        except ValueError:
            return None
        return when if published is None or when <= published else None
    if published is None:
        return None
    for year in (published.year, published.year - 1):
        try:
            when = dt.date(year, month, day)
        except ValueError:
            continue  # 29 February in a year without one
        if when <= published:
            return when
        if when - published <= FUTURE_WINDOW:
            return None
    return None


def _weekday(found: re.Match[str], published: dt.date | None) -> dt.date | None:
    """The most recent such day on or before the article ("last Tuesday": before it)."""
    if published is None:
        return None
    name = (found["weekday"] or found["sweekday"]).lower()
    back = (published.weekday() - _WEEKDAYS[name.replace("'", "’")]) % 7
    if found["last"] and back == 0:
        back = 7
    return published - dt.timedelta(days=back)


def _resolve(kind: str, found: re.Match[str], published: dt.date | None) -> When | None:
    words = found.group(0)
    if kind == "weekday":
        day = _weekday(found, published)
    elif kind == "relative":
        if published is None:
            return None
        day = published - dt.timedelta(days=_RELATIVE_DAYS[found["rel"].lower()])
    elif kind == "ago":
        if published is None:
            return None
        count = found["count"].lower()
        days = int(count) if count.isdigit() else _COUNTS[count]
        day = published - dt.timedelta(days=days * (7 if found["unit"].lower()[0] == "w" else 1))
    elif kind == "week":
        if published is None:
            return None
        monday = published - dt.timedelta(days=published.weekday())
        return When(monday - dt.timedelta(days=7), WEEK, words)
    else:
        day = _calendar(found, published)
    return When(day, DAY, words) if day is not None else None


_IN_MONTH = re.compile(
    r"\b[Ii]n\s+(?P<part>early|mid-?|late)?\s*(?P<month>"
    + "|".join(
        sorted(
            (m.title() for m in ENGLISH_MONTHS if len(m) > 3 or m == "may"), key=len, reverse=True
        )
    )
    + r")\b(?!\s+\d)"
)
_PART_DAY = {"early": 1, "mid": 10, "mid-": 10, "late": 20}


def _in_month(sentence: str, published: dt.date | None) -> When | None:
    """ "In early June": the month's first (mid: tenth, late: twentieth) day, in the latest
    year that does not put it after the article; known only to the month. The article's own
    month is left to the article's date."""
    found = _IN_MONTH.search(sentence)
    if found is None or published is None:
        return None
    month = ENGLISH_MONTHS[found["month"].lower()]
    if month == published.month:
        return None  # the article's own month: its date says as much, and more precisely
    year = published.year if month <= published.month else published.year - 1
    day = dt.date(year, month, _PART_DAY.get((found["part"] or "early").lower(), 1))
    return When(day, MONTH, found.group(0)) if day <= published else None


def find_when(sentence: str, published: dt.date | dt.datetime | None) -> When | None:
    """The first time the sentence names, resolved against the article's date.

    Dates that bound a span ("since 24 February", "until Friday") and future ones ("next
    Tuesday", "will meet on 20 December") are skipped; so is anything relative when the
    article has no date.
    """
    if isinstance(published, dt.datetime):
        published = published.date()
    hits: list[tuple[int, int, When]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for found in pattern.finditer(sentence):
            start, end = found.span()
            if any(s <= start < e or start <= s < end for s, e in taken):
                continue  # "в ночь на 3 декабря" is read once, as a night
            taken.append((start, end))
            before = sentence[max(0, start - 40) : start]
            if _BOUND_BEFORE.search(before) or _FUTURE_BEFORE.search(before):
                continue
            if _ARTICLE_BEFORE.search(before) and _NOUN_AFTER.match(sentence[end:]):
                continue  # "a February 6 attack" names the attack's day, not the statement's
            if _EVENT_BEFORE.search(before):
                continue  # "после удара ВСУ 23 ноября" likewise
            said = bool(_SAID_BEFORE.search(before))
            dated = bool(found.groupdict().get("year"))  # a timestamp: "3 Jul 2022 23.50"
            if not said and not dated and _WILL_AFTER.match(sentence[end:]):
                continue
            when = _resolve(kind, found, published)
            if when is not None:
                hits.append((0 if said else 1, start, -len(when.words), when))
    if not hits:
        return _in_month(sentence, published)
    return min(hits, key=lambda hit: hit[:3])[3]


def said_on(sentence: str, published: dt.date | dt.datetime | None) -> dt.date | None:
    """The day a sentence dates itself to, when it names one; None leaves the article's date.
    A month ("in early June") gives its first, tenth or twentieth day: nearer the truth than
    an article written months later."""
    when = find_when(sentence, published)
    return when.day if when is not None and when.precision in (DAY, MONTH) else None
