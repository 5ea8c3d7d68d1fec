from django.contrib import admin

from .models import QuestionCategory


@admin.register(QuestionCategory)
class QuestionCategoryAdmin(admin.ModelAdmin):
    """Question categories are data: the standing office adds or retires them here."""

    list_display = ["name", "code", "order", "is_active"]
    list_editable = ["order", "is_active"]
    prepopulated_fields = {"code": ["name"]}
