"""How a province's name reads in official documents."""

import pytest

from eiso.orgs.models import Province


@pytest.mark.parametrize(
    ("name", "place", "in_sentence"),
    [
        ("Tỉnh Hà Tĩnh", "Hà Tĩnh", "tỉnh Hà Tĩnh"),
        ("Thành phố Huế", "Huế", "thành phố Huế"),
        ("Nghệ An", "Nghệ An", "tỉnh Nghệ An"),
    ],
)
def test_province_name_as_a_place_and_inside_a_sentence(name, place, in_sentence):
    province = Province(name=name)
    assert (province.place_name, province.in_sentence) == (place, in_sentence)
