"""Issue 14 ("Links to pages the user may not open"): the application page links to its group
and to each member's loan only for whom the linked page's own accessor (``group_get``,
``loan_get``) answers; everyone else reads the group's name without a link and no loan link."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _links(html: str, url: str) -> bool:
    return f'href="{url}"' in html


def test_the_application_page_links_to_the_group_only_for_whom_the_group_page_opens(
    flow, page, personas
):
    # Given a disbursed application of a group (its page seen by the leader, staff, the
    # territory officials and the lender)
    application = flow.disbursed()
    page_url = reverse("financing:application", args=[application.pk])
    group_url = reverse("financing:group", args=[application.group_id])
    for who in (flow.leader, personas.staff):
        # When the leader or DKUM staff open it, then it links to the group, which opens
        html = page(who).get(page_url).content.decode()
        assert _links(html, group_url), who
        assert page(who).get(group_url).status_code == 200
    for who in (personas.rt_chair, personas.kelurahan_officer, personas.bank_officer):
        # When an official or the lender open it, then the group is named without a link (its
        # page answers them 404)
        response = page(who).get(page_url)
        assert response.status_code == 200, who
        html = response.content.decode()
        assert application.group.name in html and not _links(html, group_url), who
        assert page(who).get(group_url).status_code == 404


def test_a_borrower_is_shown_the_link_to_their_own_loan_only(flow, page, personas):
    # Given a disbursed application with a loan per member
    application = flow.disbursed()
    page_url = reverse("financing:application", args=[application.pk])
    loans = list(application.loans.select_related("person"))
    assert len(loans) == 3
    borrower = loans[0].person.user
    # When a borrower opens the application page
    html = page(borrower).get(page_url).content.decode()
    # Then it links to their own loan, which opens, and to no other member's loan
    for loan in loans:
        url = reverse("financing:loan", args=[loan.pk])
        mine = loan.person.user_id == borrower.pk
        assert _links(html, url) is mine, loan
        assert page(borrower).get(url).status_code == (200 if mine else 404)
    # and the lender and staff, who open every loan, are shown every link; an RT chair none
    for who in (personas.bank_officer, personas.staff):
        html = page(who).get(page_url).content.decode()
        assert all(_links(html, reverse("financing:loan", args=[x.pk])) for x in loans)
    html = page(personas.rt_chair).get(page_url).content.decode()
    assert not any(_links(html, reverse("financing:loan", args=[x.pk])) for x in loans)
