"""The measures on record (`nlp/kb/measures.yaml`): validated on load, searched by state, kind and target."""

from __future__ import annotations

from datetime import date

import pytest

from nlp.kb.measures import known_measures, last_on_record


def test_the_shipped_record_loads_and_every_target_is_in_the_knowledge_base():
    record = known_measures()
    assert len(record) > 20 and [known.day for known in record] == sorted(known.day for known in record)


def test_the_latest_measure_before_a_day_is_found_by_state_kind_status_and_target():
    assert last_on_record("US", "entity_list", "announced", ["firm:huawei"], date(2019, 7, 1)) == date(2019, 5, 16)
    assert last_on_record("US", "entity_list", "announced", ["firm:huawei"], date(2019, 9, 1)) == date(2019, 8, 19)
    assert last_on_record("US", "entity_list", "announced", ["firm:huawei"], date(2019, 5, 1)) is None
    assert last_on_record("CN", "entity_list", "announced", ["firm:huawei"], date(2025, 1, 1)) is None
    assert last_on_record("US", "export_license", "lifted", ["chip:nvidia-h20"], date(2025, 8, 1)) == date(2025, 7, 14)


@pytest.mark.parametrize(("text", "message"), [
    ("- {country: US, measure: embargo, targets: [firm:huawei], date: 2019-05-16}\n", "'embargo' is not one of"),
    ("- {country: USA, measure: entity_list, targets: [firm:huawei], date: 2019-05-16}\n", "country"),
    ("- {country: US, measure: entity_list, targets: [firm:nobody], date: 2019-05-16}\n", "targets"),
    ("- {country: US, measure: entity_list, targets: [firm:huawei], date: May 2019}\n", "date"),
    ("- {country: US, measure: entity_list, targets: [firm:huawei], date: 2019-05-16, status: eased}\n", "status"),
    ("- {country: US, measure: entity_list, date: 2019-05-16}\n", "keys"),
])
def test_a_faulty_entry_is_named(tmp_path, text, message):
    path = tmp_path / "measures.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as caught:
        known_measures(path)
    assert "entry 1" in str(caught.value)
