"""The language a page is shown in: Vietnamese unless the user picked another one.

Django's LocaleMiddleware also follows the browser's Accept-Language, so an office PC with an
English Windows got English pages nobody asked for. Here only the user's own choice (the
language switcher's cookie) counts; everything else gets ``LANGUAGE_CODE`` (Vietnamese).
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def chosen_language(request) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    supported = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in supported else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        # No i18n URL prefixes and no Accept-Language negotiation: only Content-Language.
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
