from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("bang-dieu-khien/", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
]
