from django.urls import path

from . import views, views_explore

urlpatterns = [
    path("import/", views.upload, name="workforce_upload"),
    path("import/<int:pk>/", views.import_detail, name="workforce_import_detail"),
    path("import/<int:pk>/progress/", views.import_progress, name="workforce_import_progress"),
    path("import/<int:pk>/errors.<str:fmt>", views.import_errors, name="workforce_import_errors"),
    path("columns/", views.columns, name="workforce_columns"),
    path("template.<str:fmt>", views.template_file, name="workforce_template"),
    path("explore/", views_explore.explorer, name="workforce_explorer"),
    path("explore/export.<str:fmt>", views_explore.explorer_export, name="workforce_explorer_export"),
    path("indicators/", views_explore.indicators, name="workforce_indicators"),
]
