from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET

from thaothiam.core.access import get_access, public, signed_in
from thaothiam.core.landing import landing_redirect
from thaothiam.plans.selectors import current_plan

from .forms import LoginForm, PasswordChangeForm
from .staff_home import home_cards
from .views_twofactor import LoginView

login = public(LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True))
logout = signed_in(auth_views.LogoutView.as_view())
password_change = signed_in(
    auth_views.PasswordChangeView.as_view(form_class=PasswordChangeForm, success_url=reverse_lazy("password_change_done"))
)
password_change_done = signed_in(auth_views.PasswordChangeDoneView.as_view())


@signed_in
@require_GET
def me(request):
    """Where staff land after signing in: what waits for them (cards from every app), the plan in brief,
    who they are and their roles. Phone first. Straight after sign-in an executive goes to the dashboard
    (core.landing)."""
    if target := landing_redirect(request):
        return redirect(target)
    grants = request.user.grants.select_related("agency").order_by("role", "agency__code")
    return render(request, "accounts/me.html", {
        "grants": grants, "access": get_access(request), "cards": home_cards(request), "plan": current_plan(),
    })
