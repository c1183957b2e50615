from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("<int:pk>/", views.unit_detail, name="unit"),
    path("<int:pk>/truc-thuoc/", views.children, name="children"),
    path("<int:pk>/them/", views.unit_change, {"change": "add_child"}, name="add_child"),
    path("<int:pk>/doi-ten/", views.unit_change, {"change": "rename"}, name="rename"),
    path("<int:pk>/chuyen/", views.unit_change, {"change": "move"}, name="move"),
    path("<int:pk>/hop-nhat/", views.unit_change, {"change": "merge"}, name="merge"),
    path("<int:pk>/giai-the/", views.unit_change, {"change": "dissolve"}, name="dissolve"),
]
