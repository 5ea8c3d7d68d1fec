from django.db import migrations

UNIT_TYPES = [
    # code, name, order, is_grassroots, acts_for_parent
    ("country", "Toàn quốc", 0, False, False),
    ("province", "Tỉnh / thành phố", 10, False, False),
    ("bloc", "Đảng ủy Khối", 20, False, False),
    ("base", "Cơ sở đảng", 30, True, False),
    ("steering_group", "Tổ chỉ đạo", 40, False, True),
    ("party_cell", "Chi bộ", 50, False, False),
]

MASS_ORGANISATIONS = [
    ("trade_union", "Công đoàn", 10),
    ("youth_union", "Đoàn Thanh niên", 20),
    ("veterans", "Hội Cựu chiến binh", 30),
    ("women", "Hội Phụ nữ / Ban Nữ công", 40),
    ("office", "Văn phòng", 50),
    ("party_committee", "Cấp ủy", 5),
]


def forwards(apps, schema_editor):
    UnitType = apps.get_model("units", "UnitType")
    MassOrganisation = apps.get_model("units", "MassOrganisation")
    for code, name, order, grassroots, acts_for_parent in UNIT_TYPES:
        UnitType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "order": order,
                "is_grassroots": grassroots,
                "acts_for_parent": acts_for_parent,
            },
        )
    for code, name, order in MASS_ORGANISATIONS:
        MassOrganisation.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
