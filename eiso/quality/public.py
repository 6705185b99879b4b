"""What the public feedback form needs against spam, for the portal page that shows it (the
portal sits above quality and calls `services.feedback_submit` and `selectors.feedback_lookup`).

- `FeedbackChallenge`: a small sum to solve, signed into the form so no session is needed;
- a honeypot field people never see and robots fill in;
- `feedback_allowed(ip)`: at most `limit` submissions per address per hour (Django's cache).
"""

import secrets

from django import forms
from django.core import signing
from django.core.cache import cache

from eiso.core.forms import BootstrapFormMixin
from eiso.quality.models import Feedback

SALT = "eiso.quality.feedback-challenge"
CHALLENGE_MAX_AGE = 3600


def feedback_allowed(ip: str, *, limit: int = 5, per_seconds: int = 3600) -> bool:
    """Count one submission from `ip`; False once the address is over its limit for the window."""
    key = f"quality:feedback-rate:{ip}"
    if cache.add(key, 1, timeout=per_seconds):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=per_seconds)
        return True
    return count <= limit


class PublicFeedbackForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Loại", choices=Feedback.Kind.choices)
    category = forms.ChoiceField(label="Nội dung liên quan đến", choices=Feedback.Category.choices)
    content = forms.CharField(
        label="Nội dung phản ánh, kiến nghị",
        min_length=10,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    dossier_code = forms.CharField(label="Mã hồ sơ (nếu có)", required=False, max_length=60)
    sender_name = forms.CharField(label="Họ và tên", max_length=200)
    sender_phone = forms.CharField(label="Số điện thoại", required=False, max_length=30)
    sender_email = forms.EmailField(label="Thư điện tử", required=False)
    sender_address = forms.CharField(label="Địa chỉ", required=False, max_length=300)
    website = forms.CharField(required=False, widget=forms.HiddenInput)  # honeypot
    challenge = forms.CharField(widget=forms.HiddenInput)
    answer = forms.IntegerField(label="Kết quả phép tính")

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.posted_challenge = data.get("challenge", "") if data is not None else ""
        first, second = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
        self.fields["answer"].label = f"Kết quả phép tính {first} + {second} ="
        token = signing.dumps(first + second, salt=SALT)
        self.initial["challenge"] = token
        if self.is_bound:
            # A form shown again after an error asks the new question; the posted answer is
            # checked against the posted token in clean().
            self.data = self.data.copy()
            self.data["challenge"] = token

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError("Không gửi được phản ánh.")
        try:
            expected = signing.loads(self.posted_challenge, salt=SALT, max_age=CHALLENGE_MAX_AGE)
        except signing.BadSignature:
            raise forms.ValidationError("Phép tính đã hết hạn; hãy làm lại phép tính mới.") from None
        if cleaned.get("answer") is not None and cleaned["answer"] != expected:
            self.add_error("answer", "Kết quả phép tính chưa đúng.")
        return cleaned

    def submission(self) -> dict:
        """The fields `services.feedback_submit` takes."""
        names = [
            "kind",
            "category",
            "content",
            "dossier_code",
            "sender_name",
            "sender_phone",
            "sender_email",
            "sender_address",
        ]
        return {name: self.cleaned_data[name] for name in names}
