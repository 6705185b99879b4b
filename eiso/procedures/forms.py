from django import forms
from django.conf import settings

from eiso.core.forms import BootstrapFormMixin
from eiso.procedures.uploads import megabytes


class ImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label="Tệp danh mục thủ tục",
        help_text="Tệp JSON theo định dạng eiso-tthc/1 hoặc tệp Excel .xlsx có trang tính “TTHC”.",
        error_messages={"required": "Hãy chọn tệp cần nhập.", "empty": "Tệp rỗng."},
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.EISO_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"Tệp quá lớn ({megabytes(upload.size)}); giới hạn là {megabytes(limit)}. "
                "Không thủ tục nào được nhập."
            )
        return upload


class FormFileForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label="Tệp mẫu",
        help_text="PDF, Word, Excel hoặc OpenDocument.",
        error_messages={"required": "Hãy chọn tệp mẫu.", "empty": "Tệp rỗng."},
    )
