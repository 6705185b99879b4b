"""Which catalogue procedures an agency is presumed competent for: the seed of its competence list.

The catalogue (tthc-import.md) says of each procedure its level (cấp thực hiện) and, in words,
its implementing agency (cơ quan thực hiện). From these, and from the agency's own ISO processes,
`catalogue_match` proposes the list; the agency's secretary or the province's coordinator then
adds or takes off what the words could not say. The rule, in order:

1. The level must fit the agency's kind: a commune People's Committee performs commune-level
   procedures (`commune`); departments and public service units perform provincial ones
   (`province`); a vertical branch performs provincial, central and other ones.
2. The implementing agency must name the agency:
   - for a commune, the commune's People's Committee or a body of it ("Ủy ban nhân dân cấp xã",
     "UBND cấp xã", "Phòng Kinh tế … thuộc UBND cấp xã"); an empty field counts as the commune
     too, since at commune level the People's Committee is the default. Bodies that are not the
     People's Committee ("Công an cấp xã" for residence registration) are left out: they receive
     on their own system;
   - for any other agency, its name without the province ("Sở Tư pháp" for "Sở Tư pháp tỉnh Hà
     Tĩnh") must appear in the field; an empty field matches nobody, because a provincial
     procedure belongs to one department and the words are all we have.
3. Whatever the words say, a procedure handled by one of the agency's ISO processes (its own or
   adopted from a province template) is on its list (`Competence.Source.PROCESS`).
"""

from eiso.core.text import fold
from eiso.orgs.models import Agency

__all__ = ["LEVELS_BY_KIND", "agency_stem", "catalogue_match"]

LEVELS_BY_KIND = {
    Agency.Kind.COMMUNE: {"commune"},
    Agency.Kind.DEPARTMENT: {"province"},
    Agency.Kind.PUBLIC_SERVICE: {"province"},
    Agency.Kind.VERTICAL_BRANCH: {"province", "central", "other"},
}

# Folded phrases by which an implementing agency names a commune's People's Committee.
COMMUNE_COMMITTEE = ("uy ban nhan dan cap xa", "ubnd cap xa", "uy ban nhan dan xa", "ubnd xa")


def agency_stem(agency: Agency) -> str:
    """The agency's name folded, without the province it belongs to: 'so tu phap'."""
    name = fold(agency.name)
    for suffix in (fold(agency.province.in_sentence), fold(agency.province.name)):
        if suffix and name.endswith(" " + suffix):
            return name[: -len(suffix) - 1].strip()
    return name


def catalogue_match(agency: Agency, *, level: str, implementing_agency: str) -> bool:
    """Rules 1 and 2 above: whether a procedure of this level and implementing agency is the agency's."""
    if level not in LEVELS_BY_KIND.get(agency.kind, set()):
        return False
    words = fold(implementing_agency)
    if agency.kind == Agency.Kind.COMMUNE:
        return not words or any(phrase in words for phrase in COMMUNE_COMMITTEE)
    stem = agency_stem(agency)
    return bool(words and stem and stem in words)
