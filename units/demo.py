"""Deterministic demo data for the unit tree and people (``manage.py seed_demo``)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db.models.base import ModelState

from danvan.text import nfc

from .bulk import RowInserter, bulk_add_children, folded
from .models import MassOrganisation, Membership, Role, Unit, UnitType, User

# Real-sounding grassroots party organisations of a provincial agencies bloc.
AGENCIES = [
    "Văn phòng Tỉnh ủy",
    "Ban Tổ chức Tỉnh ủy",
    "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "Ủy ban Kiểm tra Tỉnh ủy",
    "Văn phòng Đoàn ĐBQH và HĐND tỉnh",
    "Văn phòng UBND tỉnh",
    "Sở Tài chính",
    "Sở Tư pháp",
    "Sở Nội vụ",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Xây dựng",
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Sở Khoa học và Công nghệ",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Dân tộc và Tôn giáo",
    "Thanh tra tỉnh",
    "Ủy ban MTTQ Việt Nam tỉnh",
    "Liên đoàn Lao động tỉnh",
    "Tỉnh đoàn",
    "Hội Nông dân tỉnh",
    "Hội Liên hiệp Phụ nữ tỉnh",
    "Hội Cựu chiến binh tỉnh",
    "Báo và Phát thanh, Truyền hình tỉnh",
    "Bảo hiểm xã hội tỉnh",
    "Kho bạc Nhà nước khu vực",
    "Cục Thuế tỉnh",
    "Trường Chính trị tỉnh",
    "Bệnh viện Đa khoa tỉnh",
    "Bệnh viện Y học cổ truyền",
    "Trung tâm Kiểm soát bệnh tật",
    "Trường Cao đẳng Y tế",
    "Ngân hàng Chính sách xã hội chi nhánh tỉnh",
    "Quỹ Đầu tư phát triển tỉnh",
    "Ban Quản lý các khu công nghiệp",
]
# The second bloc of a one-bloc demo (small, province): a few enterprises with their own standing
# office and reviewers, so that every page is also tried by staff of a bloc that is not theirs.
ENTERPRISES = [
    "Đảng bộ Công ty Cổ phần Gang thép Thái Nguyên",
    "Chi bộ Công ty Điện lực tỉnh",
    "Đảng bộ Công ty TNHH MTV Than Khánh Hòa",
    "Chi bộ Công ty Cổ phần Nước sạch",
    "Chi bộ Công ty Xổ số kiến thiết tỉnh",
    "Đảng bộ Ngân hàng Nông nghiệp chi nhánh tỉnh",
]
SECOND_BLOC_NAME = "Đảng ủy Khối doanh nghiệp tỉnh"
EXTRA_PATTERNS = [
    "Trường THPT {name}",
    "Trung tâm Y tế {name}",
    "Chi cục Thuế khu vực {name}",
    "Trường THCS {name}",
    "Bệnh viện {name}",
    "Trung tâm Văn hóa {name}",
]
PLACES = [
    "Thái Nguyên",
    "Phổ Yên",
    "Sông Công",
    "Đại Từ",
    "Phú Lương",
    "Đồng Hỷ",
    "Võ Nhai",
    "Định Hóa",
    "Phú Bình",
    "Bắc Kạn",
    "Ba Bể",
    "Chợ Đồn",
    "Ngân Sơn",
    "Na Rì",
    "Pác Nặm",
    "Chợ Mới",
    "Bạch Thông",
    "Hoàng Văn Thụ",
    "Lương Ngọc Quyến",
    "Chu Văn An",
    "Ngô Quyền",
    "Gang Thép",
    "Lê Hồng Phong",
    "Trần Phú",
    "Nguyễn Huệ",
    "Quang Trung",
    "Tân Cương",
    "La Hiên",
]
PROVINCES = [
    "Thái Nguyên",
    "Tuyên Quang",
    "Lào Cai",
    "Phú Thọ",
    "Bắc Ninh",
    "Hưng Yên",
    "Hải Phòng",
    "Ninh Bình",
    "Quảng Trị",
    "Đà Nẵng",
    "Quảng Ngãi",
    "Gia Lai",
    "Khánh Hòa",
    "Lâm Đồng",
    "Đắk Lắk",
    "Đồng Nai",
    "Tây Ninh",
    "Cần Thơ",
    "Vĩnh Long",
    "Đồng Tháp",
    "Cà Mau",
    "An Giang",
    "Hà Nội",
    "Huế",
    "Lai Châu",
    "Điện Biên",
    "Sơn La",
    "Lạng Sơn",
    "Quảng Ninh",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Cao Bằng",
    "TP. Hồ Chí Minh",
]
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Ma",
    "Nông",
    "Triệu",
]
MIDDLE_M = ["Văn", "Đức", "Hữu", "Minh", "Quang", "Thanh", "Xuân", "Công"]
MIDDLE_F = ["Thị", "Thu", "Ngọc", "Thanh", "Minh", "Thúy", "Hồng", "Kim"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Thắng",
    "Trung",
    "Tuấn",
    "Việt",
    "Hiếu",
    "Đạt",
    "Toàn",
    "Lâm",
]
GIVEN_F = [
    "Hà",
    "Hạnh",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Nga",
    "Phương",
    "Thảo",
    "Thủy",
    "Trang",
    "Vân",
    "Yến",
    "Hằng",
    "Nhung",
    "Oanh",
    "Dung",
    "Huyền",
    "Ly",
    "Quyên",
]

# Each steering group: role, mass organisation code, title ({committee}: see committee_of).
GROUP_SLOTS = [
    (Role.GROUP_LEADER, "party_committee", "Phó Bí thư {committee}, Tổ trưởng"),
    (Role.GROUP_DEPUTY, "trade_union", "Chủ tịch Công đoàn cơ sở, Tổ phó"),
    (Role.GROUP_MEMBER, "youth_union", "Bí thư Chi đoàn"),
    (Role.GROUP_MEMBER, "veterans", "Chi hội trưởng Hội Cựu chiến binh"),
    (Role.GROUP_MEMBER, "women", "Trưởng Ban Nữ công"),
    (Role.GROUP_SECRETARY, "office", "Chánh Văn phòng, Thư ký"),
]

SCALES = {
    # name: (provinces, blocs per province, grassroots organisations per bloc)
    "small": (1, 1, 34),
    "province": (1, 1, 300),
    "national": (34, 3, 295),
}


@dataclass
class DemoContext:
    """What each app's demo seeder receives; later apps read the tree from here."""

    scale: str
    rng: random.Random
    blocs: list[Unit] = field(default_factory=list)
    grassroots: list[Unit] = field(default_factory=list)
    # The added second bloc (small and province scales) and its organisations. They are kept out
    # of ``blocs``/``grassroots`` so the other apps' demo data stays as it was; each app adds
    # what the cross-bloc checks need from here.
    second_bloc: Unit | None = None
    second_grassroots: list[Unit] = field(default_factory=list)
    groups: dict[int, Unit] = field(default_factory=dict)  # grassroots pk -> steering group
    accounts: dict[str, User] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)


