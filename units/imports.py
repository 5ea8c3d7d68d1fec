"""Import units and people from an Excel (.xlsx) or CSV file: all rows or none.

Every row is checked first, against the database and against the rows above it; each problem is
reported with the row number the clerk sees in Excel (the header is row 1) and a message in the
user's language. Only when no row is bad is anything written, in one transaction.

Written on openpyxl and the csv module rather than django-import-export: that library saves row
by row through ``instance.save()``, which cannot place treebeard nodes (paths are allocated by
``add_child``/``bulk_add_children``), it has to write during its dry run to let a row refer to a
parent created a few rows above, one row here writes two models (a person and their role), and
its messages have no Vietnamese catalogue. Checking in memory and then bulk-inserting is simpler,
and fast enough for a national tree (tens of thousands of rows).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import override
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from danvan.text import fold, nfc

from .models import MassOrganisation, Membership, Role, Unit, UnitType, User, role_allowed_on
from .scoping import BLOC_ROLES, Action, get_scope

MAX_ROWS = 100_000
# An .xlsx is a zip: a 100 KB file can unpack to gigabytes (one huge shared string took 1.2 GB
# of memory and 15 s). Each member's uncompressed size is checked before anything is parsed;
# a real file of MAX_ROWS rows unpacks to about 30 MB. zipfile itself refuses a member whose
# data inflates past the size its header declares, so the declared size is a safe bound.
MAX_XLSX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_XLSX_TOTAL_BYTES = 128 * 1024 * 1024


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the Vietnamese header used in templates and sample files
    required: bool = False
    # Headers of older templates, still read so that existing files load.
    aliases: tuple[str, ...] = ()


UNIT_COLUMNS: tuple[Column, ...] = (
    Column("short_code", "Mã đơn vị", required=True),
    Column("name", "Tên đơn vị", required=True),
    Column("unit_type", "Mã loại đơn vị", required=True),
    Column("parent", "Mã đơn vị cấp trên"),
    Column("phone", "Điện thoại"),
    Column("email", "Thư điện tử", aliases=("Email", "E-mail")),
    Column("address", "Địa chỉ"),
    Column("head_name", "Người đứng đầu"),
)

PEOPLE_COLUMNS: tuple[Column, ...] = (
    Column("username", "Tên đăng nhập", required=True),
    Column("full_name", "Họ và tên", required=True),
    Column("email", "Thư điện tử", aliases=("Email", "E-mail")),
    Column("phone", "Điện thoại"),
    Column("position", "Chức vụ"),
    Column("unit", "Mã đơn vị", required=True),
    Column("role", "Mã vai trò", required=True),
    Column("mass_organisation", "Mã đoàn thể"),
    Column("password", "Mật khẩu"),
)


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong kind, missing columns, no rows)."""


@dataclass(frozen=True)
class RowError:
    row: int
    message: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    roles_added: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# ---------------------------------------------------------------------------------------------
# Reading a file


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)).strip()


