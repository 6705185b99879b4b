from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.urls import reverse

from eiso.accounts.models import User
from eiso.core.collation import vietnamese
from eiso.core.forms import BootstrapFormMixin
from eiso.core.query import parse_int
from eiso.core.roles import AGENCY_MEMBERS, Role
from eiso.orgs.models import Agency, Unit

UNIT_OF_ANOTHER_AGENCY = "Phòng/ban phải thuộc cơ quan đã chọn."


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."
        ),
        "inactive": "Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị hệ thống.",
        "local_login_off": (
            "Đăng nhập bằng mật khẩu đã tắt (chỉ dành cho quản trị hệ thống). "
            "Hãy đăng nhập bằng tài khoản của tỉnh."
        ),
    }

    def get_invalid_login_error(self):
        # EISO_LOCAL_LOGIN=false: accounts.oidc.LocalPasswordBackend refuses every password but a
        # superuser's; the message says so rather than "wrong password".
        if not settings.EISO_LOCAL_LOGIN:
            return forms.ValidationError(self.error_messages["local_login_off"], code="local_login_off")
        return super().get_invalid_login_error()


class EisoPasswordChangeForm(BootstrapFormMixin, PasswordChangeForm):
    pass


class UserForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["username", "full_name", "position", "email", "phone", "sso_id"]
        labels = {
            "username": "Tên đăng nhập",
            "email": "Thư điện tử",
            "sso_id": "Mã định danh đăng nhập của tỉnh",
        }
        help_texts = {
            "username": "Chỉ gồm chữ không dấu, số và các ký tự @ . + - _",
            "sso_id": "Chỉ cần khi tỉnh nhận diện người dùng theo mã (ví dụ mã cán bộ) thay cho thư điện tử.",
        }

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
    """A role to grant. The unit select lists the units of the agency chosen (the submitted one,
    or `initial["agency"]`), not the province's hundred-odd; when the agency changes on the page,
    static/js/eiso.js refills it from `accounts:unit_options`, which renders this same field."""

    role = forms.ChoiceField(label="Vai trò", choices=Role.choices)
    agency = forms.ModelChoiceField(
        label="Cơ quan",
        queryset=Agency.objects.none(),
        required=False,
        help_text="Bỏ trống với vai trò cấp tỉnh.",
    )
    unit = forms.ModelChoiceField(
        label="Phòng/ban",
        queryset=Unit.objects.none(),
        required=False,
        error_messages={"invalid_choice": UNIT_OF_ANOTHER_AGENCY},
    )
    is_unit_head = forms.BooleanField(label="Là trưởng phòng/ban", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = user.administered_province_ids()
        agencies = Agency.objects.filter(province_id__in=provinces, active_to__isnull=True)
        self.fields["agency"].queryset = agencies
        agency_id = self._chosen_agency_id()
        unit = self.fields["unit"]
        if agency_id is None:
            unit.empty_label = "— Chọn cơ quan trước —"
        else:
            unit.queryset = Unit.objects.filter(agency_id=agency_id, agency__in=agencies, is_active=True)
            unit.queryset = unit.queryset.order_by(vietnamese("name"))
            unit.empty_label = "— Không thuộc phòng/ban nào —"
        unit.widget.attrs["data-options-from"] = self["agency"].auto_id
        unit.widget.attrs["data-options-url"] = reverse("accounts:unit_options")

    def _chosen_agency_id(self) -> int | None:
        raw = self.data.get(self.add_prefix("agency")) if self.is_bound else self.initial.get("agency")
        return parse_int(str(getattr(raw, "pk", raw) or "").strip())

    def clean(self):
        cleaned = super().clean()
        role, agency, unit = cleaned.get("role"), cleaned.get("agency"), cleaned.get("unit")
        if role in AGENCY_MEMBERS and agency is None:
            self.add_error("agency", "Vai trò này cần chọn cơ quan.")
        if unit is not None and agency is not None and unit.agency_id != agency.pk:
            self.add_error("unit", UNIT_OF_ANOTHER_AGENCY)
        return cleaned


class PeopleImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label="Tệp người dùng và phòng/ban (.xlsx)",
        help_text="Dùng tệp mẫu: trang “Phòng ban” và trang “Người dùng”.",
        error_messages={"required": "Hãy chọn tệp cần nhập.", "empty": "Tệp rỗng."},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class TwoFactorCodeForm(BootstrapFormMixin, forms.Form):
    token = forms.CharField(
        label="Mã xác thực",
        max_length=16,
        help_text="Mã 6 chữ số trong ứng dụng xác thực, hoặc một mã khôi phục.",
        error_messages={"required": "Hãy nhập mã xác thực."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
