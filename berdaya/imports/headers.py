"""Matching a sheet's column headers to import fields, with the usual Indonesian variants.

The suggested mapping is shown to the user, who can correct it before any row is read.
"""

from __future__ import annotations

import re

# field -> (label shown to the user, header variants after normalising)
REGISTRY_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "nik": ("NIK", ("nik", "no_ktp", "nomor_ktp", "no_nik", "nomor_nik", "ktp", "nik_ktp",
                    "nomor_induk_kependudukan", "nik_pemilik")),
    "full_name": ("Nama lengkap", ("nama", "nama_lengkap", "nama_pemilik", "nama_pelaku_usaha",
                                   "nama_sesuai_ktp", "pemilik", "nama_pengusaha", "name")),
    "gender": ("Jenis kelamin", ("jenis_kelamin", "jk", "l_p", "lp", "kelamin", "gender",
                                 "jns_kelamin", "sex")),
    "birth_date": ("Tanggal lahir", ("tgl_lahir", "tanggal_lahir", "tgl_lhr", "lahir",
                                     "tanggal_lhr", "ttl_tanggal", "birth_date")),
    "street_address": ("Alamat", ("alamat", "alamat_rumah", "alamat_lengkap", "alamat_jalan",
                                  "jalan", "alamat_ktp", "address")),
    "rt": ("RT", ("rt", "no_rt")),
    "rw": ("RW", ("rw", "no_rw")),
    "kelurahan": ("Kelurahan", ("kelurahan", "kel", "desa", "kelurahan_desa", "desa_kelurahan",
                                "kode_kelurahan", "kelurahan_code")),
    "kecamatan": ("Kecamatan", ("kecamatan", "kec", "kode_kecamatan", "kecamatan_code")),
    "phone": ("Nomor HP", ("no_hp", "hp", "nomor_hp", "no_telp", "telepon", "no_telepon",
                           "no_wa", "nomor_wa", "whatsapp", "no_hp_wa", "nomor_hp_wa", "telp",
                           "handphone", "phone", "kontak")),
    "email": ("Email", ("email", "e_mail", "surel")),
    "business_name": ("Nama usaha", ("nama_usaha", "usaha", "nama_toko", "nama_umkm",
                                     "merek", "merk", "nama_brand")),
    "sector": ("Sektor / KBLI", ("sektor", "kbli", "kode_kbli", "sektor_usaha", "bidang_usaha",
                                 "jenis_usaha", "kategori_usaha", "bidang")),
    "annual_sales_rupiah": ("Omzet setahun", ("omzet", "omset", "omzet_per_tahun", "omzet_tahunan",
                                              "omset_per_tahun", "omset_tahunan", "penjualan")),
    "monthly_sales_rupiah": ("Omzet sebulan", ("omzet_per_bulan", "omzet_bulanan",
                                               "omset_per_bulan", "omset_bulanan")),
    "capital_rupiah": ("Modal usaha", ("modal", "modal_usaha", "modal_awal", "aset", "asset")),
    "started_on": ("Mulai usaha", ("tgl_mulai_usaha", "tanggal_mulai_usaha", "mulai_usaha",
                                   "tahun_mulai_usaha", "tgl_berdiri", "tanggal_berdiri",
                                   "tahun_berdiri", "mulai_usaha_sejak")),
    "workers_women": ("Karyawan perempuan", ("karyawan_perempuan", "tenaga_kerja_perempuan",
                                             "tk_perempuan", "karyawan_p", "pekerja_perempuan")),
    "workers_men": ("Karyawan laki-laki", ("karyawan_laki", "karyawan_laki_laki", "karyawan_l",
                                          "tenaga_kerja_laki_laki", "tk_laki_laki", "tk_laki",
                                          "pekerja_laki_laki")),
    "workers_total": ("Jumlah karyawan", ("jml_karyawan", "jumlah_karyawan", "jumlah_tenaga_kerja",
                                          "jml_tk", "tenaga_kerja", "karyawan")),
    "nib": ("NIB", ("nib", "no_nib", "nomor_induk_berusaha", "nomor_nib")),
    "npwp": ("NPWP", ("npwp", "no_npwp", "nomor_npwp")),
    "registered_on": ("Tanggal daftar", ("tgl_daftar", "tanggal_daftar", "tgl_registrasi",
                                         "tanggal_registrasi", "tgl_pendaftaran",
                                         "tanggal_pendaftaran", "terdaftar", "tgl_terdaftar")),
}  # fmt: skip

