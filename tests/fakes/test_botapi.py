"""Tests of the fake Bot API itself, driven through the real python-telegram-bot stack.

If the fake drifted from Telegram's behaviour, every end-to-end test built on it would be
testing a fiction; these pin the behaviours the bot relies on.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
import telegram
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters, Update
from telegram.error import BadRequest, Conflict, InvalidToken, NetworkError, RetryAfter
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from tests.fakes import telegram_html, updates
from tests.fakes.botapi import BotAPIError, FakeBotAPI


@pytest.fixture
def server() -> Iterator[FakeBotAPI]:
    updates.reset()
    with FakeBotAPI() as fake:
        yield fake


@pytest.fixture
async def bot(server: FakeBotAPI) -> AsyncIterator[telegram.Bot]:
    async with telegram.Bot(server.token, base_url=server.base_url) as client:
        yield client


def api(server: FakeBotAPI, method: str) -> str:
    return f"{server.base_url}{server.token}/{method}"


# --------------------------------------------------------------------- telegram_html


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("plain text", "plain text"),
        ("<b>bold</b> <strong>s</strong> <i>i</i> <em>e</em>", "bold s i e"),
        ("<u>u</u><ins>i</ins><s>s</s><strike>k</strike><del>d</del>", "uiskd"),
        ('<a href="https://example.org/?a=1&amp;b=2">link</a>', "link"),
        ("<code>x &lt; y</code> <pre>block</pre>", "x < y block"),
        ('<pre><code class="language-python">print(1)</code></pre>', "print(1)"),
        ("<blockquote>q</blockquote><blockquote expandable>e</blockquote>", "qe"),
        ('<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>', "st"),
        ('<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>', "👍"),
        ("&lt;&gt;&amp;&quot;&#65;&#x42;", '<>&"AB'),
        ("a > b", "a > b"),
        ("<B>upper</B>", "upper"),
        ("<b>closed by</>", "closed by"),
        ("<b>nested <i>ok</i></b>", "nested ok"),
    ],
)
def test_html_accepts_telegram_markup(text: str, plain: str) -> None:
    parsed = telegram_html.parse(text)
    assert parsed.text == plain
    assert telegram_html.validate(text) == (True, "", telegram_html.utf16_len(plain.strip()))


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("<x>a</x>", 'Unsupported start tag "x" at byte offset 0'),
        ("<br/>", 'Unsupported start tag "br/"'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("<b>open", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("AT&T", "Bare '&'"),
        ("&nbsp;", "Bare '&'"),
        ("<b", "Unclosed start tag"),
        ('<span class="other">x</span>', 'Tag "span" must have class "tg-spoiler"'),
        ("é<x>", "byte offset 2"),
    ],
)
def test_html_refuses_what_telegram_refuses(text: str, error: str) -> None:
    ok, message, length = telegram_html.validate(text)
    assert not ok
    assert error in message
    assert length == 0


def test_html_entities_use_utf16_offsets_and_trim() -> None:
    parsed = telegram_html.strip_entities(telegram_html.parse("  😀 <b>bold</b>\n"))
    assert parsed.text == "😀 bold"
    assert parsed.entities == [{"type": "bold", "offset": 3, "length": 4}]
    assert parsed.length == 7


def test_html_lenient_ampersand_matches_real_telegram() -> None:
    assert telegram_html.parse("AT&T", strict_ampersand=False).text == "AT&T"


# --------------------------------------------------------------------- updates builders


def _de_json(update: dict, bot: telegram.Bot, update_id: int = 1) -> Update:
    parsed = Update.de_json({"update_id": update_id, **update}, bot)
    assert parsed is not None
    return parsed


async def test_builders_produce_updates_ptb_understands(bot: telegram.Bot) -> None:
    cmd = _de_json(updates.group_text("/check@sourcecheck_test_bot some claim"), bot)
    assert cmd.message is not None
    assert cmd.message.entities[0].type == "bot_command"
    assert cmd.message.entities[0].length == len("/check@sourcecheck_test_bot")
    assert cmd.message.chat.type == "supergroup"

    fwd = _de_json(updates.channel_forward("Claim text", original_date=1_700_000_000), bot)
    assert fwd.message is not None
    origin = fwd.message.forward_origin
    assert isinstance(origin, telegram.MessageOriginChannel)
    assert origin.chat.username == "frontline_daily"
    assert origin.message_id == 5512
    assert fwd.message.api_kwargs["forward_from_chat"]["id"] == origin.chat.id

    assert isinstance(
        _de_json(updates.user_forward("x"), bot).message.forward_origin,  # type: ignore[union-attr]
        telegram.MessageOriginUser,
    )
    assert isinstance(
        _de_json(updates.hidden_user_forward("x"), bot).message.forward_origin,  # type: ignore[union-attr]
        telegram.MessageOriginHiddenUser,
    )
    assert _de_json(updates.sticker(), bot).message.sticker is not None  # type: ignore[union-attr]
    assert len(_de_json(updates.photo("cap"), bot).message.photo) == 3  # type: ignore[union-attr]
    assert _de_json(updates.voice(), bot).message.voice is not None  # type: ignore[union-attr]
    mention = _de_json(updates.mention("is this true?"), bot).message
    assert mention is not None
    assert mention.entities[0].type == "mention"
    assert _de_json(updates.inline_query("q"), bot).inline_query is not None
    first = updates.private_text("one")
    edited = _de_json(updates.edited_text("two", original=first), bot).edited_message
    assert edited is not None
    assert edited.message_id == first["message"]["message_id"]
    assert edited.text == "two"


def test_builder_message_ids_increment_per_chat() -> None:
    updates.reset()
    a1 = updates.private_text("a")["message"]["message_id"]
    a2 = updates.private_text("a")["message"]["message_id"]
    g1 = updates.group_text("g")["message"]["message_id"]
    assert (a1, a2, g1) == (1, 2, 1)
    assert updates.private_command("/start")["message"]["entities"][0]["type"] == "bot_command"


# --------------------------------------------------------------------- basic methods


async def test_get_me_and_send_valid_html(server: FakeBotAPI, bot: telegram.Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456, "sourcecheck_test_bot", True)

    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Sources", callback_data="src:1")]])
    msg = await bot.send_message(
        1001, "<b>Claim</b> &amp; <i>sources</i>", parse_mode="HTML", reply_markup=keyboard
    )
    again = await bot.send_message(1001, "second")
    assert msg.text == "Claim & sources"
    assert [e.type for e in msg.entities] == ["bold", "italic"]
    assert msg.reply_markup == keyboard
    assert msg.from_user is not None and msg.from_user.id == server.bot_id
    assert again.message_id == msg.message_id + 1

    sent = server.sent
    assert [s["text"] for s in sent] == ["Claim & sources", "second"]
    assert sent[0]["params"]["chat_id"] == 1001
    assert sent[0]["params"]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "src:1"
    assert server.wait_for("sendMessage", count=2, timeout=0.1)[1]["params"]["text"] == "second"


@pytest.mark.parametrize(
    ("text", "parse_mode", "reason"),
    [
        ("<unknown>x</unknown>", "HTML", "can't parse entities: Unsupported start tag"),
        ("<b>x", "HTML", "can't parse entities: Can't find end tag"),
        ("a < b", "HTML", "can't parse entities"),
        ("x" * 4097, None, "message is too long"),
        ("<b>" + "x" * 4097 + "</b>", "HTML", "message is too long"),
        ("😀" * 2049, None, "message is too long"),
        ("  \n ", None, "message text is empty"),
        ("<b> </b>", "HTML", "message text is empty"),
    ],
)
async def test_send_message_refusals(
    server: FakeBotAPI, bot: telegram.Bot, text: str, parse_mode: str | None, reason: str
) -> None:
    with pytest.raises(BadRequest):
        await bot.send_message(1001, text, parse_mode=parse_mode)
    [refused] = server.refused
    assert refused["method"] == "sendMessage"
    assert reason in refused["description"]
    assert server.sent == []


async def test_length_limit_counts_after_parsing(server: FakeBotAPI, bot: telegram.Bot) -> None:
    msg = await bot.send_message(1, "<b>" + "&amp;" * 4096 + "</b>", parse_mode="HTML")
    assert len(msg.text) == 4096


async def test_callback_data_over_64_bytes_is_refused(bot: telegram.Bot) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="é" * 33)]])
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(1, "hi", reply_markup=markup)


async def test_reply_parameters_and_edits(server: FakeBotAPI, bot: telegram.Bot) -> None:
    incoming = updates.group_text("/check claim")
    server.push_update(incoming)
    user_msg_id = incoming["message"]["message_id"]
    chat_id = incoming["message"]["chat"]["id"]

    reply = await bot.send_message(
        chat_id, "checking…", reply_parameters=ReplyParameters(user_msg_id)
    )
    assert reply.reply_to_message is not None
    assert reply.reply_to_message.message_id == user_msg_id
    assert reply.message_id == user_msg_id + 1
    legacy = await bot.send_message(chat_id, "legacy", reply_to_message_id=user_msg_id)
    assert legacy.reply_to_message is not None
    with pytest.raises(BadRequest, match="replied not found"):
        await bot.send_message(chat_id, "x", reply_parameters=ReplyParameters(9999))

    edited = await bot.edit_message_text(
        "<b>done</b>", chat_id, reply.message_id, parse_mode="HTML"
    )
    assert isinstance(edited, telegram.Message)
    assert edited.text == "done" and edited.edit_date is not None
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text("<b>done</b>", chat_id, reply.message_id, parse_mode="HTML")
    with pytest.raises(BadRequest, match="can't be edited"):
        await bot.edit_message_text("hijack", chat_id, user_msg_id)
    with pytest.raises(BadRequest, match="to edit not found"):
        await bot.edit_message_text("x", chat_id, 424242)

    markup = InlineKeyboardMarkup([[InlineKeyboardButton("More", callback_data="more")]])
    with_kb = await bot.edit_message_reply_markup(chat_id, reply.message_id, reply_markup=markup)
    assert isinstance(with_kb, telegram.Message) and with_kb.reply_markup == markup
    assert server.message(chat_id, reply.message_id)["reply_markup"] == markup.to_dict()  # type: ignore[index]

    assert await bot.delete_message(chat_id, reply.message_id)
    with pytest.raises(BadRequest, match="to delete not found"):
        await bot.delete_message(chat_id, reply.message_id)
    assert [s["method"] for s in server.sent] == ["sendMessage", "sendMessage", "editMessageText"]


async def test_queries_chat_info_and_commands(server: FakeBotAPI, bot: telegram.Bot) -> None:
    sent = await bot.send_message(
        -100500,
        "pick",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]]),
    )
    press = updates.callback_query("a", message=sent.to_dict())
    server.push_update(press)
    query_id = press["callback_query"]["id"]
    assert await bot.answer_callback_query(query_id, text="ok")
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id)

    inline = updates.inline_query("claim")
    server.push_update(inline)
    result = telegram.InlineQueryResultArticle(
        "1", "Claim", telegram.InputTextMessageContent("<b>x</b>", parse_mode="HTML")
    )
    assert await bot.answer_inline_query(inline["inline_query"]["id"], [result])

    assert await bot.send_chat_action(1001, "typing")
    with pytest.raises(BadRequest, match="Wrong parameter action"):
        await bot.send_chat_action(1001, "dancing")

    server.set_admins(-100500, [server.bot_id, 1001], owner=7)
    chat = await bot.get_chat(-100500)
    assert chat.type == "supergroup"
    admins = await bot.get_chat_administrators(-100500)
    assert [(a.user.id, a.status) for a in admins] == [
        (7, "creator"),
        (server.bot_id, "administrator"),
        (1001, "administrator"),
    ]
    assert (await bot.get_chat_member(-100500, 1001)).status == "administrator"
    assert (await bot.get_chat_member(-100500, 2002)).status == "member"
    with pytest.raises(BadRequest, match="here are no administrators in the private chat"):
        await bot.get_chat_administrators(1001)

    commands = [telegram.BotCommand("check", "Check a claim"), telegram.BotCommand("help", "Help")]
    assert await bot.set_my_commands(commands)
    assert await bot.get_my_commands() == tuple(commands)
    assert await bot.get_my_commands(language_code="uk") == ()
    with pytest.raises(BadRequest):
        await bot.set_my_commands([telegram.BotCommand("Bad-Name", "x")])

    assert await bot.set_webhook("https://example.invalid/hook", secret_token="s3cret")
    info = await bot.get_webhook_info()
    assert info.url == "https://example.invalid/hook"
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    assert await bot.delete_webhook()
    assert (await bot.get_webhook_info()).url == ""
    assert await bot.log_out() and await bot.close()


# --------------------------------------------------------------------- getUpdates


async def test_get_updates_offsets_and_limit(server: FakeBotAPI, bot: telegram.Bot) -> None:
    ids = [server.push_update(updates.private_text(f"m{i}")) for i in range(5)]
    assert ids == sorted(ids) and len(set(ids)) == 5
    assert server.pending_updates == 5

    first = await bot.get_updates(limit=2)
    assert [u.update_id for u in first] == ids[:2]
    assert [u.message.text for u in first] == ["m0", "m1"]  # type: ignore[union-attr]
    assert server.pending_updates == 5  # not confirmed until offset moves past them

    rest = await bot.get_updates(offset=ids[1] + 1)
    assert [u.update_id for u in rest] == ids[2:]
    assert server.pending_updates == 3

    last = await bot.get_updates(offset=-1)
    assert [u.update_id for u in last] == ids[-1:]
    assert await bot.get_updates(offset=ids[-1] + 1) == ()
    assert server.pending_updates == 0


async def test_allowed_updates_filters(server: FakeBotAPI, bot: telegram.Bot) -> None:
    server.push_update(updates.private_text("text"))
    server.push_update(updates.inline_query("q"))
    got = await bot.get_updates(allowed_updates=["inline_query"])
    assert [u.inline_query is not None for u in got] == [True]


async def test_long_poll_returns_when_update_pushed_from_thread(
    server: FakeBotAPI, bot: telegram.Bot
) -> None:
    timer = threading.Timer(0.3, server.push_update, args=(updates.private_text("late"),))
    started = time.monotonic()
    timer.start()
    got = await bot.get_updates(timeout=5)
    elapsed = time.monotonic() - started
    assert [u.message.text for u in got] == ["late"]  # type: ignore[union-attr]
    assert 0.2 < elapsed < 2


async def test_long_poll_returns_when_update_pushed_from_task(
    server: FakeBotAPI, bot: telegram.Bot
) -> None:
    async def push_later() -> None:
        await asyncio.sleep(0.2)
        server.push_update(updates.private_text("from task"))

    task = asyncio.create_task(push_later())
    got = await bot.get_updates(timeout=5)
    await task
    assert [u.message.text for u in got] == ["from task"]  # type: ignore[union-attr]


async def test_long_poll_times_out_empty(bot: telegram.Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert 0.9 < time.monotonic() - started < 2


def test_newer_get_updates_terminates_older(server: FakeBotAPI) -> None:
    results: list[httpx.Response] = []

    def poll() -> None:
        results.append(httpx.post(api(server, "getUpdates"), json={"timeout": 10}, timeout=15))

    worker = threading.Thread(target=poll)
    worker.start()
    server.wait_polling(timeout=5)
    second = httpx.post(api(server, "getUpdates"), json={"timeout": 0}, timeout=5)
    worker.join(5)
    assert second.json() == {"ok": True, "result": []}
    assert results[0].status_code == 409
    assert "terminated by other getUpdates" in results[0].json()["description"]


def test_stop_is_prompt_during_long_poll() -> None:
    server = FakeBotAPI().start()
    errors: list[BaseException] = []

    def poll() -> None:
        try:
            httpx.post(api(server, "getUpdates"), json={"timeout": 30}, timeout=35)
        except httpx.HTTPError as exc:
            errors.append(exc)

    worker = threading.Thread(target=poll)
    worker.start()
    server.wait_polling(timeout=5)
    started = time.monotonic()
    server.stop()
    worker.join(5)
    assert not worker.is_alive()
    assert time.monotonic() - started < 2


# --------------------------------------------------------------------- faults & auth


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_429_surfaces_as_retry_after(server: FakeBotAPI, bot: telegram.Bot) -> None:
    server.fail_next("sendMessage", "429", retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(1, "hi")
    assert "Retry in 7 seconds" in str(caught.value)
    assert server.calls[-1]["response"]["parameters"] == {"retry_after": 7}
    assert (await bot.send_message(1, "hi")).text == "hi"  # only the next call failed


@pytest.mark.parametrize("kind", ["502", "drop"])
async def test_gateway_faults_surface_as_network_error(
    server: FakeBotAPI, bot: telegram.Bot, kind: str
) -> None:
    await bot.get_me()  # warm a keep-alive connection, as in a running bot
    server.fail_next("sendMessage", kind, times=2)
    for _ in range(2):
        with pytest.raises(NetworkError):
            await bot.send_message(1, "hi")
    assert (await bot.send_message(1, "hi")).text == "hi"
    assert [c["fault"] for c in server.calls if c["method"] == "sendMessage"] == [kind, kind, None]


async def test_403_fault_for_blocked_user(server: FakeBotAPI, bot: telegram.Bot) -> None:
    server.fail_next("sendMessage", "403")
    with pytest.raises(telegram.error.Forbidden, match="blocked"):
        await bot.send_message(1, "hi")


async def test_wrong_token_is_unauthorized(server: FakeBotAPI) -> None:
    with pytest.raises(InvalidToken):
        async with telegram.Bot("999:WRONG", base_url=server.base_url):
            pass
    response = httpx.post(f"{server.base_url}999:WRONG/getMe")
    assert response.status_code == 401
    assert response.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}


def test_raw_encodings_and_unknown_method(server: FakeBotAPI) -> None:
    as_json = httpx.post(api(server, "sendMessage"), json={"chat_id": 5, "text": "123"})
    as_form = httpx.post(
        api(server, "sendMessage"),
        data={"chat_id": "5", "text": "true", "reply_markup": json.dumps({"inline_keyboard": []})},
    )
    as_multipart = httpx.post(
        api(server, "sendMessage"),
        data={"chat_id": "5", "text": "multi"},
        files={"document": ("a.txt", b"abc", "text/plain")},
    )
    as_query = httpx.get(api(server, "getme"))
    assert as_json.json()["result"]["text"] == "123"
    assert as_form.json()["result"]["text"] == "true"
    assert as_multipart.json()["result"]["text"] == "multi"
    assert as_query.json()["result"]["username"] == "sourcecheck_test_bot"
    params = [s["params"] for s in server.sent]
    assert params[1]["chat_id"] == 5 and params[1]["text"] == "true"
    assert params[2]["document"] == {
        "filename": "a.txt",
        "content_type": "text/plain",
        "size": 3,
        "data": b"abc",
    }

    unknown = httpx.post(api(server, "sendSmokeSignal"), json={})
    assert unknown.status_code == 404
    assert unknown.json() == {"ok": False, "error_code": 404, "description": "Not Found"}


def _png(width: int, height: int) -> bytes:
    """A PNG's signature and header are all the fake reads of it."""
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + (13).to_bytes(4, "big") + b"IHDR" + header + bytes(4)


