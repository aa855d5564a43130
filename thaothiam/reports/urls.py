from django.urls import path

from .views import dashboard, yearend

urlpatterns = [
    path("", dashboard.dashboard, name="reports_dashboard"),
    path("year-end/", yearend.year_end, name="reports_year_end"),
    path("year-end/<int:fy>/narrative/", yearend.narrative_edit, name="reports_narrative"),
    path("year-end/generate/", yearend.generate, name="reports_generate"),
    path("jobs/<uuid:pk>/", yearend.job_status, name="reports_job"),
    path("jobs/<uuid:pk>/download/", yearend.job_download, name="reports_job_download"),
]
