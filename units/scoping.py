"""The one access mechanism: who may do what, on which part of the unit tree.

A role held on a unit covers that unit's subtree (a steering group's roles cover the party
organisation it serves). Every view, export, PDF and admin changelist asks through here:

* ``Model.objects.visible_to(user)`` / ``.for_action(user, Action.REVIEW)`` filter a queryset;
* ``get_scope(user).allows(action, unit)`` answers for one unit;
* ``get_object_for(user, queryset, action=..., **lookup)`` fetches one object or raises 404, so
  "not yours" looks exactly like "does not exist";
* ``.reaching(user, action)`` / ``Scope.q_reaching`` widen the filter to units *above* the scope
  as well (a campaign, deadline or register kept by the bloc a grassroots member belongs to);
* ``users_for_action(action, unit)`` answers the other way round: who may take ``action`` on
  ``unit`` (whom to tell), from the same ``ROLE_ACTIONS`` and the same covering rule.

Both directions are what Wagtail's permission policies call ``instances_user_has_permission_for``
and ``users_with_permission_for_instance``.

A model joins the mechanism by using ``UnitScopedQuerySet`` and naming, in
``scope_unit_lookup``, the path from the model to its ``Unit`` (e.g. ``"unit"`` or
``"registration__unit"``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.db import models
from django.http import Http404

if TYPE_CHECKING:
    from .models import Unit


class Action(StrEnum):
    VIEW = "view"  # read the unit's data
    EDIT = "edit"  # draft and edit the unit's registrations and reports
    SUBMIT = "submit"  # submit on behalf of the unit
    REVIEW = "review"  # return, accept, score, recognise; aggregated boards and exports
    MANAGE = "manage"  # campaigns, deadlines, reminders, answering questions


# Role code -> actions. Kept beside Action so the whole policy reads in one screen.
ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    "leader": frozenset({Action.VIEW, Action.EDIT, Action.SUBMIT}),
    "deputy": frozenset({Action.VIEW, Action.EDIT, Action.SUBMIT}),
    "member": frozenset({Action.VIEW, Action.EDIT}),
    "secretary": frozenset({Action.VIEW, Action.EDIT}),
    "reviewer": frozenset({Action.VIEW, Action.REVIEW}),
    "standing_office": frozenset({Action.VIEW, Action.REVIEW, Action.MANAGE}),
}

UNIT_ROLES = {"leader", "deputy", "member", "secretary"}
BLOC_ROLES = {"reviewer", "standing_office"}


def path_prefixes(path: str) -> list[str]:
    """The materialised paths of a unit and all its ancestors (``"00010002"`` -> 2 paths)."""
    from .models import Unit

    return [path[:i] for i in range(Unit.steplen, len(path) + 1, Unit.steplen)]


def _minimal(paths: set[str]) -> tuple[str, ...]:
    """Drop paths already covered by an ancestor path, so filters stay short."""
    kept: list[str] = []
    for path in sorted(paths):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return tuple(kept)


@dataclass(frozen=True)
class Scope:
    """The subtrees (as materialised-path prefixes) where a user may take each action."""

    everything: bool = False
    paths: dict[Action, tuple[str, ...]] = field(default_factory=dict)
    roles: frozenset[str] = frozenset()

    def roots(self, action: Action) -> tuple[str, ...]:
        return self.paths.get(Action(action), ())

    def can_anywhere(self, action: Action) -> bool:
        return self.everything or bool(self.roots(action))

    def allows(self, action: Action, unit: Unit | None) -> bool:
        if unit is None:
            return False
        if self.everything:
            return True
        return any(unit.path.startswith(p) for p in self.roots(action))

    def q(self, action: Action, lookup: str = "") -> models.Q:
        """A filter matching objects whose unit lies inside the user's scope for ``action``."""
        if self.everything:
            return models.Q()
        path_field = f"{lookup}__path" if lookup else "path"
        roots = self.roots(action)
        if not roots:
            return models.Q(pk__in=[])
        condition = models.Q()
        for root in roots:
            condition |= models.Q(**{f"{path_field}__startswith": root})
        return condition

    def reaches(self, action: Action, unit: Unit | None) -> bool:
        """``unit`` lies inside the scope for ``action`` or above it."""
        if unit is None:
            return False
        return self.allows(action, unit) or any(
            root.startswith(unit.path) for root in self.roots(action)
        )

    def q_reaching(self, action: Action, lookup: str = "") -> models.Q:
        """Like ``q``, and also the units above the scope: what a bloc or province sets for
        everything under it (campaigns, deadlines, registers) reaches the people below."""
        if self.everything:
            return models.Q()
        path_field = f"{lookup}__path" if lookup else "path"
        above = sorted({p for root in self.roots(action) for p in path_prefixes(root)})
        return self.q(action, lookup) | models.Q(**{f"{path_field}__in": above})

    def q_roots(self, action: Action, lookup: str = "") -> models.Q:
        """The units at the top of the scope for ``action``: those the roles are held on (a
        superuser's: every unit an office can sit on, neither grassroots nor a steering group)."""
        prefix = f"{lookup}__" if lookup else ""
        if self.everything:
            return models.Q(
                **{
                    f"{prefix}unit_type__is_grassroots": False,
                    f"{prefix}unit_type__acts_for_parent": False,
                }
            )
        return models.Q(**{f"{prefix}path__in": self.roots(action)})

    @property
    def is_reviewer(self) -> bool:
        return self.can_anywhere(Action.REVIEW)

    @property
    def is_standing_office(self) -> bool:
        return self.can_anywhere(Action.MANAGE)


