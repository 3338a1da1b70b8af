"""The demo data: programs, batches across kecamatan, certificates, one open upcoming batch."""

import io
import random
from datetime import timedelta

from django.utils import timezone

from berdaya.registry.models import Business, KbliCode, Registration
from berdaya.training import demo, selectors
from berdaya.training.models import Batch, BatchStatus, Certificate, Program
from berdaya.training.tests.helpers import make_person


def _registered_people(count):
    kbli = KbliCode.objects.filter(level="kelompok").first()
    assert kbli is not None
    start = timezone.now() - timedelta(days=4 * 365)
    for i in range(count):
        person = make_person(gender="P" if i % 2 else "L")
        business = Business.objects.create(
            owner=person,
            name=f"Usaha {i}",
            started_on=start.date(),
            kbli=kbli,
            kbli_section=kbli.section,
            capital_rupiah=5_000_000,
            annual_sales_rupiah=60_000_000,
            size_class="mikro",
            size_rule="modal",
            kelurahan_id=person.kelurahan_id,
            rw=7,
            rt=3,
        )
        Registration.objects.create(
            person=person,
            business=business,
            status="verified",
            submitted_at=start + timedelta(days=i * 20),
            is_new_entrepreneur=i % 3 != 0,
        )


def test_it_seeds_training_history_once(personas):
    _registered_people(60)
    out = io.StringIO()
    demo.seed(stdout=out, rng=random.Random(1))
    batches = Batch.objects.count()

    names = set(Program.objects.values_list("name", flat=True))
    assert {"Pelatihan Wirausaha Baru", "Digital Marketing UMKM"} <= names
    assert Batch.objects.filter(starts_on__year=2022).exists()
    assert Batch.objects.values("kecamatan").distinct().count() > 5
    assert Certificate.objects.exists()
    assert selectors.valid_certificates(before=timezone.localdate()).count() > 0
    upcoming = Batch.objects.filter(status=BatchStatus.OPEN, starts_on__gt=timezone.localdate())
    assert upcoming.count() == 1
    # certificates only for people who met the program's rule
    for cert in Certificate.objects.select_related("batch__program"):
        assert cert.attended_sessions * 100 >= (
            cert.batch.program.completion_percent * cert.total_sessions
        )

    demo.seed(stdout=out, rng=random.Random(1))
    assert Batch.objects.count() == batches
