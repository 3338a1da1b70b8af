from django import forms
from django.contrib.auth.forms import AuthenticationForm


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
        "inactive": "Akun ini tidak aktif. Hubungi Dinas Koperasi dan UMKM.",
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