def committee_of(unit_name: str) -> str:
    """The party committee that leads an organisation: a "Đảng bộ" has its Đảng ủy, a "Chi bộ"
    is led by the Chi bộ itself, so "Phó Bí thư Đảng ủy" at a chi bộ is a wrong title."""
    return "Đảng ủy" if unit_name.startswith("Đảng bộ") else "Chi bộ"


def person_name(rng: random.Random) -> str:
    female = rng.random() < 0.45
    middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
    given = rng.choice(GIVEN_F if female else GIVEN_M)
    return f"{rng.choice(FAMILY)} {middle} {given}"


def sex_of(name: str) -> str:
    """ "male" or "female" for a name ``person_name`` made: the given name decides, or else the
    middle name (both lists share a few, such as Thanh and Minh)."""
    middle, given = name.split()[-2:]
    for part in (given, middle):
        female = part in GIVEN_F or part in MIDDLE_F
        male = part in GIVEN_M or part in MIDDLE_M
        if female != male:
            return "female" if female else "male"
    return "male"


def _agency_names(count: int, rng: random.Random) -> list[str]:
    names = [f"Đảng bộ {a}" if i % 3 == 0 else f"Chi bộ {a}" for i, a in enumerate(AGENCIES)]
    extra = [f"Chi bộ {p.format(name=place)}" for p in EXTRA_PATTERNS for place in PLACES]
    rng.shuffle(extra)
    names += extra
    while len(names) < count:
        names += [f"{n} ({len(names) // len(extra) + 1})" for n in extra]
    return names[:count]


def light_unit(**values) -> Unit:
    """A Unit instance for rows inserted as tuples, without ``Model.__init__`` (tens of
    thousands at national scale). Columns not given load on access, like deferred fields."""
    unit = Unit.__new__(Unit)
    unit.__dict__.update(values)
    unit._state = ModelState()
    unit._state.adding = False
    unit._state.db = Unit.objects.db
    return unit


