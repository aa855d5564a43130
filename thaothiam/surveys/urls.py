from django.urls import path

from . import views_answer, views_exports, views_manage, views_results

app_name = "surveys"

urlpatterns = [
    # answering (the token is the key)
    # (none of these paths is written to the access log: core/accesslog.py)
    path("mine/", views_answer.my_surveys, name="mine"),
    path("mine/<int:pk>/", views_answer.my_survey_start, name="mine_start"),
    path("t/<str:token>/", views_answer.answer_enter, name="answer_enter"),
    path("a/", views_answer.answer_start, name="answer_start"),
    path("a/new/", views_answer.answer_restart, name="answer_restart"),
    path("a/<int:step>/", views_answer.answer_section, name="answer_section"),
    path("thanks/", views_answer.answer_thanks, name="answer_thanks"),
    path("o/", views_answer.open_link_resume, name="open_link_resume"),
    path("o/<str:token>/", views_answer.open_link, name="open_link"),
    # results
    path("results/", views_results.results_index, name="results_index"),
    path("results/<int:pk>/", views_results.results_page, name="results"),
    path("results/<int:pk>/breakdown/", views_results.breakdown_page, name="breakdown"),
    path("results/<int:pk>/rate/", views_results.rate_page, name="rate"),
    path("results/<int:pk>/issued/", views_results.issued_page, name="issued"),
    path("results/<int:pk>/export.xlsx", views_exports.export_xlsx, name="export_xlsx"),
    path("results/<int:pk>/summary.pdf", views_exports.summary_pdf, name="summary_pdf"),
    path("pdf/<uuid:pk>/", views_exports.pdf_job, name="pdf_job"),
    path("pdf/<uuid:pk>/download/", views_exports.pdf_download, name="pdf_download"),
    path("results/<int:pk>/print/", views_exports.print_view, name="print"),
    # central: instruments and campaigns
    path("manage/", views_manage.manage_index, name="manage"),
    path("manage/instruments/new/", views_manage.instrument_new, name="instrument_new"),
    path("manage/instruments/<int:pk>/", views_manage.instrument_detail, name="instrument"),
    path("manage/instruments/<int:pk>/edit/", views_manage.instrument_edit, name="instrument_edit"),
    path("manage/instruments/<int:pk>/copy/", views_manage.instrument_copy, name="instrument_copy"),
    path("manage/instruments/<int:pk>/sections/new/", views_manage.section_new, name="section_new"),
    path("manage/instruments/<int:pk>/items/new/", views_manage.item_new, name="item_new"),
    path("manage/sections/<int:pk>/edit/", views_manage.section_edit, name="section_edit"),
    path("manage/items/<int:pk>/edit/", views_manage.item_edit, name="item_edit"),
    path("manage/items/<int:pk>/delete/", views_manage.item_delete, name="item_delete"),
    path("manage/campaigns/new/", views_manage.campaign_new, name="campaign_new"),
    path("manage/campaigns/<int:pk>/", views_manage.campaign_detail, name="campaign"),
    path("manage/campaigns/<int:pk>/edit/", views_manage.campaign_edit, name="campaign_edit"),
    path("manage/campaigns/<int:pk>/<str:action>/", views_manage.campaign_action, name="campaign_action"),
]
