"""Public portal views outside the page tree: search, public documents, view-count beacon. Thin."""

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import FileResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from chibo.accounts import scope

from . import selectors, viewcounts
from .models import ArticlePage, HomePage

PER_PAGE = 10


def _site_home(request) -> HomePage | None:
    """The committee site the request's host name belongs to, if any."""
    from wagtail.models import Site

    site = Site.find_for_request(request)
    if site is None:
        return None
    return HomePage.objects.live().filter(pk=site.root_page_id).select_related("unit").first()


def search(request):
    """Tìm kiếm bài viết, không phân biệt dấu; within one site when `site` is given."""
    query = request.GET.get("q", "").strip()[:200]
    home = None
    site_id = request.GET.get("site", "")
    if site_id.isdigit():
        home = scope.get_visible(AnonymousUser(), HomePage.objects.live(), pk=int(site_id))
    if home is None:
        home = _site_home(request)
    results = selectors.search_articles(AnonymousUser(), query, home)
    page_obj = Paginator(results, PER_PAGE).get_page(request.GET.get("trang"))
    return render(request, "portal/search.html", {
        "query": query, "home": home, "page_obj": page_obj,
    })


def public_document(request, pk: int):
    """Văn bản công khai: a public document an article mentions (internal or graded ones are 404)."""
    document = selectors.get_public_document(pk)
    return render(request, "portal/document.html", {
        "document": document,
        "files": document.attachments.order_by("pk"),
        "articles": selectors.articles_mentioning(document)[:10],
        # On a committee's own host, that site; from the portal index, the site of the document's registry.
        "home": _site_home(request) or selectors.site_home_for(document.owner),
    })


def public_document_file(request, pk: int):
    """A file of a public document, downloaded by anyone."""
    attachment = selectors.get_public_attachment(pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name,
                        content_type=attachment.content_type)


@csrf_exempt
@require_POST
@never_cache
def view_beacon(request, page_id: int):
    """Count one view of a published article (sent by the page's script, after it has loaded)."""
    article = scope.get_visible(AnonymousUser(), ArticlePage.objects.live(), pk=page_id)
    viewcounts.record_view(article.pk)
    return JsonResponse({"views": viewcounts.current_count(article)})
