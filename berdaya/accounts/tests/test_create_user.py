import pytest
from django.core.management import CommandError, call_command

from berdaya.accounts.models import Role, RoleAssignment, User


def create(*args):
    call_command("create_user", *args, stdout=open("/dev/null", "w"))


def test_it_creates_an_rt_chair_with_the_rt_scope(db):
    create(
        "--role",
        "ketua_rt",
        "--name",
        "Siti Aminah",
        "--phone",
        "0813-1111-2222",
        "--password",
        "rahasia-123",
        "--kelurahan",
        "32.76.06.1001",
        "--rw",
        "7",
        "--rt",
        "3",
    )
    user = User.objects.get(phone="+6281311112222")
    assignment = user.role_assignments.get()
    assert (assignment.scope, assignment.kelurahan_id, assignment.rw, assignment.rt) == (
        "rt",
        "32.76.06.1001",
        7,
        3,
    )
    assert user.check_password("rahasia-123")


def test_it_adds_a_second_role_to_an_existing_user_once(db):
    base = ["--name", "Budi", "--phone", "081311113333", "--password", "x-12345678"]
    create("--role", "staf_dkum", *base)
    create("--role", "ketua_rw", *base, "--kelurahan", "32.76.06.1001", "--rw", "7")
    create("--role", "ketua_rw", *base, "--kelurahan", "32.76.06.1001", "--rw", "7")
    assert User.objects.count() == 1
    assert RoleAssignment.objects.count() == 2


def test_it_creates_a_lender_officer_for_an_institution(db):
    create(
        "--role",
        "petugas_lembaga",
        "--name",
        "A",
        "--phone",
        "081311114444",
        "--password",
        "x-12345678",
        "--institution",
        "bjb",
    )
    institution = RoleAssignment.objects.get().institution
    assert institution is not None
    assert institution.code == "bjb"


def test_it_makes_the_dkum_admin_an_admin_site_user(db):
    create(
        "--role", "admin_dkum", "--name", "A", "--phone", "081311115555", "--password", "x-1234567"
    )
    user = User.objects.get()
    assert user.is_staff and user.is_superuser


@pytest.mark.parametrize(
    "extra,message",
    [
        (["--role", "ketua_rt", "--kelurahan", "32.76.06.1001", "--rw", "7", "--rt", "0"], "RT"),
        (["--role", "ketua_rt", "--kelurahan", "32.76.06.1001", "--rw", "-1", "--rt", "3"], "RW"),
        (["--role", "ketua_rw", "--kelurahan", "32.76.06.1001", "--rw", "tujuh"], "RW"),
        (
            ["--role", "ketua_rt", "--kelurahan", "32.76.99.9999", "--rw", "1", "--rt", "1"],
            "kelurahan",
        ),
        (["--role", "petugas_kelurahan"], "kelurahan"),
        (["--role", "petugas_lembaga", "--institution", "bca"], "Lembaga"),
        (["--role", "staf_dkum", "--kecamatan", "32.76.99"], "kecamatan"),
    ],
)
def test_it_refuses_bad_scopes_with_a_clear_message_and_saves_nothing(db, extra, message):
    with pytest.raises(CommandError, match=message):
        create("--name", "X", "--phone", "081311116666", "--password", "x-12345678", *extra)
    assert not User.objects.exists()


def test_it_refuses_an_invalid_phone(db):
    with pytest.raises(CommandError, match="Nomor HP tidak valid"):
        create("--role", "staf_dkum", "--name", "X", "--phone", "12345", "--password", "x-12345678")


def test_it_gives_a_territory_officer_a_whole_kecamatan_with_kecamatan_only(db):
    base = ["--name", "Camat", "--phone", "081311117777", "--password", "x-12345678"]
    create("--role", "petugas_kelurahan", *base, "--kecamatan", "32.76.06")
    assignment = RoleAssignment.objects.get()
    assert (assignment.scope, assignment.kecamatan_id, assignment.kelurahan_id) == (
        "kecamatan",
        "32.76.06",
        None,
    )
    assert assignment.scope_label == "Kecamatan Beji"


def test_it_asks_for_the_institution_of_a_lender_officer(db):
    with pytest.raises(CommandError, match="memerlukan lembaga"):
        create(
            "--role",
            "petugas_lembaga",
            "--name",
            "X",
            "--phone",
            "081311118888",
            "--password",
            "x-12345678",
        )
    assert not User.objects.exists()


def test_the_demo_has_a_login_for_every_role(db):
    import io
    import random

    from berdaya.accounts.demo import seed

    out = io.StringIO()
    seed(stdout=out, rng=random.Random(1))
    seed(stdout=io.StringIO(), rng=random.Random(1))
    roles = set(RoleAssignment.objects.values_list("role", flat=True))
    # pelaku_usaha logins come with the registry's demo businesses
    assert roles | {"pelaku_usaha"} == set(Role.values)
    assert "Pengurus Koperasi" in out.getvalue()
    assert User.objects.filter(role_assignments__role="pengurus_koperasi").count() == 1
