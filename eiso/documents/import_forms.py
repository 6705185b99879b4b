"""Forms of the folder import (issue 19): the upload of a folder, and one row of the review table."""

from django import forms

from eiso.core.forms import BootstrapFormMixin, DateInput
from eiso.documents.models import Document


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern for `multiple`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".zip,.docx,.doc,.odt,.pdf,.xlsx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class FolderUploadForm(BootstrapFormMixin, forms.Form):
    files = MultipleFileField(
        label="Thư mục HTQLCL (.zip) hoặc các tệp",
        help_text="Nén cả thư mục thành một tệp .zip, hoặc chọn nhiều tệp .docx, .odt, .pdf, .xlsx "
        "(.doc khi máy chủ có LibreOffice). Chưa có gì được lưu trước khi bạn xác nhận.",
    )


class ImportRowForm(BootstrapFormMixin, forms.Form):
    """One file of the folder, as the secretary corrects it before the import."""

    skip = forms.BooleanField(label="Bỏ qua", required=False)
    code = forms.CharField(label="Mã", max_length=40, required=False)
    title = forms.CharField(label="Tên tài liệu", max_length=300, required=False)
    kind = forms.ChoiceField(label="Loại", choices=Document.Kind.choices)
    version = forms.IntegerField(label="Lần ban hành", min_value=1, max_value=99)
    issued_on = forms.DateField(
        label="Ngày ban hành", required=False, input_formats=["%d/%m/%Y"], widget=DateInput()
    )

    def clean(self):
        data = super().clean()
        if data.get("skip"):
            return data
        if not (data.get("code") or "").strip():
            self.add_error("code", "Hãy nhập mã tài liệu (hoặc đánh dấu bỏ qua tệp).")
        if not (data.get("title") or "").strip():
            self.add_error("title", "Hãy nhập tên tài liệu (hoặc đánh dấu bỏ qua tệp).")
        return data


ImportRowFormSet = forms.formset_factory(ImportRowForm, extra=0, max_num=2000, absolute_max=2000)


def label_rows(rows, formset) -> list[tuple]:
    """Pair each reviewed file with its form, each input labelled with the file's name (the table's
    cells have no visible label of their own)."""
    for row, form in zip(rows, formset.forms, strict=False):
        for field in form.fields.values():
            field.widget.attrs["aria-label"] = f"{field.label} — {row.proposal['path'].rsplit('/', 1)[-1]}"
    return list(zip(rows, formset.forms, strict=False))
