from django.urls import path

from . import views_delete, views_learn, views_manage, views_records

app_name = "learning"

urlpatterns = [
    path("", views_learn.catalogue, name="catalogue"),
    path("mine/", views_learn.my_learning, name="mine"),
    path("about-you/", views_learn.profile, name="profile"),
    path("courses/<int:pk>/", views_learn.course_detail, name="course"),
    path("courses/<int:pk>/start/", views_learn.course_start, name="start"),
    path("courses/<int:pk>/lessons/<int:number>/", views_learn.lesson, name="lesson"),
    path("courses/<int:pk>/quiz/", views_learn.quiz_start, name="quiz_start"),
    path("files/<int:pk>/", views_learn.lesson_file, name="lesson_file"),
    path("attempts/<int:pk>/", views_learn.attempt, name="attempt"),
    path("attempts/<int:pk>/result/", views_learn.result, name="result"),
    path("certificates/<int:pk>.pdf", views_learn.certificate_download, name="certificate"),
    path("verify/", views_learn.verify, name="verify_form"),
    path("verify/<str:code>/", views_learn.verify, name="verify"),
    # central
    path("manage/", views_manage.manage_index, name="manage"),
    path("manage/courses/new/", views_manage.course_edit, name="course_new"),
    path("manage/courses/<int:pk>/", views_manage.course_manage, name="course_manage"),
    path("manage/courses/<int:pk>/edit/", views_manage.course_edit, name="course_edit"),
    path("manage/courses/<int:pk>/attempts/", views_manage.attempts_grant, name="attempts_grant"),
    path("manage/courses/<int:pk>/lessons/new/", views_manage.lesson_edit, name="lesson_new"),
    path("manage/lessons/<int:pk>/edit/", views_manage.lesson_edit, name="lesson_edit"),
    path("manage/courses/<int:pk>/questions/new/", views_manage.question_edit, name="question_new"),
    path("manage/questions/<int:pk>/edit/", views_manage.question_edit, name="question_edit"),
    path("manage/courses/<int:pk>/sessions/new/", views_manage.session_new, name="session_new"),
    path("manage/courses/<int:pk>/delete/", views_delete.course_delete, name="course_delete"),
    path("manage/courses/<int:pk>/withdraw/", views_delete.course_withdraw, name="course_withdraw"),
    path("manage/lessons/<int:pk>/delete/", views_delete.lesson_delete, name="lesson_delete"),
    path("manage/files/<int:pk>/delete/", views_delete.lesson_file_delete, name="lesson_file_delete"),
    path("manage/questions/<int:pk>/delete/", views_delete.question_delete, name="question_delete"),
    path("manage/questions/<int:pk>/retire/", views_delete.question_retire, name="question_retire"),
    path("manage/sessions/<int:pk>/edit/", views_delete.session_edit, name="session_edit"),
    path("manage/sessions/<int:pk>/delete/", views_delete.session_delete, name="session_delete"),
    path("manage/sessions/<int:pk>/attendance/remove/", views_delete.attendance_clear, name="attendance_clear"),
    path("manage/certificates/", views_manage.certificate_list, name="certificates"),
    path("manage/certificates/<int:pk>/revoke/", views_manage.certificate_revoke, name="certificate_revoke"),
    path("manage/completions.<str:fmt>", views_manage.completions_export, name="completions_export"),
    # records: classroom attendance, change agents, reach
    path("sessions/<int:pk>/", views_records.session_detail, name="session"),
    path("sessions/<int:pk>/import/", views_records.attendance_import, name="attendance_import"),
    path("sessions/<int:pk>/counts/", views_records.attendance_counts, name="attendance_counts"),
    path("sessions/<int:pk>/certificates/", views_records.session_certificates, name="session_certificates"),
    path("change-agents/", views_records.change_agents, name="change_agents"),
    path("change-agents/<int:pk>/edit/", views_records.change_agent_edit, name="change_agent_edit"),
    path("change-agents/<int:pk>/deactivate/", views_records.change_agent_deactivate, name="change_agent_deactivate"),
    path("reach/", views_records.reach, name="reach"),
]
