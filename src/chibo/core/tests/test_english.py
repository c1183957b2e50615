"""English is the second language of the interface: pages render in it, and its catalogue is complete."""

import ast
import gettext
import re
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse

LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0-9.]*[sdifr]|%[-+ #0-9.]*[sdifr]|%%|\{\w*\}")


def english_client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def visible_text(response) -> str:
    html = re.sub(r"(?s)<script.*?</script>|<style.*?</style>", " ", response.content.decode())
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def read_po(path: Path) -> list[dict]:
    """Entries of a .po file: {"flags", "msgid", "msgid_plural", "msgstr": [forms]}, obsolete ones skipped."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry = {"flags": set(), "fields": {}}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry["fields"][key] += ast.literal_eval(line)
            elif line.strip():
                key, _, value = line.partition(" ")
                entry["fields"][key] = ast.literal_eval(value)
        fields = entry["fields"]
        if "msgid" not in fields:
            continue
        entries.append({
            "flags": entry["flags"], "msgctxt": fields.get("msgctxt"), "msgid": fields["msgid"],
            "msgid_plural": fields.get("msgid_plural"),
            "msgstr": [v for k, v in sorted(fields.items()) if k.startswith("msgstr")],
        })
    return entries


def test_login_page_renders_in_english(db):
    response = english_client().get(reverse("accounts:login"))
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    text = visible_text(response)
    for english in ("Sign in", "Username", "Password", "Skip to content"):
        assert english in text
    for vietnamese in ("Đăng nhập", "Tên đăng nhập", "Mật khẩu", "Bỏ qua đến nội dung"):
        assert vietnamese not in text


def test_staff_dashboard_renders_in_english(tree, commune_a_staff):
    response = english_client(commune_a_staff).get(reverse("core:dashboard"))
    assert response.status_code == 200
    text = visible_text(response)
    # Headings, navigation, figures and the commune's own unit kind, all in English.
    for english in ("Dashboard", "Sign out", "Documents", "Assignments", "Activities", "Subordinate organisations",
                    "party members", "Commune, ward or special zone party committee"):
        assert english in text, english
    for vietnamese in ("Bảng điều khiển", "Đăng xuất", "Văn bản", "Nhiệm vụ", "Hoạt động", "Tổ chức trực thuộc",
                       "đảng viên", "Đảng bộ xã, phường"):
        assert vietnamese not in text, vietnamese
    # The unit's own name is data, not interface: it stays as entered.
    assert tree.commune_a.name in text


def test_the_language_switcher_posts_to_set_language_and_sticks(tree, commune_a_staff, client_as):
    client = client_as(commune_a_staff)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert f'action="{reverse("set_language")}"' in page
    assert '<option value="en"' in page and '<option value="vi" selected' in page
    switched = client.post(reverse("set_language"), {"language": "en", "next": reverse("core:dashboard")})
    assert switched.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    text = visible_text(client.get(reverse("core:dashboard")))
    assert "Dashboard" in text and "Bảng điều khiển" not in text


def test_every_english_entry_is_translated_and_not_fuzzy():
    entries = read_po(LC_MESSAGES / "django.po")
    header, messages = entries[0], entries[1:]
    assert header["msgid"] == "" and "fuzzy" not in header["flags"]
    assert "Language: en" in header["msgstr"][0]
    assert len(messages) > 1000
    problems = []
    for entry in messages:
        sources = [entry["msgid"]] + ([entry["msgid_plural"]] if entry["msgid_plural"] else [])
        expected_forms = 2 if entry["msgid_plural"] else 1
        if "fuzzy" in entry["flags"]:
            problems.append(("fuzzy", entry["msgid"]))
        if len(entry["msgstr"]) != expected_forms or not all(s.strip() for s in entry["msgstr"]):
            problems.append(("untranslated", entry["msgid"]))
            continue
        for source, translation in zip(sources, entry["msgstr"], strict=True):
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation)):
                problems.append(("placeholders differ", source))
    assert problems == []


def test_the_compiled_catalogue_matches_the_po_file():
    with (LC_MESSAGES / "django.mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = []
    for entry in read_po(LC_MESSAGES / "django.po")[1:]:
        if entry["msgctxt"] is not None:
            got = [catalogue.pgettext(entry["msgctxt"], entry["msgid"])]
        elif entry["msgid_plural"]:
            got = [catalogue.ngettext(entry["msgid"], entry["msgid_plural"], n) for n in (1, 2)]
        else:
            got = [catalogue.gettext(entry["msgid"])]
        if got != entry["msgstr"]:
            stale.append(entry["msgid"])
    assert stale == []
