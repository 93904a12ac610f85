"""Builders of update dicts shaped like the JSON Telegram actually sends.

They return updates *without* ``update_id``: ``FakeBotAPI.push_update`` assigns it, the way
Telegram numbers updates per bot. The shapes (field names, entities on commands, both
``forward_origin`` and the legacy ``forward_from*`` fields on forwards) copy real payloads, so
handlers are exercised against what production delivers rather than against hand-made
``telegram.Update`` objects that skip ``de_json``.

Message ids auto-increment per chat; dates are UNIX ints. ``reset()`` restarts the counters.
"""

from __future__ import annotations

import itertools
import re
import time
from typing import Any, Literal

__all__ = [
    "BOT_ID",
    "BOT_USERNAME",
    "automatic_forward",
    "bot_user",
    "callback_query",
    "channel_forward",
    "channel_post",
    "command_entities",
    "edited_channel_post",
    "edited_text",
    "group_text",
    "hidden_user_forward",
    "inline_query",
    "mention",
    "next_message_id",
    "note_message_id",
    "photo",
    "private_command",
    "private_text",
    "reset",
    "sticker",
    "user",
    "user_forward",
    "voice",
]

BOT_ID = 123456
BOT_USERNAME = "sourcecheck_test_bot"

DEFAULT_USER_ID = 1001
DEFAULT_GROUP_ID = -100500
DEFAULT_GROUP_TITLE = "Fact-checkers"

_last_message_ids: dict[int, int] = {}
_query_ids = itertools.count(4_000_000_000_001)
_file_ids = itertools.count(1)

_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION_RE = re.compile(r"@[A-Za-z0-9_]{5,32}")

ChatTarget = Literal["private"] | int


def reset() -> None:
    """Restart message-id counters so each test starts from predictable ids."""
    _last_message_ids.clear()


def next_message_id(chat_id: int) -> int:
    """Allocate the next message id in ``chat_id`` (ids are per chat in Telegram).

    ``FakeBotAPI`` allocates the bot's own message ids here too, so a user message built
    after a bot reply never reuses the reply's id.
    """
    mid = _last_message_ids.get(chat_id, 0) + 1
    _last_message_ids[chat_id] = mid
    return mid


def note_message_id(chat_id: int, message_id: int) -> None:
    """Record an id used elsewhere (an explicit ``message_id=``) so it is not handed out."""
    _last_message_ids[chat_id] = max(_last_message_ids.get(chat_id, 0), message_id)


def _now() -> int:
    return int(time.time())


