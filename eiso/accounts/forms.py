from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from eiso.accounts.models import User
from eiso.core.forms import BootstrapFormMixin
from eiso.core.roles import AGENCY_MEMBERS, Role
from eiso.orgs.models import Agency, Unit


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."
        ),
        "inactive": "Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị hệ thống.",
    }


class EisoPasswordChangeForm(BootstrapFormMixin, PasswordChangeForm):
    pass


class UserForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["username", "full_name", "position", "email", "phone"]
        labels = {"username": "Tên đăng nhập", "email": "Thư điện tử"}
        help_texts = {"username": "Chỉ gồm chữ không dấu, số và các ký tự @ . + - _"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True

    def validate_unique(self):
        # The service checks the username with a Vietnamese message.
        pass


class PasswordPairForm(BootstrapFormMixin, forms.Form):
    password1 = forms.CharField(label="Mật khẩu", widget=forms.PasswordInput(render_value=False), strip=False)
    password2 = forms.CharField(
        label="Nhập lại mật khẩu", widget=forms.PasswordInput(render_value=False), strip=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", "Hai lần nhập mật khẩu không khớp.")
        return cleaned


class MembershipForm(BootstrapFormMixin, forms.Form):
    role = forms.ChoiceField(label="Vai trò", choices=Role.choices)
    agency = forms.ModelChoiceField(
        label="Cơ quan",
        queryset=Agency.objects.none(),
        required=False,
        help_text="Bỏ trống với vai trò cấp tỉnh.",
    )
    unit = forms.ModelChoiceField(label="Phòng/ban", queryset=Unit.objects.none(), required=False)
    is_unit_head = forms.BooleanField(label="Là trưởng phòng/ban", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = user.administered_province_ids()
        self.fields["agency"].queryset = Agency.objects.filter(
            province_id__in=provinces, active_to__isnull=True
        )
        self.fields["unit"].queryset = Unit.objects.filter(agency__province_id__in=provinces, is_active=True)
        self.fields["unit"].label_from_instance = lambda unit: (
            f"{unit.name} — {unit.agency.short_name or unit.agency}"
        )

    def clean(self):
        cleaned = super().clean()
        role, agency, unit = cleaned.get("role"), cleaned.get("agency"), cleaned.get("unit")
        if role in AGENCY_MEMBERS and agency is None:
            self.add_error("agency", "Vai trò này cần chọn cơ quan.")
        if unit is not None and agency is not None and unit.agency_id != agency.pk:
            self.add_error("unit", "Phòng/ban phải thuộc cơ quan đã chọn.")
        return cleaned
