from django.urls import path

from . import views

app_name = "honours"
urlpatterns = [
    path("", views.model_list, name="list"),
    path("<int:pk>/", views.model_detail, name="detail"),
    path("<int:pk>/cong-bo/", views.model_publish, name="publish"),
    path("<int:pk>/anh/", views.photo_add, name="photo_add"),
    path("them/<int:unit_pk>/", views.model_create, name="create"),
    path("cong-khai/don-vi/<int:unit_pk>/", views.public_list, name="public_list"),
    path("cong-khai/<int:pk>/", views.public_detail, name="public_detail"),
]
