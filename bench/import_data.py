"""A realistic legacy spreadsheet of mitra binaan, as the office keeps them: 15 columns typed by
many hands, with the usual ways of writing dates, amounts, regions and phones, and about 3% bad
rows of the kinds the import must catch (NIK stored as a number, duplicate NIK, misspelled
kelurahan, impossible date, bad phone, amount in words, missing name, serial 0000, gender that
contradicts the NIK). Deterministic (seeded), cached under var/bench/.

    python bench/import_data.py 100000        # writes var/bench/legacy-100000.xlsx
"""

from __future__ import annotations

import datetime
import random
import sys
from pathlib import Path

HEADERS = [
    "NIK", "Nama Lengkap", "L/P", "Tgl Lahir", "Kecamatan", "RT", "RW", "Kelurahan", "No HP",
    "Nama Usaha", "Sektor", "Omzet", "Modal", "Tgl Mulai Usaha", "Tgl Daftar",
]  # fmt: skip
FIRST_M = [
    "Budi",
    "Agus",
    "Slamet",
    "Rudi",
    "Dedi",
    "Andi",
    "Joko",
    "Asep",
    "Hendra",
    "Rizky",
    "Eko",
    "Wahyu",
    "Yusuf",
    "Ahmad",
    "Fajar",
    "Dimas",
    "Bayu",
    "Iwan",
    "Teguh",
    "Hadi",
]
FIRST_F = [
    "Siti",
    "Sri",
    "Dewi",
    "Nur",
    "Ani",
    "Rina",
    "Yuni",
    "Ratna",
    "Wati",
    "Lestari",
    "Fitri",
    "Indah",
    "Ayu",
    "Putri",
    "Eka",
    "Rini",
    "Nurul",
    "Dian",
    "Maya",
    "Tuti",
]
LAST = [
    "Santoso",
    "Wijaya",
    "Saputra",
    "Hidayat",
    "Lestari",
    "Kurniawan",
    "Setiawan",
    "Rahayu",
    "Pratama",
    "Susanti",
    "Nugroho",
    "Hasanah",
    "Siregar",
    "Nasution",
    "Simanjuntak",
    "Gunawan",
    "Permata",
    "Maulana",
    "Ramadhan",
    "Anggraini",
]
SHOPS = ["Warung", "Toko", "Dapur", "Kedai", "Griya", "Rumah", "Jaya", "Berkah", "Sumber"]
SHOP2 = ["Makmur", "Barokah", "Sejahtera", "Mandiri", "Bunda", "Rezeki", "Abadi", "Sentosa"]
SECTORS = ["56103", "56102", "10710", "10792", "47111", "14111", "96112", "45407", "kuliner",
           "Kuliner", "fashion", "konveksi", "kerajinan", "toko kelontong", "salon", "bengkel",
           "10794", "47711", "sembako"]  # fmt: skip
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
BAD_KINDS = ["nik_number", "duplicate", "kelurahan", "date", "phone", "amount", "name",
             "serial", "gender"]  # fmt: skip
HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "var" / "bench"


def depok_regions() -> list[tuple[str, str, str]]:
    """(kelurahan code, kelurahan name, kecamatan name) from the shared region list."""
    import csv

    path = HERE.parent.parent / "shared" / "data" / "depok_wilayah.csv"
    if not path.exists():
        path = Path("/work/shared/data/depok_wilayah.csv")
    rows = []
    with path.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            rows.append((r["kelurahan_code"], r["kelurahan_name"], r["kecamatan_name"]))
    return rows


def _spell(name: str, rng: random.Random) -> str:
    """How people write a kelurahan: as is, upper case, with 'Kel.', without spaces."""
    pick = rng.random()
    if pick < 0.6:
        return name
    if pick < 0.75:
        return name.upper()
    if pick < 0.9:
        return f"Kel. {name}"
    return name.replace(" ", "").lower()


def _date_cell(day: datetime.date, rng: random.Random):
    pick = rng.random()
    if pick < 0.5:
        return day  # a real date cell
    if pick < 0.7:
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    if pick < 0.8:
        return f"{day.day}-{day.month}-{day.year}"
    if pick < 0.9:
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return float((day - datetime.date(1899, 12, 30)).days)  # an Excel serial in a number cell


def _amount_cell(value: int, rng: random.Random):
    pick = rng.random()
    if pick < 0.5:
        return value
    if pick < 0.75:
        return "Rp " + f"{value:,}".replace(",", ".")
    if value % 1_000_000 == 0:
        return f"{value // 1_000_000}jt"
    if value % 100_000 == 0:
        return f"{value / 1_000_000:.1f} jt".replace(".", ",")
    return str(value)


def _phone(rng: random.Random) -> str:
    number = f"8{rng.choice('1235789')}{rng.randint(10**8, 10**9 - 1)}"
    pick = rng.random()
    if pick < 0.5:
        return "0" + number
    if pick < 0.7:
        return f"0{number[:3]}-{number[3:7]}-{number[7:]}"
    if pick < 0.85:
        return "+62 " + number
    return "62" + number


