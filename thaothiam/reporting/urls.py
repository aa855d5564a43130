from django.urls import path

from .views import agency, central

urlpatterns = [
    path("", agency.home, name="reporting_home"),
    path("agencies/<int:agency_id>/rounds/<int:round_id>/start/", agency.report_start, name="reporting_start"),
    path("reports/<int:pk>/", agency.report_detail, name="reporting_report"),
    path("reports/<int:pk>/summary/", agency.report_summary, name="reporting_summary"),
    path("reports/<int:pk>/activities/new/", agency.activity_new, name="reporting_activity_new"),
    path("reports/<int:pk>/values/", agency.values_edit, name="reporting_values"),
    path("reports/<int:pk>/submit/", agency.report_submit, name="reporting_submit"),
    path("reports/<int:pk>/approve/", agency.report_approve, name="reporting_approve"),
    path("reports/<int:pk>/return/", agency.report_return, name="reporting_return"),
    path("reports/<int:pk>/accept/", agency.report_accept, name="reporting_accept"),
    path("reports/<int:pk>/reopen/", agency.report_reopen, name="reporting_reopen"),
    path("activities/<int:pk>/", agency.activity_edit, name="reporting_activity_edit"),
    path("activities/<int:pk>/delete/", agency.activity_delete, name="reporting_activity_delete"),
    path("activities/<int:pk>/evidence/", agency.evidence_upload, name="reporting_evidence_upload"),
    path("evidence/<int:pk>/", agency.evidence_download, name="reporting_evidence"),
    path("evidence/<int:pk>/delete/", agency.evidence_delete, name="reporting_evidence_delete"),
    path("matrix/", central.matrix, name="reporting_matrix"),
    path("review/", central.review_queue, name="reporting_review"),
    path("results/", central.results, name="reporting_results"),
    path("rounds/", central.rounds, name="reporting_rounds"),
    path("rounds/<int:pk>/", central.round_edit, name="reporting_round_edit"),
]
