"""Django's own messages read in Vietnamese: the project's catalogue fills what Django's lacks."""

import gettext
from pathlib import Path

from django import forms
from django.utils import translation

import chibo

LC_MESSAGES = Path(chibo.__file__).parent / "locale" / "vi" / "LC_MESSAGES"


class _Form(forms.Form):
    count = forms.IntegerField()
    on = forms.DateField()
    kind = forms.TypedChoiceField(choices=[("", "- Select an option -"), ("a", "A")])


def test_form_errors_are_vietnamese():
    with translation.override("vi"):
        form = _Form({"count": "hai", "on": "31/02/2024", "kind": "z"})
        assert not form.is_valid()
        assert form.errors["count"] == ["Nhập một số nguyên."]
        assert form.errors["on"][0].startswith("Nhập ngày hợp lệ")
        assert "không có trong danh sách" in form.errors["kind"][0]
        assert str(_Form().errors) == "" and _Form({}).errors["count"] == ["Cần điền mục này."]


def test_the_blank_choice_of_a_model_field_is_vietnamese():
    from django.db import models

    field = models.CharField(max_length=1, choices=[("a", "A")]).formfield()
    with translation.override("vi"):
        assert str(field.choices[0][1]) == "- Chọn -"
    with translation.override("en"):
        assert str(field.choices[0][1]) == "- Select an option -"


def test_the_compiled_vietnamese_catalogue_is_current():
    po = (LC_MESSAGES / "django.po").read_text()
    with (LC_MESSAGES / "django.mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    assert catalogue.gettext("This field is required.") == "Cần điền mục này."
    assert po.count("msgid ") - 1 == len([k for k in catalogue._catalog if k]), "recompile django.mo"
