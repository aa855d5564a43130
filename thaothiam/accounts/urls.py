from django.urls import path

from . import sign_in_views, views

urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("password/done/", views.password_change_done, name="password_change_done"),
    path("me/", views.me, name="me"),
    path("oidc/authenticate/", sign_in_views.oidc_start, name="oidc_authentication_init"),
    path("oidc/callback/", sign_in_views.oidc_callback, name="oidc_authentication_callback"),
]
