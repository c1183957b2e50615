"""Fixtures shared by every app's tests."""

import pytest

from chibo.accounts.models import RoleKind
from chibo.core import testing


@pytest.fixture
def tree(db):
    """A small province: see chibo.core.testing.SmallTree."""
    return testing.SmallTree()


@pytest.fixture
def province_staff(tree):
    return testing.make_user(tree.province, RoleKind.STAFF, username="tinh")


@pytest.fixture
def commune_a_staff(tree):
    return testing.make_user(tree.commune_a, RoleKind.STAFF, username="xa_a")


@pytest.fixture
def commune_b_staff(tree):
    return testing.make_user(tree.commune_b, RoleKind.STAFF, username="xa_b")


@pytest.fixture
def cell_secretary(tree):
    return testing.make_user(tree.cells_a[0], RoleKind.SECRETARY, username="bithu")


@pytest.fixture
def client_as():
    """client_as(user) -> a logged-in django.test.Client."""
    return testing.client_for


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts and ends in the default language (Vietnamese).

    LocaleMiddleware activates a request's language for the whole thread and never deactivates it, so a
    request made in English would otherwise leak English into the next test's direct calls."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


# --- Browser tests: Playwright driving Debian's chromium (never a downloaded browser). ---
import os  # noqa: E402
import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parent / "var" / "test-artifacts"


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("Debian's chromium is not installed: run `make test`, which installs it")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    # Playwright's sync API runs an event loop in this thread; the ORM calls tests make around
    # it are ordinary synchronous calls.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium_path,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    """A fresh browser page; `page.shot(name)` saves a screenshot under var/test-artifacts/."""
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def shot(name: str):
        target = ARTIFACTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(target), full_page=True)
        return target

    page.shot = shot
    yield page
    context.close()


@pytest.fixture
def login(page, live_server):
    """login(username, password) through the real login form."""

    def do_login(username: str, password: str = "mat-khau-thu-nghiem"):
        page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        return page

    return do_login
