from django.urls import path

from . import views

app_name = "grading"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.round_detail, name="round"),
    path("<int:pk>/bang-tong-hop.xlsx", views.round_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("<int:pk>/bao-cao.docx", views.round_export, {"fmt": "docx"}, name="export_docx"),
    path("<int:pk>/duyet-theo-de-xuat/<int:unit_pk>/", views.accept_proposals, name="accept_proposals"),
    path("phieu/<int:pk>/", views.assessment_detail, name="assessment"),
]
