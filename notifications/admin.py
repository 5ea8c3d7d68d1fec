"""The outbox, read-only and for superusers: the one place besides the logs where the mail
server's raw reply (``last_error``) is shown; the office's pages show ``EmailOutbox.problem``."""

from django.contrib import admin

from danvan.admin import ProjectAdmin

from .models import EmailOutbox


@admin.register(EmailOutbox)
class EmailOutboxAdmin(ProjectAdmin):
    list_display = ["created_at", "to_address", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to_address", "subject", "dedupe_key"]
    fields = [
        "created_at",
        "recipient_name",
        "to_address",
        "kind",
        "subject",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
        "dedupe_key",
    ]
    readonly_fields = fields
    show_full_result_count = False

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
