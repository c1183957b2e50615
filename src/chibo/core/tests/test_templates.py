"""Template rules that a small test database cannot reveal."""

import re
from pathlib import Path

import chibo

# With Vietnamese formatting, {{ unit.pk }} renders 2049 as "2.049": ids and primary keys
# written into HTML (element ids, data attributes, query strings) must not be localised.
BARE_KEY = re.compile(r"\{\{\s*[a-z_][a-z0-9_.]*(?:\.pk|\.id|_id|_pk)\s*\}\}")


def test_primary_keys_in_templates_are_never_localised():
    root = Path(chibo.__file__).parent
    offenders = [
        f"{path.relative_to(root)}:{number}: {line.strip()}"
        for path in sorted(root.rglob("templates/**/*.*"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if BARE_KEY.search(line)
    ]
    assert not offenders, "use |unlocalize for keys in templates:\n" + "\n".join(offenders)


def test_a_large_key_renders_without_a_thousands_separator(settings):
    from django.template import engines

    settings.USE_THOUSAND_SEPARATOR = True
    from django.utils import translation

    with translation.override("vi"):
        template = engines["django"].from_string("{% load l10n %}{{ n }}|{{ n|unlocalize }}")
        assert template.render({"n": 2049}) == "2.049|2049"