EMPTY_SCOPE = Scope()
_CACHE_ATTR = "_danvan_scope"


def get_scope(user: Any) -> Scope:
    """The user's scope, computed with one query and cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY_SCOPE
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = Scope(everything=True, roles=frozenset(ROLE_ACTIONS))
    else:
        from .models import Membership

        by_action: dict[Action, set[str]] = {}
        roles: set[str] = set()
        memberships = (
            Membership.objects.filter(user=user, is_active=True, unit__is_active=True)
            .select_related("unit__unit_type")
            .only("role", "unit__path", "unit__depth", "unit__unit_type__acts_for_parent")
        )
        for membership in memberships:
            unit = membership.unit
            root = unit.path
            if unit.unit_type.acts_for_parent and unit.depth > 1:
                root = unit.parent_path
            roles.add(membership.role)
            for action in ROLE_ACTIONS.get(membership.role, ()):
                by_action.setdefault(action, set()).add(root)
        scope = Scope(
            paths={action: _minimal(paths) for action, paths in by_action.items()},
            roles=frozenset(roles),
        )
    setattr(user, _CACHE_ATTR, scope)
    return scope


def forget_scope(user: Any) -> None:
    """Call after changing a user's memberships within the same request (tests, admin)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


class UnitScopedQuerySet(models.QuerySet):
    """Querysets of models that belong to a unit. Subclasses set ``scope_unit_lookup``."""

    scope_unit_lookup: str = "unit"

    def for_action(self, user: Any, action: Action) -> UnitScopedQuerySet:
        return self.filter(get_scope(user).q(action, self.scope_unit_lookup))

    def visible_to(self, user: Any) -> UnitScopedQuerySet:
        return self.for_action(user, Action.VIEW)

    def reaching(self, user: Any, action: Action) -> UnitScopedQuerySet:
        """Objects whose unit lies inside the user's scope for ``action`` or above it."""
        return self.filter(get_scope(user).q_reaching(action, self.scope_unit_lookup))


def get_object_for(
    user: Any, queryset: UnitScopedQuerySet, *, action: Action = Action.VIEW, **lookup: Any
) -> Any:
    """Fetch one object the user may act on, else 404 — the same answer as "does not exist"."""
    try:
        return queryset.for_action(user, action).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def users_for_action(action: Action, unit: Unit | None = None, *, roles: Any = None) -> Any:
    """Active people who may take ``action`` on ``unit`` — anywhere when ``unit`` is None —
    through an active role held on an active unit covering it (a steering group's role covers
    its organisation), as ``get_scope`` grants it; ``roles`` narrows the roles counted.
    Superusers hold no role and are not listed: this answers whom to tell, by pk."""
    from .models import Membership, User, parent_path

    granting = [role for role, actions in ROLE_ACTIONS.items() if Action(action) in actions]
    if roles is not None:
        granting = [role for role in granting if role in set(roles)]
    memberships = Membership.objects.filter(is_active=True, unit__is_active=True, role__in=granting)
    if unit is not None:
        # The unit a role covers: its own, or its parent's for a unit that acts for its parent.
        covered = models.Case(
            models.When(
                unit__unit_type__acts_for_parent=True,
                unit__depth__gt=1,
                then=parent_path("unit__path"),
            ),
            default=models.F("unit__path"),
        )
        memberships = memberships.annotate(covered=covered).filter(
            covered__in=path_prefixes(unit.path)
        )
    return User.objects.filter(pk__in=memberships.values("user_id"), is_active=True).order_by("pk")