async def test_send_photo_keeps_the_picture_and_checks_the_caption(
    server: FakeBotAPI, bot: telegram.Bot
) -> None:
    picture = _png(1080, 1400)
    sent = await bot.send_photo(5, picture, caption="<b>Who</b> &amp; when", parse_mode="HTML")
    assert sent.caption == "Who & when"
    assert sent.caption_entities[0].type == "bold"
    assert (sent.photo[-1].width, sent.photo[-1].height) == (1080, 1400)
    [record] = server.sent
    assert record["method"] == "sendPhoto" and record["text"] == "Who & when"
    assert record["params"]["photo"]["data"] == picture

    again = await bot.send_photo(5, sent.photo[-1].file_id, reply_to_message_id=sent.message_id)
    assert again.reply_to_message is not None and again.caption is None

    with pytest.raises(BadRequest, match="caption is too long"):
        await bot.send_photo(5, picture, caption="x" * 1025)
    with pytest.raises(BadRequest, match=r"(?i)image_process_failed"):
        await bot.send_photo(5, b"not a picture at all")
    with pytest.raises(BadRequest, match=r"(?i)dimensions"):
        await bot.send_photo(5, _png(100, 2500))


def test_wait_for_times_out_with_what_was_recorded(server: FakeBotAPI) -> None:
    httpx.post(
        api(server, "sendMessage"), json={"chat_id": 5, "text": "<b>x", "parse_mode": "HTML"}
    )
    with pytest.raises(AssertionError, match="sendMessage 400 Bad Request: can't parse"):
        server.wait_for("sendMessage", timeout=0.2)
    server.reset_records()
    assert server.calls == [] and server.refused == []


