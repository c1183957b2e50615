from django.urls import path

from . import views

app_name = "bookshelves"
urlpatterns = [
    path("", views.shelf_list, name="list"),
    path("moi/", views.shelf_create, name="create"),
    path("tim-sach/", views.catalogue_search, name="search"),
    path("qua-han/", views.overdue, name="overdue"),
    path("cua-toi/", views.mine, name="mine"),
    path("mau-danh-muc.xlsx", views.import_template, name="import_template"),
    path("thong-ke/<int:unit_pk>/", views.statistics, name="statistics"),
    path("thong-ke/<int:unit_pk>/thong-ke.xlsx", views.statistics_export, name="statistics_export"),
    path("chi-tieu/<int:unit_pk>/", views.targets, name="targets"),
    path("quy-dinh-muon/<int:unit_pk>/", views.loan_rule, name="loan_rule"),
    path("<int:pk>/", views.shelf_detail, name="detail"),
    path("<int:pk>/sua/", views.shelf_edit, name="edit"),
    path("<int:pk>/anh/", views.photo_add, name="photo_add"),
    path("<int:pk>/sach/them/", views.title_add, name="title_add"),
    path("<int:pk>/sach/nhap/", views.catalogue_import, name="import"),
    path("<int:pk>/danh-muc.xlsx", views.catalogue_export, name="catalogue_export"),
    path("<int:pk>/nhan/", views.copy_labels, name="labels"),
    path("<int:pk>/tang-sach/", views.donation_add, name="donation_add"),
    path("tang-sach/<int:pk>/bien-nhan/", views.receipt, name="receipt"),
    path("<int:pk>/ban-doc/", views.reader_add, name="reader_add"),
    path("<int:pk>/muon/", views.loan_add, name="loan_add"),
    path("muon/<int:pk>/tra/", views.loan_return, name="loan_return"),
    path("<int:pk>/doc-tai-cho/", views.reading_add, name="reading_add"),
    path("<int:pk>/kiem-ke/", views.stocktake, name="stocktake"),
    path("<int:pk>/kiem-tra/", views.inspection_add, name="inspection_add"),
    path("khac-phuc/<int:pk>/xong/", views.follow_up_done, name="follow_up_done"),
    # Public pages (no login): only shelves marked public, and never readers' data.
    path("cong-khai/<int:pk>/", views.public_shelf, name="public"),
    path("cong-khai/<int:pk>/dang-ky/", views.public_support, name="public_support"),
    path("cong-khai/don-vi/<int:unit_pk>/", views.public_unit_shelves, name="public_unit"),
]
