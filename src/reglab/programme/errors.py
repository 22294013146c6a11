"""The one error style of the programme's services.

A service that refuses a change raises a ``ServiceError`` (or a subclass) with one translated line
that says what to do; nothing has been written. Views catch ``ServiceError`` and show its text as a
message or a form error. It is a ``ValidationError`` so forms can take it as a non-field error.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


class ServiceError(ValidationError):
    """A change the rules do not allow; the message says why (translated, one line each)."""


class MergeRefused(ServiceError):
    """A merge or unmerge that the rules do not allow."""


class TransitionError(ServiceError):
    """An activity status move that is not allowed."""


def error_text(exc: ValidationError) -> str:
    """All messages of ``exc`` as one line, for ``messages.error``."""
    return " ".join(exc.messages)


def form_error_text(form) -> str:
    """All errors of an invalid form as one line, for a post answered with a redirect and a message."""
    return " ".join(str(message) for errors in form.errors.values() for message in errors)
