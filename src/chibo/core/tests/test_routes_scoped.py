"""Every route of the product has a scope test, so an unprotected route cannot land.

A test proves the scope rule for a route by carrying `@pytest.mark.scope_covers("ns:name")`.
This walks Django's URL resolver (the JSON API's operations are routes in the "api"
namespace) and fails for any route of ours that no test marks.
"""

import importlib
import inspect
import pkgutil

from django.urls import URLPattern, URLResolver, get_resolver

import chibo

OUR_NAMESPACES = {
    "core", "accounts", "orgs", "members", "documents", "assignments", "reporting",
    "activities", "bookshelves", "portal", "api", "me", "grading", "honours",
}
# Routes that show no organisation's records, with the reason.
EXEMPT = {
    "core:healthz": "answers 'ok' only",
    "accounts:login": "the login form",
    "accounts:logout": "ends the session",
    "api:api-root": "the API's root, no records",
    "api:openapi-json": "the schema, no records",
    "api:openapi-view": "the schema browser, no records",
}


def walk(resolver: URLResolver, namespace: str | None = None):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name and namespace in OUR_NAMESPACES:
            yield f"{namespace}:{pattern.name}"


def covered_routes() -> dict[str, list[str]]:
    covered: dict[str, list[str]] = {}
    for module_info in pkgutil.walk_packages(chibo.__path__, "chibo."):
        last = module_info.name.rsplit(".", 1)[-1]
        if ".tests" not in module_info.name or not last.startswith("test_"):
            continue
        module = importlib.import_module(module_info.name)
        for name, obj in vars(module).items():
            targets = [obj]
            if inspect.isclass(obj):
                targets += [m for _, m in inspect.getmembers(obj, inspect.isfunction)]
            for target in targets:
                for mark in getattr(target, "pytestmark", []):
                    if mark.name == "scope_covers":
                        for route in mark.args:
                            covered.setdefault(route, []).append(f"{module_info.name}.{name}")
    return covered


def test_every_route_of_ours_has_a_scope_test():
    routes = set(walk(get_resolver()))
    assert "orgs:unit" in routes, "the walker must see the product's routes"
    covered = covered_routes()
    missing = sorted(r for r in routes if r not in covered and r not in EXEMPT)
    assert not missing, f"routes with no test marked scope_covers: {missing}"


def test_scope_marks_name_real_routes():
    routes = set(walk(get_resolver()))
    stale = sorted(r for r in covered_routes() if r not in routes)
    assert not stale, f"scope_covers names routes that do not exist: {stale}"
