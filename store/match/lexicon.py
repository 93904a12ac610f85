"""Word lists the matcher reads: concepts that several verbs share, actors, negation, filler.

English entries are lemmas (as simplemma gives them); Ukrainian and Russian entries are
lowercase stems, matched as prefixes of a lemma, because case and aspect endings vary more
than a lemmatiser reliably undoes for war vocabulary.
"""

from __future__ import annotations

# Small numbers written as words: a tally's figure reads alike as "two", "два", "двоє" or
# "2" (store.match.frame); as a word, "два" is "two" (store.match.text).
NUMBER_WORDS: dict[str, int | None] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "dozens": None, "hundreds": None,
    "двое": 2, "двоє": 2, "два": 2, "две": 2, "дві": 2, "трое": 3, "троє": 3, "три": 3,
    "четверо": 4, "четыре": 4, "чотири": 4, "пятеро": 5, "пять": 5, "п'ять": 5, "шесть": 6,
    "шість": 6, "семь": 7, "сім": 7, "восемь": 8, "вісім": 8, "девять": 9, "дев'ять": 9,
    "десять": 10,
}  # fmt: skip

# concept -> (English lemmas, Cyrillic stems)
CONCEPTS: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    "capture": (
        frozenset(
            "take capture seize occupy liberate fall overrun conquer retake recapture "
            "taken captured seized occupied liberated fell".split()
        ),
        (
            "захоп",
            "захва",
            "взя",
            "взял",
            "взят",
            "узя",
            "окуп",
            "оккуп",
            "звільн",
            "освобо",
            "заня",
            "занял",
            "займ",
            "зайня",
            "контрол",
            "відвою",  # "відвоювання Курської області": retaking
            "отвоева",
            "отвою",
        ),
    ),
    "enter": (
        frozenset("enter inside infiltrate penetrate entered".split()),
        (
            "зайш",
            "зашл",
            "вошл",
            "вошел",
            "увійш",
            "заход",
            "проник",
            "вход",
            "зайт",
            "войти",  # "не удалось войти в Купянск"
            "войд",
            "увійт",
            "увійд",
            # driven in: "въехали в Купянск", "заїхали в місто", "ворвались в город"
            "въех",
            "заех",
            "в'їх",
            "вʼїх",
            "заїх",
            "ворва",
            "увірв",
        ),
    ),
    "encircle": (
        frozenset("encircle encircled encirclement surround surrounded cauldron".split()),
        ("оточ", "окруж", "котел", "котёл"),
    ),
    "withdraw": (
        frozenset("withdraw retreat pull abandon leave left withdrew withdrawn".split()),
        (
            "відійш",
            "відступ",
            "отош",
            "отступ",
            "вивед",
            "вывод",
            "вывел",
            "вивел",
            "залиш",
            "вийшл",  # "вийшли із Сіверська": pulled out
            "вышл",
        ),
    ),
    "strike": (
        frozenset("strike hit attack bomb target struck".split()),
        ("удар", "атак", "уразил", "уражен", "поразил", "поражен", "влуч", "попал"),
    ),
    "shell": (
        frozenset("shell shelling artillery bombard bombardment mortar".split()),
        ("обстр", "артил"),
    ),
    "drone": (
        frozenset("drone uav shahed".split()),
        ("дрон", "бпла", "беспилот", "безпілот", "шахед"),
    ),
    "people": (
        frozenset("people person civilian resident".split()),
        ("людей", "люди", "людин", "человек", "мирн", "цивільн", "жител", "мешкан"),
    ),
    # A river crossed: "форсування Осколу", "переправились через Оскол".
    "cross": (frozenset("cross crossed crossing".split()), ("форсув", "форсир", "переправ")),
    # Ground or men lost: "втратили 40% території", "потеряли".
    "lose": (frozenset("lose lost loss losses".split()), ("втрат", "потер")),
    "territory": (frozenset("territory".split()), ("територ", "территор")),
    "third": (frozenset("third".split()), ("трет",)),
    "half": (frozenset("half".split()), ("половин",)),
    "quarter": (frozenset("quarter".split()), ("чверт", "четверт")),
    # People killed: "killed", "погибли", "загинули", "убиты".
    "kill": (
        frozenset("kill killed die died dead death".split()),
        ("погиб", "загин", "загиб", "убит", "убил", "убив", "вбит", "вбил", "вбив"),
    ),
    # Drones and missiles brought down: "shot down", "сбиты", "збито", "перехоплено".
    "down": (
        frozenset("down downed intercept intercepted".split()),
        ("сбит", "сбил", "сбива", "збит", "збил", "збива", "перехват", "перехоп", "знешкод"),
    ),
    # "air defence", "ПВО", "ППО": the English word stands for the pair.
    "airdefence": (frozenset("defence defense".split()), ("пво", "ппо")),
    "destroy": (
        frozenset(
            "destroy destroyed destruction blow blew blown explode exploded explosion blast "
            "breach breached demolish demolished".split()
        ),
        (
            "зруйн",
            "руйнув",
            "разруш",
            "підірв",
            "підрив",
            "взорв",
            "взрыв",
            "вибух",
            "знищ",
            "уничтож",
        ),
    ),
    "missile": (frozenset("missile rocket".split()), ("ракет",)),
    "airfield": (
        frozenset("airfield airbase aerodrome airport".split()),
        ("аэродром", "аеродром", "авиабаз", "авіабаз"),
    ),
    "energy": (
        frozenset("energy power electricity substation".split()),
        ("енерг", "энерг", "электр", "електр", "подстанц", "підстанц"),
    ),
    "force": (
        frozenset("force troop army unit soldier military serviceman fighter".split()),
        ("військ", "войск", "арм", "військ", "підрозділ", "подраздел", "бійц", "боец", "бойц"),
    ),
}

