from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from reglab.accounts import views

app_name = "accounts"


def _reset_step(route: str, view, name: str, **options):
    """A step of Django's password reset, under losenord/aterstall/, with its template named after it."""
    return path(
        f"losenord/aterstall/{route}",
        view.as_view(template_name=f"accounts/{name}.html", **options),
        name=name,
    )


urlpatterns = [
    path("logga-in/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("lasta-konton/", views.lockouts, name="lockouts"),
    path(
        "losenord/aterstall/",
        views.LimitedPasswordResetView.as_view(
            template_name="accounts/password_reset_form.html",
            email_template_name="accounts/password_reset_email.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    _reset_step("skickat/", auth_views.PasswordResetDoneView, "password_reset_done"),
    _reset_step(
        "<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView,
        "password_reset_confirm",
        success_url=reverse_lazy("accounts:password_reset_complete"),
    ),
    _reset_step("klart/", auth_views.PasswordResetCompleteView, "password_reset_complete"),
]
