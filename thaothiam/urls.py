from django.contrib import admin
from django.urls import include, path

from thaothiam.api.urls import api_urls
from thaothiam.core import views as core_views

urlpatterns = [
    path("", include("thaothiam.plans.urls")),
    path("accounts/", include("thaothiam.accounts.urls")),
    path("agencies/", include("thaothiam.agencies.urls")),
    path("reporting/", include("thaothiam.reporting.urls")),
    path("reports/", include("thaothiam.reports.urls")),
    path("workforce/explore/", include("thaothiam.explorer.urls")),  # decision 0150: the address stays
    path("workforce/", include("thaothiam.workforce.urls")),
    path("surveys/", include("thaothiam.surveys.urls")),
    path("complaints/", include("thaothiam.complaints.urls")),
    path("learning/", include("thaothiam.learning.urls")),
    path("api/v1/", api_urls),
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

handler403 = "thaothiam.core.errors.forbidden"
handler404 = "thaothiam.core.errors.not_found"
handler500 = "thaothiam.core.errors.server_error"
