from django.test import RequestFactory

from berdaya.core.client import client_address


def request_from(remote: str, forwarded: str | None = None):
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_it_uses_remote_addr_without_trusted_proxies(settings):
    settings.BERDAYA_PROXY_COUNT = 0
    assert client_address(request_from("10.0.0.1", "1.2.3.4")) == "10.0.0.1"


def test_it_reads_the_address_the_trusted_proxy_saw(settings):
    settings.BERDAYA_PROXY_COUNT = 1
    # The client wrote "6.6.6.6" itself; nginx appended the real address.
    assert client_address(request_from("127.0.0.1", "6.6.6.6, 36.70.1.2")) == "36.70.1.2"
    assert client_address(request_from("127.0.0.1")) == "127.0.0.1"


def test_it_gives_the_login_throttle_no_address_when_there_is_none(settings):
    from django.http import HttpRequest

    from berdaya.core.client import login_throttle_address

    assert login_throttle_address(HttpRequest()) is None
    assert login_throttle_address(request_from("36.70.1.2")) == "36.70.1.2"


def test_it_lets_tests_force_login_on_any_database(client, personas):
    client.force_login(personas.staff)  # axes records the login without an address
    assert client.get("/notifikasi/").status_code == 200
