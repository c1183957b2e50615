"""The public page cache.

Anonymous GET requests for portal pages are answered from Django's cache (shared by every app
server: the database cache by default, Redis through CACHE_URL). Every stored page carries the
cache generation it was rendered in, and a hit is one `get_many` of the generation and the page
(one query, one round trip); publishing, unpublishing, moving or deleting a page bumps the
generation once the transaction commits, so no reader can see an older page afterwards. Anyone with a session
(editors, staff) bypasses the cache and always sees the live page; previews and drafts are
served by the admin and never pass through here. Only plain 200 responses that set no cookie
are stored.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation
from wagtail import views as wagtail_views

GENERATION_KEY = "portal:generation"


def cache_seconds() -> int:
    return int(getattr(settings, "CHIBO_PORTAL_CACHE_SECONDS", 600))


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY) or 1
    return int(value)


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def purge() -> None:
    """Invalidate every cached portal page once the current transaction commits."""
    transaction.on_commit(_bump)


def cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "preview" not in request.GET
    )


def page_key(request) -> str:
    raw = "|".join([request.get_host(), request.get_full_path(), translation.get_language() or ""])
    return f"portal:page:{hashlib.sha256(raw.encode()).hexdigest()}"


def cacheable_response(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
    )


def serve(request, path):
    """Wagtail's page serving, answered from the page cache for anonymous readers."""
    if not cacheable_request(request):
        response = wagtail_views.serve(request, path)
        response["X-Portal-Cache"] = "bypass"
        return response
    key = page_key(request)
    found = cache.get_many([GENERATION_KEY, key])
    current = found.get(GENERATION_KEY)
    if current is None:
        current = generation()
    hit = found.get(key)
    if hit is not None and hit[0] == current:
        _, content, content_type = hit
        response = HttpResponse(content, content_type=content_type)
        response["X-Portal-Cache"] = "hit"
        return response
    response = wagtail_views.serve(request, path)
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if cacheable_response(response):
        cache.set(key, (int(current), response.content, response["Content-Type"]), cache_seconds())
        response["X-Portal-Cache"] = "miss"
    return response
