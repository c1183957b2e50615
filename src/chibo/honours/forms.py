from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ExemplaryModel

MAX_PHOTO_BYTES = 5 * 1024 * 1024


class ExemplaryModelForm(forms.ModelForm):
    class Meta:
        model = ExemplaryModel
        fields = ["name", "kind", "field", "campaign", "year_recognised", "decision_notation", "description", "photo", "published"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and getattr(photo, "size", 0) > MAX_PHOTO_BYTES:
            raise forms.ValidationError(_("Ảnh quá lớn (tối đa 5 MB)."))
        return photo

    def clean_year_recognised(self):
        year = self.cleaned_data["year_recognised"]
        if not 1945 <= year <= 2100:
            raise forms.ValidationError(_("Năm công nhận không hợp lệ."))
        return year


class PhotoForm(forms.Form):
    image = forms.ImageField(label=_("Ảnh"))
    caption = forms.CharField(label=_("Chú thích"), max_length=255, required=False)

    def clean_image(self):
        image = self.cleaned_data["image"]
        if getattr(image, "size", 0) > MAX_PHOTO_BYTES:
            raise forms.ValidationError(_("Ảnh quá lớn (tối đa 5 MB)."))
        return image

