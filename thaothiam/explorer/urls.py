"""Mounted at /workforce/explore/ by thaothiam/urls.py (decision 0150: the addresses did not move)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.explorer, name="explorer"),
    path("export.<str:fmt>", views.explorer_export, name="explorer_export"),
]
