"""Demo data: founding decisions and working regulations for most steering groups, some
deliberately missing so the setup board has something to show. Plain-row inserts only."""

from __future__ import annotations

import datetime

from campaigns.demo import group_leaders, store_demo_pdf
from danvan.text import nfc
from units.bulk import RowInserter
from units.demo import DemoContext, person_name

from .models import FoundingDecision, WorkingRegulation

D = datetime.date


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng
    leaders = group_leaders(ctx)
    decision_pdf = store_demo_pdf("steering/decisions", "quyet-dinh-thanh-lap.pdf", "Quyet dinh")
    rules_pdf = store_demo_pdf("steering/regulations", "quy-che-lam-viec.pdf", "Quy che lam viec")
    decisions = RowInserter(
        FoundingDecision,
        ["unit_id", "number", "decided_on", "signed_by", "file", "recorded_by_id"],
    )
    regulations = RowInserter(
        WorkingRegulation,
        ["unit_id", "version", "adopted_on", "decision_number", "note", "file", "recorded_by_id"],
    )
    for index, unit in enumerate(ctx.grassroots):
        recorder = leaders.get(unit.pk)
        if recorder is None:  # no steering group yet: no paperwork either
            continue
        # The first demo organisation is complete; the second lacks its regulations and scan.
        if index > 1 and rng.random() < 0.1:
            continue
        suffix = "ĐU" if unit.name.startswith("Đảng bộ") else "CB"
        decided_on = D(2013, 3, rng.randint(1, 25)) if rng.random() < 0.7 else D(2011, 4, 12)
        decisions.add(
            (
                unit.pk,
                nfc(f"{rng.randint(3, 60):02d}-QĐ/{suffix}"),
                decided_on,
                nfc(person_name(rng)),
                decision_pdf if index == 0 or (index > 1 and rng.random() < 0.8) else "",
                recorder,
            )
        )
        if index == 1 or (index > 1 and rng.random() < 0.2):
            continue
        adopted = decided_on + datetime.timedelta(days=rng.randint(3, 30))
        regulations.add(
            (
                unit.pk,
                1,
                adopted,
                nfc(f"{rng.randint(3, 60):02d}-QĐ/{suffix}"),
                "",
                rules_pdf if rng.random() < 0.85 else "",
                recorder,
            )
        )
        if index == 0 or rng.random() < 0.3:
            regulations.add(
                (
                    unit.pk,
                    2,
                    D(2015, 1, rng.randint(5, 30)),
                    nfc(f"{rng.randint(61, 99):02d}-QĐ/{suffix}"),
                    nfc("Sửa đổi chế độ báo cáo và phân công theo dõi mô hình."),
                    rules_pdf,
                    recorder,
                )
            )
    ctx.log.append(
        f"steering: {decisions.close()} founding decisions, "
        f"{regulations.close()} regulation versions"
    )
