"""The shape of a refusal in the API."""

from berdaya.core.errors import Problem


def test_it_shapes_a_refusal_with_a_field_or_with_the_members_concerned():
    assert Problem("nik_invalid", "x", field="person.nik").as_dict() == {
        "code": "nik_invalid",
        "message": "x",
        "field": "person.nik",
    }
    assert Problem("group_size", "y").as_dict() == {
        "code": "group_size",
        "message": "y",
        "members": [],
    }


def test_it_writes_several_messages_as_sentences_never_with_a_stop_and_a_semicolon():
    from berdaya.core.errors import RuleError, sentences

    assert sentences(["NIK wajib diisi.", "Nomor HP tidak valid", "", "  Kenapa?  "]) == (
        "NIK wajib diisi. Nomor HP tidak valid. Kenapa?"
    )
    refusal = RuleError(("a", "Nama wajib diisi."), ("b", "Tanggal tidak ada di kalender."))
    assert str(refusal) == "Nama wajib diisi. Tanggal tidak ada di kalender."
