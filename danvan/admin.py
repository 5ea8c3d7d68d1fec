"""What every admin form of the project shares, as its site forms do (``danvan.forms``): a
select's empty choice reads “— Chọn —” / “— Không chọn —”, never Django's "---------", in
change forms, inlines and the actions menu; a number box reads Vietnamese numbers ("8,5",
"1.240": ``danvan.inputs.model_formfield``).

Every admin class and inline of ours is a ``ProjectAdminMixin`` (``ProjectAdmin``,
``ProjectTabularInline``, or through ``units.admin_scoping.ScopedAdminMixin`` and
``audit.admin.ScopedHistoryAdmin``); the admins other packages register (auth's groups, axes'
logs, django-otp's devices) get it when the project starts (``adopt_registered_admins``, from
``DanvanConfig.ready``). ``tests/danvan/test_admin_inputs.py`` fails for an admin without it.
"""

from django.contrib import admin

from .inputs import CHOOSE, is_quantity, label_empty_choice, model_formfield


class ProjectAdminMixin:
    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if is_quantity(db_field):  # "8,5", "1.240" as the site's forms read them
            return model_formfield(db_field, **kwargs)
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            label_empty_choice(formfield)
        return formfield

    def get_action_choices(self, request, default_choices=None):
        """The actions menu starts with “— Chọn —” (only a ModelAdmin has one)."""
        return super().get_action_choices(request, default_choices=[("", CHOOSE)])


class ProjectAdmin(ProjectAdminMixin, admin.ModelAdmin):
    pass


class ProjectTabularInline(ProjectAdminMixin, admin.TabularInline):
    pass


def _adopted(cls: type) -> type:
    """``cls`` with ``ProjectAdminMixin`` first, its inlines likewise, its behaviour kept."""
    attrs = {"__module__": cls.__module__}
    if getattr(cls, "inlines", None):
        attrs["inlines"] = [
            inline if issubclass(inline, ProjectAdminMixin) else _adopted(inline)
            for inline in cls.inlines
        ]
    return type(cls.__name__, (ProjectAdminMixin, cls), attrs)


def adopt_registered_admins(site: admin.AdminSite) -> None:
    """Give the admins other packages registered the project's inputs (ours have them)."""
    for model, model_admin in list(site._registry.items()):
        if not isinstance(model_admin, ProjectAdminMixin):
            site.unregister(model)
            site.register(model, _adopted(type(model_admin)))
