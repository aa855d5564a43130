from django.urls import path

from . import views

urlpatterns = [
    path("", views.agency_list, name="agency_list"),
]
