from django.urls import path

from . import views, views_explore, views_open

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
    path("open-data/", views_open.open_data, name="workforce_open_data"),
    path("open-data/audit/", views_open.open_data_audit, name="workforce_open_data_audit"),
    path("open-data/audit/<int:pk>/", views_open.open_data_audit_run, name="workforce_open_data_audit_run"),
    path("open-data/datapackage.json", views_open.datapackage, name="workforce_datapackage"),
    path("open-data/ckan.json", views_open.ckan_package, name="workforce_ckan_package"),
    path("open-data/<slug:slug>.csv", views_open.open_table_csv, name="workforce_open_table_csv"),
    path("open-data/<slug:slug>.json", views_open.open_table_dictionary, name="workforce_open_table_dictionary"),
]
