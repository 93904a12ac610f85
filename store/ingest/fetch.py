"""Fetch a web page that a user pasted, without letting the URL reach inside our network.

A user can paste any link into the bot, so every hop is treated as hostile: the host is
resolved by us, each address is checked, and the connection goes to the address that was
checked (so a DNS answer that changes between check and connect cannot slip through).
The body is read as a stream with a cap on *decoded* bytes, so neither a huge page nor a
gzip bomb can fill memory, and the whole fetch runs under one deadline, so a server that
trickles bytes cannot hold a worker forever.
"""

from __future__ import annotations

import asyncio
import codecs
import ipaddress
import re
import socket
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[str]]]
AddressPolicy = Callable[[IPAddress], str | None]

ALLOWED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
USER_AGENT = "sourcecheck/0.1 (+claim source checker)"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


class FetchError(Exception):
    """A page could not be fetched; ``str(e)`` is one line fit to show the user."""


@dataclass(frozen=True)
class Fetched:
    """A fetched page: the final URL after redirects, its status, media type and text."""

    url: str
    status: int
    content_type: str
    text: str


def address_refusal(ip: IPAddress) -> str | None:
    """Say why an address must not be contacted, or None when it is a public address.

    IPv4-mapped IPv6 addresses are judged by the IPv4 address inside them, because the
    kernel connects to that IPv4 address; 6to4 addresses likewise.
    """
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        inner = address_refusal(ip.ipv4_mapped)
        return f"{inner} (IPv4-mapped)" if inner else None
    if isinstance(ip, ipaddress.IPv6Address) and ip.sixtofour is not None:
        # A 6to4 address is tunnelled to the IPv4 address inside it.
        inner = address_refusal(ip.sixtofour)
        return f"{inner} (6to4)" if inner else None
    if ip.is_unspecified:
        return f"{ip} is an unspecified address"
    if ip.is_loopback:
        return f"{ip} is a loopback address"
    if ip.is_link_local:
        return f"{ip} is a link-local address"
    if ip.is_multicast:
        return f"{ip} is a multicast address"
    if ip.is_private:
        return f"{ip} is a private address"
    if ip.is_reserved:
        return f"{ip} is a reserved address"
    if not ip.is_global:
        return f"{ip} is not a public address"
    return None


def _allow_all(ip: IPAddress) -> str | None:
    return None


