"""Links from procedure versions to the province's register of legal documents.

Placeholder until documents.LegalDocument exists: the raw numbers are kept on the version
(`legal_basis_numbers`) in any case.
"""


def register_for(province) -> dict:
    return {}


def link(*, version, register: dict) -> None:
    return None
