from django.urls import path

from . import views

app_name = "me"
urlpatterns = [
    path("", views.home, name="home"),
    path("ban-in/", views.print_home, name="print"),
    path("hop/<int:pk>/", views.meeting, name="meeting"),
    path("hop/<int:pk>/diem-danh/", views.checkin, name="checkin"),
    path("tai-lieu/<int:pk>/", views.reading, name="reading"),
    path("tai-lieu/<int:pk>/tep/", views.reading_file, name="reading_file"),
    path("tai-lieu/<int:pk>/da-doc/", views.mark_read, name="mark_read"),
    path("chi-bo/<int:unit_pk>/", views.cell, name="cell"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
]
