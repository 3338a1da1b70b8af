"""Kemendagri regions: kecamatan and kelurahan of the kabupaten/kota this installation serves.

Codes are the primary keys (``32.76.01`` and ``32.76.01.1006``), so scopes and the API use them
directly. RT and RW are numbers inside a kelurahan, not rows.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class Kecamatan(models.Model):
    code = models.CharField("kode", max_length=8, primary_key=True)
    name = models.CharField("nama", max_length=100)
    city_code = models.CharField("kode kabupaten/kota", max_length=5, db_index=True)
    city_name = models.CharField("kabupaten/kota", max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = "kecamatan"
        verbose_name_plural = "kecamatan"

    def __str__(self) -> str:
        return self.name


class Kelurahan(models.Model):
    code = models.CharField("kode", max_length=13, primary_key=True)
    name = models.CharField("nama", max_length=100)
    postal_code = models.CharField("kode pos", max_length=5, blank=True)
    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.PROTECT, related_name="kelurahan")

    class Meta:
        ordering = ["code"]
        verbose_name = "kelurahan"
        verbose_name_plural = "kelurahan"

    def __str__(self) -> str:
        return self.name


RW_RT_VALIDATORS = [MinValueValidator(1), MaxValueValidator(999)]


class Address(models.Model):
    """Abstract address: kelurahan + RW + RT + street. Used by persons, businesses, groups."""

    kelurahan = models.ForeignKey(
        Kelurahan, on_delete=models.PROTECT, related_name="+", verbose_name="kelurahan"
    )
    rw = models.PositiveSmallIntegerField("RW", validators=RW_RT_VALIDATORS)
    rt = models.PositiveSmallIntegerField("RT", validators=RW_RT_VALIDATORS)
    street_address = models.CharField("alamat jalan", max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def address_line(self) -> str:
        parts = [self.street_address, f"RT {self.rt:03d}/RW {self.rw:03d}"]
        parts.append(f"Kel. {self.kelurahan.name}, Kec. {self.kelurahan.kecamatan.name}")
        return ", ".join(p for p in parts if p)