ACTORS: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    "russia": (
        frozenset("russia russian russians moscow kremlin rf wagner".split()),
        (
            "росі",
            "росс",
            "русск",
            "рф",
            "окупант",
            "оккупант",
            "захватчик",
            "загарбник",
            "кремл",
            "москв",
            "вагнер",
        ),
    ),
    "ukraine": (
        frozenset("ukraine ukrainian ukrainians afu zsu".split()),
        ("україн", "украин", "зсу", "всу"),
    ),
}

# Particles negate what follows, so two of them cancel ("not untrue"). Denial words say a
# claim is false: a sentence holding two ("made up, as they lied before", "denied the
# report, calling it fake") denies once (store.match.analyze).
NEGATIONS_EN = frozenset("not no never nor neither".split())
DENIALS_EN = frozenset(
    "deny denies denied refute refuted fake false untrue hoax debunk debunked myth repel "
    "repelled repulse repulsed fail failed reject rejects rejected dismiss dismisses dismissed "
    "rebuff rebuffed".split()
)
NEGATIONS_CYR = frozenset("не ні нет ни немає".split())
DENIALS_CYR = frozenset("фейк неправда брехня ложь".split())
# "Attacks were repelled" says the capture did not happen: it reads as a denial.
NEGATION_STEMS = (
    "спростув",
    "спростов",  # "спростовуючи заяви", "спростовує"
    "опроверг",
    "заперечу",
    "заперечи",  # "заперечили захоплення"
    "нафантаз",  # "нафантазували захоплення": made up
    "вигада",
    "неправдив",  # "повідомлення ... є неправдивими": untrue
    "отказался",  # "отказался признать потерю города": refused to acknowledge
    "отказались",
    "відмовився",
    "відмовилися",
    "брехал",
    "брехли",
    "фейков",
    "выдума",
    "отрица",
    "отбит",
    "отбил",
    "відбит",
    "відбил",
)

STOPWORDS_EN = frozenset(
    """a an the of in on at to by for from with into onto over under about after before as
    is are was were be been being has have had do does did this that these those it its
    and or but so than then there here which who whom whose what when where while will would
    shall should can could may might must also just only very more most some any all
    i you he she we they me him her us them my your his our their
    city village town settlement oblast region province district area
    reportedly report reports say said says claim claims according out
    north south east west""".split()
)
STOPWORDS_CYR = frozenset(
    """в у на з із зі до під по та і й що як від це за о об про над при через
    и с из со под от что как это о об про над при через к ко же ли бы
    місто місті села село селище смт город села селе поселок поселке посёлок
    область області обл район районі районе регіон регион""".split()
)
