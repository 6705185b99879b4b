"""The registry of documents eISO produces and that can be digitally signed (issue 20, item 2).

Signing is one mechanism (orgs.signing) for every such document; each app that owns one registers
it from its app config, as the apps above `orgs` do for indicators and cards. An entry says who
may sign and when, how the PDF is rendered, whose certificate signs it on the server, and what the
document prints: those values are kept with the signed file, so a later change shows that the
signed document differs and a new one is proposed instead of a new rendering.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from eiso.orgs import placement


@dataclass(frozen=True)
class Signable:
    kind: str  # the registry key, kept on SignedDocument and SigningSession
    model: type[models.Model]
    label: str  # "Quyết định kiểm tra (Mẫu 20)"
    # Raises PermissionDenied when `actor` may not sign the document, DomainError when it is not
    # ready (no number yet…), in Vietnamese.
    check: Callable[[models.Model, object], None]
    render: Callable[[models.Model], bytes]  # the PDF, rendered today
    printed: Callable[[models.Model], dict]  # what the document prints (dates as dates): printed_of
    reason: Callable[[models.Model], str]  # the signature's reason: "Ban hành Quyết định số …"
    certificate_agency: Callable[[models.Model], object]  # whose certificate signs on the server
    signer_name: Callable[[models.Model], str]  # the person the document names as its signer
    filename: Callable[[models.Model], str]  # stem of the signed file's name
    renewal: str  # what to do when the printed data changed after signing
    # The page where that new document is made, when it is not the document's own page.
    renewal_url: Callable[[models.Model], str] | None = None
    # Names of printed values that are not fields of `model` (whose verbose names serve otherwise).
    labels: dict[str, str] = field(default_factory=dict)
    # Which signature of the signature block this signing fills (orgs.placement): the signer's, or
    # the counterpart's of a minutes, whose `render` then gives the PDF the first party signed.
    side: str = placement.SIGNER
    # The agency that keeps the signed document when the document is not an agency's own row (the
    # province's plans and reports are kept by the Sở that issues them); default the row's agency.
    owner: Callable[[models.Model], object] | None = None

    def owner_of(self, target) -> object:
        return self.owner(target) if self.owner else target.agency

    def printed_of(self, target) -> dict:
        """What the document prints, as kept with the signed file (JSON: dates as ISO strings), so
        that today's values compare with the kept ones."""
        return json.loads(json.dumps(self.printed(target), cls=DjangoJSONEncoder))

    def label_of(self, name: str) -> str:
        if name in self.labels:
            return self.labels[name]
        try:
            return str(self.model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            return name


REGISTRY: dict[str, Signable] = {}


def register(signable: Signable) -> None:
    REGISTRY[signable.kind] = signable


def get(kind: str) -> Signable:
    return REGISTRY[kind]


def target_of(kind: str, target_id: int, user):
    """The object a signed document or session is about, if `user` may see it (else None)."""
    model = get(kind).model
    return model.objects.for_user(user).filter(pk=target_id).first()
