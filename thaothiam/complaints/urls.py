"""Every complaint route lives under /complaints/ (the access log of `serve` leaves these paths out)."""

from django.urls import path

from . import views_central, views_holders, views_officer, views_public

app_name = "complaints"

urlpatterns = [
    path("", views_public.channels, name="channels"),
    path("report/", views_public.report, name="report"),
    path("follow/", views_public.follow, name="follow"),
    path("follow/case/", views_public.follow_case, name="follow_case"),
    path("follow/files/<int:file_pk>/", views_public.follow_file, name="follow_file"),
    path("follow/leave/", views_public.follow_leave, name="follow_leave"),
    path("poster/", views_public.poster_pick, name="poster_pick"),
    path("poster/<str:code>.pdf", views_public.poster, name="poster"),
    path("q/<str:code>/", views_public.qr_visit, name="qr_visit"),
    path("cases/", views_officer.case_list, name="cases"),
    path("cases/<int:pk>/", views_officer.case_detail, name="case"),
    path("cases/<int:pk>/files/<int:file_pk>/", views_officer.attachment, name="attachment"),
    path("cases/<int:pk>/message/", views_officer.case_message, name="case_message"),
    path("cases/<int:pk>/state/", views_officer.case_transition, name="case_transition"),
    path("cases/<int:pk>/grant/", views_officer.case_grant, name="case_grant"),
    path("cases/<int:pk>/measure/", views_officer.case_measure, name="case_measure"),
    path("cases/<int:pk>/followup/<int:days>/", views_officer.case_followup, name="case_followup"),
    path("cases/<int:pk>/holders/remove/", views_holders.case_holder_remove, name="case_holder_remove"),
    path("officers/", views_holders.officers, name="officers"),
    path("key/", views_officer.key, name="key"),
    path("access-log/", views_officer.access_log, name="access_log"),
    path("trends/", views_central.trends, name="trends"),
    path("manage/", views_central.manage, name="manage"),
]
