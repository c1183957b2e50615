"""The JSON API: one NinjaAPI to which every app adds its router (`chibo.<app>.api.router`).

Authentication is the staff session (with CSRF for writes). Every handler reads through the
scope helper; the route walker test proves each operation has a scope test.
"""

from importlib import import_module
from importlib.util import find_spec

from ninja import NinjaAPI
from ninja.security import django_auth

API_APPS = (
    "orgs", "members", "documents", "assignments", "reporting", "activities", "bookshelves", "portal", "grading",
    "honours", "me",
)

api = NinjaAPI(
    title="Chi bộ số API",
    version="1",
    description="API JSON của Chi bộ số. Mọi kết quả chỉ trong phạm vi tổ chức của người dùng.",
    auth=django_auth,
    urls_namespace="api",
)

for app in API_APPS:
    if find_spec(f"chibo.{app}.api"):
        module = import_module(f"chibo.{app}.api")
        api.add_router(f"/{app}/", module.router, tags=[app])
