"""The demo's exemplars read as real people: the sex recorded matches the name."""

import random

from units.demo import person_name, sex_of


def test_a_demo_name_gives_its_sex():
    assert sex_of("Võ Quang Tuấn") == "male"
    assert sex_of("Nguyễn Thị Lan") == "female"
    assert sex_of("Trần Thanh Hương") == "female"  # Thanh is both; the given name decides


def test_every_demo_name_has_one_reading():
    rng = random.Random(2013)
    names = [person_name(rng) for _ in range(500)]
    women = [n for n in names if sex_of(n) == "female"]
    assert 0.3 < len(women) / len(names) < 0.6
    assert not [n for n in women if n.split()[-2] in {"Văn", "Đức", "Hữu", "Quang"}]
