from django import forms

from eiso.core.forms import BootstrapFormMixin, DateInput
from eiso.core.workflow import TransitionForm
from eiso.dossiers.models import Channel, Rating

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class ReceiveForm(BootstrapFormMixin, forms.Form):
    applicant_name = forms.CharField(label="Họ tên người nộp", max_length=200)
    applicant_phone = forms.RegexField(
        label="Số điện thoại",
        regex=r"^[0-9 +.]{8,20}$",
        max_length=20,
        error_messages={"invalid": "Số điện thoại chỉ gồm chữ số (8–20 ký tự)."},
        help_text="Người nộp dùng 4 số cuối để tra cứu hồ sơ.",
    )
    applicant_address = forms.CharField(label="Địa chỉ", max_length=300, required=False)
    applicant_email = forms.EmailField(label="Thư điện tử", required=False)
    applicant_id_number = forms.CharField(label="Số định danh cá nhân/tổ chức", max_length=20, required=False)
    principal_name = forms.CharField(label="Họ tên người ủy quyền", max_length=200, required=False)
    principal_id_number = forms.CharField(label="Số định danh người ủy quyền", max_length=20, required=False)
    principal_address = forms.CharField(label="Địa chỉ người ủy quyền", max_length=300, required=False)
    principal_phone = forms.CharField(label="Số điện thoại người ủy quyền", max_length=20, required=False)
    principal_email = forms.EmailField(label="Thư điện tử người ủy quyền", required=False)
    authorisation_paper = forms.CharField(
        label="Giấy tờ ủy quyền",
        max_length=300,
        required=False,
        help_text="Chỉ điền khi người nộp được ủy quyền nộp thay (in trên Giấy tiếp nhận, Mẫu 01).",
    )
    channel = forms.ChoiceField(label="Hình thức nộp", choices=Channel.choices, initial=Channel.DIRECT)
    sets = forms.IntegerField(label="Số lượng hồ sơ (bộ)", min_value=1, max_value=50, initial=1)
    return_place = forms.CharField(
        label="Đăng ký nhận kết quả tại", max_length=200, required=False, initial="Bộ phận Một cửa"
    )
    components = forms.TypedMultipleChoiceField(
        label="Thành phần hồ sơ đã nhận", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    if_incomplete = forms.ChoiceField(
        label="Nếu hồ sơ còn thiếu",
        choices=[
            ("refuse", "Không tiếp nhận, hướng dẫn người nộp"),
            ("supplement", "Tiếp nhận và lập phiếu yêu cầu bổ sung"),
        ],
        initial="refuse",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        rows = list(version.components.order_by("order")) if version is not None else []
        self.fields["components"].choices = [
            (c.order, f"{c.name} ({c.originals} bản chính, {c.copies} bản sao)") for c in rows
        ]


class SupplementForm(TransitionForm):
    items = forms.CharField(label="Giấy tờ cần bổ sung, hoàn thiện", widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    contact_name = forms.CharField(
        label="Người hướng dẫn", max_length=200, required=False, help_text="Để trống: người lập phiếu."
    )
    contact_phone = forms.CharField(
        label="Điện thoại liên hệ",
        max_length=30,
        required=False,
        help_text="Để trống: điện thoại của người lập phiếu.",
    )


class ExtendForm(TransitionForm):
    new_date = forms.DateField(label="Ngày hẹn trả mới", input_formats=DATE_FORMATS, widget=DateInput())
    reason = forms.CharField(label="Lý do chậm", widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(TransitionForm):
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class RequiredReasonForm(TransitionForm):
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 2}))


class PeriodForm(forms.Form):
    tu = forms.DateField(label="Từ ngày", required=False, input_formats=DATE_FORMATS, widget=DateInput())
    den = forms.DateField(label="Đến ngày", required=False, input_formats=DATE_FORMATS, widget=DateInput())


class LookupForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(label="Mã số hồ sơ", max_length=80)
    phone4 = forms.RegexField(
        label="4 số cuối điện thoại",
        regex=r"^\d{4}$",
        max_length=4,
        error_messages={"invalid": "Nhập đúng 4 chữ số cuối của số điện thoại đã khai khi nộp hồ sơ."},
    )


class RatingForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Rating
        fields = [
            "time_score",
            "agencies_contacted",
            "contacts_needed",
            "information_score",
            "conduct_score",
            "costs_score",
            "comment",
        ]
        widgets = {
            name: forms.RadioSelect
            for name in ("time_score", "information_score", "conduct_score", "costs_score")
        }
        widgets["comment"] = forms.Textarea(attrs={"rows": 2})
