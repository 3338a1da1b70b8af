"""National holidays and joint leave days (SKB 3 Menteri) for 2025-2027, so working-day counts
skip them from the start. Admins keep the list in Django admin (Inti > Hari libur).

2025 and 2026 are the SKB's dates (2025 with the added cuti bersama of 18 August). For 2027 no
SKB was signed when this was written: only the fixed dates and those that follow Easter are here;
the lunar and lunisolar holidays (Idulfitri, Iduladha, Imlek, Nyepi, Waisak, Isra Mikraj, 1
Muharam, Maulid) and the cuti bersama are to be added by an admin once the SKB is out."""

from django.db import migrations

L, C = "libur", "cuti"
HOLIDAYS = [
    # 2025
    ("2025-01-01", "Tahun Baru 2025 Masehi", L),
    ("2025-01-27", "Isra Mikraj Nabi Muhammad SAW", L),
    ("2025-01-28", "Cuti bersama Tahun Baru Imlek", C),
    ("2025-01-29", "Tahun Baru Imlek 2576 Kongzili", L),
    ("2025-03-28", "Cuti bersama Hari Suci Nyepi", C),
    ("2025-03-29", "Hari Suci Nyepi Tahun Baru Saka 1947", L),
    ("2025-03-31", "Idulfitri 1446 H", L),
    ("2025-04-01", "Idulfitri 1446 H", L),
    ("2025-04-02", "Cuti bersama Idulfitri", C),
    ("2025-04-03", "Cuti bersama Idulfitri", C),
    ("2025-04-04", "Cuti bersama Idulfitri", C),
    ("2025-04-07", "Cuti bersama Idulfitri", C),
    ("2025-04-18", "Wafat Yesus Kristus", L),
    ("2025-04-20", "Kebangkitan Yesus Kristus (Paskah)", L),
    ("2025-05-01", "Hari Buruh Internasional", L),
    ("2025-05-12", "Hari Raya Waisak 2569 BE", L),
    ("2025-05-13", "Cuti bersama Hari Raya Waisak", C),
    ("2025-05-29", "Kenaikan Yesus Kristus", L),
    ("2025-05-30", "Cuti bersama Kenaikan Yesus Kristus", C),
    ("2025-06-01", "Hari Lahir Pancasila", L),
    ("2025-06-06", "Iduladha 1446 H", L),
    ("2025-06-09", "Cuti bersama Iduladha", C),
    ("2025-06-27", "Tahun Baru Islam 1447 H", L),
    ("2025-08-17", "Hari Kemerdekaan Republik Indonesia", L),
    ("2025-08-18", "Cuti bersama Hari Kemerdekaan", C),
    ("2025-09-05", "Maulid Nabi Muhammad SAW", L),
    ("2025-12-25", "Hari Raya Natal", L),
    ("2025-12-26", "Cuti bersama Hari Raya Natal", C),
    # 2026
    ("2026-01-01", "Tahun Baru 2026 Masehi", L),
    ("2026-01-16", "Isra Mikraj Nabi Muhammad SAW", L),
    ("2026-02-16", "Cuti bersama Tahun Baru Imlek", C),
    ("2026-02-17", "Tahun Baru Imlek 2577 Kongzili", L),
    ("2026-03-18", "Cuti bersama Hari Suci Nyepi", C),
    ("2026-03-19", "Hari Suci Nyepi Tahun Baru Saka 1948", L),
    ("2026-03-20", "Cuti bersama Idulfitri", C),
    ("2026-03-21", "Idulfitri 1447 H", L),
    ("2026-03-22", "Idulfitri 1447 H", L),
    ("2026-03-23", "Cuti bersama Idulfitri", C),
    ("2026-03-24", "Cuti bersama Idulfitri", C),
    ("2026-04-03", "Wafat Yesus Kristus", L),
    ("2026-04-05", "Kebangkitan Yesus Kristus (Paskah)", L),
    ("2026-05-01", "Hari Buruh Internasional", L),
    ("2026-05-14", "Kenaikan Yesus Kristus", L),
    ("2026-05-15", "Cuti bersama Kenaikan Yesus Kristus", C),
    ("2026-05-27", "Iduladha 1447 H", L),
    ("2026-05-28", "Cuti bersama Iduladha", C),
    ("2026-05-31", "Hari Raya Waisak 2570 BE", L),
    ("2026-06-01", "Hari Lahir Pancasila", L),
    ("2026-06-16", "Tahun Baru Islam 1448 H", L),
    ("2026-08-17", "Hari Kemerdekaan Republik Indonesia", L),
    ("2026-08-25", "Maulid Nabi Muhammad SAW", L),
    ("2026-12-24", "Cuti bersama Hari Raya Natal", C),
    ("2026-12-25", "Hari Raya Natal", L),
    # 2027: fixed dates and Easter (28 March 2027) only; the rest when the SKB is signed
    ("2027-01-01", "Tahun Baru 2027 Masehi", L),
    ("2027-03-26", "Wafat Yesus Kristus", L),
    ("2027-03-28", "Kebangkitan Yesus Kristus (Paskah)", L),
    ("2027-05-01", "Hari Buruh Internasional", L),
    ("2027-05-06", "Kenaikan Yesus Kristus", L),
    ("2027-06-01", "Hari Lahir Pancasila", L),
    ("2027-08-17", "Hari Kemerdekaan Republik Indonesia", L),
    ("2027-12-25", "Hari Raya Natal", L),
]


def load(apps, schema_editor):
    Holiday = apps.get_model("core", "Holiday")
    for day, name, kind in HOLIDAYS:
        Holiday.objects.get_or_create(date=day, defaults={"name": name, "kind": kind})


def unload(apps, schema_editor):
    Holiday = apps.get_model("core", "Holiday")
    Holiday.objects.filter(date__in=[day for day, _, _ in HOLIDAYS]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0003_holiday")]

    operations = [migrations.RunPython(load, unload)]
