from django.apps import AppConfig


class DanvanConfig(AppConfig):
    name = "danvan"

    def ready(self):
        # Writes to domain data, seen on every database connection (web and Celery workers
        # alike), make cached pages out of date (danvan.page_cache).
        from django.db.backends.signals import connection_created

        from .page_cache import connect_receivers, install_write_watch

        connection_created.connect(install_write_watch, dispatch_uid="danvan_page_cache_writes")
        # Saved rows are placed in the unit tree, so a write in one bloc keeps the others' pages.
        connect_receivers()

        # Every admin has been registered by now (the admin app, first in INSTALLED_APPS,
        # discovered them in its own ready()): third-party ones get the project's inputs.
        from django.contrib import admin

        from .admin import adopt_registered_admins

        adopt_registered_admins(admin.site)
