"""A validator for Telegram's ``parse_mode=HTML``, modelled on TDLib's ``parse_html``.

The fake Bot API uses it so that end-to-end tests fail the same way production would when the
bot sends markup Telegram refuses: an unknown tag, a mis-nested or unclosed tag, a bare ``<``.
Error texts follow TDLib's wording (byte offsets are UTF-8 offsets into the original text), so
the ``description`` of a refused call reads like the real one.

Deliberate difference from Telegram: a bare ``&`` that does not start a recognised entity is an
error here (``strict_ampersand=True``). Telegram keeps such an ``&`` literally, but its docs
require escaping it, and a bot that forgets ``html.escape`` for ``&`` usually forgets it for
``<`` too, which Telegram does refuse. Pass ``strict_ampersand=False`` for Telegram's exact
behaviour.

Public API::

    parse(text, *, strict_ampersand=True) -> ParsedHtml      # raises HtmlParseError
    validate(text, *, strict_ampersand=True) -> tuple[bool, str, int]
    utf16_len(text) -> int
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ALLOWED_TAGS",
    "HtmlParseError",
    "ParsedHtml",
    "parse",
    "strip_entities",
    "utf16_len",
    "validate",
]

ALLOWED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "code",
        "pre",
        "blockquote",
        "span",
        "tg-spoiler",
        "tg-emoji",
    }
)

_ENTITY_TYPE = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "a": "text_link",
    "tg-emoji": "custom_emoji",
}

_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}

# Characters Telegram trims from both ends of a message before checking it is non-empty.
_TRIM_CHARS = " \t\n\r\f\v"


class HtmlParseError(ValueError):
    """Raised for markup Telegram answers with ``Bad Request: can't parse entities: ...``."""


@dataclass
class ParsedHtml:
    """Result of parsing: the plain text Telegram would store and its entities.

    ``entities`` use UTF-16 offsets and lengths, as in the Bot API's MessageEntity.
    """

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)

    @property
    def length(self) -> int:
        """Length in UTF-16 code units, the unit Telegram's limits are expressed in."""
        return utf16_len(self.text)


