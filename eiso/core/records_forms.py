"""Forms of the records retention pages (core.records_views)."""

from django import forms

from eiso.core.forms import BootstrapFormMixin
from eiso.core.retention import MAX_YEARS, Rule

# An archive package of one agency-year: a few hundred MB at most in practice.
MAX_PACKAGE_BYTES = 2 * 1024**3


class RuleForm(BootstrapFormMixin, forms.Form):
    # The rules page shows these fields in a table row without their labels: named for screen readers.
    years = forms.IntegerField(
        label="Số năm lưu",
        min_value=1,
        max_value=MAX_YEARS,
        required=False,
        widget=forms.NumberInput(attrs={"aria-label": "Số năm lưu"}),
    )
    is_permanent = forms.BooleanField(label="Lưu vĩnh viễn", required=False)
    source = forms.CharField(
        label="Căn cứ", max_length=300, required=False, widget=forms.TextInput(attrs={"aria-label": "Căn cứ"})
    )

    @staticmethod
    def initial_for(rule: Rule) -> dict:
        return {"years": rule.years, "is_permanent": rule.is_permanent, "source": rule.source}

    def clean(self):
        data = super().clean()
        if not data.get("is_permanent") and not data.get("years"):
            raise forms.ValidationError("Hãy nhập số năm lưu, hoặc chọn lưu vĩnh viễn.")
        return data

    def input(self) -> dict:
        data = self.cleaned_data
        return {"years": None if data["is_permanent"] else data["years"], "source": data["source"]}


class PackageRequestForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=9999)


class VerifyForm(BootstrapFormMixin, forms.Form):
    package = forms.FileField(label="Gói lưu trữ (.zip)")

    def clean_package(self):
        package = self.cleaned_data["package"]
        if package.size > MAX_PACKAGE_BYTES:
            raise forms.ValidationError(
                "Gói lớn hơn 2 GB, không kiểm tra trên trang được: hãy dùng lệnh verify_archive_package."
            )
        return package
