"""Class 10, found by Schemathesis on the opportunities API: a PATCH whose body is a JSON array
changed nothing and answered 200; a ``business`` filter that is not the caller's answered an
undeclared 404 from the list. Both are now refused as input (422)."""

from __future__ import annotations

import pytest

from berdaya.opportunities.models import Opportunity
from berdaya.opportunities.tests.factories import make_opportunity, make_partner

pytestmark = pytest.mark.django_db


def test_a_patch_whose_body_is_not_an_object_is_refused(api, personas):
    # Given a draft opportunity
    o = make_opportunity(personas.staff, publish=False)
    client = api(personas.staff)
    # When staff send a JSON array (or a string, a number) as the change
    for raw in ("[]", '[{"title": "X"}]', '"Bazar"', "7"):
        response = client.client.patch(
            f"/api/v1/opportunities/{o.pk}", raw, content_type="application/json",
            headers=client.headers,
        )  # fmt: skip
        # Then it is refused as invalid input, and the opportunity is unchanged
        assert response.status_code == 422, (raw, response.content)
        assert response.json()["errors"][0]["code"] == "object_expected"
    assert Opportunity.objects.get(pk=o.pk).title == o.title


@pytest.mark.parametrize("business", ["0", "999999", "other"])
def test_a_business_filter_that_is_not_yours_is_a_422_on_the_field(api, personas, business):
    # Given a partner, another partner's business and an open opportunity
    mine = make_partner()
    theirs = make_partner()
    o = make_opportunity(personas.staff)
    wanted = str(theirs.pk) if business == "other" else business
    client = api(mine.owner.user)
    # When the partner filters the list or the detail by a business that is not theirs
    for path in ("opportunities", f"opportunities/{o.pk}"):
        response = client.get(path, {"business": wanted})
        # Then the answer is the same 422 for someone else's and a made-up business
        assert response.status_code == 422, (path, response.content)
        problem = response.json()["errors"][0]
        assert (problem["field"], problem["code"]) == ("business", "business_not_yours")
    # And their own business still works
    assert client.get("opportunities", {"business": str(mine.pk)}).status_code == 200