# --------------------------------------------------------------------- full Application


async def test_application_echoes_pushed_update(server: FakeBotAPI) -> None:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_html(f"<b>echo:</b> {update.effective_message.text}")

    app = ApplicationBuilder().token(server.token).base_url(server.base_url).build()
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=1)
    try:
        await server.wait_polling_async(timeout=5)
        pushed = updates.group_text("is it true?")
        server.push_update(pushed)
        [call] = await server.wait_for_async("sendMessage", timeout=5)
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
    assert call["response"]["result"]["text"] == "echo: is it true?"
    assert call["params"]["reply_parameters"]["message_id"] == pushed["message"]["message_id"]
    assert server.pending_updates == 0  # the final getUpdates on stop confirmed it
    assert server.refused == []


async def test_builder_and_bot_message_ids_do_not_collide(
    server: FakeBotAPI, bot: telegram.Bot
) -> None:
    first = updates.group_text("one")
    server.push_update(first)
    reply = await bot.send_message(-100500, "reply")
    second = updates.group_text("two")
    assert (first["message"]["message_id"], reply.message_id) == (1, 2)
    assert second["message"]["message_id"] == 3


def test_custom_handler_and_webhook_post(server: FakeBotAPI) -> None:
    def send_photo(params: dict[str, Any]) -> dict[str, Any]:
        if "photo" not in params:
            raise BotAPIError("Bad Request: there is no photo in the request")
        return {"message_id": 1, "date": 0, "chat": {"id": params["chat_id"], "type": "private"}}

    server.set_handler("sendPhoto", send_photo)
    assert httpx.post(api(server, "sendPhoto"), json={"chat_id": 1, "photo": "x"}).json()["ok"]
    assert httpx.post(api(server, "sendPhoto"), json={"chat_id": 1}).status_code == 400

    received: list[tuple[str | None, dict[str, Any]]] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            received.append((self.headers.get("X-Telegram-Bot-Api-Secret-Token"), body))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    hook = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=hook.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{hook.server_address[1]}/hook"
        response = server.webhook_post(url, updates.private_text("via hook"), secret_token="s")
    finally:
        hook.shutdown()
        hook.server_close()
    assert response.status_code == 200
    [(secret, body)] = received
    assert secret == "s"
    assert body["message"]["text"] == "via hook" and isinstance(body["update_id"], int)
