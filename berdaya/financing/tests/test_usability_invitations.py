"""Issue 14, financing: an invitation to someone not on Berdaya says so, offers a WhatsApp link,
and the leader can cancel and resend it (services with events, one-time tokens on the forms)."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from berdaya.core.errors import AccessDenied, ConflictError
from berdaya.core.models import Event
from berdaya.financing import services
from berdaya.financing.models import FinancingEvents, Invitation, InvitationStatus
from berdaya.financing.tests.factories import make_full_group, make_partner

pytestmark = pytest.mark.django_db
NOBODY_NIK = "3276011203900077"


def _group():
    group, (leader, member, *_) = make_full_group(size=2)
    return group, leader, member


def test_it_says_plainly_when_the_invitee_is_not_on_berdaya_and_offers_whatsapp(small_mesra, page):
    group, leader, _ = _group()
    client = page(leader.user)
    response = client.post(
        reverse("financing:group_invite", args=[group.pk]), {"nik": NOBODY_NIK}, follow=True
    )
    html = response.content.decode()
    assert "Undangan terkirim" not in html
    assert "belum terdaftar di Berdaya" in html
    link = next(part for part in html.split('"') if part.startswith("https://wa.me/?"))
    text = parse_qs(urlparse(link.replace("&amp;", "&")).query)["text"][0]
    assert group.name in text and "/daftar/" in text and text.count("http") == 1


def test_it_says_the_invitation_reached_a_registered_person(small_mesra, page):
    group, leader, _ = _group()
    invitee = make_partner()
    response = page(leader.user).post(
        reverse("financing:group_invite", args=[group.pk]), {"nik": invitee.nik}, follow=True
    )
    html = response.content.decode()
    assert "Undangan terkirim ke akun Berdaya" in html
    assert "https://wa.me/?text" not in html


def test_it_lets_the_leader_cancel_an_invitation_once_with_an_event(small_mesra):
    group, leader, member = _group()
    invitation = services.invitation_create(group=group, user=leader.user, nik=NOBODY_NIK)
    with pytest.raises(AccessDenied):
        services.invitation_cancel(invitation=invitation, user=member.user)
    services.invitation_cancel(invitation=invitation, user=leader.user)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.CANCELLED
    with pytest.raises(ConflictError) as exc:
        services.invitation_cancel(invitation=invitation, user=leader.user)
    assert exc.value.code == "invitation_not_pending"
    kinds = list(Event.objects.values_list("verb", flat=True))
    assert kinds.count(FinancingEvents.INVITATION_CANCELLED) == 1


def test_it_resends_to_a_person_who_registered_since(small_mesra):
    group, leader, _ = _group()
    invitation = services.invitation_create(group=group, user=leader.user, nik=NOBODY_NIK)
    assert not services.invitation_reaches_someone(invitation)
    newcomer = make_partner()
    Invitation.objects.filter(pk=invitation.pk).update(nik=newcomer.nik)
    invitation.refresh_from_db()
    services.invitation_resend(invitation=invitation, user=leader.user)
    invitation.refresh_from_db()
    assert invitation.person_id == newcomer.pk and services.invitation_reaches_someone(invitation)
    assert Event.objects.filter(verb=FinancingEvents.INVITATION_RESENT).count() == 1


def test_it_cancels_and_resends_from_the_group_page_for_the_leader_only(small_mesra, page):
    group, leader, member = _group()
    invitation = services.invitation_create(group=group, user=leader.user, nik=NOBODY_NIK)
    cancel = reverse("financing:invitation_cancel", args=[invitation.pk])
    resend = reverse("financing:invitation_resend", args=[invitation.pk])
    assert page(member.user).post(cancel).status_code == 404
    assert page(make_partner().user).post(resend).status_code == 404
    assert page(leader.user).get(cancel).status_code == 405
    html = page(leader.user).get(reverse("financing:group", args=[group.pk])).content.decode()
    assert cancel in html and resend in html
    assert page(leader.user).post(resend).status_code == 302
    assert page(leader.user).post(cancel).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.CANCELLED
    again = page(leader.user).post(cancel, follow=True).content.decode()
    assert "sudah tidak menunggu jawaban" in again