def utf16_len(text: str) -> int:
    """Count UTF-16 code units: characters outside the BMP (most emoji) count twice."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _is_space(ch: str) -> bool:
    return ch in " \t\r\n\f\v"


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _decode_entity(text: str, i: int) -> tuple[str, int] | None:
    """Decode the entity starting at ``text[i] == '&'``; return (char, next_index) or None."""
    end = text.find(";", i + 1, i + 12)
    if end == -1:
        return None
    body = text[i + 1 : end]
    if body in _NAMED_ENTITIES:
        return _NAMED_ENTITIES[body], end + 1
    if body.startswith("#"):
        digits = body[1:]
        try:
            if digits[:1] in ("x", "X"):
                code = int(digits[1:], 16) if digits[1:] else -1
            else:
                code = int(digits, 10) if digits.isdigit() else -1
        except ValueError:
            return None
        if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
            return chr(code), end + 1
    return None


@dataclass
class _Open:
    tag: str
    start: int  # offset in the plain text (code points)
    byte_offset: int
    argument: str = ""
    expandable: bool = False


def parse(text: str, *, strict_ampersand: bool = True) -> ParsedHtml:
    """Parse Telegram HTML into plain text and entities, raising HtmlParseError like Telegram.

    The text is not trimmed here; see ``strip_entities`` for what Telegram does next.
    """
    out: list[str] = []
    out_len = 0
    entities: list[tuple[int, int, dict[str, Any]]] = []
    stack: list[_Open] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "&":
            decoded = _decode_entity(text, i)
            if decoded is None:
                if strict_ampersand:
                    raise HtmlParseError(
                        f"Bare '&' at byte offset {_byte_offset(text, i)}: "
                        "escape it as &amp; (Telegram requires it)"
                    )
                out.append("&")
                out_len += 1
                i += 1
            else:
                out.append(decoded[0])
                out_len += 1
                i = decoded[1]
            continue
        if ch != "<":
            out.append(ch)
            out_len += 1
            i += 1
            continue

        begin = i
        begin_byte = _byte_offset(text, begin)
        if i + 1 < n and text[i + 1] == "/":
            if not stack:
                raise HtmlParseError(f"Unexpected end tag at byte offset {begin_byte}")
            i += 2
            while i < n and not _is_space(text[i]) and text[i] != ">":
                i += 1
            end_name = text[begin + 2 : i].lower()
            while i < n and _is_space(text[i]):
                i += 1
            if i >= n or text[i] != ">":
                raise HtmlParseError(f"Unclosed end tag at byte offset {begin_byte}")
            i += 1
            opened = stack.pop()
            if end_name and end_name != opened.tag:
                raise HtmlParseError(
                    f"Unmatched end tag at byte offset {begin_byte}, expected "
                    f'"</{opened.tag}>", found "</{end_name}>"'
                )
            entities.append((opened.start, out_len, _make_entity(opened)))
            continue

        i += 1
        while i < n and not _is_space(text[i]) and text[i] != ">":
            i += 1
        if i >= n:
            raise HtmlParseError(f"Unclosed start tag at byte offset {begin_byte}")
        tag = text[begin + 1 : i].lower()
        if tag not in ALLOWED_TAGS:
            raise HtmlParseError(f'Unsupported start tag "{tag}" at byte offset {begin_byte}')
        opened = _Open(tag=tag, start=out_len, byte_offset=begin_byte)
        i = _parse_attributes(text, i, opened)
        if tag == "span" and opened.argument != "spoiler":
            raise HtmlParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {begin_byte}'
            )
        stack.append(opened)

    if stack:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    plain = "".join(out)
    return ParsedHtml(text=plain, entities=_to_utf16_entities(plain, entities))


def _parse_attributes(text: str, i: int, opened: _Open) -> int:
    """Parse attributes up to and including ``>``; return the index after it."""
    n = len(text)
    tag = opened.tag
    while i < n and text[i] != ">":
        while i < n and _is_space(text[i]):
            i += 1
        if i < n and text[i] == ">":
            break
        name_start = i
        while i < n and not _is_space(text[i]) and text[i] not in "=>":
            i += 1
        name = text[name_start:i].lower()
        if not name:
            raise HtmlParseError(
                f'Empty attribute name in the tag "{tag}" at byte offset {opened.byte_offset}'
            )
        while i < n and _is_space(text[i]):
            i += 1
        if name == "expandable" and tag == "blockquote" and (i >= n or text[i] != "="):
            opened.expandable = True
            continue
        if i >= n or text[i] != "=":
            raise HtmlParseError(
                "Expected equal sign in declaration of an attribute of the tag "
                f'"{tag}" at byte offset {opened.byte_offset}'
            )
        i += 1
        while i < n and _is_space(text[i]):
            i += 1
        if i >= n:
            raise HtmlParseError(f'Unclosed start tag "{tag}" at byte offset {opened.byte_offset}')
        if text[i] in "'\"":
            quote = text[i]
            i += 1
            value_chars: list[str] = []
            while i < n and text[i] != quote:
                if text[i] == "&":
                    decoded = _decode_entity(text, i)
                    if decoded is not None:
                        value_chars.append(decoded[0])
                        i = decoded[1]
                        continue
                value_chars.append(text[i])
                i += 1
            if i < n:
                i += 1
            value = "".join(value_chars)
        else:
            token_start = i
            while i < n and (text[i].isalnum() or text[i] in ".-"):
                i += 1
            value = text[token_start:i].lower()
            if i < n and not _is_space(text[i]) and text[i] != ">":
                raise HtmlParseError(
                    f"Unexpected end of name token at byte offset {_byte_offset(text, token_start)}"
                )
        if i >= n:
            raise HtmlParseError(f"Unclosed start tag at byte offset {opened.byte_offset}")
        if tag == "a" and name == "href":
            opened.argument = value
        elif tag == "code" and name == "class" and value.startswith("language-"):
            opened.argument = value[len("language-") :]
        elif tag == "span" and name == "class" and value.startswith("tg-"):
            opened.argument = value[len("tg-") :]
        elif tag == "tg-emoji" and name == "emoji-id":
            opened.argument = value
        elif tag == "blockquote" and name == "expandable":
            opened.expandable = True
    if i >= n:
        raise HtmlParseError(f"Unclosed start tag at byte offset {opened.byte_offset}")
    return i + 1


def _make_entity(opened: _Open) -> dict[str, Any]:
    kind = _ENTITY_TYPE[opened.tag]
    entity: dict[str, Any] = {"type": kind}
    if opened.tag == "a":
        if opened.argument:
            entity["url"] = opened.argument
        else:
            entity["type"] = "url"
    elif opened.tag == "blockquote" and opened.expandable:
        entity["type"] = "expandable_blockquote"
    elif opened.tag == "tg-emoji":
        entity["custom_emoji_id"] = opened.argument
    elif opened.tag == "code" and opened.argument:
        entity["language"] = opened.argument
    return entity


def _to_utf16_entities(
    plain: str, spans: list[tuple[int, int, dict[str, Any]]]
) -> list[dict[str, Any]]:
    prefix = [0]
    for ch in plain:
        prefix.append(prefix[-1] + (2 if ord(ch) > 0xFFFF else 1))
    result = []
    for start, end, entity in spans:
        if end <= start:
            continue
        result.append({**entity, "offset": prefix[start], "length": prefix[end] - prefix[start]})
    # A <code> inside <pre> becomes the pre block's language in Telegram.
    merged: list[dict[str, Any]] = []
    for entity in result:
        if entity["type"] == "code" and "language" in entity:
            pre = next(
                (
                    e
                    for e in result
                    if e["type"] == "pre"
                    and e["offset"] == entity["offset"]
                    and e["length"] == entity["length"]
                ),
                None,
            )
            if pre is not None:
                pre["language"] = entity["language"]
                continue
            entity.pop("language")
        merged.append(entity)
    merged.sort(key=lambda e: (e["offset"], -e["length"]))
    return merged


def strip_entities(parsed: ParsedHtml) -> ParsedHtml:
    """Trim surrounding whitespace as Telegram does and shift/clip entities accordingly."""
    text = parsed.text
    lead = len(text) - len(text.lstrip(_TRIM_CHARS))
    stripped = text.strip(_TRIM_CHARS)
    shift = utf16_len(text[:lead])
    limit = utf16_len(stripped)
    entities = []
    for entity in parsed.entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, limit)
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return ParsedHtml(text=stripped, entities=entities)


def validate(text: str, *, strict_ampersand: bool = True) -> tuple[bool, str, int]:
    """Return ``(ok, error, parsed_length)``.

    ``error`` is TDLib's message without the ``Bad Request: can't parse entities:`` prefix
    (empty when ok); ``parsed_length`` is the UTF-16 length of the trimmed plain text, the
    number Telegram compares against the 4096 limit (0 when not ok).
    """
    try:
        parsed = strip_entities(parse(text, strict_ampersand=strict_ampersand))
    except HtmlParseError as exc:
        return False, str(exc), 0
    return True, "", parsed.length
