from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("bieu-mau/<int:pk>/", views.form_detail, name="form"),
    path("bieu-mau/moi/<int:unit_pk>/", views.form_create, name="form_create"),
    path("nhap/<int:form_pk>/<int:unit_pk>/", views.entry, name="entry"),
    path("nhap/<int:form_pk>/<int:unit_pk>/mau.xlsx", views.entry_template, name="entry_template"),
    path("nhap/<int:form_pk>/<int:unit_pk>/tai-len/", views.entry_upload, name="entry_upload"),
    path("bao-cao/<int:pk>/", views.submission_detail, name="submission"),
    path("bao-cao/<int:pk>/quyet-dinh/", views.decide, name="decide"),
    path("tong-hop/<int:form_pk>/<int:unit_pk>/", views.rollup, name="rollup"),
    path("tong-hop/<int:form_pk>/<int:unit_pk>/gui/", views.send_totals, name="send_totals"),
    path("tong-hop/<int:form_pk>/<int:unit_pk>/tong-hop.xlsx", views.export_xlsx, name="export_xlsx"),
    path("tong-hop/<int:form_pk>/<int:unit_pk>/bao-cao.docx", views.export_docx, name="export_docx"),
]
