from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.text import format_lazy

from berdaya.accounts.office import contact_sentence_lazy


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label="Nomor HP atau email",
        help_text="Contoh: 0812 3456 7890 atau nama@contoh.id",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label="Kata sandi",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": "Nomor HP/email atau kata sandi salah. Periksa lalu coba lagi.",
        "inactive": format_lazy(
            "Akun ini tidak aktif. Untuk mengaktifkannya, {}.", contact_sentence_lazy()
        ),
    }


class OtpForm(forms.Form):
    token = forms.CharField(
        label="Kode dari aplikasi autentikator",
        help_text="6 angka dari Google Authenticator, Microsoft Authenticator atau sejenisnya.",
        max_length=8,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )


class ResetCodeRequestForm(forms.Form):
    phone = forms.CharField(
        label="Nomor HP akun Anda",
        help_text="Kode dikirim lewat WhatsApp/SMS ke nomor ini. Contoh: 0812 3456 7890",
        max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "tel", "autocomplete": "tel", "autofocus": True}
        ),
        error_messages={"required": "Tulis nomor HP akun Anda."},
    )


class ResetCodeUseForm(forms.Form):
    code = forms.CharField(
        label="Kode 6 angka",
        help_text="Kode dari pesan WhatsApp/SMS Berdaya.",
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
        error_messages={"required": "Tulis kode dari pesan yang Anda terima."},
    )
    password1 = forms.CharField(
        label="Kata sandi baru",
        strip=False,
        help_text="Paling sedikit 8 karakter, jangan hanya angka.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Tulis kata sandi baru."},
    )
    password2 = forms.CharField(
        label="Ulangi kata sandi baru",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Ulangi kata sandi baru."},
    )

    def clean(self):
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        one, two = data.get("password1"), data.get("password2")
        if one and two and one != two:
            self.add_error("password2", "Kedua kata sandi tidak sama.")
        return data
