"""View counts (số lượt xem) without a database write on the page request.

The page itself is served from the page cache; the count is recorded afterwards by a small
beacon request. With a shared cache whose increment is atomic (Redis, Memcached; LocMem within
its process) the beacon only increments a cache counter, and the pending views are added to
`PageViewCount` with an atomic `count = count + n` every `FLUSH_EVERY` views, by the
`flush_view_counts` task, and whenever a page's count is flushed. Each flush moves what it took
out of the cache (`decr`), so several app servers never count a view twice or lose one. A
cache whose increment is a read-then-write (the database cache) would lose views under
concurrency, so with it the beacon does the atomic SQL increment itself.
"""

from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.db import transaction
from django.db.models import F

from .models import ArticlePage, PageViewCount

FLUSH_EVERY = 50
ATOMIC_INCR_BACKENDS = {"RedisCache", "PyMemcacheCache", "PyLibMCCache", "LocMemCache"}


def _key(page_id: int) -> str:
    return f"portal:views:{page_id}"


def cache_counts_atomically() -> bool:
    # `cache` is a proxy: ask the backend behind it.
    return type(caches[DEFAULT_CACHE_ALIAS]).__name__ in ATOMIC_INCR_BACKENDS


def _add_to_db(page_id: int, n: int) -> None:
    with transaction.atomic():
        if not PageViewCount.objects.filter(page_id=page_id).update(count=F("count") + n):
            PageViewCount.objects.get_or_create(page_id=page_id)
            PageViewCount.objects.filter(page_id=page_id).update(count=F("count") + n)


def record_view(page_id: int) -> None:
    """Count one view of a page."""
    if not cache_counts_atomically():
        _add_to_db(page_id, 1)
        return
    key = _key(page_id)
    try:
        pending = cache.incr(key)
    except ValueError:
        cache.add(key, 0, timeout=None)
        pending = cache.incr(key)
    if pending >= FLUSH_EVERY:
        flush_page(page_id)


def pending_views(page_id: int) -> int:
    return int(cache.get(_key(page_id)) or 0) if cache_counts_atomically() else 0


def flush_page(page_id: int) -> int:
    """Move a page's pending views from the cache into the database; returns how many."""
    if not cache_counts_atomically():
        return 0
    lock = f"{_key(page_id)}:flushing"
    if not cache.add(lock, 1, timeout=30):
        return 0
    try:
        pending = int(cache.get(_key(page_id)) or 0)
        if pending:
            _add_to_db(page_id, pending)
            cache.decr(_key(page_id), pending)
        return pending
    finally:
        cache.delete(lock)


def flush_all(batch: int = 500) -> int:
    """Flush every article's pending views; returns the number of views moved."""
    moved = 0
    ids = list(ArticlePage.objects.live().values_list("pk", flat=True).order_by("pk"))
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        pending = cache.get_many([_key(i) for i in chunk])
        for page_id in chunk:
            if pending.get(_key(page_id)):
                moved += flush_page(page_id)
    return moved


def current_count(page: ArticlePage) -> int:
    """Views shown on the page: those on the original site before import, counted, and pending."""
    counted = PageViewCount.objects.filter(page_id=page.pk).values_list("count", flat=True).first() or 0
    return page.imported_view_count + counted + pending_views(page.pk)
