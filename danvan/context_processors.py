from django.conf import settings

from units.scoping import get_scope


def site(request):
    """What the base layout needs on every page: the user's scope for the navigation."""
    return {
        "scope": get_scope(getattr(request, "user", None)),
        "site_base_url": settings.SITE_BASE_URL,
    }
