from django.urls import path

from . import indicator_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("plan/manage/", views.plan_manage, name="plan_manage"),
    path("plan/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plan/pillars/<int:pk>/edit/", views.pillar_edit, name="pillar_edit"),
    path("plan/items/<int:pk>/edit/", views.item_edit, name="plan_item_edit"),
    path("plan/indicators/", indicator_views.indicator_list, name="plan_indicators"),
    path("plan/indicators/new/", indicator_views.indicator_edit, name="plan_indicator_new"),
    path("plan/indicators/<int:pk>/edit/", indicator_views.indicator_edit, name="plan_indicator_edit"),
    path("plan/indicators/<int:pk>/targets/", indicator_views.indicator_targets, name="plan_indicator_targets"),
]