def _too_big(limit: int) -> ImportFileError:
    return ImportFileError(
        _("This Excel file unpacks to more than %(limit)d MB; split it into smaller files.")
        % {"limit": limit // 1048576}
    )


def _check_xlsx_sizes(data: bytes) -> None:
    """Refuse a zip bomb before openpyxl unpacks anything."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFileError(_("This Excel file cannot be read. Save it again as .xlsx.")) from exc
    if any(m.file_size > MAX_XLSX_MEMBER_BYTES for m in members):
        raise _too_big(MAX_XLSX_MEMBER_BYTES)
    if sum(m.file_size for m in members) > MAX_XLSX_TOTAL_BYTES:
        raise _too_big(MAX_XLSX_TOTAL_BYTES)


def _xlsx_rows(data: bytes) -> Iterable[list[str]]:
    from openpyxl import load_workbook

    _check_xlsx_sizes(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFileError(_("This Excel file cannot be read. Save it again as .xlsx.")) from exc
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_cell(v) for v in row]
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> Iterable[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1258", errors="replace")  # Excel's "CSV" on Vietnamese Windows
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        yield [_cell(v) for v in row]


def read_table(upload, columns: Sequence[Column]) -> list[tuple[int, dict[str, str]]]:
    """Rows of an uploaded .xlsx/.csv as ``(row number, {column key: text})``, blank rows left
    out. Headers are matched ignoring case and accents, by Vietnamese header or column key."""
    name = PurePath(getattr(upload, "name", "") or "").suffix.lower()
    size = getattr(upload, "size", None)
    limit = settings.DANVAN_MAX_UPLOAD_BYTES
    if size is not None and size > limit:
        raise ImportFileError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": f"{size / 1048576:.1f}", "limit": f"{limit / 1048576:.0f}"}
        )
    upload.seek(0)
    data = upload.read()
    if name == ".xlsx" and data.startswith(b"PK\x03\x04"):
        rows = _xlsx_rows(data)
    elif name == ".csv" and b"\x00" not in data[:4096]:
        rows = _csv_rows(data)
    else:
        raise ImportFileError(_("Choose an Excel (.xlsx) or CSV (.csv) file."))

    rows = iter(rows)
    header = next(rows, None)
    if not header or not any(header):
        raise ImportFileError(_("The first row must hold the column headers."))
    known = {}
    for column in columns:
        for title in (column.header, column.key, *column.aliases):
            known[fold(title)] = column.key
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        key = known.get(fold(title))
        if key and key not in positions:
            positions[key] = index
    missing = [c.header for c in columns if c.required and c.key not in positions]
    if missing:
        raise ImportFileError(
            _("Columns missing from the first row: %(columns)s.") % {"columns": ", ".join(missing)}
        )

    table: list[tuple[int, dict[str, str]]] = []
    for number, row in enumerate(rows, start=2):
        # Every row counts against the limit, empty ones too: five million empty rows in a
        # 48 KB file were skipped one by one for 37 s before the limit was ever reached.
        if number - 1 > MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(max)d rows; split it into smaller files.")
                % {"max": MAX_ROWS}
            )
        if not any(row):
            continue
        table.append(
            (
                number,
                {column.key: _at(row, positions.get(column.key)) for column in columns},
            )
        )
    if not table:
        raise ImportFileError(_("The file has no rows under the header."))
    return table


def _at(row: list[str], index: int | None) -> str:
    return row[index] if index is not None and index < len(row) else ""


def _chunks(values: Iterable[str], size: int = 900) -> Iterable[list[str]]:
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _field_errors(exc: ValidationError, model) -> list[str]:
    messages = []
    for name, errors in exc.message_dict.items():
        try:
            label = str(model._meta.get_field(name).verbose_name)
        except Exception:  # noqa: BLE001 - a non-field error has no label
            label = ""
        for error in errors:
            messages.append(f"{label.capitalize()}: {error}" if label else error)
    return messages


def _missing(values: dict[str, str], columns: Sequence[Column]) -> list[Column]:
    return [c for c in columns if c.required and not values.get(c.key)]


def _required_errors(values: dict[str, str], columns: Sequence[Column]) -> list[str]:
    return [
        _("Missing required value: %(column)s.") % {"column": c.header}
        for c in _missing(values, columns)
    ]


# ---------------------------------------------------------------------------------------------
# Units


@dataclass
class _UnitRow:
    number: int
    values: dict[str, str]
    unit: Unit
    parent_code: str
    is_new: bool


def _unit_types() -> dict[str, UnitType]:
    types: dict[str, UnitType] = {}
    for unit_type in UnitType.objects.all():
        types[fold(unit_type.code)] = unit_type
        types[fold(unit_type.name)] = unit_type
    return types


def _units_by_code(codes: Iterable[str]) -> dict[str, Unit]:
    found: dict[str, Unit] = {}
    for chunk in _chunks(set(codes)):
        for unit in Unit.objects.filter(short_code__in=chunk).select_related("unit_type"):
            found[unit.short_code] = unit
    return found


def import_units(*, file, by: User) -> ImportResult:
    """Create or update units from a file; existing short codes are updated, not duplicated."""
    table = read_table(file, UNIT_COLUMNS)
    scope = get_scope(by)
    types = _unit_types()
    mentioned = {v["short_code"] for _number, v in table}
    mentioned |= {v["parent"] for _number, v in table if v["parent"]}
    existing = _units_by_code(mentioned)
    parent_paths = {u.parent_path for u in existing.values() if u.depth > 1}
    code_by_path = dict(
        Unit.objects.filter(path__in=parent_paths).values_list("path", "short_code")
    )
    first_row_of: dict[str, int] = {}
    for number, values in table:
        first_row_of.setdefault(values["short_code"], number)

    result = ImportResult()
    rows: list[_UnitRow] = []
    for number, values in table:
        problems = _required_errors(values, UNIT_COLUMNS)
        code, parent_code = values["short_code"], values["parent"]
        unit_type = types.get(fold(values["unit_type"])) if values["unit_type"] else None
        if values["unit_type"] and unit_type is None:
            problems.append(
                _("Unknown unit type “%(value)s”. Known types: %(known)s.")
                % {
                    "value": values["unit_type"],
                    "known": ", ".join(UnitType.objects.values_list("code", flat=True)),
                }
            )
        if code and first_row_of[code] != number:
            problems.append(
                _("The short code “%(code)s” already appears on row %(row)d.")
                % {"code": code, "row": first_row_of[code]}
            )
        current = existing.get(code)
        if current is not None and not scope.allows(Action.MANAGE, current):
            problems.append(
                _("The short code “%(code)s” is used by another unit.") % {"code": code}
            )
            current = None
        else:
            problems += _parent_problems(
                number, code, parent_code, current, existing, first_row_of, scope, code_by_path
            )

        unit = current or Unit(short_code=code)
        for key in ("name", "phone", "email", "address", "head_name"):
            if values.get(key) or current is None:
                setattr(unit, key, values.get(key, ""))
        if unit_type is not None:
            unit.unit_type = unit_type
        try:
            unit.clean_fields(
                exclude=[
                    "path",
                    "depth",
                    "numchild",
                    "unit_type",
                    "search_text",
                    *(c.key for c in _missing(values, UNIT_COLUMNS)),
                ]
            )
        except ValidationError as exc:
            problems += _field_errors(exc, Unit)
        result.errors += [RowError(number, p) for p in problems]
        rows.append(_UnitRow(number, values, unit, parent_code, current is None))

    if result.errors:
        return result
    try:
        with transaction.atomic():
            _save_units(rows, existing, result)
    except IntegrityError:
        result.errors.append(RowError(0, _("Another change was saved meanwhile; try again.")))
        result.created = result.updated = 0
    return result


def _parent_problems(number, code, parent_code, current, existing, first_row_of, scope, paths):
    if not parent_code:
        if current is None and not scope.everything and code:
            return [_("The parent unit's short code is required.")]
        return []
    if parent_code == code:
        return [_("A unit cannot be its own parent.")]
    row_of_parent = first_row_of.get(parent_code)
    parent = existing.get(parent_code)
    if row_of_parent is not None and row_of_parent < number:
        parent_ok = parent is None or scope.allows(Action.MANAGE, parent)
    elif row_of_parent is not None and parent is None:
        return [
            _("The parent unit “%(code)s” is on row %(row)d, below this one: put parents first.")
            % {"code": parent_code, "row": row_of_parent}
        ]
    else:
        parent_ok = parent is not None and scope.allows(Action.MANAGE, parent)
    if not parent_ok:
        return [
            _("Unknown parent unit “%(code)s”: it must exist already or appear on an earlier row.")
            % {"code": parent_code}
        ]
    if current is not None and current.depth > 1 and paths.get(current.parent_path) != parent_code:
        return [
            _(
                "This unit already exists under “%(current)s”; move it in the unit tree of the "
                "admin, not by import."
            )
            % {"current": paths.get(current.parent_path, "")}
        ]
    if current is not None and current.depth == 1:
        return [_("This unit is a root of the tree; move it in the unit tree of the admin.")]
    return []


def _save_units(rows: list[_UnitRow], existing: dict[str, Unit], result: ImportResult) -> None:
    updated = [r.unit for r in rows if not r.is_new]
    for unit in updated:
        unit.normalise()
    if updated:
        # With history rows (simple_history records the importing admin from the request).
        bulk_update_with_history(
            updated,
            Unit,
            ["name", "unit_type", "phone", "email", "address", "head_name", "search_text"],
            batch_size=1000,
        )
    result.updated = len(updated)

    # Paths are allocated here for the whole file, as units/bulk.py does for one parent:
    # calling bulk_add_children once per new parent cost four queries each (16 s for 1,000 new
    # organisations with their steering groups on the national demo database).
    new_rows = [r for r in rows if r.is_new]
    children = Counter(r.parent_code for r in new_rows if r.parent_code)
    placed: dict[str, Unit] = dict(existing)
    last_index: dict[str, int] = {}
    for row in new_rows:  # parents always come before their children (checked above)
        parent = placed.get(row.parent_code) if row.parent_code else None
        if row.parent_code not in last_index:
            last_index[row.parent_code] = _last_child_index(
                parent, is_new=parent is not None and row.parent_code not in existing
            )
        last_index[row.parent_code] += 1
        unit = row.unit
        unit.depth = parent.depth + 1 if parent else 1
        unit.path = Unit._get_path(
            parent.path if parent else "", unit.depth, last_index[row.parent_code]
        )
        unit.numchild = children[unit.short_code]
        unit.normalise()
        placed[unit.short_code] = unit
    bulk_create_with_history([r.unit for r in new_rows], Unit, batch_size=1000)
    grown: dict[int, list[int]] = defaultdict(list)
    for code, count in children.items():
        if code in existing:
            grown[count].append(existing[code].pk)
    for count, pks in grown.items():
        Unit.objects.filter(pk__in=pks).update(numchild=F("numchild") + count)
    result.created = len(new_rows)


def _last_child_index(parent: Unit | None, *, is_new: bool) -> int:
    if is_new:
        return 0
    if parent is None:
        last = Unit.get_last_root_node()
        return Unit._str2int(last.path) if last else 0
    last = (
        Unit.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    return Unit._str2int(last[-Unit.steplen :]) if last else 0


# ---------------------------------------------------------------------------------------------
# People


def _role_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for role in Role:
        lookup[fold(role.value)] = role.value
        for language in ("vi", "en"):
            with override(language):
                lookup[fold(str(role.label))] = role.value
    return lookup


def _org_lookup() -> dict[str, MassOrganisation]:
    lookup: dict[str, MassOrganisation] = {}
    for org in MassOrganisation.objects.filter(is_active=True):
        lookup[fold(org.code)] = org
        lookup[fold(org.name)] = org
    return lookup


def people_manageable(by: User, people: Sequence[User]) -> set[int]:
    """Ids of ``people`` whom ``by`` may change: a superuser anyone; others only people who are
    not staff, hold no reviewer or standing-office role (separation of duties: a standing office
    never sets a peer reviewer's password) and whose every role lies where ``by`` may manage
    (one query)."""
    if by.is_superuser:
        return {p.pk for p in people}
    scope = get_scope(by)
    if not scope.can_anywhere(Action.MANAGE):
        return set()
    candidates = {p.pk for p in people if not (p.is_staff or p.is_superuser)}
    seen: set[int] = set()
    refused: set[int] = set()
    memberships = Membership.objects.filter(user__in=candidates).select_related("unit")
    for membership in memberships.only("user_id", "role", "is_active", "unit__path"):
        seen.add(membership.user_id)
        if not scope.allows(Action.MANAGE, membership.unit):
            refused.add(membership.user_id)
        if membership.role in BLOC_ROLES and membership.is_active:
            refused.add(membership.user_id)
    return seen - refused


def import_people(*, file, by: User) -> ImportResult:
    """Create or update people and give each the role named on their row.

    New people get an unusable password (they use "forgot password") unless the file has a
    password column. Existing usernames are updated; a password is only set for new people.
    """
    table = read_table(file, PEOPLE_COLUMNS)
    scope = get_scope(by)
    roles = _role_lookup()
    orgs = _org_lookup()
    units = _units_by_code(v["unit"] for _number, v in table if v["unit"])
    users: dict[str, User] = {}
    for chunk in _chunks({v["username"] for _number, v in table if v["username"]}):
        users.update({u.username: u for u in User.objects.filter(username__in=chunk)})
    emails: dict[str, User] = {}
    for chunk in _chunks({v["email"].lower() for _number, v in table if v["email"]}):
        emails.update({u.email: u for u in User.objects.filter(email__in=chunk)})
    manageable = people_manageable(by, list(users.values()))

    result = ImportResult()
    planned: list[tuple[User, Unit, str, MassOrganisation | None, bool]] = []
    first_row_of_username: dict[str, int] = {}
    first_row_of_email: dict[str, tuple[int, str]] = {}
    for number, values in table:
        problems = _required_errors(values, PEOPLE_COLUMNS)
        username, email = values["username"], values["email"].lower()
        if username:
            if username in first_row_of_username:
                problems.append(
                    _("The username “%(username)s” already appears on row %(row)d.")
                    % {"username": username, "row": first_row_of_username[username]}
                )
            first_row_of_username.setdefault(username, number)
        current = users.get(username)
        if current is not None and current.pk not in manageable:
            problems.append(_("The username “%(username)s” is taken.") % {"username": username})
            current = None
        if email:
            earlier = first_row_of_email.get(email)
            owner = emails.get(email)
            if earlier and earlier[1] != username:
                problems.append(
                    _("The e-mail address %(email)s already appears on row %(row)d.")
                    % {"email": email, "row": earlier[0]}
                )
            elif owner is not None and owner.username != username:
                problems.append(_("Another person already uses this e-mail address."))
            first_row_of_email.setdefault(email, (number, username))

        unit = units.get(values["unit"]) if values["unit"] else None
        if values["unit"] and (unit is None or not scope.allows(Action.MANAGE, unit)):
            problems.append(_("Unknown unit “%(code)s”.") % {"code": values["unit"]})
            unit = None
        role = roles.get(fold(values["role"])) if values["role"] else None
        if values["role"] and role is None:
            problems.append(
                _("Unknown role “%(value)s”. Known roles: %(known)s.")
                % {"value": values["role"], "known": ", ".join(Role.values)}
            )
        if unit is not None and role is not None and not role_allowed_on(role, unit.unit_type):
            problems.append(
                _("The role “%(role)s” cannot be held on a unit of type “%(type)s”.")
                % {"role": Role(role).label, "type": unit.unit_type.name}
            )
        org = None
        if values["mass_organisation"]:
            org = orgs.get(fold(values["mass_organisation"]))
            if org is None:
                problems.append(
                    _("Unknown mass organisation “%(value)s”. Known: %(known)s.")
                    % {
                        "value": values["mass_organisation"],
                        "known": ", ".join(sorted({o.code for o in orgs.values()})),
                    }
                )

        person = current or User(username=username)
        for key in ("full_name", "email", "phone", "position"):
            if values.get(key) or current is None:
                setattr(person, key, values.get(key, ""))
        person.email = person.email.lower()
        password = values.get("password", "")
        if current is None:
            if password:
                try:
                    validate_password(password, user=person)
                except ValidationError as exc:
                    label = _("Password")
                    problems += [f"{label}: {m}" for m in exc.messages]
            elif not email:
                problems.append(
                    _(
                        "An e-mail address is needed so that the person can set a password "
                        "with “Forgot password”; or fill in the password column."
                    )
                )
        try:
            person.clean_fields(
                exclude=[
                    "password",
                    "last_login",
                    "date_joined",
                    "search_text",
                    *(c.key for c in _missing(values, PEOPLE_COLUMNS)),
                ]
            )
        except ValidationError as exc:
            problems += _field_errors(exc, User)
        result.errors += [RowError(number, p) for p in problems]
        if not problems:
            if current is None:
                if password:
                    person.set_password(password)
                else:
                    person.set_unusable_password()
            planned.append((person, unit, role, org, current is None))

    if result.errors:
        return result
    try:
        with transaction.atomic():
            _save_people(planned, result)
    except IntegrityError:
        result.errors.append(RowError(0, _("Another change was saved meanwhile; try again.")))
        result.created = result.updated = result.roles_added = 0
    return result


def _save_people(planned, result: ImportResult) -> None:
    new = [p for p, *_rest, is_new in planned if is_new]
    old = [p for p, *_rest, is_new in planned if not is_new]
    for person in new + old:
        person.normalise()
    bulk_create_with_history(new, User, batch_size=1000)
    if old:
        bulk_update_with_history(
            old, User, ["full_name", "email", "phone", "position", "search_text"], batch_size=1000
        )
    result.created, result.updated = len(new), len(old)

    held = set(
        Membership.objects.active()
        .filter(user__in=[p.pk for p in old])
        .values_list("user_id", "unit_id", "role")
    )
    memberships = []
    for person, unit, role, org, _is_new in planned:
        if (person.pk, unit.pk, role) in held:
            continue
        memberships.append(Membership(user=person, unit=unit, role=role, mass_organisation=org))
    bulk_create_with_history(memberships, Membership, batch_size=1000)
    result.roles_added = len(memberships)
