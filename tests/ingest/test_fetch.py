"""Tests for the guarded fetcher against a tiny HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import gzip
import ipaddress
from collections.abc import AsyncIterator

import httpx
import pytest

from store.ingest.fetch import FetchError, address_refusal, fetch

PAGE = b"<html><head><title>Front line</title></head><body><p>Units moved.</p></body></html>"
BOMB = gzip.compress(b"\0" * 20_000_000, compresslevel=9)


def _response(status: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    head = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}", "Connection: close"]
    head += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


ROUTES: dict[str, bytes] = {
    "/page": _response("200 OK", {"Content-Type": "text/html; charset=utf-8"}, PAGE),
    "/cp1251": _response(
        "200 OK", {"Content-Type": "text/plain; charset=windows-1251"}, "Київ".encode("cp1251")
    ),
    "/loop-a": _response("302 Found", {"Location": "/loop-b"}),
    "/loop-b": _response("302 Found", {"Location": "/loop-a"}),
    "/to-page": _response("301 Moved", {"Location": "/page"}),
    "/to-metadata": _response("302 Found", {"Location": "http://169.254.169.254/latest/"}),
    "/to-loopback": _response("302 Found", {"Location": "http://127.0.0.2/"}),
    "/big": _response("200 OK", {"Content-Type": "text/html"}, b"x" * 50_000),
    "/bomb": _response("200 OK", {"Content-Type": "text/html", "Content-Encoding": "gzip"}, BOMB),
    "/pdf": _response("200 OK", {"Content-Type": "application/pdf"}, b"%PDF-1.4"),
    "/missing": _response("404 Not Found", {"Content-Type": "text/html"}, b"gone"),
}
for n in range(10):
    ROUTES[f"/hop{n}"] = _response("302 Found", {"Location": f"/hop{n + 1}"})


async def _handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        request = await reader.readuntil(b"\r\n\r\n")
        path = request.split(b" ", 2)[1].decode()
        if path == "/host":
            host = [ln for ln in request.split(b"\r\n") if ln.lower().startswith(b"host:")]
            body = host[0] if host else b"none"
            writer.write(_response("200 OK", {"Content-Type": "text/plain"}, body))
        elif path == "/big-unannounced":
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n")
            for _ in range(100):
                writer.write(b"y" * 1000)
                await writer.drain()
        elif path == "/trickle":
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n")
            for _ in range(100):
                writer.write(b"z")
                await writer.drain()
                await asyncio.sleep(0.1)
        else:
            writer.write(ROUTES.get(path, ROUTES["/missing"]))
        await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


@pytest.fixture
async def base() -> AsyncIterator[str]:
    server = await asyncio.start_server(_handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.close()


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(trust_env=False) as c:
        yield c


def only_127_0_0_1(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Let the test server through, judge everything else like production does."""
    return None if str(ip) == "127.0.0.1" else address_refusal(ip)


async def test_fetches_a_page(base: str, client: httpx.AsyncClient) -> None:
    page = await fetch(f"{base}/page", client=client, allow_private=True)
    assert page.status == 200
    assert page.content_type == "text/html"
    assert "Units moved." in page.text
    assert page.url.endswith("/page")


async def test_declared_charset_is_used(base: str, client: httpx.AsyncClient) -> None:
    page = await fetch(f"{base}/cp1251", client=client, allow_private=True)
    assert page.text == "Київ"


async def test_follows_a_redirect(base: str, client: httpx.AsyncClient) -> None:
    page = await fetch(f"{base}/to-page", client=client, allow_private=True)
    assert page.url.endswith("/page")


async def test_connects_to_the_checked_address_with_the_original_host(
    base: str, client: httpx.AsyncClient
) -> None:
    port = base.rsplit(":", 1)[1]

    async def resolver(host: str, port: int) -> list[str]:
        return ["127.0.0.1"] if host == "news.test" else []

    page = await fetch(
        f"http://news.test:{port}/host", client=client, allow_private=True, resolver=resolver
    )
    assert page.text.lower() == f"host: news.test:{port}"


