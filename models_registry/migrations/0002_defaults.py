"""Default lists (editable in admin), the default rubric, and a trigram index on PostgreSQL."""

from django.db import migrations

FIELDS = [
    ("economy", "Kinh tế", 10),
    ("culture_society", "Văn hóa – xã hội", 20),
    ("defence_security", "Quốc phòng – an ninh", 30),
    ("political_system", "Xây dựng hệ thống chính trị", 40),
]

ORGANISATIONS = [
    # code, name, order, mass organisation code
    ("party_cell", "Chi bộ / cấp ủy", 10, "party_committee"),
    ("trade_union", "Công đoàn", 20, "trade_union"),
    ("youth_union", "Đoàn Thanh niên", 30, "youth_union"),
    ("veterans", "Hội Cựu chiến binh", 40, "veterans"),
    ("women", "Hội Phụ nữ / Ban Nữ công", 50, "women"),
    ("professional", "Chuyên môn (thủ trưởng cơ quan, đơn vị)", 60, None),
]

CRITERIA = [
    ("Tính cụ thể, đăng ký đúng quy định", 10),
    ("Sự lãnh đạo của cấp ủy", 10),
    ("Phối hợp và huy động lực lượng", 15),
    ("Sự tham gia và đồng thuận", 15),
    ("Kết quả đo được so với chỉ tiêu", 30),
    ("Tính sáng tạo, tiết kiệm", 10),
    ("Tính bền vững và khả năng nhân rộng", 10),
]


def forwards(apps, schema_editor):
    Field = apps.get_model("models_registry", "Field")
    Organisation = apps.get_model("models_registry", "Organisation")
    MassOrganisation = apps.get_model("units", "MassOrganisation")
    Rubric = apps.get_model("models_registry", "Rubric")
    Criterion = apps.get_model("models_registry", "Criterion")
    for code, name, order in FIELDS:
        Field.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    mass = {m.code: m for m in MassOrganisation.objects.all()}
    for code, name, order, mass_code in ORGANISATIONS:
        Organisation.objects.get_or_create(
            code=code,
            defaults={"name": name, "order": order, "mass_organisation": mass.get(mass_code)},
        )
    if not Rubric.objects.filter(campaign__isnull=True).exists():
        rubric = Rubric.objects.create(
            name="Thang điểm mặc định (100 điểm)", outstanding_from=90, recognised_from=75
        )
        for order, (title, points) in enumerate(CRITERIA, start=1):
            Criterion.objects.create(rubric=rubric, order=order, title=title, max_points=points)


def trigram_forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS registry_search_trgm ON models_registry_registration "
        "USING gin (search_text gin_trgm_ops)"
    )


def trigram_backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS registry_search_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("models_registry", "0001_initial"),
        ("units", "0002_default_types"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RunPython(trigram_forwards, trigram_backwards),
    ]
