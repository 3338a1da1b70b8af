"""Issue 14: an unverified partner cannot draft an application, through a page or through the
API. One rule (``rules.start_problems``) in one service (``application_create``)."""

import pytest

from berdaya.core.errors import RuleError
from berdaya.financing import services
from berdaya.financing.models import Application, Product
from berdaya.financing.tests.factories import make_partner

pytestmark = pytest.mark.django_db

BAZNAS = "baznas-modal-usaha"


def test_the_service_refuses_a_draft_to_an_unverified_partner():
    # Given a partner whose registration is not verified and the BAZNAS product
    person = make_partner(verified=False)
    product = Product.objects.get(code=BAZNAS)

    # When they ask the service for a draft
    with pytest.raises(RuleError) as exc:
        services.application_create(user=person.user, product=product, term_months=6)

    # Then it is refused with the reason, and nothing is saved
    assert {p.code for p in exc.value.problems} == {"applicant_not_verified"}
    assert "belum terverifikasi" in exc.value.problems[0].message
    assert not Application.objects.filter(applicant=person).exists()


def test_the_service_drafts_for_a_verified_partner():
    # Given a verified partner (the same call as above, the rule's other side)
    person = make_partner()
    product = Product.objects.get(code=BAZNAS)

    # When they ask for a draft
    application = services.application_create(user=person.user, product=product, term_months=6)

    # Then it is saved as a draft of theirs
    assert application.status == "draft"
    assert application.applicant_id == person.pk


def test_the_api_refuses_a_draft_to_an_unverified_partner(api):
    # Given an unverified partner with an API client
    person = make_partner(verified=False)

    # When they post an application for BAZNAS through the API
    response = api(person.user).post(
        "financing/applications", {"product": BAZNAS, "term_months": 6}
    )

    # Then the API answers 422 with the rule's code and no application exists
    assert response.status_code == 422, response.content
    codes = {e["code"] for e in response.json()["errors"]}
    assert codes == {"applicant_not_verified"}
    assert not Application.objects.filter(applicant=person).exists()


def test_the_api_drafts_for_a_verified_partner(api):
    # Given a verified partner
    person = make_partner()

    # When they post the same application
    response = api(person.user).post(
        "financing/applications", {"product": BAZNAS, "term_months": 6}
    )

    # Then it is created
    assert response.status_code == 201, response.content
    assert Application.objects.filter(applicant=person).count() == 1