UNIT_COLUMNS = [
    "path",
    "depth",
    "numchild",
    "name",
    "short_code",
    "unit_type_id",
    "head_name",
    "phone",
    "email",
    "search_text",
]
USER_COLUMNS = [
    "username",
    "full_name",
    "email",
    "password",
    "phone",
    "position",
    "is_staff",
    "is_superuser",
    "search_text",
]


def seed(ctx: DemoContext) -> None:
    provinces_n, blocs_n, bases_n = SCALES[ctx.scale]
    types = {t.code: t for t in UnitType.objects.all()}
    orgs = {o.code: o.pk for o in MassOrganisation.objects.all()}
    password = make_password(settings.DEMO_PASSWORD)
    rng = ctx.rng

    parent_of_provinces = None
    if provinces_n > 1:
        (parent_of_provinces,) = bulk_add_children(
            None, [Unit(name="Toàn quốc", short_code="VN", unit_type=types["country"])]
        )
    provinces = bulk_add_children(
        parent_of_provinces,
        [
            Unit(
                name=f"Tỉnh {PROVINCES[i]}", short_code=f"T{i + 1:02d}", unit_type=types["province"]
            )
            for i in range(provinces_n)
        ],
    )
    base_type, group_type = types["base"].pk, types["steering_group"].pk
    # The named demo accounts take the place of generated people where they hold a group role.
    renames = {
        (0, Role.GROUP_LEADER): ("totruong", "Nguyễn Văn Thành"),
        (0, Role.GROUP_MEMBER): ("thanhvien", "Lê Thị Mai"),
        (1, Role.GROUP_LEADER): ("totruong2", "Trần Thị Hồng Nhung"),
    }
    people = 0

    def add_user(username, full_name, *, phone="", position="", staff=False, superuser=False):
        email = f"{username}@danvan.local"
        return users.add(
            (
                username,
                full_name,
                email,
                password,
                phone,
                position,
                staff,
                superuser,
                folded(full_name, username, email),
            )
        )

    for p_index, province in enumerate(provinces):
        blocs = bulk_add_children(
            province,
            [
                Unit(
                    name="Đảng ủy Khối các cơ quan tỉnh" if b == 0 else f"Đảng ủy Khối {b + 1}",
                    short_code=f"{province.short_code}-DUK{b + 1}",
                    unit_type=types["bloc"],
                    head_name=person_name(rng),
                    phone=f"0208.38{p_index:02d}{b}12",
                    email=f"duk{b + 1}.{province.short_code.lower()}@danvan.local",
                    address=f"Trụ sở Khối, {PROVINCES[p_index]}",
                )
                for b in range(blocs_n)
            ],
        )
        ctx.blocs += blocs
    if blocs_n == 1:
        (ctx.second_bloc,) = bulk_add_children(
            provinces[0],
            [
                Unit(
                    name=SECOND_BLOC_NAME,
                    short_code=f"{provinces[0].short_code}-DUKDN",
                    unit_type=types["bloc"],
                    head_name="Lương Văn Kiên",
                    phone="0208.3855668",
                    email="dukdn@danvan.local",
                    address="Trụ sở Khối doanh nghiệp, Thái Nguyên",
                )
            ],
        )
    # Grassroots organisations, steering groups, people and memberships go in as plain tuples,
    # bloc by bloc (memory stays bounded); ids are allocated here, paths computed here.
    units = RowInserter(Unit, UNIT_COLUMNS, ids=True)
    users = RowInserter(User, USER_COLUMNS, ids=True)
    memberships = RowInserter(
        Membership, ["user_id", "unit_id", "role", "mass_organisation_id", "title"]
    )
    seeded = [(bloc, _agency_names(bases_n, rng), ctx.grassroots) for bloc in ctx.blocs]
    if ctx.second_bloc is not None:
        seeded.append((ctx.second_bloc, ENTERPRISES, ctx.second_grassroots))
        # Its people come from their own generator: the first bloc's stay exactly as before.
        renames[(bases_n, Role.GROUP_LEADER)] = ("totruong_dn", "Ma Thị Thu Hà")
    for bloc, names, grassroots in seeded:
        rng = ctx.rng if bloc is not ctx.second_bloc else random.Random(2026)  # noqa: S311
        for i, name in enumerate(names):
            # People are numbered by their organisation's rank, never by a database id, so
            # that two runs give the same usernames.
            rank = len(ctx.grassroots) + len(ctx.second_grassroots)
            # A few organisations have not set up their steering group yet (something to
            # show on the boards).
            with_group = i < 2 or i % 17 != 5
            name = nfc(name)
            code = f"{bloc.short_code}-{i + 1:03d}"
            path = Unit._get_path(bloc.path, bloc.depth + 1, i + 1)
            values = {
                "path": path,
                "depth": bloc.depth + 1,
                "numchild": int(with_group),
                "name": name,
                "short_code": code,
                "unit_type_id": base_type,
                "head_name": person_name(rng),
                "phone": f"0208.3{rng.randint(100000, 999999)}",
                "email": f"cs{i + 1:03d}.{bloc.short_code.lower()}@danvan.local",
                "search_text": folded(name, code),
            }
            values["id"] = units.add(tuple(values[c] for c in UNIT_COLUMNS))
            base = light_unit(**values)
            grassroots.append(base)
            if not with_group:
                continue
            group_name = nfc(f"Tổ chỉ đạo “Dân vận khéo” – {name}")
            group_code = f"{code}-TCD"
            group = {
                "path": Unit._get_path(path, bloc.depth + 2, 1),
                "depth": bloc.depth + 2,
                "numchild": 0,
                "name": group_name,
                "short_code": group_code,
                "unit_type_id": group_type,
                "head_name": "",
                "phone": "",
                "email": "",
                "search_text": folded(group_name, group_code),
            }
            group["id"] = units.add(tuple(group[c] for c in UNIT_COLUMNS))
            ctx.groups[base.pk] = light_unit(**group)
            size = rng.randint(4, 6)
            slots = GROUP_SLOTS[:2] + rng.sample(GROUP_SLOTS[2:], size - 2)
            committee = committee_of(name)
            for n, (role, org, slot_title) in enumerate(slots, start=1):
                title = slot_title.format(committee=committee)
                username, full_name = renames.pop((rank, role), (None, None))
                generated = person_name(rng)
                user_id = add_user(
                    username or f"cs{rank + 1:05d}_{n}",
                    full_name or nfc(generated),
                    phone=f"09{rng.randint(10000000, 99999999)}",
                    position=title,
                )
                people += 1
                memberships.add((user_id, group["id"], role, orgs.get(org), title))
        units.flush()
        Unit.objects.filter(pk=bloc.pk).update(numchild=len(names))
        bloc.numchild = len(names)
    rng = ctx.rng

    first_bloc = ctx.blocs[0]
    staff = [
        ("admin", "Quản trị hệ thống", None, True),
        ("thuongtruc", "Hoàng Minh Đức", Role.STANDING_OFFICE, False),
        ("bancd", "Phạm Thu Hương", Role.REVIEWER, False),
        ("bancd2", "Đỗ Quang Huy", Role.REVIEWER, False),
        ("bancd3", "Vũ Thị Lan Anh", Role.REVIEWER, False),
    ]
    # The second bloc's standing office and reviewer: at small/province scale the added bloc,
    # at national scale the first province's second bloc.
    second_bloc = ctx.second_bloc or (ctx.blocs[1] if len(ctx.blocs) > 1 else None)
    if second_bloc is not None:
        staff += [
            ("thuongtruc_dn", "Lương Thị Ngọc Ánh", Role.STANDING_OFFICE, False, second_bloc),
            ("bancd_dn", "Triệu Văn Sơn", Role.REVIEWER, False, second_bloc),
        ]
    for username, full_name, role, is_admin, *where in staff:
        user_id = add_user(
            username,
            full_name,
            position="Ban Chỉ đạo Đảng ủy Khối",
            staff=is_admin or role == Role.STANDING_OFFICE,
            superuser=is_admin,
        )
        people += 1
        if role:
            unit = where[0] if where else first_bloc
            memberships.add((user_id, unit.pk, role, None, "Ủy viên Ban Chỉ đạo"))
    units.close()
    users.close()
    memberships.close()
    named = [name for name, *_ in staff] + ["totruong", "thanhvien", "totruong2", "totruong_dn"]
    ctx.accounts = {u.username: u for u in User.objects.filter(username__in=named)}
    ctx.log.append(
        f"units: {Unit.objects.count()} units, "
        f"{len(ctx.grassroots) + len(ctx.second_grassroots)} grassroots organisations, "
        f"{people} people"
    )
