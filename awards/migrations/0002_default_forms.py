"""The forms of award seen in the bloc (domain.md §5); editable in admin afterwards.

The codes are those of Table 03's rows (``reports.stats.AWARD_FORMS``).
"""

from django.db import migrations

FORMS = [
    # code, name, issuer level, collective, individual, order, active
    (
        "bloc_certificate",
        "Giấy khen của Ban Thường vụ Đảng ủy Khối",
        "bloc",
        True,
        True,
        10,
        True,
    ),
    ("bloc_praise", "Tuyên dương cấp Khối", "bloc", True, True, 20, True),
    (
        "province_chair_merit",
        "Bằng khen của Chủ tịch UBND tỉnh",
        "province",
        True,
        True,
        30,
        True,
    ),
    (
        "province_party_merit",
        "Bằng khen của Ban Thường vụ Tỉnh ủy",
        "province",
        True,
        True,
        40,
        True,
    ),
    (
        "mass_organisation",
        "Khen thưởng của các đoàn thể",
        "mass_organisation",
        True,
        True,
        50,
        True,
    ),
    ("emulation_flag", "Cờ thi đua", "province", True, False, 60, True),
]


def forwards(apps, schema_editor):
    AwardForm = apps.get_model("awards", "AwardForm")
    for code, name, level, collective, individual, order, active in FORMS:
        AwardForm.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "issuer_level": level,
                "for_collective": collective,
                "for_individual": individual,
                "order": order,
                "is_active": active,
            },
        )


def backwards(apps, schema_editor):
    apps.get_model("awards", "AwardForm").objects.filter(
        code__in=[row[0] for row in FORMS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
