from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from eiso.core.forms import BootstrapFormMixin


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường.",
        "inactive": "Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị hệ thống.",
    }


class EisoPasswordChangeForm(BootstrapFormMixin, PasswordChangeForm):
    pass