async def test_name_resolving_to_private_address_is_refused(client: httpx.AsyncClient) -> None:
    async def resolver(host: str, port: int) -> list[str]:
        return ["93.184.216.34", "10.1.2.3"]

    with pytest.raises(FetchError, match=r"refused: 10\.1\.2\.3 is a private address"):
        await fetch("http://mixed.test/", client=client, resolver=resolver)


async def test_loopback_refused_without_allow_private(base: str, client: httpx.AsyncClient) -> None:
    with pytest.raises(FetchError) as err:
        await fetch(f"{base}/page", client=client)
    assert str(err.value) == "refused: 127.0.0.1 is a loopback address"


@pytest.mark.parametrize(
    ("url", "word"),
    [
        ("http://[::1]/", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://224.0.0.1/", "multicast"),
        ("http://192.168.1.1/", "private"),
    ],
)
async def test_internal_addresses_refused(url: str, word: str, client: httpx.AsyncClient) -> None:
    with pytest.raises(FetchError, match=f"refused: .* {word}"):
        await fetch(url, client=client)


@pytest.mark.parametrize("url", ["ftp://example.org/file", "file:///etc/passwd"])
async def test_other_schemes_refused(url: str, client: httpx.AsyncClient) -> None:
    with pytest.raises(FetchError, match="only http and https"):
        await fetch(url, client=client, allow_private=True)


@pytest.mark.parametrize("path", ["/to-metadata", "/to-loopback"])
async def test_redirect_to_internal_address_refused(
    base: str, path: str, client: httpx.AsyncClient
) -> None:
    with pytest.raises(FetchError, match=r"refused: (127\.0\.0\.2|169\.254\.169\.254)"):
        await fetch(f"{base}{path}", client=client, address_policy=only_127_0_0_1)


async def test_redirect_loop(base: str, client: httpx.AsyncClient) -> None:
    with pytest.raises(FetchError, match="loop"):
        await fetch(f"{base}/loop-a", client=client, allow_private=True)


async def test_too_many_redirects(base: str, client: httpx.AsyncClient) -> None:
    with pytest.raises(FetchError, match=r"^too many redirects$"):
        await fetch(f"{base}/hop0", client=client, allow_private=True, max_redirects=3)


async def test_body_over_cap_announced(base: str, client: httpx.AsyncClient) -> None:
    with pytest.raises(FetchError, match="larger than 10 kB"):
        await fetch(f"{base}/big", client=client, allow_private=True, max_bytes=10_000)


async def test_body_over_cap_streamed(base: str, client: httpx.AsyncClient) -> None:
    with pytest.raises(FetchError, match="larger than 10 kB"):
        await fetch(f"{base}/big-unannounced", client=client, allow_private=True, max_bytes=10_000)


async def test_gzip_bomb_hits_the_cap_on_decoded_bytes(
    base: str, client: httpx.AsyncClient
) -> None:
    assert len(BOMB) < 1_000_000
    with pytest.raises(FetchError, match="larger than 1 MB"):
        await fetch(f"{base}/bomb", client=client, allow_private=True, max_bytes=1_000_000)


async def test_trickling_body_hits_the_deadline(base: str, client: httpx.AsyncClient) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(FetchError, match=r"could not reach 127\.0\.0\.1: timed out"):
        await fetch(f"{base}/trickle", client=client, allow_private=True, deadline=0.8)
    assert loop.time() - started < 3


async def test_pdf_refused(base: str, client: httpx.AsyncClient) -> None:
    with pytest.raises(FetchError) as err:
        await fetch(f"{base}/pdf", client=client, allow_private=True)
    assert str(err.value) == "refused: application/pdf is not a web page"


async def test_not_found(base: str, client: httpx.AsyncClient) -> None:
    with pytest.raises(FetchError, match=r"^HTTP 404"):
        await fetch(f"{base}/missing", client=client, allow_private=True)


async def test_unreachable_port(client: httpx.AsyncClient) -> None:
    with pytest.raises(FetchError, match=r"could not reach 127\.0\.0\.1"):
        await fetch("http://127.0.0.1:9/", client=client, allow_private=True, deadline=3)
