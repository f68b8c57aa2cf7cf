"""Paged results as azure-core's `ItemPaged` / `AsyncItemPaged`, following the service's `nextLink`.

A paged operation is a `Paging`: the `Call` of its first page and how to build the `Call` of the page a
`nextLink` names. Each page is sent through the client's pipeline like any other call (same retries, hooks
and per-call options). azure-core's paging module is imported when a pager is made, not with the client.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._call_options import check_call_options

if TYPE_CHECKING:
    from azure.core.async_paging import AsyncItemPaged
    from azure.core.paging import ItemPaged

    from ._operations import Call

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page: its items and the link to the next (None on the last)."""

    items: tuple[T, ...]
    next_link: str | None


@dataclass(frozen=True, slots=True)
class Paging(Generic[T]):
    """A paged operation, validated: its first page's Call and the Call for a nextLink."""

    first: Call[Page[T]]
    next: Callable[[str], Call[Page[T]]]

    def call(self, continuation: str | None) -> Call[Page[T]]:
        return self.first if continuation is None else self.next(continuation)


def _extract(page: Page[T]) -> tuple[str | None, Iterator[T]]:
    return page.next_link, iter(page.items)


async def _async_extract(page: Page[T]) -> tuple[str | None, AsyncIterator[T]]:
    async def items() -> AsyncIterator[T]:
        for item in page.items:
            yield item

    return page.next_link, items()


def item_paged(
    run: Callable[[Call[Page[T]], Mapping[str, Any]], Page[T]],
    paging: Paging[T],
    options: Mapping[str, Any],
    first: Page[T] | None = None,
) -> ItemPaged[T]:
    """A lazy pager (each page fetched when iteration reaches it), or, given `first`, one that starts with
    that already-fetched page. The options are checked now, so a bad one fails before anything is sent."""
    from azure.core.paging import ItemPaged

    if options:
        check_call_options(paging.first.name, options)

    def get_next(continuation: str | None) -> Page[T]:
        if continuation is None and first is not None:
            return first
        return run(paging.call(continuation), options)

    return ItemPaged(get_next, _extract)


def sent_then_paged(
    run: Callable[[Call[Page[T]], Mapping[str, Any]], Page[T]],
    paging: Paging[T],
    options: Mapping[str, Any],
) -> ItemPaged[T]:
    """For an operation that changes something and answers with pages: its request is sent now."""
    return item_paged(run, paging, options, run(paging.first, options))


def async_item_paged(
    run: Callable[[Call[Page[T]], Mapping[str, Any]], Awaitable[Page[T]]],
    paging: Paging[T],
    options: Mapping[str, Any],
    first: Page[T] | None = None,
) -> AsyncItemPaged[T]:
    """The async twin of `item_paged`."""
    from azure.core.async_paging import AsyncItemPaged

    if options:
        check_call_options(paging.first.name, options)

    async def get_next(continuation: str | None) -> Page[T]:
        if continuation is None and first is not None:
            return first
        return await run(paging.call(continuation), options)

    return AsyncItemPaged(get_next, _async_extract)


async def async_sent_then_paged(
    run: Callable[[Call[Page[T]], Mapping[str, Any]], Awaitable[Page[T]]],
    paging: Paging[T],
    options: Mapping[str, Any],
) -> AsyncItemPaged[T]:
    """The async twin of `sent_then_paged`."""
    return async_item_paged(run, paging, options, await run(paging.first, options))
