"""Hostile links for the guarded fetcher, beyond tests/test_fetch.py: names that resolve
inside the network, addresses in disguise, redirects into the network or in circles, bodies
that never end, trickle or explode when decompressed.

The client here can only ever connect to 127.0.0.1: any other connection fails the test
before a packet leaves, so a refusal that stopped working cannot reach a real address.
"""

from __future__ import annotations

import asyncio
import gzip
import ipaddress
import re
import zlib
from collections.abc import AsyncIterator

import httpx
import pytest

from store.ingest.fetch import FetchError, address_refusal, fetch

ZEROS = b"\0" * 1_000_000


class LoopbackOnly(httpx.AsyncHTTPTransport):
    """A transport that refuses, loudly, to connect anywhere but 127.0.0.1."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host != "127.0.0.1":
            raise AssertionError(f"the fetcher tried to connect to {request.url.host}")
        return await super().handle_async_request(request)


def only_127_0_0_1(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Let the test server through; judge every other address as production does."""
    return None if str(ip) == "127.0.0.1" else address_refusal(ip)


def _head(status: str, headers: dict[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status}", "Connection: close", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def _endless(writer: asyncio.StreamWriter, piece: bytes, limit: int) -> None:
    """Write `piece` until the client hangs up (bounded, so a broken fetcher ends too)."""
    sent = 0
    while sent < limit:
        writer.write(piece)
        await writer.drain()
        sent += len(piece)


async def _handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    port = writer.get_extra_info("sockname")[1]
    try:
        request = await reader.readuntil(b"\r\n\r\n")
        path = request.split(b" ", 2)[1].decode()
        html = {"Content-Type": "text/html"}
        if path == "/endless":
            writer.write(_head("200 OK", html))
            await _endless(writer, b"<p>" + b"war " * 16_000 + b"</p>", 200_000_000)
        elif path == "/endless-gzip":
            writer.write(_head("200 OK", {**html, "Content-Encoding": "gzip"}))
            squeeze = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
            writer.write(squeeze.compress(ZEROS))
            await _endless(
                writer, squeeze.compress(ZEROS) + squeeze.flush(zlib.Z_SYNC_FLUSH), 10**8
            )
        elif path == "/deflate-bomb":
            body = zlib.compress(ZEROS * 20, 9)
            writer.write(_head("200 OK", {**html, "Content-Encoding": "deflate"}) + body)
        elif path == "/gzip-members":
            member = gzip.compress(ZEROS, 9)
            writer.write(_head("200 OK", {**html, "Content-Encoding": "gzip"}) + member * 40)
        elif path == "/slow-headers":
            writer.write(b"HTTP/1.1 200 OK\r\n")
            for _ in range(100):
                writer.write(b"X-Pad: a\r\n")
                await writer.drain()
                await asyncio.sleep(0.1)
        elif path == "/to-metadata-name":
            writer.write(_head("302 Found", {"Location": "http://metadata.test/latest/"}))
        elif path == "/to-mapped":
            writer.write(_head("302 Found", {"Location": "http://[::ffff:a9fe:a9fe]/latest/"}))
        elif path == "/self":
            writer.write(_head("302 Found", {"Location": "/self"}))
        elif path == "/spelled-a":
            writer.write(_head("302 Found", {"Location": f"http://127.0.0.1:{port}/spelled-b"}))
        elif path == "/spelled-b":
            writer.write(_head("302 Found", {"Location": "../spelled-a"}))
        else:
            writer.write(_head("404 Not Found", html))
        await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


@pytest.fixture
async def site() -> AsyncIterator[str]:
    server = await asyncio.start_server(_handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.close()


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=LoopbackOnly(), trust_env=False) as c:
        yield c


def resolving_to(*addresses: str):
    """A resolver hook: every name resolves to `addresses` (as a hostile DNS would answer)."""

    async def resolver(host: str, port: int) -> list[str]:
        return list(addresses)

    return resolver


@pytest.mark.parametrize(
    ("addresses", "reason"),
    [
        (["169.254.169.254"], "169.254.169.254 is a link-local address"),
        (["127.0.0.1"], "127.0.0.1 is a loopback address"),
        (["::1"], "::1 is a loopback address"),
        (["::ffff:127.0.0.1"], "127.0.0.1 is a loopback address (IPv4-mapped)"),
        (["::ffff:169.254.169.254"], "169.254.169.254 is a link-local address (IPv4-mapped)"),
        (["::ffff:10.0.0.8"], "10.0.0.8 is a private address (IPv4-mapped)"),
        (["fe80::1%eth0"], "fe80::1 is a link-local address"),
        (["fd00:ec2::254"], "fd00:ec2::254 is a private address"),
        (["100.64.0.1"], "100.64.0.1 is not a public address"),
        (["64:ff9b::a9fe:a9fe"], "64:ff9b::a9fe:a9fe is a reserved address"),
        (["2002:a9fe:a9fe::1"], "169.254.169.254 is a link-local address (6to4)"),
        (["2002:7f00:1::1"], "127.0.0.1 is a loopback address (6to4)"),
        (["93.184.216.34", "192.168.0.10"], "192.168.0.10 is a private address"),
    ],
)
async def test_a_name_resolving_inside_the_network_is_refused(
    addresses: list[str], reason: str, client: httpx.AsyncClient
) -> None:
    with pytest.raises(FetchError) as refusal:
        await fetch("http://news.test/article", client=client, resolver=resolving_to(*addresses))
    assert str(refusal.value) == f"refused: {reason}"


@pytest.mark.parametrize(
    "url",
    [
        "http://2130706433/",  # 127.0.0.1 as one number
        "http://0x7f.1/",  # in hex, shortened
        "http://127.1/",
        "http://0177.0.0.1/",  # in octal
        "http://[::ffff:7f00:1]/",
        "http://[0:0:0:0:0:ffff:127.0.0.1]/",
        "http://[::1]:80/",
        "http://0251.0376.0251.0376/",  # 169.254.169.254 in octal
    ],
)
async def test_addresses_in_disguise_are_refused(url: str, client: httpx.AsyncClient) -> None:
    """Either the link is refused as malformed, or the system resolver reads the spelling as
    a number (no lookup leaves the machine) and the address it turns into is refused."""
    with pytest.raises(
        FetchError, match=r"^refused: (this is not a valid link|.*(loopback|link-local))"
    ):
        await fetch(url, client=client)


async def test_a_public_6to4_address_is_not_refused() -> None:
    assert address_refusal(ipaddress.ip_address("2002:5db8:d822::1")) is None


@pytest.mark.parametrize(
    ("path", "resolver", "reason"),
    [
        ("/to-metadata-name", resolving_to("169.254.169.254"), "169.254.169.254 is a link-local"),
        ("/to-mapped", None, "169.254.169.254 is a link-local address (IPv4-mapped)"),
    ],
)
async def test_a_redirect_into_the_network_is_refused(
    site: str, path: str, resolver, reason: str, client: httpx.AsyncClient
) -> None:
    with pytest.raises(FetchError, match=f"^refused: {re.escape(reason)}"):
        await fetch(
            f"{site}{path}", client=client, address_policy=only_127_0_0_1, resolver=resolver
        )


@pytest.mark.parametrize("path", ["/self", "/spelled-a"])
async def test_redirect_loops_are_refused(site: str, path: str, client: httpx.AsyncClient) -> None:
    with pytest.raises(FetchError, match=r"^refused: the page redirects in a loop$"):
        await fetch(f"{site}{path}", client=client, address_policy=only_127_0_0_1)


@pytest.mark.parametrize("path", ["/endless", "/endless-gzip", "/deflate-bomb", "/gzip-members"])
async def test_bodies_that_never_end_or_explode_stop_at_the_cap(
    site: str, path: str, client: httpx.AsyncClient
) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(FetchError, match=r"^refused: the page is larger than 2 MB$"):
        await fetch(f"{site}{path}", client=client, allow_private=True, max_bytes=2_000_000)
    assert loop.time() - started < 10


async def test_headers_that_trickle_hit_the_deadline(site: str, client: httpx.AsyncClient) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(FetchError, match=r"^could not reach 127\.0\.0\.1: timed out$"):
        await fetch(f"{site}/slow-headers", client=client, allow_private=True, deadline=0.8)
    assert loop.time() - started < 3
