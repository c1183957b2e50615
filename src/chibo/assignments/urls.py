from django.urls import path

from . import views

app_name = "assignments"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("da-giao/", views.issued, name="issued"),
    path("giao-moi/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/cay/<int:unit_id>/", views.tree_node, name="tree_node"),
    path("<int:pk>/excel/", views.export, name="export"),
    path("viec/<int:pk>/", views.task, name="task"),
    path("viec/<int:pk>/duyet/", views.task_review, name="task_review"),
    path("gia-han/<int:pk>/", views.extension_decide, name="extension_decide"),
    path("thong-bao/", views.notifications, name="notifications"),
    path("lich/<int:unit_id>.ics", views.calendar, name="calendar"),
]
