"""seed_demo adds a dozen opportunities in every status, and a second run changes nothing."""

import io
import random

import pytest

from berdaya.opportunities import demo
from berdaya.opportunities.models import Opportunity, OpportunityApplication
from berdaya.opportunities.tests.factories import make_partner

pytestmark = pytest.mark.django_db


def test_it_seeds_a_dozen_opportunities_in_every_status(personas):
    for i in range(40):
        make_partner(gender="P" if i % 2 else "L", section="C" if i % 3 else "G",
                     with_user=i % 4 == 0)  # fmt: skip
    demo.seed(stdout=io.StringIO(), rng=random.Random(1))
    statuses = {o.current_status() for o in Opportunity.objects.all()}
    assert Opportunity.objects.count() == 12
    assert statuses == {"draft", "published", "closed", "selected", "cancelled"}
    assert OpportunityApplication.objects.filter(status="selected").exists()
    assert OpportunityApplication.objects.filter(status="not_selected").exists()
    before = (Opportunity.objects.count(), OpportunityApplication.objects.count())
    demo.seed(stdout=io.StringIO(), rng=random.Random(1))
    assert (Opportunity.objects.count(), OpportunityApplication.objects.count()) == before
