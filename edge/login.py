"""The admin's sign-in with a brake on guessing passwords.

After ``LOGIN_FAILURES_PER_USER`` wrong passwords for one user name, or
``LOGIN_FAILURES_PER_CLIENT`` from one address, within ``LOGIN_LOCKOUT_MINUTES``, every sign-in
for that name or from that address is refused, the right password included, until the window
ends; the form says so in Chinese. Counted in the cache (``edge.throttle``); a successful
sign-in clears its name's count.
"""

from __future__ import annotations

from django.conf import settings
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from wagtail.admin.views.account import LoginView

from edge.throttle import client_address, count, forget, so_far

USER_SCOPE = "login-user"
CLIENT_SCOPE = "login-client"


def user_key(request: HttpRequest) -> str:
    return request.POST.get("username", "").strip().lower()[:150]


def window_seconds() -> int:
    return settings.LOGIN_LOCKOUT_MINUTES * 60


def locked_out(request: HttpRequest) -> bool:
    return (
        so_far(USER_SCOPE, user_key(request)) >= settings.LOGIN_FAILURES_PER_USER
        or so_far(CLIENT_SCOPE, client_address(request)) >= settings.LOGIN_FAILURES_PER_CLIENT
    )


class ThrottledLoginView(LoginView):
    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if locked_out(request):
            return self.refuse()
        return super().post(request, *args, **kwargs)

    def refuse(self) -> HttpResponse:
        form = self.get_form()
        # Set the error without cleaning the form: cleaning would try the password.
        form._errors = ErrorDict()
        form._errors["__all__"] = form.error_class(
            [
                _(
                    "Too many failed sign-ins. For your account's safety, try again in "
                    "%(minutes)d minutes."
                )
                % {"minutes": settings.LOGIN_LOCKOUT_MINUTES}
            ]
        )
        response = self.render_to_response(self.get_context_data(form=form))
        response.status_code = 429
        return response

    def form_invalid(self, form) -> HttpResponse:
        count(USER_SCOPE, user_key(self.request), window_seconds())
        count(CLIENT_SCOPE, client_address(self.request), window_seconds())
        return super().form_invalid(form)

    def form_valid(self, form) -> HttpResponse:
        forget(USER_SCOPE, user_key(self.request))
        return super().form_valid(form)
