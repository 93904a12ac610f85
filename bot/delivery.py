"""Delivery that does not drop answers: Telegram's flood limits and network hiccups are waited
out and retried a bounded number of times, instead of losing the journalist's answer."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

import httpx
from telegram.error import NetworkError, TimedOut
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)

FLOOD_RETRIES = 3
NETWORK_RETRIES = 3
NETWORK_BACKOFF = 0.5  # seconds before the first retry; doubled each time


class DeliveryLimiter(AIORateLimiter):
    """PTB's AIORateLimiter (about 30 messages a second, 20 a minute per group, a RetryAfter
    honoured and retried), plus retries of requests that failed before Telegram saw them.

    With `throttle=False` nothing is slowed down, but a RetryAfter is still waited out.
    """

    def __init__(
        self,
        *,
        throttle: bool = True,
        flood_retries: int = FLOOD_RETRIES,
        network_retries: int = NETWORK_RETRIES,
        backoff: float = NETWORK_BACKOFF,
    ) -> None:
        if throttle:
            super().__init__(max_retries=flood_retries)
        else:
            super().__init__(overall_max_rate=0, group_max_rate=0, max_retries=flood_retries)
        self.network_retries = network_retries
        self.backoff = backoff

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        attempt = 0
        while True:
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except NetworkError as exc:
                if attempt >= self.network_retries or not retriable(exc):
                    raise
                delay = self.backoff * 2**attempt
                attempt += 1
                log.warning("%s failed (%s); retry %d in %.1fs", endpoint, exc, attempt, delay)
                await asyncio.sleep(delay)


def retriable(exc: NetworkError) -> bool:
    """A dropped connection or a gateway error: the request did not reach Telegram's logic.

    BadRequest is a NetworkError in PTB but a refusal, never retried; a read timeout may mean
    the message was sent, so it is not retried either (a duplicate is worse than a delay).
    """
    if isinstance(exc, TimedOut):
        return isinstance(exc.__cause__, httpx.PoolTimeout | httpx.ConnectTimeout)
    return type(exc) is NetworkError
