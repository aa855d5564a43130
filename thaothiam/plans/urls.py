from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("plan/manage/", views.plan_manage, name="plan_manage"),
    path("plan/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plan/pillars/<int:pk>/edit/", views.pillar_edit, name="pillar_edit"),
    path("plan/items/<int:pk>/edit/", views.item_edit, name="plan_item_edit"),
]
