"""Record the SHA-256 and size of every file uploaded before the storage recorded them."""

import hashlib

from django.core.files.storage import default_storage
from django.db import migrations, models


def forwards(apps, schema_editor):
    StoredFile = apps.get_model("operations", "StoredFile")
    known = set(StoredFile.objects.values_list("name", flat=True))
    rows = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.FileField):
                continue
            names = model._default_manager.exclude(**{field.name: ""}).values_list(
                field.name, flat=True
            )
            for name in names.iterator():
                if not name or name in known:
                    continue
                known.add(name)
                sha = hashlib.sha256()
                size = 0
                try:
                    with default_storage.open(name, "rb") as handle:
                        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
                            sha.update(chunk)
                            size += len(chunk)
                except FileNotFoundError:
                    # Already gone: nothing to record; the download page says so.
                    continue
                rows.append(StoredFile(name=name, sha256=sha.hexdigest(), size=size))
    StoredFile.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("operations", "0001_stored_files"),
        ("awards", "0002_default_forms"),
        ("campaigns", "0002_documents_activities_events"),
        ("models_registry", "0003_progress_values"),
        ("reports", "0002_render_job_queued"),
        ("steering", "0001_initial"),
        ("support", "0003_question_search_text"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
