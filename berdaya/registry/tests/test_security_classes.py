"""Issue 8 in the registry, one test (or more) per class: input cleaning (6), formula injection
(3), personal data (8), one-time tokens (9), kecamatan scope (4) and same answers (5)."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from berdaya.accounts.services import role_assign, user_create
from berdaya.core.models import Event, PersonalDataAccess
from berdaya.core.once import FIELD_NAME, new_token
from berdaya.core.personas import DEMO_PASSWORD
from berdaya.core.tests.responses import streamed_bytes
from berdaya.registry import services
from berdaya.registry.models import IdentityChange, Person, Registration
from berdaya.registry.tests import factories as f

pytestmark = pytest.mark.django_db
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["\x00", "a\ud800b", "\udfff", "x" * 5000, "²³", "٣٢٧٦", "=1+1", "-1"]),
)
HOSTILE_NUMBER = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from(["²", "٣", "1e9", "-5", "9" * 40, 1.5, None, True]),
    HOSTILE_TEXT,
)
NO_HEALTH = settings(
    max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _post_json(client: Client, url: str, body) -> int:
    try:
        data = json.dumps(body)
    except (TypeError, ValueError):
        return 0
    return client.post(url, data=data, content_type="application/json").status_code


# --- class 6: input cleaning ------------------------------------------------------------------
@NO_HEALTH
@given(field=st.sampled_from(["nik", "full_name", "phone", "kelurahan_code", "rw", "rt", "email"]),
       value=st.one_of(HOSTILE_TEXT, HOSTILE_NUMBER))  # fmt: skip
def test_it_never_answers_500_to_a_hostile_person_field(field, value):
    body = f.payload({field: value})
    status = _post_json(Client(), "/api/v1/registrations", body)
    assert status in (0, 201, 409, 422, 429), (field, value, status)


@NO_HEALTH
@given(field=st.sampled_from(["name", "kbli_code", "capital_rupiah", "annual_sales_rupiah",
                              "workers_women", "workers_men", "nib", "npwp", "started_on"]),
       value=st.one_of(HOSTILE_TEXT, HOSTILE_NUMBER))  # fmt: skip
def test_it_never_answers_500_to_a_hostile_business_field(field, value):
    body = f.payload(business={field: value})
    status = _post_json(Client(), "/api/v1/registrations", body)
    assert status in (0, 201, 409, 422, 429), (field, value, status)


@NO_HEALTH
@given(value=HOSTILE_TEXT)
def test_it_never_answers_500_on_the_public_nik_check_or_the_kbli_lookup(value):
    # What a browser sends for a lone surrogate arrives as bytes Django decodes to U+FFFD.
    value = value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    client = Client()
    assert client.get(reverse("registry:nik_check"), {"nik": value}).status_code == 200
    assert client.get(reverse("registry:kbli_lookup"), {"q": value}).status_code == 200


def test_it_refuses_superscript_digits_in_a_nik_with_422_and_a_form_error():
    nik = f.nik_for().translate(SUPERSCRIPT)
    response = Client().post(
        "/api/v1/registrations", data=json.dumps(f.payload({"nik": nik})),
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 422
    assert "nik_invalid" in response.content.decode()
    check = Client().get(reverse("registry:nik_check"), {"nik": nik})
    assert check.status_code == 200 and "16 angka" in check.content.decode()


def test_it_treats_an_arabic_indic_nik_as_the_same_person_as_its_ascii_digits():
    nik = f.nik_for()
    first = f.payload({"nik": nik.translate(ARABIC_INDIC)})
    assert _post_json(Client(), "/api/v1/registrations", first) == 201
    assert Person.objects.get().nik == nik
    second = f.payload({"nik": nik})
    assert _post_json(Client(), "/api/v1/registrations", second) == 409
    assert Person.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("workers_women", 2**31, "workers_women_invalid"),
        ("workers_men", -1, "workers_men_invalid"),
        ("capital_rupiah", -5, "money_negative"),
        ("name", "x" * 151, "name_too_long"),
        ("name", "Toko\x00", "text_nul"),
    ],
)
def test_it_refuses_numbers_and_text_the_column_cannot_hold(field, value, code):
    response = Client().post(
        "/api/v1/registrations", data=json.dumps(f.payload(business={field: value})),
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 422
    assert code in response.content.decode()


# --- class 3: formula injection -----------------------------------------------------------------
def test_it_writes_a_business_name_beginning_with_equals_as_text_in_the_export(personas):
    f.submit(business={"name": '=HYPERLINK("http://x","klik")'})
    response = client_for(personas.staff).get(reverse("registry:queue_export"))
    book = load_workbook(io.BytesIO(streamed_bytes(response)))
    cells = [row[5] for row in book.active.iter_rows(min_row=2)]
    assert cells[0].data_type == "s"
    assert cells[0].value == '\'=HYPERLINK("http://x","klik")'


# --- class 8: personal data -------------------------------------------------------------------
def test_it_masks_niks_in_the_staff_list_and_the_api_list(personas, api):
    reg = f.submit()
    html = client_for(personas.staff).get(reverse("registry:queue")).content.decode()
    assert reg.person.nik not in html and reg.person.nik[-4:] in html
    body = api(personas.staff).get("/api/v1/businesses").json()
    assert body["items"][0]["owner"]["nik"] == reg.person.nik[:4] + "********" + reg.person.nik[-4:]
    assert not PersonalDataAccess.objects.exists()


def test_it_shows_the_full_nik_on_a_detail_page_for_staff_and_records_it(personas, api):
    reg = f.submit()
    html = client_for(personas.staff).get(reverse("registry:detail", args=[reg.pk])).content
    assert reg.person.nik in html.decode()
    detail = api(personas.staff).get(f"/api/v1/businesses/{reg.business_id}").json()
    assert detail["owner"]["nik"] == reg.person.nik
    assert (
        PersonalDataAccess.objects.filter(
            actor=personas.staff, action="view", subject=f"registry.Person:{reg.person_id}"
        ).count()
        == 2
    )
    rt_html = client_for(personas.rt_chair).get(reverse("registry:detail", args=[reg.pk])).content
    assert reg.person.nik not in rt_html.decode()


def test_it_records_the_data_subjects_own_download(personas):
    reg = f.submit()
    response = client_for(reg.person.user).get(reverse("core:my_data_json"))
    assert response.status_code == 200
    assert PersonalDataAccess.objects.filter(
        actor=reg.person.user, action="download", subject=f"registry.Person:{reg.person_id}"
    ).exists()


# --- class 9: one-time tokens -----------------------------------------------------------------
def test_it_takes_a_double_clicked_review_once(personas):
    reg = f.submit()
    client = client_for(personas.staff)
    page = client.get(reverse("registry:detail", args=[reg.pk])).content.decode()
    assert f'name="{FIELD_NAME}"' in page
    token = new_token()
    url = reverse("registry:review", args=[reg.pk])
    first = client.post(url, {"decision": "verify", FIELD_NAME: token})
    second = client.post(url, {"decision": "verify", FIELD_NAME: token})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Event.objects.filter(verb="verify", object_id=str(reg.pk)).count() == 1
    assert Registration.objects.get(pk=reg.pk).status == "verified"


# --- class 4 and 5: a kecamatan-scoped staff member -------------------------------------------
@pytest.fixture
def pancoran_staff(db):
    user = user_create(
        full_name="Staf Pancoran Mas", phone="085799990001", password=DEMO_PASSWORD, validate=False
    )
    role_assign(user=user, role="staf_dkum", kecamatan_code="32.76.01")
    return user


def _identity_change(reg):
    return services.identity_change_request(
        person=reg.person, actor=reg.person.user, data={"full_name": "Siti Baru"}, reason="KTP"
    )


def test_it_limits_a_kecamatan_staff_member_to_their_kecamatan(personas, pancoran_staff):
    beji = f.submit()
    far = f.submit(person={"kelurahan_code": "32.76.01.1007", "kecamatan_code": "32.76.01"})
    client = client_for(pancoran_staff)
    queue = client.get(reverse("registry:queue"))
    assert {r.pk for r in queue.context["page"].items} == {far.pk}
    assert client.get(reverse("registry:detail", args=[beji.pk])).status_code == 404
    changes = client.get(reverse("registry:changes")).context["items"]
    beji_change, far_change = _identity_change(beji), _identity_change(far)
    changes = list(client.get(reverse("registry:changes")).context["items"])
    assert changes == [far_change]
    answer = client.post(reverse("registry:change_decide", args=[beji_change.pk]), {"approve": "1"})
    missing = client.post(reverse("registry:change_decide", args=[999_999]), {"approve": "1"})
    assert answer.status_code == missing.status_code == 404
    assert IdentityChange.objects.get(pk=beji_change.pk).status == "pending"
    response = client.get(reverse("registry:queue_export"))
    rows = list(load_workbook(io.BytesIO(streamed_bytes(response))).active.values)
    assert len(rows) == 2


# --- class 11: a page that would refuse the POST does not show the form -----------------------
def test_it_does_not_show_the_resubmit_form_unless_a_revision_was_asked(personas):
    reg = f.submit()
    owner = client_for(reg.person.user)
    assert owner.get(reverse("registry:resubmit", args=[reg.pk])).status_code == 404
    services.registration_review(
        registration=reg, reviewer=personas.staff, decision="revise", reason="Lengkapi NIB"
    )
    assert owner.get(reverse("registry:resubmit", args=[reg.pk])).status_code == 200
