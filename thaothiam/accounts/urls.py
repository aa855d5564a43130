from django.urls import path

from . import password_reset, sign_in_views, views, views_twofactor

urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("password/done/", views.password_change_done, name="password_change_done"),
    path("me/", views.me, name="me"),
    path("2fa/", views_twofactor.overview, name="twofactor_overview"),
    path("2fa/verify/", views_twofactor.verify, name="twofactor_verify"),
    path("2fa/setup/", views_twofactor.setup, name="twofactor_setup"),
    path("2fa/recovery-codes/", views_twofactor.recovery_codes, name="twofactor_recovery_codes"),
    path("password/reset/", password_reset.reset, name="password_reset"),
    path("password/reset/sent/", password_reset.reset_done, name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", password_reset.reset_confirm, name="password_reset_confirm"),
    path("password/reset/complete/", password_reset.reset_complete, name="password_reset_complete"),
    path("oidc/authenticate/", sign_in_views.oidc_start, name="oidc_authentication_init"),
    path("oidc/callback/", sign_in_views.oidc_callback, name="oidc_authentication_callback"),
]
