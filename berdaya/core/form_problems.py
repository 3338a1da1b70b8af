"""One clear message per problem, beside its field (issue 14).

A page form is checked twice: by Django's own field checks and by the service (the rules the API
obeys too). Both report an empty required field, so every such field showed two errors; and some
of Django's messages echo the raw value ("Masukkan pilihan yang valid. 3276011001 bukan ...").
``field_problems`` is what the shared field and error-summary templates show:

- when a service (or a form's own ``clean``) said something about the field, only that;
- otherwise Django's message, said in plain Indonesian with the field's label and never the
  submitted value;
- the same message never twice.
"""

from __future__ import annotations

from django.forms import BoundField

# Django's own field checks, with the words shown instead (None: Django's message is kept).
DJANGO_CODES: dict[str, str | None] = {
    "required": "{label} wajib diisi.",
    "invalid_choice": "Pilih {label_lower} dari daftar.",
    "invalid_list": "Pilih {label_lower} dari daftar.",
    "invalid_pk_value": "Pilih {label_lower} dari daftar.",
    "invalid": None,
    "max_length": None,
    "min_length": None,
    "max_value": None,
    "min_value": None,
    "step_size": None,
    "max_digits": None,
    "max_decimal_places": None,
    "max_whole_digits": None,
    "empty": None,
    "missing": None,
    "contradiction": None,
    "overflow": None,
    "invalid_image": None,
}


def _unique(messages: list[str]) -> list[str]:
    return list(dict.fromkeys(m for m in messages if m))


def field_problems(field: BoundField) -> list[str]:
    """The messages to show for one bound field."""
    errors = field.form.errors.as_data().get(field.name, []) if field.form.is_bound else []
    if not errors:
        return []
    label = str(field.label or field.name).rstrip(":")
    ours: list[str] = []
    django: list[str] = []
    for error in errors:
        for item in error.error_list:
            code = item.code
            if code in DJANGO_CODES:
                words = DJANGO_CODES[code]
                if words is None:
                    django.extend(item.messages)
                else:
                    django.append(
                        words.format(label=label, label_lower=label[:1].lower() + label[1:])
                    )
            else:
                ours.extend(item.messages)
    return _unique(ours or django)


def form_problems(form) -> list[str]:
    """The form's own messages (not tied to a field), each once."""
    return _unique([str(m) for m in form.non_field_errors()])
