"""The financing app's enumerations: statuses, levels and the event kinds."""

from __future__ import annotations

from django.db import models

LEVELS = ("rt", "rw", "kelurahan")


def percent_label(value) -> str:
    """Decimal("8.50") -> "8,5%" (Indonesian decimal comma, no trailing zeros)."""
    text = format(value.normalize(), "f") if value is not None else "0"
    return text.replace(".", ",") + "%"


class BorrowerType(models.TextChoices):
    GROUP = "group", "Kelompok"
    INDIVIDUAL = "individual", "Perorangan"


class FeeCollection(models.TextChoices):
    SPREAD = "spread", "Dibagi rata ke angsuran"
    DEDUCTED = "deducted", "Dipotong saat pencairan"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Bulanan"


class Level(models.TextChoices):
    RT = "rt", "RT"
    RW = "rw", "RW"
    KELURAHAN = "kelurahan", "Kelurahan"


class MemberStatus(models.TextChoices):
    ACTIVE = "active", "Aktif"
    LEFT = "left", "Keluar"
    REMOVED = "removed", "Dikeluarkan"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Menunggu jawaban"
    ACCEPTED = "accepted", "Diterima"
    DECLINED = "declined", "Ditolak"
    CANCELLED = "cancelled", "Dibatalkan"


class Status(models.TextChoices):
    DRAFT = "draft", "Draf"
    AWAITING_RECOMMENDATION = "awaiting_recommendation", "Menunggu rekomendasi"
    AWAITING_VERIFICATION = "awaiting_verification", "Menunggu verifikasi DKUM"
    FORWARDED = "forwarded", "Diteruskan ke lembaga"
    APPROVED = "approved", "Disetujui"
    PARTIALLY_APPROVED = "partially_approved", "Disetujui sebagian"
    REJECTED = "rejected", "Ditolak"
    DISBURSED = "disbursed", "Dicairkan"
    CLOSED = "closed", "Lunas"
    NEEDS_REVISION = "needs_revision", "Perlu perbaikan"
    WITHDRAWN = "withdrawn", "Ditarik"


IN_PROCESS = (
    Status.AWAITING_RECOMMENDATION,
    Status.AWAITING_VERIFICATION,
    Status.FORWARDED,
    Status.APPROVED,
    Status.PARTIALLY_APPROVED,
    Status.NEEDS_REVISION,
)
# A person's application counts as "active" (for single_active_application) in these statuses.
ACTIVE_STATUSES = (*IN_PROCESS, Status.DISBURSED)


class Decision(models.TextChoices):
    PENDING = "pending", "Belum diputus"
    APPROVED = "approved", "Disetujui"
    REFUSED = "refused", "Ditolak"


class LoanStatus(models.TextChoices):
    ACTIVE = "active", "Berjalan"
    CLOSED = "closed", "Lunas"


class FinancingEvents(models.TextChoices):
    """Every kind of event the financing services record, with the label the timeline shows."""

    PRODUCT_CREATED = "product_created", "Produk dibuat"
    PRODUCT_CHANGED = "product_changed", "Produk diubah"
    GROUP_CREATED = "group_created", "Kelompok dibentuk"
    MEMBER_INVITED = "member_invited", "Anggota diundang"
    MEMBER_JOINED = "member_joined", "Anggota bergabung"
    INVITATION_DECLINED = "invitation_declined", "Undangan ditolak"
    INVITATION_CANCELLED = "invitation_cancelled", "Undangan dibatalkan"
    INVITATION_RESENT = "invitation_resent", "Undangan dikirim ulang"
    LIABILITY_SIGNED = "liability_signed", "Tanggung renteng ditandatangani"
    MEMBER_LEFT = "member_left", "Anggota keluar"
    MEMBER_REMOVED = "member_removed", "Anggota dikeluarkan"
    CREATED = "created", "Pengajuan dibuat"
    UPDATED = "updated", "Pengajuan diubah"
    SUBMITTED = "submitted", "Pengajuan diajukan"
    WITHDRAWN = "withdrawn", "Pengajuan ditarik"
    RECOMMENDED = "recommended", "Rekomendasi diberikan"
    RECOMMENDATION_REFUSED = "recommendation_refused", "Rekomendasi ditolak"
    FORWARDED = "forwarded", "Diverifikasi DKUM dan diteruskan ke lembaga"
    RETURNED = "returned", "Dikembalikan DKUM untuk perbaikan"
    MEMBERS_DECIDED = "members_decided", "Sebagian anggota diputuskan"
    DECIDED = "decided", "Keputusan lembaga"
    DISBURSED = "disbursed", "Dana dicairkan"
    REPAYMENT = "repayment", "Pembayaran angsuran dicatat"
    CLOSED = "closed", "Semua pinjaman lunas"

    @classmethod
    def label_of(cls, verb: str) -> str:
        """The label of ``verb``; an unknown (older) verb shows as itself."""
        try:
            return str(cls(verb).label)
        except ValueError:
            return verb
