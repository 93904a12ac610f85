"""An in-process fake of the Telegram Bot API for end-to-end tests.

The real python-telegram-bot stack (``Application``, long polling, httpx) talks to it over
HTTP on 127.0.0.1, so tests cover serialisation, retries and error handling exactly as in
production while nothing leaves the machine. It runs in its own thread so a bot running in the
pytest event loop can long-poll it without deadlocking that loop.

It is deliberately strict where Telegram is strict and bots commonly get it wrong: HTML is
parsed like TDLib does (see ``telegram_html``), the 4096 limit counts UTF-16 units after
parsing, callback_data is limited to 64 bytes, editing with identical content is refused as
"message is not modified", replies to unknown messages are refused, and a second concurrent
getUpdates terminates the first with 409.

Typical use from a pytest-asyncio test::

    with FakeBotAPI() as server:
        app = ApplicationBuilder().token(server.token).base_url(server.base_url).build()
        ...
        server.push_update(updates.private_text("hi"))
        [call] = await server.wait_for_async("sendMessage")

``wait_for`` blocks the calling thread; inside a coroutine use ``wait_for_async`` so the bot,
which shares the event loop, can keep running.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import copy
import email.parser
import email.policy
import json
import re
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from tests.fakes import telegram_html, updates

__all__ = ["BotAPIError", "FakeBotAPI"]

MAX_MESSAGE_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_PHOTO_BYTES = 10 * 1024 * 1024

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"

NGINX_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n"
    "</body>\r\n</html>\r\n"
)

# Update types Telegram delivers when allowed_updates is empty or was never set.
DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)

# Form-encoded parameters that are plain strings; every other form value is JSON (that is how
# PTB encodes non-string values), so "123" for chat_id becomes 123 but "123" as text stays text.
STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "url",
        "secret_token",
        "callback_query_id",
        "inline_query_id",
        "inline_message_id",
        "action",
        "data",
        "query",
        "next_offset",
        "language_code",
        "message_effect_id",
        "business_connection_id",
        "ip_address",
        "switch_pm_text",
        "switch_pm_parameter",
        "description",
        "short_description",
        "name",
    }
)

_COMMAND_NAME_RE = re.compile(r"^[a-z0-9_]{1,32}$")

Params = dict[str, Any]
MethodHandler = Callable[[Params], Any]


class BotAPIError(Exception):
    """An error the fake answers with ``{"ok": false, ...}``; raise it from custom handlers."""

    def __init__(
        self,
        description: str,
        error_code: int = 400,
        parameters: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(description)
        self.description = description
        self.error_code = error_code
        self.parameters = parameters

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


class _Drop(Exception):
    """Signals the request handler to close the connection without answering."""


class _RawResponse(Exception):
    """Signals the request handler to send a non-JSON body (nginx-style gateway errors)."""

    def __init__(self, status: int, body: str, content_type: str) -> None:
        super().__init__(status)
        self.status = status
        self.body = body
        self.content_type = content_type


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    api: FakeBotAPI

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet: clients hanging up mid long-poll is normal in these tests."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; without this, Nagle plus delayed ACK adds
    # ~40 ms to every call on loopback.
    disable_nagle_algorithm = True
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.server.api._track(self.connection, add=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.api._track(self.connection, add=False)

    def log_message(self, format: str, *args: Any) -> None:
        """Silence per-request logging; ``FakeBotAPI.calls`` is the log."""

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _serve(self) -> None:
        body = self._read_body()
        try:
            status, payload = self.server.api._handle_http(
                self.path, self.headers.get("Content-Type", ""), body
            )
        except _Drop:
            self.close_connection = True
            return
        except _RawResponse as raw:
            self._send(raw.status, raw.body.encode(), raw.content_type)
            return
        self._send(status, json.dumps(payload, ensure_ascii=False).encode(), "application/json")

    def _send(self, status: int, data: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Server", "nginx/1.18.0")
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def _coerce_form(items: list[tuple[str, str]]) -> Params:
    params: Params = {}
    for key, value in items:
        if key in STRING_PARAMS:
            params[key] = value
            continue
        try:
            params[key] = json.loads(value)
        except ValueError:
            params[key] = value
    return params


def _parse_multipart(content_type: str, body: bytes) -> Params:
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    items: list[tuple[str, str]] = []
    files: Params = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        payload = part.get_payload(decode=True) or b""
        filename = part.get_filename()
        if filename is not None:
            files[str(name)] = {
                "filename": filename,
                "content_type": part.get_content_type(),
                "size": len(payload),
                "data": payload,
            }
        else:
            items.append((str(name), payload.decode(part.get_content_charset() or "utf-8")))
    params = _coerce_form(items)
    params.update(files)
    return params


def _parse_params(query: str, content_type: str, body: bytes) -> Params:
    """Accept the encodings Telegram accepts: query string, JSON, urlencoded and multipart."""
    params = _coerce_form(urllib.parse.parse_qsl(query, keep_blank_values=True))
    kind = content_type.split(";")[0].strip().lower()
    if not body:
        return params
    if kind == "application/json":
        try:
            decoded = json.loads(body)
        except ValueError as exc:
            raise BotAPIError("Bad Request: can't parse JSON object") from exc
        if not isinstance(decoded, dict):
            raise BotAPIError("Bad Request: parameters must be a JSON object")
        params.update(decoded)
    elif kind == "multipart/form-data":
        params.update(_parse_multipart(content_type, body))
    else:
        params.update(
            _coerce_form(urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        )
    return params


def _image_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG or a baseline/progressive JPEG; refused like Telegram
    refuses what it cannot decode."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data[:2] == b"\xff\xd8":
        position = 2
        while position + 9 < len(data):
            if data[position] != 0xFF:
                break
            marker = data[position + 1]
            length = int.from_bytes(data[position + 2 : position + 4], "big")
            if marker in (0xC0, 0xC1, 0xC2):
                height = int.from_bytes(data[position + 5 : position + 7], "big")
                width = int.from_bytes(data[position + 7 : position + 9], "big")
                return width, height
            position += 2 + length
    raise BotAPIError("Bad Request: IMAGE_PROCESS_FAILED")


def _update_type(update: dict[str, Any]) -> str:
    return next((key for key in update if key != "update_id"), "")


class FakeBotAPI:
    """A Telegram Bot API server double; see the module docstring for the why."""

    def __init__(
        self,
        token: str = "123456:TEST-fake-token",
        username: str = "sourcecheck_test_bot",
        bot_id: int = 123456,
        *,
        first_name: str = "SourceCheck",
        first_update_id: int = 1,
        strict_ampersand: bool = True,
    ) -> None:
        self.token = token
        self.username = username
        self.bot_id = bot_id
        self.first_name = first_name
        self.strict_ampersand = strict_ampersand

        self._cond = threading.Condition(threading.RLock())
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._connections: set[socket.socket] = set()

        self._next_update_id = first_update_id
        self._queue: collections.deque[dict[str, Any]] = collections.deque()
        self._poll_generation = 0
        self._waiting_polls = 0
        self._allowed_updates: list[str] = []

        self._calls: list[dict[str, Any]] = []
        self._sent: list[dict[str, Any]] = []
        self._refused: list[dict[str, Any]] = []
        self._faults: dict[str, collections.deque[dict[str, Any]]] = {}

        self._chats: dict[int, dict[str, Any]] = {}
        self._users: dict[int, dict[str, Any]] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._last_message_id: dict[int, int] = {}
        self._admins: dict[int, tuple[list[int], int | None]] = {}
        self._open_queries: set[str] = set()
        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._webhook: dict[str, Any] = {"url": ""}
        self._custom: dict[str, MethodHandler] = {}
        self._photos: dict[str, tuple[int, int, int]] = {}  # file_id -> width, height, bytes

        self._methods: dict[str, Callable[[Params], Any]] = {
            "getMe": self._get_me,
            "logOut": lambda p: True,
            "close": lambda p: True,
            "deleteWebhook": self._delete_webhook,
            "setWebhook": self._set_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "getUpdates": self._get_updates,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "answerInlineQuery": self._answer_inline_query,
            "sendChatAction": self._send_chat_action,
            "getChat": self._get_chat,
            "getChatMember": self._get_chat_member,
            "getChatAdministrators": self._get_chat_administrators,
        }
        self._canonical = {name.lower(): name for name in self._methods}

    # ----------------------------------------------------------------- lifecycle

    def start(self) -> FakeBotAPI:
        """Bind an OS-chosen port on 127.0.0.1 and serve from a daemon thread."""
        if self._httpd is not None:
            return self
        self._stopping = False
        httpd = _Server(("127.0.0.1", 0), _Handler)
        httpd.api = self
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-botapi",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop promptly: wake long polls, stop accepting, cut open keep-alive connections."""
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        httpd.shutdown()
        with self._cond:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        httpd.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> FakeBotAPI:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _track(self, conn: socket.socket, *, add: bool) -> None:
        with self._cond:
            if add:
                self._connections.add(conn)
            else:
                self._connections.discard(conn)

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("FakeBotAPI is not started")
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """Root URL, e.g. ``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """PTB's ``base_url`` form: PTB appends the token to it."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    @property
    def bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
        }

    # ----------------------------------------------------------------- records

    @property
    def calls(self) -> list[dict[str, Any]]:
        """Every call: ``{method, params, status, ok, response, fault, time}`` (a snapshot)."""
        with self._cond:
            return list(self._calls)

    @property
    def sent(self) -> list[dict[str, Any]]:
        """Successful sendMessage/editMessageText/sendPhoto: ``{method, params, result, text,
        entities}`` (a photo's caption as its text).

        ``text`` is the plain text after HTML parsing and trimming, i.e. what the user sees.
        """
        with self._cond:
            return list(self._sent)

    @property
    def refused(self) -> list[dict[str, Any]]:
        """Calls answered with 400: ``{method, params, description}``."""
        with self._cond:
            return list(self._refused)

    def reset_records(self) -> None:
        """Forget calls/sent/refused (not chats, messages or queued updates)."""
        with self._cond:
            self._calls.clear()
            self._sent.clear()
            self._refused.clear()

    def wait_for(
        self, method: str | None = "sendMessage", count: int = 1, timeout: float = 10.0
    ) -> list[dict[str, Any]]:
        """Block until ``count`` successful calls of ``method`` (None = any) were recorded.

        Returns all such call records so far. On timeout raises AssertionError listing what
        was recorded, which is usually enough to see why the bot did not answer.
        """
        wanted = self._canonical.get(method.lower(), method) if method else None
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                matches = [
                    c for c in self._calls if c["ok"] and (wanted is None or c["method"] == wanted)
                ]
                if len(matches) >= count:
                    return matches
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"expected {count} successful {wanted or 'any'} call(s) within "
                        f"{timeout}s, got {len(matches)}; recorded: {self._summary()}"
                    )
                self._cond.wait(remaining)

    def wait_polling(self, timeout: float = 10.0) -> None:
        """Block until a getUpdates long poll is parked on the server.

        Tells a test the bot under test is really polling, so a pushed update is picked up
        by a live poll rather than racing the bot's startup.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._waiting_polls == 0:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"no getUpdates long poll within {timeout}s; recorded: {self._summary()}"
                    )
                self._cond.wait(remaining)

    async def wait_polling_async(self, timeout: float = 10.0) -> None:
        """``wait_polling`` without blocking the event loop."""
        await asyncio.to_thread(self.wait_polling, timeout)

    async def wait_for_async(
        self, method: str | None = "sendMessage", count: int = 1, timeout: float = 10.0
    ) -> list[dict[str, Any]]:
        """``wait_for`` without blocking the event loop the bot under test runs on."""
        return await asyncio.to_thread(self.wait_for, method, count, timeout)

    def _summary(self) -> str:
        lines = []
        for call in self._calls:
            if call["ok"]:
                detail = ""
                if call["method"] in ("sendMessage", "editMessageText"):
                    detail = repr(str(call["params"].get("text", ""))[:60])
            else:
                detail = call["fault"] or (call["response"] or {}).get("description", "")
            lines.append(f"{call['method']} {call['status']} {detail}".strip())
        return "\n  " + "\n  ".join(lines) if lines else "nothing"

    # ----------------------------------------------------------------- test controls

    def push_update(self, update: dict[str, Any]) -> int:
        """Queue an update (its ``update_id`` is assigned here) and wake long polls."""
        with self._cond:
            update_id = self._next_update_id
            self._next_update_id += 1
            body = copy.deepcopy(update)
            body.pop("update_id", None)
            self._observe(body)
            self._queue.append({"update_id": update_id, **body})
            self._cond.notify_all()
            return update_id

    @property
    def pending_updates(self) -> int:
        """Updates pushed but not yet confirmed by a getUpdates offset."""
        with self._cond:
            return len(self._queue)

    def fail_next(
        self,
        method: str,
        kind: str,
        times: int = 1,
        retry_after: int = 1,
        description: str | None = None,
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail.

        kinds: ``"429"`` flood wait with ``retry_after``; ``"502"`` nginx HTML page; ``"drop"``
        connection closed without a response; ``"400"``/``"403"`` API errors with
        ``description`` (defaults: a generic bad request / "bot was blocked by the user").
        """
        if kind not in ("429", "502", "drop", "400", "403"):
            raise ValueError(f"unknown fault kind {kind!r}")
        name = self._canonical.get(method.lower(), method)
        with self._cond:
            queue = self._faults.setdefault(name, collections.deque())
            for _ in range(times):
                queue.append({"kind": kind, "retry_after": retry_after, "description": description})

    def set_admins(self, chat_id: int, user_ids: list[int], *, owner: int | None = None) -> None:
        """Configure getChatAdministrators/getChatMember for a group (``owner`` → creator)."""
        with self._cond:
            self._admins[chat_id] = (list(user_ids), owner)

    def add_chat(self, chat: dict[str, Any]) -> None:
        """Register a chat object (chats seen in pushed updates are registered automatically)."""
        with self._cond:
            self._chats[int(chat["id"])] = dict(chat)

    def set_handler(self, method: str, handler: MethodHandler) -> None:
        """Add or override a method; ``handler(params)`` returns ``result`` or raises
        BotAPIError. Lets a test cover a method this fake does not implement."""
        with self._cond:
            self._custom[method.lower()] = handler
            self._canonical.setdefault(method.lower(), method)

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """The current state of a message the fake knows (after edits), or None if deleted."""
        with self._cond:
            found = self._messages.get((chat_id, message_id))
            return copy.deepcopy(found) if found else None

    def webhook_post(
        self, url: str, update: dict[str, Any], secret_token: str | None = None
    ) -> httpx.Response:
        """Deliver an update to a webhook the way Telegram does (JSON POST, secret header)."""
        body = self._webhook_body(update)
        headers = {"Content-Type": "application/json"}
        if secret_token is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret_token
        return httpx.post(url, content=json.dumps(body).encode(), headers=headers, timeout=10)

    async def webhook_post_async(
        self, url: str, update: dict[str, Any], secret_token: str | None = None
    ) -> httpx.Response:
        """``webhook_post`` for use inside the event loop that serves the webhook."""
        body = self._webhook_body(update)
        headers = {"Content-Type": "application/json"}
        if secret_token is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret_token
        async with httpx.AsyncClient(timeout=10) as client:
            return await client.post(url, content=json.dumps(body).encode(), headers=headers)

    def _webhook_body(self, update: dict[str, Any]) -> dict[str, Any]:
        with self._cond:
            update_id = self._next_update_id
            self._next_update_id += 1
            body = copy.deepcopy(update)
            body.pop("update_id", None)
            self._observe(body)
            return {"update_id": update_id, **body}

    # ----------------------------------------------------------------- state tracking

    def _observe(self, update: dict[str, Any]) -> None:
        """Learn chats, users, messages and query ids from an incoming update."""
        for key in ("message", "edited_message", "channel_post", "edited_channel_post"):
            if isinstance(update.get(key), dict):
                self._observe_message(update[key])
        callback = update.get("callback_query")
        if isinstance(callback, dict):
            self._open_queries.add(str(callback.get("id")))
            self._observe_user(callback.get("from"))
            if isinstance(callback.get("message"), dict):
                self._observe_message(callback["message"])
        inline = update.get("inline_query")
        if isinstance(inline, dict):
            self._open_queries.add(str(inline.get("id")))
            self._observe_user(inline.get("from"))

    def _observe_user(self, user: Any) -> None:
        if isinstance(user, dict) and "id" in user:
            self._users[int(user["id"])] = dict(user)

    def _observe_message(self, msg: dict[str, Any]) -> None:
        chat = msg.get("chat")
        if not isinstance(chat, dict) or "message_id" not in msg:
            return
        chat_id = int(chat["id"])
        self._chats.setdefault(chat_id, dict(chat))
        self._observe_user(msg.get("from"))
        mid = int(msg["message_id"])
        self._last_message_id[chat_id] = max(self._last_message_id.get(chat_id, 0), mid)
        updates.note_message_id(chat_id, mid)
        stored = {k: v for k, v in msg.items() if k != "reply_to_message"}
        existing = self._messages.get((chat_id, mid))
        if existing is None or "edit_date" in msg:
            self._messages[(chat_id, mid)] = copy.deepcopy(stored)
        if isinstance(msg.get("reply_to_message"), dict):
            self._observe_message(msg["reply_to_message"])

    def _chat(self, chat_id: Any) -> dict[str, Any]:
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            for chat in self._chats.values():
                if chat.get("username", "").lower() == chat_id[1:].lower():
                    return chat
            raise BotAPIError("Bad Request: chat not found")
        try:
            cid = int(chat_id)
        except (TypeError, ValueError) as exc:
            raise BotAPIError("Bad Request: chat not found") from exc
        if cid in self._chats:
            return self._chats[cid]
        if cid > 0:
            user = self._users.get(cid, {"first_name": f"User {cid}"})
            chat = {"id": cid, "type": "private", "first_name": user["first_name"]}
        elif str(cid).startswith("-100"):
            chat = {"id": cid, "type": "supergroup", "title": f"Group {cid}"}
        else:
            chat = {"id": cid, "type": "group", "title": f"Group {cid}"}
        self._chats[cid] = chat
        return chat

    def _user(self, user_id: int) -> dict[str, Any]:
        if user_id == self.bot_id:
            return self.bot_user
        return self._users.get(
            user_id, {"id": user_id, "is_bot": False, "first_name": f"User {user_id}"}
        )

    # ----------------------------------------------------------------- HTTP dispatch

    def _handle_http(self, path: str, content_type: str, body: bytes) -> tuple[int, Any]:
        parsed = urllib.parse.urlsplit(path)
        parts = parsed.path.split("/")
        if len(parts) != 3 or parts[0] != "" or not parts[1].startswith("bot") or not parts[2]:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        token, raw_method = parts[1][3:], parts[2]
        if token != self.token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}

        key = raw_method.lower()
        method = self._canonical.get(key, raw_method)
        started = time.time()
        try:
            params = _parse_params(parsed.query, content_type, body)
        except BotAPIError as exc:
            return self._record(method, {}, exc.error_code, exc.payload(), started)

        fault = self._take_fault(method)
        if fault is not None:
            return self._apply_fault(method, params, fault, started)

        handler = self._custom.get(key) or self._methods.get(method)
        if handler is None:
            payload = {"ok": False, "error_code": 404, "description": "Not Found"}
            return self._record(method, params, 404, payload, started)
        try:
            if method == "getUpdates":
                result = handler(params)
            else:
                with self._cond:
                    result = handler(params)
        except BotAPIError as exc:
            return self._record(method, params, exc.error_code, exc.payload(), started)
        return self._record(method, params, 200, {"ok": True, "result": result}, started)

    def _take_fault(self, method: str) -> dict[str, Any] | None:
        with self._cond:
            queue = self._faults.get(method)
            return queue.popleft() if queue else None

    def _apply_fault(
        self, method: str, params: Params, fault: dict[str, Any], started: float
    ) -> tuple[int, Any]:
        kind = fault["kind"]
        if kind == "429":
            seconds = int(fault["retry_after"])
            error = BotAPIError(
                f"Too Many Requests: retry after {seconds}", 429, {"retry_after": seconds}
            )
            return self._record(method, params, 429, error.payload(), started, fault=kind)
        if kind in ("400", "403"):
            default = (
                "Bad Request: injected failure"
                if kind == "400"
                else "Forbidden: bot was blocked by the user"
            )
            error = BotAPIError(fault["description"] or default, int(kind))
            return self._record(method, params, int(kind), error.payload(), started, fault=kind)
        self._record(method, params, 502 if kind == "502" else 0, None, started, fault=kind)
        if kind == "502":
            raise _RawResponse(502, NGINX_502, "text/html")
        raise _Drop

    def _record(
        self,
        method: str,
        params: Params,
        status: int,
        response: Any,
        started: float,
        *,
        fault: str | None = None,
    ) -> tuple[int, Any]:
        ok = bool(response and response.get("ok"))
        record = {
            "method": method,
            "params": params,
            "status": status,
            "ok": ok,
            "response": response,
            "fault": fault,
            "time": started,
        }
        with self._cond:
            self._calls.append(record)
            if ok and method in ("sendMessage", "editMessageText", "sendPhoto"):
                result = response["result"]
                if isinstance(result, dict) and "caption" in result:
                    text, entities = result["caption"], result.get("caption_entities", [])
                elif isinstance(result, dict):
                    text, entities = result.get("text", ""), result.get("entities", [])
                else:
                    rendered = self._render_text(params)
                    text, entities = rendered.text, rendered.entities
                self._sent.append(
                    {
                        "method": method,
                        "params": params,
                        "result": result,
                        "text": text,
                        "entities": entities,
                    }
                )
            if status == 400 and fault is None:
                self._refused.append(
                    {"method": method, "params": params, "description": response["description"]}
                )
            self._cond.notify_all()
        return status, response

    # ----------------------------------------------------------------- text & markup

    def _render_text(self, params: Params) -> telegram_html.ParsedHtml:
        """Turn text+parse_mode into what Telegram stores, refusing what Telegram refuses."""
        text = params.get("text")
        if text is None or text == "":
            raise BotAPIError("Bad Request: message text is empty")
        return self._parse_markup(str(text), params, entities_key="entities")

    def _render_caption(self, params: Params) -> telegram_html.ParsedHtml | None:
        """A media message's caption as Telegram stores it; None without one."""
        caption = params.get("caption")
        if caption is None or caption == "":
            return None
        parsed = self._parse_markup(
            str(caption), params, entities_key="caption_entities", limit=None
        )
        if parsed.length > MAX_CAPTION_LENGTH:
            raise BotAPIError("Bad Request: message caption is too long")
        return parsed

    def _parse_markup(
        self,
        text: str,
        params: Params,
        *,
        entities_key: str,
        limit: int | None = MAX_MESSAGE_LENGTH,
    ) -> telegram_html.ParsedHtml:
        mode = str(params.get("parse_mode") or "").lower()
        if mode == "html":
            try:
                parsed = telegram_html.parse(text, strict_ampersand=self.strict_ampersand)
            except telegram_html.HtmlParseError as exc:
                raise BotAPIError(f"Bad Request: can't parse entities: {exc}") from exc
        elif mode in ("", "markdown", "markdownv2"):
            entities = params.get(entities_key) if not mode else None
            parsed = telegram_html.ParsedHtml(text=text, entities=list(entities or []))
        else:
            raise BotAPIError("Bad Request: unsupported parse_mode")
        parsed = telegram_html.strip_entities(parsed)
        if not parsed.text and limit is not None:
            raise BotAPIError("Bad Request: message text is empty")
        if limit is not None and parsed.length > limit:
            raise BotAPIError("Bad Request: message is too long")
        return parsed

    @staticmethod
    def _inline_markup(params: Params) -> dict[str, Any] | None:
        """Validate reply_markup; return it if it is an inline keyboard (the part echoed)."""
        markup = params.get("reply_markup")
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise BotAPIError("Bad Request: can't parse reply keyboard markup JSON object")
        if "inline_keyboard" not in markup:
            return None
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise BotAPIError(
                'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup '
                "must be an Array of Arrays"
            )
        for row in rows:
            for button in row:
                if not isinstance(button, dict) or not button.get("text"):
                    raise BotAPIError('Bad Request: can\'t find field "text"')
                actions = [k for k in button if k != "text"]
                if not actions:
                    raise BotAPIError(
                        "Bad Request: text buttons are unallowed in the inline keyboard"
                    )
                data = button.get("callback_data")
                if data is not None and not (
                    1 <= len(str(data).encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
                ):
                    raise BotAPIError("Bad Request: BUTTON_DATA_INVALID")
                url = button.get("url")
                if url is not None and not re.match(r"^(https?|tg)://\S+$", str(url)):
                    raise BotAPIError(
                        f"Bad Request: inline keyboard button URL '{url}' is invalid: "
                        "Wrong HTTP URL"
                    )
        return markup if rows else None

    def _reply_target(self, chat_id: int, params: Params) -> dict[str, Any] | None:
        reply = params.get("reply_parameters")
        if isinstance(reply, dict):
            target_chat = reply.get("chat_id", chat_id)
            message_id = reply.get("message_id")
            allow = bool(reply.get("allow_sending_without_reply"))
        elif params.get("reply_to_message_id") is not None:
            target_chat = chat_id
            message_id = params["reply_to_message_id"]
            allow = bool(params.get("allow_sending_without_reply"))
        else:
            return None
        target = self._messages.get((int(self._chat(target_chat)["id"]), int(message_id or 0)))
        if target is None:
            if allow:
                return None
            raise BotAPIError("Bad Request: message to be replied not found")
        return copy.deepcopy(target)

    def _new_message_id(self, chat_id: int) -> int:
        mid = max(self._last_message_id.get(chat_id, 0) + 1, updates.next_message_id(chat_id))
        self._last_message_id[chat_id] = mid
        updates.note_message_id(chat_id, mid)
        return mid

    def _stored_message(self, params: Params, *, verb: str) -> dict[str, Any]:
        if params.get("chat_id") is None or params.get("message_id") is None:
            raise BotAPIError("Bad Request: message identifier is not specified")
        chat = self._chat(params["chat_id"])
        msg = self._messages.get((int(chat["id"]), int(params["message_id"])))
        if msg is None:
            raise BotAPIError(f"Bad Request: message to {verb} not found")
        return msg

    # ----------------------------------------------------------------- methods

    def _get_me(self, params: Params) -> dict[str, Any]:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _set_webhook(self, params: Params) -> bool:
        url = str(params.get("url") or "")
        if url and not url.lower().startswith("https://"):
            raise BotAPIError("Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        self._webhook = {"url": url}
        for key in ("max_connections", "allowed_updates", "ip_address", "secret_token"):
            if key in params:
                self._webhook[key] = params[key]
        if params.get("drop_pending_updates"):
            self._queue.clear()
        self._cond.notify_all()
        return True

    def _delete_webhook(self, params: Params) -> bool:
        self._webhook = {"url": ""}
        if params.get("drop_pending_updates"):
            self._queue.clear()
        return True

    def _get_webhook_info(self, params: Params) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self._webhook["url"],
            "has_custom_certificate": False,
            "pending_update_count": len(self._queue),
        }
        if self._webhook["url"]:
            info["max_connections"] = self._webhook.get("max_connections", 40)
            for key in ("allowed_updates", "ip_address"):
                if key in self._webhook:
                    info[key] = self._webhook[key]
        return info

    @staticmethod
    def _commands_key(params: Params) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")

    def _set_my_commands(self, params: Params) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise BotAPIError('Bad Request: parameter "commands" is required')
        if len(commands) > 100:
            raise BotAPIError("Bad Request: too many commands specified")
        for item in commands:
            if not isinstance(item, dict):
                raise BotAPIError("Bad Request: can't parse BotCommand JSON object")
            if not _COMMAND_NAME_RE.match(str(item.get("command", ""))):
                raise BotAPIError("Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(item.get("description", "")).strip()) <= 256:
                raise BotAPIError("Bad Request: command description is empty")
        self._commands[self._commands_key(params)] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    def _get_my_commands(self, params: Params) -> list[dict[str, Any]]:
        return list(self._commands.get(self._commands_key(params), []))

    def _delete_my_commands(self, params: Params) -> bool:
        self._commands.pop(self._commands_key(params), None)
        return True

    def _get_updates(self, params: Params) -> list[dict[str, Any]]:
        """Telegram semantics: offset confirms, timeout long-polls, newer poll evicts older."""
        offset = int(params.get("offset") or 0)
        limit = max(1, min(int(params.get("limit") or 100), 100))
        timeout = max(0.0, float(params.get("timeout") or 0))
        deadline = time.monotonic() + timeout
        with self._cond:
            if self._webhook["url"]:
                raise BotAPIError(
                    "Conflict: can't use getUpdates method while webhook is active; "
                    "use deleteWebhook to delete the webhook first",
                    409,
                )
            if "allowed_updates" in params and isinstance(params["allowed_updates"], list):
                self._allowed_updates = [str(u) for u in params["allowed_updates"]]
            self._poll_generation += 1
            generation = self._poll_generation
            self._cond.notify_all()
            if offset > 0:
                while self._queue and self._queue[0]["update_id"] < offset:
                    self._queue.popleft()
            elif offset < 0:
                while len(self._queue) > -offset:
                    self._queue.popleft()
            while True:
                if generation != self._poll_generation:
                    raise BotAPIError(
                        "Conflict: terminated by other getUpdates request; "
                        "make sure that only one bot instance is running",
                        409,
                    )
                batch = self._select_updates(limit)
                remaining = deadline - time.monotonic()
                if batch or remaining <= 0 or self._stopping:
                    return batch
                self._waiting_polls += 1
                self._cond.notify_all()
                try:
                    self._cond.wait(remaining)
                finally:
                    self._waiting_polls -= 1

    def _select_updates(self, limit: int) -> list[dict[str, Any]]:
        allowed = set(self._allowed_updates)
        kept: collections.deque[dict[str, Any]] = collections.deque()
        for update in self._queue:
            kind = _update_type(update)
            if (kind in allowed) if allowed else (kind not in DEFAULT_EXCLUDED_UPDATES):
                kept.append(update)
        self._queue = kept
        return [copy.deepcopy(u) for u in list(kept)[:limit]]

    def _bot_message(self, chat: dict[str, Any], chat_id: int) -> dict[str, Any]:
        """A new message from the bot in `chat`, before its content."""
        return {
            "message_id": self._new_message_id(chat_id),
            "from": self.bot_user,
            "chat": dict(chat),
            "date": int(time.time()),
        }

    def _keep_sent(self, chat_id: int, msg: dict[str, Any]) -> dict[str, Any]:
        """Store a message the bot sent (without the message it replies to); return it."""
        self._messages[(chat_id, msg["message_id"])] = copy.deepcopy(
            {k: v for k, v in msg.items() if k != "reply_to_message"}
        )
        return msg

    def _send_message(self, params: Params) -> dict[str, Any]:
        if params.get("chat_id") in (None, ""):
            raise BotAPIError("Bad Request: chat_id is empty")
        chat = self._chat(params["chat_id"])
        chat_id = int(chat["id"])
        parsed = self._render_text(params)
        markup = self._inline_markup(params)
        reply_to = self._reply_target(chat_id, params)
        msg = self._bot_message(chat, chat_id)
        if params.get("message_thread_id") is not None and chat.get("type") == "supergroup":
            msg["message_thread_id"] = params["message_thread_id"]
        if reply_to is not None:
            msg["reply_to_message"] = reply_to
        msg["text"] = parsed.text
        if parsed.entities:
            msg["entities"] = parsed.entities
        if isinstance(params.get("link_preview_options"), dict):
            msg["link_preview_options"] = params["link_preview_options"]
        if markup is not None:
            msg["reply_markup"] = markup
        return self._keep_sent(chat_id, msg)

    def _send_photo(self, params: Params) -> dict[str, Any]:
        """An uploaded PNG or JPEG (its bytes kept in the call's params as ``data``) or a
        file_id sent before; Telegram's limits: 10 MB, width + height at most 10000, sides at
        most 20 to 1."""
        if params.get("chat_id") in (None, ""):
            raise BotAPIError("Bad Request: chat_id is empty")
        chat = self._chat(params["chat_id"])
        chat_id = int(chat["id"])
        photo = params.get("photo")
        if isinstance(photo, dict):
            data = photo.get("data") or b""
            if len(data) > MAX_PHOTO_BYTES:
                raise BotAPIError("Bad Request: PHOTO_SAVE_FILE_INVALID")
            width, height = _image_size(data)
            if width + height > 10_000 or max(width, height) > 20 * min(width, height):
                raise BotAPIError("Bad Request: PHOTO_INVALID_DIMENSIONS")
            file_id = f"photo-{chat_id}-{len(self._photos) + 1}"
            self._photos[file_id] = (width, height, len(data))
        elif isinstance(photo, str) and photo in self._photos:
            file_id = photo
            width, height, _ = self._photos[photo]
        else:
            raise BotAPIError("Bad Request: wrong file identifier/HTTP URL specified")
        caption = self._render_caption(params)
        markup = self._inline_markup(params)
        reply_to = self._reply_target(chat_id, params)
        size = self._photos[file_id][2]
        msg = self._bot_message(chat, chat_id)
        msg["photo"] = [
            {
                "file_id": file_id,
                "file_unique_id": f"u{file_id}",
                "width": width,
                "height": height,
                "file_size": size,
            }
        ]
        if reply_to is not None:
            msg["reply_to_message"] = reply_to
        if caption is not None:
            msg["caption"] = caption.text
            if caption.entities:
                msg["caption_entities"] = caption.entities
        if markup is not None:
            msg["reply_markup"] = markup
        return self._keep_sent(chat_id, msg)

    def _edit_target(self, params: Params) -> dict[str, Any] | None:
        if params.get("inline_message_id"):
            return None
        msg = self._stored_message(params, verb="edit")
        if msg.get("from", {}).get("id") != self.bot_id:
            raise BotAPIError("Bad Request: message can't be edited")
        return msg

    def _edit_message_text(self, params: Params) -> dict[str, Any] | bool:
        msg = self._edit_target(params)
        parsed = self._render_text(params)
        markup = self._inline_markup(params)
        if msg is None:
            return True
        if "text" not in msg:
            raise BotAPIError("Bad Request: there is no text in the message to edit")
        if (
            msg["text"] == parsed.text
            and msg.get("entities", []) == parsed.entities
            and msg.get("reply_markup") == markup
        ):
            raise BotAPIError(NOT_MODIFIED)
        msg["text"] = parsed.text
        msg.pop("entities", None)
        if parsed.entities:
            msg["entities"] = parsed.entities
        msg.pop("reply_markup", None)
        if markup is not None:
            msg["reply_markup"] = markup
        msg["edit_date"] = int(time.time())
        return copy.deepcopy(msg)

    def _edit_message_reply_markup(self, params: Params) -> dict[str, Any] | bool:
        msg = self._edit_target(params)
        markup = self._inline_markup(params)
        if msg is None:
            return True
        if msg.get("reply_markup") == markup:
            raise BotAPIError(NOT_MODIFIED)
        msg.pop("reply_markup", None)
        if markup is not None:
            msg["reply_markup"] = markup
        msg["edit_date"] = int(time.time())
        return copy.deepcopy(msg)

    def _delete_message(self, params: Params) -> bool:
        msg = self._stored_message(params, verb="delete")
        del self._messages[(int(msg["chat"]["id"]), int(msg["message_id"]))]
        return True

    def _answer_callback_query(self, params: Params) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self._open_queries:
            raise BotAPIError(QUERY_TOO_OLD)
        text = params.get("text")
        if text is not None and len(str(text)) > 200:
            raise BotAPIError("Bad Request: MESSAGE_TOO_LONG")
        self._open_queries.discard(query_id)
        return True

    def _answer_inline_query(self, params: Params) -> bool:
        query_id = str(params.get("inline_query_id") or "")
        if query_id not in self._open_queries:
            raise BotAPIError(QUERY_TOO_OLD)
        results = params.get("results")
        if not isinstance(results, list):
            raise BotAPIError('Bad Request: parameter "results" is required')
        if len(results) > 50:
            raise BotAPIError("Bad Request: RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            if not isinstance(result, dict) or not result.get("type") or not result.get("id"):
                raise BotAPIError("Bad Request: can't parse InlineQueryResult JSON object")
            if result["id"] in seen:
                raise BotAPIError("Bad Request: RESULT_ID_DUPLICATE")
            seen.add(result["id"])
            content = result.get("input_message_content")
            if isinstance(content, dict) and "message_text" in content:
                self._render_text(
                    {"text": content["message_text"], "parse_mode": content.get("parse_mode")}
                )
        self._open_queries.discard(query_id)
        return True

    def _send_chat_action(self, params: Params) -> bool:
        self._chat(params.get("chat_id"))
        if params.get("action") not in CHAT_ACTIONS:
            raise BotAPIError("Bad Request: wrong parameter action in request")
        return True

    def _get_chat(self, params: Params) -> dict[str, Any]:
        chat = self._chat(params.get("chat_id"))
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": True,
                "limited_gifts": True,
                "unique_gifts": True,
                "premium_subscription": True,
                "gifts_from_channels": True,
            },
        }

    def _member(self, chat_id: int, user_id: int) -> dict[str, Any]:
        admins, owner = self._admins.get(chat_id, ([], None))
        user = self._user(user_id)
        if owner == user_id:
            return {"status": "creator", "user": user, "is_anonymous": False}
        if user_id in admins:
            return {
                "status": "administrator",
                "user": user,
                "can_be_edited": user_id == self.bot_id,
                "is_anonymous": False,
                "can_manage_chat": True,
                "can_delete_messages": True,
                "can_manage_video_chats": True,
                "can_restrict_members": True,
                "can_promote_members": False,
                "can_change_info": True,
                "can_invite_users": True,
                "can_post_stories": False,
                "can_edit_stories": False,
                "can_delete_stories": False,
                "can_pin_messages": True,
            }
        return {"status": "member", "user": user}

    def _get_chat_member(self, params: Params) -> dict[str, Any]:
        chat = self._chat(params.get("chat_id"))
        try:
            user_id = int(params.get("user_id"))  # type: ignore[arg-type]
        except (TypeError, ValueError) as exc:
            raise BotAPIError("Bad Request: invalid user_id specified") from exc
        return self._member(int(chat["id"]), user_id)

    def _get_chat_administrators(self, params: Params) -> list[dict[str, Any]]:
        chat = self._chat(params.get("chat_id"))
        if chat.get("type") == "private":
            raise BotAPIError("Bad Request: there are no administrators in the private chat")
        admins, owner = self._admins.get(int(chat["id"]), ([], None))
        ordered = ([owner] if owner is not None else []) + [a for a in admins if a != owner]
        return [self._member(int(chat["id"]), user_id) for user_id in ordered]
