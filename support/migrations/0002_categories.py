"""Default question categories (data: the standing office may add or retire them in admin)."""

from django.db import migrations

CATEGORIES = [
    ("registration", "Đăng ký mô hình, điển hình", 10),
    ("reports", "Báo cáo định kỳ, sơ kết, tổng kết", 20),
    ("rewards", "Biểu dương, khen thưởng", 30),
    ("other", "Vấn đề khác", 90),
]


def forwards(apps, schema_editor):
    category = apps.get_model("support", "QuestionCategory")
    for code, name, order in CATEGORIES:
        category.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
