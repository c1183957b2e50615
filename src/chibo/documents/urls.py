from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("them/", views.document_create, name="create"),
    path("dan-van-ban/", views.document_paste, name="paste"),
    path("tai-tep/", views.document_upload, name="upload"),
    path("nhap-excel/", views.document_import, name="import"),
    path("nhap-excel/mau.xlsx", views.import_template, name="import_template"),
    path("tep/<int:pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/lien-ket/", views.document_relate, name="relate"),
    path("<int:pk>/cap-nhat/", views.document_resolve, name="resolve"),
    path("<int:pk>/dinh-kem/", views.document_attach, name="attach"),
    path("<int:pk>/thuc-hien/", views.document_cascade, name="cascade"),
    path("<int:pk>/thuc-hien.xlsx", views.cascade_export, name="cascade_export"),
]
