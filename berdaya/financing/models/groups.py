"""Borrowing groups, their members and invitations."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from berdaya.core.models import TimeStampedModel
from berdaya.financing.models.choices import InvitationStatus, Level, MemberStatus
from berdaya.financing.models.products import Product
from berdaya.regions.models import RW_RT_VALIDATORS, Kelurahan


def group_phrase(name: str) -> str:
    """ "kelompok Tulip" for a group named "Tulip" or "Kelompok Tulip" (never the word twice)."""
    name = " ".join((name or "").split())
    if name.lower().startswith("kelompok "):
        return name
    return f"kelompok {name}"


class Group(TimeStampedModel):
    """A borrowing group (kelompok) with its area: a kelurahan, an RW in it, or an RT in that RW."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="groups")
    name = models.CharField("nama kelompok", max_length=120)
    leader = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="led_financing_groups"
    )
    kelurahan = models.ForeignKey(Kelurahan, on_delete=models.PROTECT, related_name="+")
    rw = models.PositiveSmallIntegerField("RW", null=True, blank=True, validators=RW_RT_VALIDATORS)
    rt = models.PositiveSmallIntegerField("RT", null=True, blank=True, validators=RW_RT_VALIDATORS)

    class Meta:
        verbose_name = "kelompok"
        verbose_name_plural = "kelompok"
        indexes = [models.Index(fields=["kelurahan", "rw", "rt"])]

    def __str__(self) -> str:
        return self.name

    @property
    def area_level(self) -> str:
        if self.rt is not None:
            return Level.RT
        if self.rw is not None:
            return Level.RW
        return Level.KELURAHAN

    @property
    def phrase(self) -> str:
        """The group in a sentence: "kelompok Tulip", never "kelompok Kelompok Tulip"."""
        return group_phrase(self.name)

    @property
    def area_label(self) -> str:
        parts = []
        if self.rt is not None:
            parts.append(f"RT {self.rt}")
        if self.rw is not None:
            parts.append(f"RW {self.rw}")
        parts.append(f"Kel. {self.kelurahan.name}")
        return " / ".join(parts)

    def covers(self, person) -> bool:
        if person.kelurahan_id != self.kelurahan_id:
            return False
        if self.rw is not None and person.rw != self.rw:
            return False
        return not (self.rt is not None and person.rt != self.rt)


class GroupMember(TimeStampedModel):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="financing_memberships"
    )
    status = models.CharField(
        max_length=16, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    is_leader = models.BooleanField("ketua", default=False)
    joint_liability_signed_at = models.DateTimeField("tanggung renteng ditandatangani", null=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "anggota kelompok"
        verbose_name_plural = "anggota kelompok"
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=models.Q(status="active"),
                name="group_member_active_unique",
            )
        ]


class Invitation(TimeStampedModel):
    """An invitation to a group, by NIK or phone; the invited person accepts on their own phone."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="invitations")
    nik = models.CharField("NIK", max_length=16, blank=True, db_index=True)
    phone = models.CharField("nomor HP", max_length=20, blank=True, db_index=True)
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "undangan kelompok"
        verbose_name_plural = "undangan kelompok"
