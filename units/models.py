"""The unit tree, people and their roles."""

from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Length, Lower, Substr
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from danvan.models import ConfigurableList
from danvan.text import fold, nfc

from .scoping import BLOC_ROLES, UNIT_ROLES, UnitScopedQuerySet


class UnitType(models.Model):
    """Kinds of unit are data: blocs, grassroots organisations, steering groups, provinces…"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_grassroots = models.BooleanField(
        _("grassroots organisation"),
        default=False,
        help_text=_("Units of this type register models and submit periodic reports."),
    )
    acts_for_parent = models.BooleanField(
        _("acts for its parent"),
        default=False,
        help_text=_(
            "A steering group works for its party organisation: a role held on it covers the "
            "parent organisation and everything under it."
        ),
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("unit type")
        verbose_name_plural = _("unit types")

    def __str__(self) -> str:
        return self.name


class UnitQuerySet(MP_NodeQuerySet, UnitScopedQuerySet):
    scope_unit_lookup = ""

    def active(self):
        return self.filter(is_active=True)

    def grassroots(self):
        return self.filter(unit_type__is_grassroots=True)

    def search(self, text: str):
        return self.filter(search_text__contains=fold(text)) if text else self


class UnitManager(MP_NodeManager.from_queryset(UnitQuerySet)):
    def get_queryset(self):
        return UnitQuerySet(self.model, using=self._db).order_by("path")


def parent_path(path: Any = "path") -> Substr:
    """A unit's parent's path in SQL (its path minus one step), as the expression index has it:
    the query planner uses the index only when a query spells the expression the same way.
    ``path`` is the path across a relation (``"unit__path"``) or an ``OuterRef``."""
    return Substr(path, 1, Length(path) - MP_Node.steplen)


class Unit(MP_Node):
    """A node of the tree: Đảng ủy Khối → cơ sở đảng → Tổ chỉ đạo (and later province, cell…)."""

    name = models.CharField(_("name"), max_length=255)
    short_code = models.CharField(_("short code"), max_length=40, unique=True)
    unit_type = models.ForeignKey(
        UnitType, on_delete=models.PROTECT, related_name="units", verbose_name=_("unit type")
    )
    is_active = models.BooleanField(_("active"), default=True)
    head_name = models.CharField(_("head / contact person"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    search_text = models.CharField(max_length=400, blank=True, editable=False, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = UnitManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        indexes = [
            # Steering groups are found by their parent's path (units.selectors); without it
            # every lookup scanned all 60,000 units at national scale.
            models.Index(parent_path(), name="units_unit_parent_path"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.normalise()
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("units:detail", args=[self.pk])

    def normalise(self) -> None:
        """NFC name and the folded search column; bulk inserts call this since they skip save()."""
        self.name = nfc(self.name).strip()
        self.search_text = fold(f"{self.name} {self.short_code}")

    @property
    def parent_path(self) -> str:
        return self.path[: -self.steplen] if self.depth > 1 else ""

    def steering_group(self) -> "Unit | None":
        """The steering group serving this grassroots organisation, if it has one."""
        return (
            Unit.objects.filter(
                path__startswith=self.path,
                depth=self.depth + 1,
                unit_type__acts_for_parent=True,
            )
            .select_related("unit_type")
            .order_by("path")
            .first()
        )


class UserQuerySet(models.QuerySet):
    def search(self, text: str):
        return self.filter(search_text__contains=fold(text)) if text else self

    def update(self, **kwargs) -> int:
        # Deactivating people in bulk (an admin action, bulk_update, a shell) ends their open
        # sessions too, as saving one person does (accounts.receivers.deactivated); update()
        # sends no signal, so the rule lives here.
        if "is_active" not in kwargs:
            return super().update(**kwargs)
        from accounts.sessions import end_sessions_of_people

        with transaction.atomic(using=self.db):
            pks = list(self.values_list("pk", flat=True))
            count = super().update(**kwargs)
            inactive = User._base_manager.using(self.db).filter(pk__in=pks, is_active=False)
            end_sessions_of_people(inactive.values_list("pk", flat=True))
        return count


class DanvanUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person who logs in. Vietnamese names are kept whole, not split into first/last."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    search_text = models.CharField(max_length=400, blank=True, editable=False, db_index=True)

    objects = DanvanUserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            # Login works by e-mail too, so an address may belong to one person only.
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="units_user_email_unique_ci",
                violation_error_message=_("Another person already uses this e-mail address."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name()

    def save(self, *args, **kwargs):
        self.normalise()
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def normalise(self) -> None:
        """NFC name, lower-case e-mail and the folded search column (bulk inserts call this)."""
        self.full_name = nfc(self.full_name).strip()
        self.email = (self.email or "").strip().lower()
        self.search_text = fold(f"{self.full_name} {self.username} {self.email}")

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.full_name.split()[-1] if self.full_name else self.username


class MassOrganisation(ConfigurableList):
    """Trade union, youth union, veterans, women, office… a configurable list."""

    class Meta(ConfigurableList.Meta):
        verbose_name = _("mass organisation")
        verbose_name_plural = _("mass organisations")


class Role(models.TextChoices):
    GROUP_LEADER = "leader", _("Group leader")
    GROUP_DEPUTY = "deputy", _("Deputy group leader")
    GROUP_MEMBER = "member", _("Group member")
    GROUP_SECRETARY = "secretary", _("Group secretary")
    REVIEWER = "reviewer", _("Reviewer (steering committee)")
    STANDING_OFFICE = "standing_office", _("Standing office")


def role_allowed_on(role: str, unit_type: UnitType) -> bool:
    """Steering-group roles are held on a steering group; reviewer and standing-office roles on
    the units they oversee (a bloc, a province, or a subtree of organisations)."""
    if role in UNIT_ROLES:
        return unit_type.acts_for_parent
    if role in BLOC_ROLES:
        return not unit_type.acts_for_parent
    return False


class MembershipQuerySet(UnitScopedQuerySet):
    scope_unit_lookup = "unit"

    def active(self):
        return self.filter(is_active=True)


class Membership(models.Model):
    """A person holds a role on a unit; the role covers that unit's subtree."""

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    mass_organisation = models.ForeignKey(
        MassOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("represents"),
    )
    title = models.CharField(_("title"), max_length=150, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    started_on = models.DateField(_("since"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit__path", "role", "user__full_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                condition=models.Q(is_active=True),
                name="units_membership_active_unique",
                violation_error_message=_("This person already holds this role on this unit."),
            ),
        ]
        indexes = [models.Index(fields=["user", "is_active"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"

    def clean(self):
        if self.unit_id and self.role and not role_allowed_on(self.role, self.unit.unit_type):
            raise ValidationError(
                {
                    "role": _("The role “%(role)s” cannot be held on a unit of type “%(type)s”.")
                    % {"role": self.get_role_display(), "type": self.unit.unit_type}
                }
            )