def _utf16(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def user(
    user_id: int = DEFAULT_USER_ID,
    first_name: str = "Olena",
    *,
    last_name: str | None = None,
    username: str | None = None,
    language_code: str | None = "uk",
    is_bot: bool = False,
) -> dict[str, Any]:
    """A ``User`` object as embedded in messages (``from``)."""
    result: dict[str, Any] = {"id": user_id, "is_bot": is_bot, "first_name": first_name}
    if last_name:
        result["last_name"] = last_name
    if username:
        result["username"] = username
    if language_code and not is_bot:
        result["language_code"] = language_code
    return result


def bot_user(bot_id: int = BOT_ID, username: str = BOT_USERNAME) -> dict[str, Any]:
    """The bot's own ``User`` object, as found in ``from`` of messages the bot sent."""
    return {"id": bot_id, "is_bot": True, "first_name": "SourceCheck", "username": username}


def _private_chat(from_user: dict[str, Any]) -> dict[str, Any]:
    chat = {"id": from_user["id"], "type": "private", "first_name": from_user["first_name"]}
    for key in ("last_name", "username"):
        if key in from_user:
            chat[key] = from_user[key]
    return chat


def _group_chat(chat_id: int, title: str = DEFAULT_GROUP_TITLE) -> dict[str, Any]:
    kind = "supergroup" if str(chat_id).startswith("-100") else "group"
    chat: dict[str, Any] = {"id": chat_id, "title": title, "type": kind}
    if kind == "group":
        chat["all_members_are_administrators"] = False
    return chat


def command_entities(text: str) -> list[dict[str, Any]]:
    """Entities Telegram attaches to a text: ``bot_command`` at offset 0, mentions anywhere.

    Telegram marks ``/cmd`` only at the very start and ``/cmd@botname`` counts as one entity;
    PTB's CommandHandler relies on exactly that.
    """
    entities: list[dict[str, Any]] = []
    match = _COMMAND_RE.match(text)
    if match:
        entities.append({"offset": 0, "length": _utf16(match.group(0)), "type": "bot_command"})
    start = match.end() if match else 0
    for found in _MENTION_RE.finditer(text, start):
        if found.start() > 0 and (
            text[found.start() - 1].isalnum() or text[found.start() - 1] == "_"
        ):
            continue
        entities.append(
            {
                "offset": _utf16(text[: found.start()]),
                "length": _utf16(found.group(0)),
                "type": "mention",
            }
        )
    return entities


def _message(
    chat: dict[str, Any],
    from_user: dict[str, Any] | None,
    *,
    message_id: int | None,
    date: int | None,
    **fields: Any,
) -> dict[str, Any]:
    if message_id is None:
        message_id = next_message_id(chat["id"])
    else:
        note_message_id(chat["id"], message_id)
    msg: dict[str, Any] = {"message_id": message_id}
    if from_user is not None:
        msg["from"] = from_user
    msg["chat"] = chat
    msg["date"] = date if date is not None else _now()
    msg.update({k: v for k, v in fields.items() if v is not None})
    return msg


def _with_text(text: str, entities: list[dict[str, Any]] | None) -> dict[str, Any]:
    fields: dict[str, Any] = {"text": text}
    found = command_entities(text) if entities is None else entities
    if found:
        fields["entities"] = found
    return fields


def private_text(
    text: str,
    *,
    user_id: int = DEFAULT_USER_ID,
    first_name: str = "Olena",
    username: str | None = None,
    message_id: int | None = None,
    date: int | None = None,
    entities: list[dict[str, Any]] | None = None,
    reply_to: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A text message in the private chat with the user (``entities`` auto-detected if None)."""
    sender = user(user_id, first_name, username=username)
    msg = _message(
        _private_chat(sender),
        sender,
        message_id=message_id,
        date=date,
        reply_to_message=reply_to,
        **_with_text(text, entities),
    )
    return {"message": msg}


def private_command(
    text: str,
    *,
    user_id: int = DEFAULT_USER_ID,
    first_name: str = "Olena",
    message_id: int | None = None,
    date: int | None = None,
) -> dict[str, Any]:
    """A ``/command args`` in private; the ``bot_command`` entity is always present."""
    if not text.startswith("/"):
        raise ValueError(f"a command must start with '/': {text!r}")
    return private_text(
        text, user_id=user_id, first_name=first_name, message_id=message_id, date=date
    )


def group_text(
    text: str,
    *,
    chat_id: int = DEFAULT_GROUP_ID,
    chat_title: str = DEFAULT_GROUP_TITLE,
    user_id: int = DEFAULT_USER_ID,
    first_name: str = "Olena",
    reply_to: dict[str, Any] | None = None,
    entities: list[dict[str, Any]] | None = None,
    message_id: int | None = None,
    date: int | None = None,
) -> dict[str, Any]:
    """A text message in a group; commands and ``@mentions`` get entities like Telegram's."""
    msg = _message(
        _group_chat(chat_id, chat_title),
        user(user_id, first_name),
        message_id=message_id,
        date=date,
        reply_to_message=reply_to,
        **_with_text(text, entities),
    )
    return {"message": msg}


def mention(
    text: str,
    *,
    chat_id: int = DEFAULT_GROUP_ID,
    user_id: int = DEFAULT_USER_ID,
    bot_username: str = BOT_USERNAME,
) -> dict[str, Any]:
    """A group message mentioning the bot; prepends ``@bot`` if the text lacks it."""
    if f"@{bot_username}" not in text:
        text = f"@{bot_username} {text}"
    return group_text(text, chat_id=chat_id, user_id=user_id)


def _target_chat(chat: ChatTarget, sender: dict[str, Any]) -> dict[str, Any]:
    return _private_chat(sender) if chat == "private" else _group_chat(int(chat))


def _forward(
    text: str,
    chat: ChatTarget,
    user_id: int,
    origin: dict[str, Any],
    legacy: dict[str, Any],
    entities: list[dict[str, Any]] | None,
) -> dict[str, Any]:
    sender = user(user_id)
    fields: dict[str, Any] = {"forward_origin": origin, **legacy, "text": text}
    if entities:
        fields["entities"] = entities
    msg = _message(_target_chat(chat, sender), sender, message_id=None, date=None, **fields)
    return {"message": msg}


def channel_forward(
    text: str,
    *,
    channel_title: str = "Frontline Daily",
    channel_username: str | None = "frontline_daily",
    channel_id: int = -1001234567890,
    channel_message_id: int = 5512,
    original_date: int | None = None,
    author_signature: str | None = None,
    chat: ChatTarget = "private",
    user_id: int = DEFAULT_USER_ID,
    entities: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A channel post forwarded by a user, with ``forward_origin`` and the legacy fields."""
    original_date = original_date if original_date is not None else _now() - 3600
    channel: dict[str, Any] = {"id": channel_id, "title": channel_title, "type": "channel"}
    if channel_username:
        channel["username"] = channel_username
    origin: dict[str, Any] = {
        "type": "channel",
        "chat": channel,
        "message_id": channel_message_id,
        "date": original_date,
    }
    legacy: dict[str, Any] = {
        "forward_from_chat": channel,
        "forward_from_message_id": channel_message_id,
        "forward_date": original_date,
    }
    if author_signature:
        origin["author_signature"] = author_signature
        legacy["forward_signature"] = author_signature
    return _forward(text, chat, user_id, origin, legacy, entities)


def user_forward(
    text: str,
    *,
    original_user_id: int = 2002,
    original_first_name: str = "Taras",
    original_username: str | None = None,
    original_date: int | None = None,
    chat: ChatTarget = "private",
    user_id: int = DEFAULT_USER_ID,
) -> dict[str, Any]:
    """A message forwarded from a user whose privacy settings allow linking."""
    original_date = original_date if original_date is not None else _now() - 600
    sender = user(original_user_id, original_first_name, username=original_username)
    origin = {"type": "user", "sender_user": sender, "date": original_date}
    legacy = {"forward_from": sender, "forward_date": original_date}
    return _forward(text, chat, user_id, origin, legacy, None)


def hidden_user_forward(
    text: str,
    *,
    sender_user_name: str = "Hidden Person",
    original_date: int | None = None,
    chat: ChatTarget = "private",
    user_id: int = DEFAULT_USER_ID,
) -> dict[str, Any]:
    """A forward from a user who hides their account: only a name survives."""
    original_date = original_date if original_date is not None else _now() - 600
    origin = {"type": "hidden_user", "sender_user_name": sender_user_name, "date": original_date}
    legacy = {"forward_sender_name": sender_user_name, "forward_date": original_date}
    return _forward(text, chat, user_id, origin, legacy, None)


def channel_post(
    text: str,
    *,
    channel_id: int = -1001234567890,
    channel_title: str = "Frontline Daily",
    channel_username: str | None = "frontline_daily",
) -> dict[str, Any]:
    """A ``channel_post`` update, delivered when the bot is an admin of the channel."""
    channel: dict[str, Any] = {"id": channel_id, "title": channel_title, "type": "channel"}
    if channel_username:
        channel["username"] = channel_username
    return {"channel_post": _message(channel, None, message_id=None, date=None, text=text)}


def _channel(channel_id: int, title: str, username: str | None) -> dict[str, Any]:
    channel: dict[str, Any] = {"id": channel_id, "title": title, "type": "channel"}
    if username:
        channel["username"] = username
    return channel


def edited_channel_post(
    text: str,
    *,
    message_id: int,
    date: int,
    edit_date: int | None = None,
    channel_id: int = -1001234567890,
    channel_title: str = "Frontline Daily",
    channel_username: str | None = "frontline_daily",
) -> dict[str, Any]:
    """An ``edited_channel_post`` update: the channel changed one of its posts."""
    channel = _channel(channel_id, channel_title, channel_username)
    msg = _message(channel, None, message_id=message_id, date=date, text=text)
    msg["edit_date"] = edit_date if edit_date is not None else max(_now(), date + 1)
    return {"edited_channel_post": msg}


def automatic_forward(
    text: str,
    *,
    group_id: int,
    channel_message_id: int,
    original_date: int | None = None,
    channel_id: int = -1001234567890,
    channel_title: str = "Frontline Daily",
    channel_username: str | None = "frontline_daily",
) -> dict[str, Any]:
    """A channel post as Telegram copies it into the channel's discussion group: sent by the
    Telegram service account on behalf of the channel, ``is_automatic_forward`` set; comments
    are replies to it."""
    original_date = original_date if original_date is not None else _now() - 60
    channel = _channel(channel_id, channel_title, channel_username)
    service = {"id": 777000, "is_bot": False, "first_name": "Telegram"}
    origin = {
        "type": "channel",
        "chat": channel,
        "message_id": channel_message_id,
        "date": original_date,
    }
    msg = _message(
        _group_chat(group_id, "Comments"),
        service,
        message_id=None,
        date=original_date + 1,
        sender_chat=channel,
        is_automatic_forward=True,
        forward_origin=origin,
        forward_from_chat=channel,
        forward_from_message_id=channel_message_id,
        forward_date=original_date,
        text=text,
    )
    return {"message": msg}


def _file_pair(prefix: str) -> tuple[str, str]:
    n = next(_file_ids)
    return f"{prefix}ACAgIAAxkBAAI{n:08d}", f"AgAD{n:08d}"


def sticker(
    *,
    emoji: str = "👍",
    set_name: str = "HotCherry",
    chat: ChatTarget = "private",
    user_id: int = DEFAULT_USER_ID,
) -> dict[str, Any]:
    """A regular static sticker message."""
    file_id, unique = _file_pair("CAACAgIAAxkBAAI")
    body = {
        "file_id": file_id,
        "file_unique_id": unique,
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": emoji,
        "set_name": set_name,
        "file_size": 23_456,
    }
    sender = user(user_id)
    msg = _message(_target_chat(chat, sender), sender, message_id=None, date=None, sticker=body)
    return {"message": msg}


def photo(
    caption: str | None = None,
    *,
    chat: ChatTarget = "private",
    user_id: int = DEFAULT_USER_ID,
) -> dict[str, Any]:
    """A photo with the usual three sizes; a caption gets command/mention entities."""
    sizes = []
    for width, height, size in ((90, 67, 1_200), (320, 240, 15_000), (1280, 960, 120_000)):
        file_id, unique = _file_pair("AgACAgIAAxkBAAI")
        sizes.append(
            {
                "file_id": file_id,
                "file_unique_id": unique,
                "width": width,
                "height": height,
                "file_size": size,
            }
        )
    fields: dict[str, Any] = {"photo": sizes}
    if caption is not None:
        fields["caption"] = caption
        found = command_entities(caption)
        if found:
            fields["caption_entities"] = found
    sender = user(user_id)
    msg = _message(_target_chat(chat, sender), sender, message_id=None, date=None, **fields)
    return {"message": msg}


def voice(
    *,
    duration: int = 7,
    chat: ChatTarget = "private",
    user_id: int = DEFAULT_USER_ID,
) -> dict[str, Any]:
    """A voice note (OGG/Opus), which a text-only bot has to decline politely."""
    file_id, unique = _file_pair("AwACAgIAAxkBAAI")
    body = {
        "file_id": file_id,
        "file_unique_id": unique,
        "duration": duration,
        "mime_type": "audio/ogg",
        "file_size": duration * 2_000,
    }
    sender = user(user_id)
    msg = _message(_target_chat(chat, sender), sender, message_id=None, date=None, voice=body)
    return {"message": msg}


def edited_text(
    text: str,
    *,
    original: dict[str, Any] | None = None,
    chat: ChatTarget = "private",
    user_id: int = DEFAULT_USER_ID,
    edit_date: int | None = None,
) -> dict[str, Any]:
    """An ``edited_message`` update; pass ``original`` (an update or message) to keep its id."""
    if original is not None:
        base = dict(original.get("message", original))
        base.pop("entities", None)
    else:
        sender = user(user_id)
        base = _message(_target_chat(chat, sender), sender, message_id=None, date=_now() - 60)
    base.update(_with_text(text, None))
    base["edit_date"] = edit_date if edit_date is not None else max(_now(), base["date"] + 1)
    return {"edited_message": base}


def callback_query(
    data: str,
    *,
    message: dict[str, Any],
    user_id: int = DEFAULT_USER_ID,
    first_name: str = "Olena",
) -> dict[str, Any]:
    """A button press on ``message`` (a bot message dict, e.g. a sendMessage result)."""
    msg = message.get("result", message)
    chat_id = msg["chat"]["id"]
    return {
        "callback_query": {
            "id": str(next(_query_ids)),
            "from": user(user_id, first_name),
            "message": msg,
            "chat_instance": str((abs(chat_id) * 2_654_435_761) % 10**19),
            "data": data,
        }
    }


def inline_query(
    query: str,
    *,
    user_id: int = DEFAULT_USER_ID,
    first_name: str = "Olena",
    offset: str = "",
    chat_type: str | None = "sender",
) -> dict[str, Any]:
    """An inline query typed as ``@bot query`` in some chat."""
    body: dict[str, Any] = {
        "id": str(next(_query_ids)),
        "from": user(user_id, first_name),
        "query": query,
        "offset": offset,
    }
    if chat_type:
        body["chat_type"] = chat_type
    return {"inline_query": body}
