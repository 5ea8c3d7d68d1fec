"""Random and oversized values posted to every form of the apps (hypothesis; the filter bars get
them by GET): never a server error, and a refused form saves nothing (ASVS V2 validation).
25 examples per form (``FormCase.examples``) keep the suite fast; derandomised so a failure
reproduces, and new examples come whenever the forms change."""

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notifications.models import EmailOutbox, Notification
from tests.hostile.forms import FORM_CASES, open_form, send

pytestmark = pytest.mark.django_db

HOSTILE = st.one_of(
    st.text(max_size=40),
    st.text(min_size=1, max_size=3).map(lambda s: s * 5000),  # oversized
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\r\nBcc: x@example.com",
            "9" * 40,
            "-1",
            "2013-02-30",
            "0x10",
            "1e309",
            "NaN",
            "../../etc/passwd",
            "ｓｃｒｉｐｔ",
            "\u202e",
            "🙂" * 300,
        ]
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


def _counts(model_label: str) -> dict[str, int]:
    models = list(apps.get_app_config(model_label.split(".")[0]).get_models())
    return {m._meta.label: m.objects.count() for m in [*models, EmailOutbox, Notification]}


@pytest.mark.parametrize("case", FORM_CASES, ids=lambda c: c.name)
def test_random_values_never_break_a_form(case, world, client):
    page = open_form(client, case, world)
    form, formsets = case.forms_on(page.context)
    assert isinstance(form, case.form_class), f"{case.name}: the page shows {type(form)}"
    for formset in [] if case.admin else formsets:  # an admin's inlines are the admin's own
        assert any(isinstance(x, cls) for x in [formset, *formset.forms] for cls in case.also)
    valid = case.data(world, page.context, "Mô hình dân vận khéo")
    files = {k for k, v in valid.items() if hasattr(v, "read")}
    keys = sorted(k for k in valid if k not in files)

    @settings(
        max_examples=case.examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.fixed_dictionaries({k: st.one_of(st.just(valid[k]), HOSTILE) for k in keys}))
    def post(values):
        data = {**values, **{k: case.data(world, page.context, "x")[k] for k in files}}
        before = _counts(case.model)
        response = send(client, case, world, data)
        assert response.status_code < 500, data
        if response.status_code != 302:
            assert _counts(case.model) == before, f"a refused {case.name} saved something"

    post()
