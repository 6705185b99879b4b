"""Links from procedure versions to the province's register of legal documents.

The raw numbers stay on the version (`legal_basis_numbers`); those found in the register are
also cited through the documents app's generic citation table, without an agency since the
catalogue is province-wide, so a legal change finds the procedures that rest on it.
"""

from eiso.documents.legal_services import number_key
from eiso.documents.models import LegalCitation, LegalDocument


def register_for(province) -> dict:
    """The province's legal documents by folded number, read once per import."""
    return {doc.number_key: doc for doc in LegalDocument.objects.filter(province=province)}


def link(*, version, register: dict) -> None:
    """Cite every legal document of the register that the version names as a legal basis."""
    from django.contrib.contenttypes.models import ContentType

    found = {}
    for number in version.legal_basis_numbers:
        doc = register.get(number_key(number))
        if doc is not None:
            found[doc.pk] = doc
    if not found:
        return
    content_type = ContentType.objects.get_for_model(version)
    LegalCitation.objects.bulk_create(
        [
            LegalCitation(agency=None, legal_document=doc, content_type=content_type, object_id=version.pk)
            for doc in found.values()
        ],
        ignore_conflicts=True,
    )
