from django.urls import path

from . import password_reset, views

urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("password/done/", views.password_change_done, name="password_change_done"),
    path("me/", views.me, name="me"),
    path("password/reset/", password_reset.reset, name="password_reset"),
    path("password/reset/sent/", password_reset.reset_done, name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", password_reset.reset_confirm, name="password_reset_confirm"),
    path("password/reset/complete/", password_reset.reset_complete, name="password_reset_complete"),
]
