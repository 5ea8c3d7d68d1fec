from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from danvan.page_cache import cached_person


class UsernameOrEmailBackend(ModelBackend):
    """Log in with the username or the e-mail address, both case-insensitive."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user_model = get_user_model()
        if username is None:
            username = kwargs.get(user_model.USERNAME_FIELD)
        if not username or password is None:
            return None
        login = username.strip()
        user = (
            user_model._default_manager.filter(Q(username__iexact=login) | Q(email__iexact=login))
            .order_by("pk")
            .first()
        )
        if user is None:
            # Run the hasher anyway so timing does not reveal whether the account exists.
            user_model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        # Every request loads its person; with their scope computed once, both come from the
        # cache until a write they depend on (danvan.page_cache: their bloc's data, their roles).
        return cached_person(user_id, lambda: super(UsernameOrEmailBackend, self).get_user(user_id))
