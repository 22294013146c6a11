"""Language choice: Swedish unless the user picked English.

Django's LocaleMiddleware would follow the browser's Accept-Language, so most visitors would get English;
Reglab's working language is Swedish, so we only honour an explicit choice: `?lang=en` (remembered in
the language cookie) or the switcher (Django's `set_language` view, which sets the same cookie).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.codes = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.GET.get("lang")
        if chosen not in self.codes:
            chosen = None
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen or (cookie if cookie in self.codes else settings.LANGUAGE_CODE)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if chosen and chosen != cookie:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                chosen,
                max_age=365 * 24 * 3600,
                samesite="Lax",
                secure=request.is_secure(),
                httponly=True,
            )
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
