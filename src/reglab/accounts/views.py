"""Account pages beyond Django's own: rate-limited password reset, the secretariat's lock-out list."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reglab.accounts.lockout import locked_usernames, lockout_lift
from reglab.accounts.ratelimit import client_ip, rate_hit
from reglab.core.permissions import require


class LimitedPasswordResetView(auth_views.PasswordResetView):
    """Django's reset view, with at most N mails per address and per client IP in a time window.

    The limit applies whether or not the address belongs to an account, so the answer reveals nothing.
    """

    def form_valid(self, form):
        window = settings.REGLAB_RESET_WINDOW_MINUTES * 60
        email = form.cleaned_data["email"]
        by_ip = rate_hit(
            "reset-ip",
            client_ip(self.request),
            limit=settings.REGLAB_RESET_LIMIT_PER_IP,
            window_seconds=window,
        )
        by_address = by_ip and rate_hit(
            "reset-email", email, limit=settings.REGLAB_RESET_LIMIT_PER_ADDRESS, window_seconds=window
        )
        if not (by_ip and by_address):
            form.add_error(
                None,
                _(
                    "För många begäranden om nytt lösenord. Vänta %(minutes)s minuter och försök igen, "
                    "eller kontakta Reglabs sekretariat."
                )
                % {"minutes": settings.REGLAB_RESET_WINDOW_MINUTES},
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


@require_http_methods(["GET", "POST"])
def lockouts(request):
    """Accounts locked after repeated failed logins; the secretariat lifts a lock here."""
    require(request, "accounts.manage_users")
    if request.method == "POST":
        username = request.POST.get("username", "").strip()
        if username and lockout_lift(username):
            messages.success(request, _("Kontot %(username)s är upplåst.") % {"username": username})
        else:
            messages.error(
                request, _("Inget låst konto med användarnamnet %(username)s.") % {"username": username}
            )
        return redirect("accounts:lockouts")
    return render(request, "accounts/lockouts.html", {"locked": locked_usernames()})