async def system_resolver(host: str, port: int) -> list[str]:
    """Resolve a host name with the system resolver, without blocking the event loop."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _parse_ip(text: str) -> IPAddress:
    return ipaddress.ip_address(text.split("%", 1)[0])


async def _checked_address(
    url: httpx.URL, resolver: Resolver, policy: AddressPolicy, timeout: float
) -> str:
    """Resolve the URL's host, refuse it if any address is not allowed, return one to use.

    Every address is checked, not just the first, so a name that answers with one public
    and one private address is refused rather than left to chance.
    """
    host = url.host
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        addresses = [_parse_ip(host)]
    except ValueError:
        try:
            async with asyncio.timeout(timeout):
                answers = await resolver(host, port)
        except TimeoutError:
            raise FetchError(f"could not reach {host}: the name lookup timed out") from None
        except OSError:
            raise FetchError(f"could not reach {host}: the name does not resolve") from None
        addresses = [_parse_ip(a) for a in answers]
    if not addresses:
        raise FetchError(f"could not reach {host}: the name does not resolve")
    for ip in addresses:
        reason = policy(ip)
        if reason:
            raise FetchError(f"refused: {reason}")
    return str(addresses[0])


def _check_scheme(url: httpx.URL) -> None:
    if url.scheme not in ("http", "https"):
        scheme = url.scheme or "this"
        raise FetchError(f"refused: only http and https links can be read, not {scheme}://")
    if not url.host:
        raise FetchError("refused: the link has no host")


def _media_type(header: str) -> tuple[str, str | None]:
    """Split a Content-Type header into the media type and the declared charset."""
    parts = [p.strip() for p in header.split(";")]
    media = parts[0].lower()
    charset = None
    for param in parts[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value:
            charset = value.strip().strip("\"'")
    return media, charset


class _Decoder:
    """Undo Content-Encoding chunk by chunk, never producing more than the cap allows."""

    def __init__(self, encoding: str) -> None:
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            self._wbits: int | None = None
        elif encoding in ("gzip", "x-gzip"):
            self._wbits = 16 + zlib.MAX_WBITS
        elif encoding == "deflate":
            self._wbits = zlib.MAX_WBITS
        else:
            raise FetchError(f"refused: the page uses an unsupported encoding ({encoding})")
        self._raw_deflate_tried = False
        self._zobj = zlib.decompressobj(self._wbits) if self._wbits is not None else None

    def feed(self, data: bytes, room: int) -> bytes:
        """Decode ``data`` and return at most ``room + 1`` bytes (one more means over cap)."""
        if self._zobj is None:
            return data[: room + 1]
        out = bytearray()
        while data and len(out) <= room:
            try:
                piece = self._zobj.decompress(data, room + 1 - len(out))
            except zlib.error:
                if self._wbits == zlib.MAX_WBITS and not self._raw_deflate_tried and not out:
                    self._raw_deflate_tried = True
                    self._zobj = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise FetchError("refused: the page is not validly compressed") from None
            out += piece
            if self._zobj.eof:
                data = self._zobj.unused_data
                if data:
                    self._zobj = zlib.decompressobj(self._wbits)
            else:
                data = self._zobj.unconsumed_tail
        return bytes(out)


def _size_label(max_bytes: int) -> str:
    if max_bytes >= 1_000_000:
        return f"{max_bytes / 1_000_000:g} MB"
    if max_bytes >= 1_000:
        return f"{max_bytes / 1_000:g} kB"
    return f"{max_bytes} bytes"


async def _read_body(response: httpx.Response, max_bytes: int) -> bytes:
    too_big = FetchError(f"refused: the page is larger than {_size_label(max_bytes)}")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_big
    decoder = _Decoder(response.headers.get("content-encoding", ""))
    body = bytearray()
    raw_seen = 0
    async for chunk in response.aiter_raw():
        raw_seen += len(chunk)
        body += decoder.feed(chunk, max_bytes - len(body))
        if len(body) > max_bytes or raw_seen > max_bytes:
            raise too_big
    return bytes(body)


def _decode(body: bytes, charset: str | None) -> str:
    """Decode with the declared charset, else a <meta charset>, else UTF-8 with replacement."""
    if not charset:
        found = _META_CHARSET.search(body[:4096])
        charset = found.group(1).decode("ascii") if found else None
    if charset:
        try:
            codecs.lookup(charset)
        except LookupError:
            charset = None
    return body.decode(charset or "utf-8", errors="replace")


async def _one_hop(
    client: httpx.AsyncClient, url: httpx.URL, ip: str, timeout: httpx.Timeout
) -> httpx.Response:
    """Send one GET to the checked address, keeping the original name for Host and TLS."""
    request = client.build_request(
        "GET",
        url.copy_with(host=ip),
        headers={
            "Host": url.netloc.decode("ascii"),
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9",
            "Accept-Encoding": "gzip, deflate",
            "User-Agent": USER_AGENT,
        },
        timeout=timeout,
        extensions={"sni_hostname": url.host},
    )
    return await client.send(request, stream=True, follow_redirects=False)


async def _fetch_hops(
    url: httpx.URL,
    client: httpx.AsyncClient,
    policy: AddressPolicy,
    resolver: Resolver,
    max_bytes: int,
    timeout: httpx.Timeout,
    max_redirects: int,
) -> Fetched:
    seen = {str(url)}
    redirects = 0
    while True:
        _check_scheme(url)
        ip = await _checked_address(url, resolver, policy, timeout.connect or 5.0)
        try:
            response = await _one_hop(client, url, ip, timeout)
        except httpx.TimeoutException:
            raise FetchError(f"could not reach {url.host}: timed out") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"could not reach {url.host}: {_short(exc)}") from None
        try:
            location = response.headers.get("location")
            if response.status_code in REDIRECT_STATUSES and location:
                redirects += 1
                if redirects > max_redirects:
                    raise FetchError("too many redirects")
                url = url.join(location)
                if str(url) in seen:
                    raise FetchError("refused: the page redirects in a loop")
                seen.add(str(url))
                continue
            return await _finish(url, response, max_bytes)
        except httpx.TimeoutException:
            raise FetchError(f"could not reach {url.host}: timed out") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"could not reach {url.host}: {_short(exc)}") from None
        finally:
            await response.aclose()


async def _finish(url: httpx.URL, response: httpx.Response, max_bytes: int) -> Fetched:
    status = response.status_code
    if not 200 <= status < 300:
        raise FetchError(f"HTTP {status} {response.reason_phrase}".strip())
    media, charset = _media_type(response.headers.get("content-type", ""))
    if media not in ALLOWED_TYPES:
        shown = media or "a page without a content type"
        raise FetchError(f"refused: {shown} is not a web page")
    body = await _read_body(response, max_bytes)
    return Fetched(url=str(url), status=status, content_type=media, text=_decode(body, charset))


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:120] if text and text[0] else type(exc).__name__


async def fetch(
    url: str,
    *,
    client: httpx.AsyncClient,
    allow_private: bool = False,
    max_bytes: int = 5_000_000,
    connect_timeout: float = 5.0,
    read_timeout: float = 10.0,
    deadline: float = 20.0,
    max_redirects: int = 5,
    resolver: Resolver | None = None,
    address_policy: AddressPolicy | None = None,
) -> Fetched:
    """Fetch one web page safely; raise FetchError with a one-line reason otherwise.

    ``resolver`` replaces the system resolver (tests map names to 127.0.0.1 with it) and
    ``address_policy`` replaces the check of each address: it returns a refusal reason or
    None. Without a policy, non-public addresses are refused unless ``allow_private``.
    """
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError, ValueError):
        raise FetchError("refused: this is not a valid link") from None
    _check_scheme(parsed)
    policy = address_policy or (_allow_all if allow_private else address_refusal)
    timeout = httpx.Timeout(
        connect=connect_timeout, read=read_timeout, write=read_timeout, pool=connect_timeout
    )
    try:
        async with asyncio.timeout(deadline):
            return await _fetch_hops(
                parsed,
                client,
                policy,
                resolver or system_resolver,
                max_bytes,
                timeout,
                max_redirects,
            )
    except TimeoutError:
        raise FetchError(f"could not reach {parsed.host}: timed out") from None
