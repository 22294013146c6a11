"""The form page shared by the programme's create and edit views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.shortcuts import redirect, render

from reglab.programme.errors import ServiceError


def service_form_page(
    request,
    form,
    service: Callable[..., Any],
    *,
    title: str,
    success: str | None = None,
    to: Any = None,
    context: dict | None = None,
):
    """Render `form` on programme/form.html; a valid POST calls `service(user=…, **form.cleaned_data)`.

    A refused change (``ServiceError``) becomes the form's error. On success: the message `success`, in
    which ``%(title)s`` stands for the saved object's title, then a redirect to `to`, else to the object.
    """
    if request.method == "POST" and form.is_valid():
        try:
            saved = service(user=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc)
        else:
            if success is not None:
                messages.success(request, success % {"title": getattr(saved, "title", "")})
            return redirect(to if to is not None else saved)
    return render(request, "programme/form.html", {"form": form, "title": title, **(context or {})})
