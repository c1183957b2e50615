from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("moi/", views.activity_create, name="create"),
    path("thuong-ky/", views.series_create, name="series_create"),
    path("cua-toi/", views.mine, name="mine"),
    path("diem-danh/", views.checkin, name="checkin"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/sua/", views.activity_edit, name="edit"),
    path("<int:pk>/diem-danh/", views.roll_call, name="roll_call"),
    path("<int:pk>/diem-danh/<int:row_pk>/", views.roll_call_row, name="roll_call_row"),
    path("<int:pk>/khach/", views.add_guest, name="add_guest"),
    path("<int:pk>/quet/<str:code>/", views.checkin_qr, name="checkin_qr"),
    path("<int:pk>/bien-ban/", views.minutes, name="minutes"),
    path("<int:pk>/bien-ban.docx", views.minutes_docx, name="minutes_docx"),
    path("<int:pk>/tep/", views.attach, name="attach"),
    path("tep/<int:pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/gui-giay-moi/", views.send_invitations, name="send_invitations"),
    path("<int:pk>/dang-tin/", views.publish_news, name="publish_news"),
    path("lich/<int:unit_pk>/<int:year>/<int:month>/", views.calendar_month, name="calendar"),
    path("lich/<int:unit_pk>/lich.ics", views.ical_feed, name="ical"),
    path("chua-sinh-hoat/<int:unit_pk>/", views.missing_meetings, name="missing"),
    path("ty-le/<int:unit_pk>/", views.attendance_rates, name="rates"),
    path("ty-le/<int:unit_pk>.xlsx", views.attendance_rates_xlsx, name="rates_xlsx"),
]
