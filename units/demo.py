"""Deterministic demo data for the unit tree and people (``manage.py seed_demo``)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password

from .bulk import bulk_add_children, insert_rows
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

# Each steering group: role, mass organisation code, title.
GROUP_SLOTS = [
    (Role.GROUP_LEADER, "party_committee", "Phó Bí thư Đảng ủy, Tổ trưởng"),
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
    groups: dict[int, Unit] = field(default_factory=dict)  # grassroots pk -> steering group
    accounts: dict[str, User] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)


def person_name(rng: random.Random) -> str:
    female = rng.random() < 0.45
    middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
    given = rng.choice(GIVEN_F if female else GIVEN_M)
    return f"{rng.choice(FAMILY)} {middle} {given}"


def _agency_names(count: int, rng: random.Random) -> list[str]:
    names = [f"Đảng bộ {a}" if i % 3 == 0 else f"Chi bộ {a}" for i, a in enumerate(AGENCIES)]
    extra = [f"Chi bộ {p.format(name=place)}" for p in EXTRA_PATTERNS for place in PLACES]
    rng.shuffle(extra)
    names += extra
    while len(names) < count:
        names += [f"{n} ({len(names) // len(extra) + 1})" for n in extra]
    return names[:count]


def seed(ctx: DemoContext) -> None:
    provinces_n, blocs_n, bases_n = SCALES[ctx.scale]
    types = {t.code: t for t in UnitType.objects.all()}
    orgs = {o.code: o for o in MassOrganisation.objects.all()}
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
    users: list[User] = []
    memberships: list[tuple[int, Unit, Role, str, str]] = []  # user index, unit, role, org, title

    def new_user(username: str, full_name: str, **extra) -> int:
        users.append(
            User(
                username=username,
                full_name=full_name,
                password=password,
                email=extra.pop("email", f"{username}@danvan.local"),
                **extra,
            )
        )
        return len(users) - 1

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
        for bloc in blocs:
            names = _agency_names(bases_n, rng)
            bases = bulk_add_children(
                bloc,
                [
                    Unit(
                        name=name,
                        short_code=f"{bloc.short_code}-{i + 1:03d}",
                        unit_type=types["base"],
                        head_name=person_name(rng),
                        phone=f"0208.3{rng.randint(100000, 999999)}",
                        email=f"cs{i + 1:03d}.{bloc.short_code.lower()}@danvan.local",
                    )
                    for i, name in enumerate(names)
                ],
            )
            # People are numbered by their organisation's rank, never by a database id, so that
            # two runs give the same usernames.
            rank = {b.pk: len(ctx.grassroots) + i + 1 for i, b in enumerate(bases)}
            ctx.grassroots += bases
            # A few organisations have not set up their steering group yet (something to show).
            with_group = [b for i, b in enumerate(bases) if i < 2 or i % 17 != 5]
            groups = []
            for base in with_group:
                groups.append(
                    Unit(
                        name=f"Tổ chỉ đạo “Dân vận khéo” – {base.name}",
                        short_code=f"{base.short_code}-TCD",
                        unit_type=types["steering_group"],
                    )
                )
            # One insert per parent would be 30,000 inserts at national scale; one batch instead.
            _bulk_add_one_child_each(with_group, groups)
            for base, group in zip(with_group, groups, strict=True):
                ctx.groups[base.pk] = group
                size = rng.randint(4, 6)
                slots = GROUP_SLOTS[:2] + rng.sample(GROUP_SLOTS[2:], size - 2)
                for n, (role, org, title) in enumerate(slots, start=1):
                    idx = new_user(
                        f"cs{rank[base.pk]:05d}_{n}",
                        person_name(rng),
                        phone=f"09{rng.randint(10000000, 99999999)}",
                        position=title,
                    )
                    memberships.append((idx, group, role, org, title))

    first_bloc = ctx.blocs[0]
    first_base, second_base = ctx.grassroots[0], ctx.grassroots[1]
    # The named demo accounts take the place of generated people where they hold a group role.
    renames = {
        (ctx.groups[first_base.pk], Role.GROUP_LEADER): ("totruong", "Nguyễn Văn Thành"),
        (ctx.groups[second_base.pk], Role.GROUP_LEADER): ("totruong2", "Trần Thị Hồng Nhung"),
    }
    member_done = False
    for idx, unit, role, _org, _title in memberships:
        key = (unit, role)
        if key in renames:
            users[idx].username, users[idx].full_name = renames.pop(key)
            users[idx].email = f"{users[idx].username}@danvan.local"
        elif unit == ctx.groups[first_base.pk] and role == Role.GROUP_MEMBER and not member_done:
            users[idx].username, users[idx].full_name = "thanhvien", "Lê Thị Mai"
            users[idx].email = "thanhvien@danvan.local"
            member_done = True

    staff = [
        ("admin", "Quản trị hệ thống", None, True),
        ("thuongtruc", "Hoàng Minh Đức", Role.STANDING_OFFICE, False),
        ("bancd", "Phạm Thu Hương", Role.REVIEWER, False),
        ("bancd2", "Đỗ Quang Huy", Role.REVIEWER, False),
        ("bancd3", "Vũ Thị Lan Anh", Role.REVIEWER, False),
    ]
    for username, full_name, role, is_admin in staff:
        idx = new_user(
            username,
            full_name,
            is_staff=is_admin or role == Role.STANDING_OFFICE,
            is_superuser=is_admin,
            position="Ban Chỉ đạo Đảng ủy Khối",
        )
        if role:
            memberships.append((idx, first_bloc, role, "", "Ủy viên Ban Chỉ đạo"))

    for user in users:
        user.normalise()
    # Plain INSERTs: bulk_create's per-value preparation dominates at national scale.
    insert_rows(users)
    ids = dict(User.objects.values_list("username", "pk"))
    for user in users:
        user.pk = ids[user.username]
        user._state.adding = False
        user._state.db = User.objects.db
    insert_rows(
        [
            Membership(
                user_id=users[idx].pk,
                unit_id=unit.pk,
                role=role,
                mass_organisation=orgs.get(org),
                title=title,
            )
            for idx, unit, role, org, title in memberships
        ]
    )
    ctx.accounts = {u.username: u for u in users if not u.username.startswith("cs")}
    ctx.log.append(
        f"units: {Unit.objects.count()} units, {len(ctx.grassroots)} grassroots organisations, "
        f"{len(users)} people"
    )


def _bulk_add_one_child_each(parents: list[Unit], children: list[Unit]) -> None:
    """Give each fresh parent (no children yet) exactly one child, in one INSERT."""
    for parent, child in zip(parents, children, strict=True):
        child.depth = parent.depth + 1
        child.numchild = 0
        child.path = Unit._get_path(parent.path, child.depth, 1)
        child.normalise()
        parent.numchild = 1
    Unit.objects.bulk_create(children, batch_size=2000)
    Unit.objects.filter(pk__in=[p.pk for p in parents]).update(numchild=1)
