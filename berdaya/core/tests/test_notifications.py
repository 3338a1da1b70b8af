from django.core import mail

from berdaya.core.models import Notification, OutboundMessage
from berdaya.core.notify import notify_user
from berdaya.core.tasks import deliver_message


def test_it_notifies_in_app_by_email_and_whatsapp_on_commit(
    personas, django_capture_on_commit_callbacks, caplog
):
    staff = personas.staff  # has an email and a phone
    with caplog.at_level("INFO", logger="berdaya.messages"):
        with django_capture_on_commit_callbacks(execute=True):
            notify_user(staff, title="Registrasi baru", body="Ada 1 registrasi", url="/x")
    assert Notification.objects.filter(user=staff, title="Registrasi baru").count() == 1
    messages = OutboundMessage.objects.order_by("channel")
    assert [m.channel for m in messages] == ["email", "whatsapp"]
    assert all(m.status == "sent" for m in messages)
    assert mail.outbox[0].subject == "[Berdaya] Registrasi baru"
    assert "Registrasi baru" in caplog.text
    assert str(staff.phone) not in caplog.text  # the log gateway masks the number


def test_it_sends_nothing_when_the_step_rolls_back(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify_user(personas.staff, title="x")
    assert len(callbacks) == 1  # queued only for commit
    assert OutboundMessage.objects.filter(status="pending").count() == 2


def test_it_delivers_a_message_once_even_when_the_job_runs_twice(personas):
    message = OutboundMessage.objects.create(
        channel="whatsapp", recipient="+6281200000001", body="hi"
    )
    assert deliver_message.call(message.pk) == "sent"
    assert deliver_message.call(message.pk) == "skipped"


def test_it_sends_no_email_or_whatsapp_while_outbound_is_muted(personas):
    from berdaya.core.notify import outbound_muted

    with outbound_muted():
        notify_user(personas.staff, title="Demo")
    assert Notification.objects.filter(title="Demo").count() == 1
    assert not OutboundMessage.objects.exists()
