"""One truth, as a property over the whole demo county: for every demo matter, townships and
villages, service points and answers that Hypothesis draws, the self check
(``selfcheck.precheck.run_precheck``) agrees with the places API, names only windows the point
has, gives reasons that never contradict its eligibility, states each material in one status
with a note that agrees, and the printed form says the same (a sample is printed: rendering is
the slow part).

Sized to run in about a minute: a fixed number of examples per matter, derandomized so CI sees
the same examples every run.
"""

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guides.models import GuidePage, Region, ServicePoint
from guides.models.guide_rows import says_not_needed
from selfcheck.materials import MaterialStatus
from selfcheck.precheck import run_precheck
from tests.notices_pdf import pdf_text, squeeze
from tests.test_one_truth import assert_windows_exist

pytestmark = pytest.mark.django_db

EXAMPLES_PER_MATTER = 5
PRINTED_PER_MATTER = 1


def answer_strategy(question: dict) -> st.SearchStrategy:
    """Plausible answers to one self-check question, and no answer at all."""
    values = [choice["value"] for choice in question["choices"]]
    kind = question["type"]
    if kind == "yesno":
        answer = st.booleans()
    elif kind == "choice":
        answer = st.sampled_from(values)
    elif kind == "multichoice":
        answer = st.lists(st.sampled_from(values), min_size=1, unique=True)
    elif kind == "date":
        today = dt.date.today()
        answer = st.dates(today - dt.timedelta(days=900), today).map(dt.date.isoformat)
    elif kind == "number":
        answer = st.integers(1930, 2020)
    elif kind == "phone":
        answer = st.just("13800138000")
    elif kind == "id_card":
        answer = st.just("11010519491231002X")
    else:
        answer = st.just("陵水")
    return st.one_of(st.none(), answer)


def draw_answers(data, guide, township, point) -> dict:
    """Answers to the questions asked, then to those that earlier answers bring up."""
    answers: dict = {}
    for _round in range(3):
        asked = run_precheck(guide, township=township, point=point, answers=answers).fields
        fresh = [q for q in asked if q["name"] not in answers.get(q["plugin"], {})]
        if not fresh:
            break
        for question in fresh:
            value = data.draw(answer_strategy(question), label=question["key"])
            answers.setdefault(question["plugin"], {})[question["name"]] = value
    return answers


def query(township: Region, answers: dict) -> dict:
    """The places API's parameters: the township and the answers as ``<plugin>.<field>``."""
    params = {"township": township.code}
    for plugin, fields in answers.items():
        for name, value in fields.items():
            if value is None:
                continue
            key = f"{plugin}.{name}"
            params[key] = ("yes" if value else "no") if isinstance(value, bool) else value
    return params


def check(client, guide, township, point, answers, printed: list) -> None:
    result = run_precheck(guide, township=township, point=point, answers=answers)
    serving = [place.point.pk for place in result.places]

    # The precheck agrees with the places API.
    response = client.get(f"/api/guides/{guide.code}/places/", query(township, answers))
    assert response.status_code == 200, response.content
    assert [place["id"] for place in response.json()["results"]] == serving
    if result.eligible:
        assert point.pk in serving
    if point.pk not in serving:
        assert not result.eligible and result.refusal
        if result.nearest is not None and result.complete:
            assert any(result.nearest.point.name in reason for reason in result.reasons)

    # Reasons never contradict the eligibility.
    takes = f"{point.name}可以办理"
    if result.eligible:
        assert not result.refusal
        assert any(reason.startswith(takes) for reason in result.reasons), result.reasons
    else:
        assert not any(reason.startswith(takes) for reason in result.reasons), result.reasons

    # Every window named exists at its point.
    for place in result.places:
        if place.window is not None:
            assert place.window.service_point_id == place.point.pk
    concerned = [p for p in (result.place, result.nearest) if p is not None]
    for reason in result.reasons:
        if "窗口" in reason:
            named = next((p.point for p in concerned if p.point.name in reason), point)
            assert_windows_exist(reason, named)

    # Each material in one status, its note agreeing.
    for line in result.materials:
        assert line.status in MaterialStatus.ALL
        if line.status == MaterialStatus.SITUATIONAL:
            assert line.situation and line.situation in line.note
        if line.status == MaterialStatus.REQUIRED:
            assert not says_not_needed(line.note), (line.name, line.note)

    # The printed form says the same (for a sample).
    if result.eligible and len(printed) < PRINTED_PER_MATTER:
        payload = {"point": point.pk, "township": township.code, "answers": answers}
        pdf = client.post(
            f"/guides/{guide.slug}/notice.pdf", json.dumps(payload), content_type="application/json"
        )
        assert pdf.status_code == 200, pdf.content[:500]
        text = squeeze(pdf_text(pdf.content))
        required = [m for m in result.materials if m.status == MaterialStatus.REQUIRED]
        waived = [m for m in result.materials if m.status == MaterialStatus.WAIVED]
        for line in required:
            assert squeeze(line.name) in text, line.name
        assert text.count("免提交") == len(waived), (guide.code, [m.name for m in waived])
        if result.place.window is not None:
            assert squeeze(result.place.window_label) in text
        printed.append(guide.code)


def holds_for(client, guide, regions, points) -> callable:
    """The property for one matter, as a Hypothesis test to call."""
    offering = sorted({offer.service_point_id for offer in guide.offers.all()})
    printed: list = []

    @settings(
        max_examples=EXAMPLES_PER_MATTER,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        township=st.sampled_from(regions),
        # Mostly points that offer the matter, some that do not.
        point_pk=st.one_of(st.sampled_from(offering), st.sampled_from([p.pk for p in points])),
        data=st.data(),
    )
    def holds(township, point_pk, data):
        point = next(p for p in points if p.pk == point_pk)
        answers = draw_answers(data, guide, township, point)
        check(client, guide, township, point, answers, printed)

    return holds


def test_the_decision_holds_over_the_demo_county(client):
    guides = list(GuidePage.objects.live().filter(offers__isnull=False).distinct().order_by("code"))
    regions = list(
        Region.objects.filter(level__in=[Region.Level.TOWNSHIP, Region.Level.VILLAGE])
        .select_related("parent")
        .order_by("code")
    )
    points = list(ServicePoint.objects.order_by("pk"))
    assert len(guides) >= 20 and len(regions) > 11 and len(points) > 30
    for guide in guides:  # every demo matter
        holds_for(client, guide, regions, points)()