MEMBER_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "nik": REGISTRY_FIELDS["nik"],
    "full_name": REGISTRY_FIELDS["full_name"][:1] + (
        REGISTRY_FIELDS["full_name"][1] + ("nama_anggota",),
    ),
    "gender": REGISTRY_FIELDS["gender"],
    "birth_date": REGISTRY_FIELDS["birth_date"],
    "street_address": REGISTRY_FIELDS["street_address"],
    "rt": REGISTRY_FIELDS["rt"],
    "rw": REGISTRY_FIELDS["rw"],
    "kelurahan": REGISTRY_FIELDS["kelurahan"],
    "kecamatan": REGISTRY_FIELDS["kecamatan"],
    "phone": REGISTRY_FIELDS["phone"],
    "member_number": ("Nomor anggota", ("no_anggota", "nomor_anggota", "no_induk_anggota",
                                        "nomor_induk_anggota", "id_anggota", "no")),
    "joined_on": ("Tanggal masuk", ("tgl_masuk", "tanggal_masuk", "tgl_bergabung",
                                    "tanggal_bergabung", "tgl_menjadi_anggota", "masuk")),
    "savings_principal": ("Simpanan pokok", ("simpanan_pokok", "simp_pokok", "sp")),
    "savings_mandatory": ("Simpanan wajib", ("simpanan_wajib", "simp_wajib", "sw")),
    "savings_voluntary": ("Simpanan sukarela", ("simpanan_sukarela", "simp_sukarela", "ss")),
}  # fmt: skip

FIELDS_BY_KIND = {"registry": REGISTRY_FIELDS, "cooperative_members": MEMBER_FIELDS}
REQUIRED_BY_KIND = {
    "registry": ("nik", "full_name", "business_name", "sector"),
    "cooperative_members": ("nik", "full_name"),
}


def normalize_header(text: str) -> str:
    """'No. KTP' -> 'no_ktp'; 'L/P' -> 'l_p'; 'Tgl Lahir (dd/mm/yyyy)' -> 'tgl_lahir'."""
    value = str(text or "").strip().lower()
    value = re.sub(r"\(.*?\)", " ", value)  # hints in brackets
    value = value.replace("&", " dan ")
    value = re.sub(r"[^0-9a-z]+", "_", value).strip("_")
    return value


def _index(fields: dict) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, (label, variants) in fields.items():
        for v in (name, normalize_header(label), *variants):
            out.setdefault(v, name)
    return out


def suggest_mapping(kind: str, headers: list[str]) -> dict[str, str]:
    """``{header: field}`` for the headers recognised (each field used once; the first header
    wins). Unrecognised headers map to "" (ignored)."""
    index = _index(FIELDS_BY_KIND[kind])
    used: set[str] = set()
    mapping: dict[str, str] = {}
    for header in headers:
        if not header:
            continue
        key = normalize_header(header)
        name = index.get(key, "")
        if not name:
            # "nama usaha/toko", "omzet (rp/tahun)": try the first two words
            parts = key.split("_")
            name = index.get("_".join(parts[:2]), "") or index.get(parts[0], "")
            if name in ("full_name",) and len(parts) > 1:
                name = ""  # "nama_ibu" is not the person's name
        if name and name not in used:
            mapping[header] = name
            used.add(name)
        else:
            mapping[header] = ""
    return mapping


def check_mapping(kind: str, headers: list[str], mapping: dict) -> dict[str, str]:
    """The user's mapping, cleaned: only the sheet's headers, only known fields, each field once.
    RuleError ``mapping_invalid`` / ``nik_column_missing`` / ``column_missing``."""
    from berdaya.core.errors import Problem, RuleError

    fields = FIELDS_BY_KIND[kind]
    clean: dict[str, str] = {}
    seen: dict[str, str] = {}
    problems: list[Problem] = []
    for header in headers:
        if not header:
            continue
        name = str((mapping or {}).get(header) or "").strip()
        if name and name not in fields:
            problems.append(
                Problem(
                    "mapping_invalid", f"Kolom {header!r}: isian {name!r} tidak dikenal.", "mapping"
                )
            )
            continue
        if name and name in seen:
            problems.append(
                Problem(
                    "mapping_invalid",
                    f"Isian {fields[name][0]} dipilih untuk dua kolom ({seen[name]!r} dan "
                    f"{header!r}).",
                    "mapping",
                )
            )
            continue
        if name:
            seen[name] = header
        clean[header] = name
    unknown = [h for h in (mapping or {}) if h not in headers]
    if unknown:
        problems.append(
            Problem("mapping_invalid", f"Kolom {unknown[0]!r} tidak ada di berkas.", "mapping")
        )
    if "nik" not in seen:
        problems.append(
            Problem(
                "nik_column_missing",
                "Berkas tidak memiliki kolom NIK (misalnya 'nik' atau 'no_ktp'). Baris dicocokkan "
                "dengan NIK, jadi kolom ini wajib ada.",
                "mapping",
            )
        )
    for name in REQUIRED_BY_KIND[kind]:
        if name != "nik" and name not in seen:
            problems.append(
                Problem(
                    "column_missing",
                    f"Kolom {fields[name][0]} belum ditemukan; pilih kolom yang berisi data ini.",
                    "mapping",
                )
            )
    if problems:
        raise RuleError(*problems)
    return clean