def rows(count: int, *, seed: int = 13, bad_share: float = 0.03):
    rng = random.Random(seed)
    regions = depok_regions()
    today = datetime.date(2026, 6, 30)
    seen: set[str] = set()
    niks: list[str] = []
    for _ in range(count):
        code, kel_name, _kec = rng.choice(regions)
        _kec = _kec if rng.random() < 0.8 else _kec.upper()
        gender = "P" if rng.random() < 0.55 else "L"
        birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randint(0, 15000))
        kec_digits = code.replace(".", "")[:6]
        while True:
            day = birth.day + (40 if gender == "P" else 0)
            born = f"{day:02d}{birth.month:02d}{birth.year % 100:02d}"
            nik = f"{kec_digits}{born}{rng.randint(1, 9999):04d}"
            if nik not in seen:
                seen.add(nik)
                break
        niks.append(nik)
        first = rng.choice(FIRST_F if gender == "P" else FIRST_M)
        started = datetime.date(2012, 1, 1) + datetime.timedelta(days=rng.randint(0, 4000))
        registered = min(today, started + datetime.timedelta(days=rng.randint(0, 1500)))
        registered = max(registered, datetime.date(2022, 1, 3))
        sales = rng.choice([rng.randint(1, 600) * 100_000, rng.randint(6, 300) * 1_000_000])
        row = [
            nik,
            f"{first} {rng.choice(LAST)}",
            gender if rng.random() < 0.7 else ("Perempuan" if gender == "P" else "Laki-laki"),
            _date_cell(birth, rng),
            _kec,
            rng.randint(1, 15),
            rng.randint(1, 20),
            _spell(kel_name, rng),
            _phone(rng),
            f"{rng.choice(SHOPS)} {rng.choice(SHOP2)} {first}",
            rng.choice(SECTORS),
            _amount_cell(sales, rng),
            _amount_cell(rng.randint(1, 200) * 500_000, rng),
            _date_cell(started, rng),
            _date_cell(registered, rng),
        ]
        if rng.random() < bad_share:
            _spoil(row, rng.choice(BAD_KINDS), rng, niks)
        yield row


def _spoil(row: list, kind: str, rng: random.Random, niks: list[str]) -> None:
    if kind == "nik_number":
        row[0] = float(row[0][:15] + "0")  # what Excel keeps of a 16-digit number
    elif kind == "duplicate" and len(niks) > 1:
        row[0] = niks[rng.randrange(len(niks) - 1)]
    elif kind == "kelurahan":
        row[7] = row[7][:-2] + "xq"
    elif kind == "date":
        row[3] = "31/02/1985"
    elif kind == "phone":
        row[8] = "12345"
    elif kind == "amount":
        row[11] = "lima juta"
    elif kind == "name":
        row[1] = ""
    elif kind == "serial":
        row[0] = row[0][:12] + "0000"
    elif kind == "gender":
        row[2] = "L" if row[2] in ("P", "Perempuan") else "P"


def write_xlsx(path: Path, count: int, *, seed: int = 13, bad_share: float = 0.03) -> Path:
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.xlsx")
    book = xlsxwriter.Workbook(str(tmp), {"constant_memory": True})
    ws = book.add_worksheet("Data UMKM")
    datefmt = book.add_format({"num_format": "dd/mm/yyyy"})
    ws.write_row(0, 0, HEADERS)
    for r, row in enumerate(rows(count, seed=seed, bad_share=bad_share), start=1):
        for c, value in enumerate(row):
            if isinstance(value, datetime.date):
                ws.write_datetime(r, c, value, datefmt)
            elif isinstance(value, int | float):
                ws.write_number(r, c, value)
            else:
                ws.write_string(r, c, value)
    book.close()
    tmp.rename(path)
    return path


def legacy_file(count: int, *, seed: int = 13) -> Path:
    path = OUT / f"legacy-{count}-{seed}.xlsx"
    if not path.exists():
        write_xlsx(path, count, seed=seed)
    return path


if __name__ == "__main__":
    print(legacy_file(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))


def updated_file(count: int, *, seed: int = 13, every: int = 10) -> Path:
    """The same rows with every ``every``-th row's Omzet changed (an update of 10% of rows)."""
    path = OUT / f"legacy-{count}-{seed}-upd{every}.xlsx"
    if path.exists():
        return path
    import xlsxwriter

    tmp = path.with_suffix(".tmp.xlsx")
    book = xlsxwriter.Workbook(str(tmp), {"constant_memory": True})
    ws = book.add_worksheet("Data UMKM")
    datefmt = book.add_format({"num_format": "dd/mm/yyyy"})
    ws.write_row(0, 0, HEADERS)
    for r, row in enumerate(rows(count, seed=seed), start=1):
        if r % every == 0:
            row[11] = 123_456_000 + r
        for c, value in enumerate(row):
            if isinstance(value, datetime.date):
                ws.write_datetime(r, c, value, datefmt)
            elif isinstance(value, int | float):
                ws.write_number(r, c, value)
            else:
                ws.write_string(r, c, value)
    book.close()
    tmp.rename(path)
    return path
