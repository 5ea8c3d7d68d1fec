"""Factories for visits, follow-up actions and questions (through the services where the
workflow matters, so event rows exist as in real life)."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from support import services
from support.models import FollowUp, Question, QuestionCategory, Visit, VisitKind
from support.workflow import VISIT_WORKFLOW
from units.models import Unit, User

D = datetime.date
PLANNED = D(2013, 5, 10)
HELD = D(2013, 5, 12)
DUE = D(2013, 6, 30)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "bien-ban.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def fake_pdf(name: str = "virus.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"MZ\x90\x00 not a pdf", content_type="application/pdf")


def plan_visit(unit: Unit, by: User, *, planned_on: D = PLANNED, **extra) -> Visit:
    extra.setdefault("kind", VisitKind.INSPECTION)
    extra.setdefault("lead", by)
    return services.visit_plan(unit=unit, by=by, planned_on=planned_on, **extra)


def held_visit(
    unit: Unit, by: User, *, held_on: D = HELD, assessment: str = "fair", **extra
) -> Visit:
    visit = plan_visit(unit, by, planned_on=held_on, **extra)
    return VISIT_WORKFLOW.take(
        visit,
        "record",
        by=by,
        held_on=held_on,
        findings="Tổ chỉ đạo đã thành lập; quy chế chưa ban hành.",
        assessment=assessment,
    )


def follow_up(visit: Visit, by: User, *, due_on: D = DUE, action: str = "") -> FollowUp:
    return services.follow_up_add(
        visit=visit, by=by, action=action or "Ban hành quy chế làm việc.", due_on=due_on
    )


def ask(unit: Unit, by: User, *, subject: str = "Hạn đăng ký mô hình", text: str = "") -> Question:
    return services.question_ask(
        unit=unit,
        by=by,
        category=QuestionCategory.objects.get(code="registration"),
        subject=subject,
        text=text or "Đơn vị có thể đăng ký bổ sung mô hình sau tháng 3 không?",
    )
