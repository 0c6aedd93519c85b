"""scripts/compare_results.py, which compares the demo's numbers across QGIS versions: a table's
numbers are compared on their column's scale."""

import importlib.util

from helpers.paths import ROOT

_spec = importlib.util.spec_from_file_location(
    "compare_results", ROOT / "scripts" / "compare_results.py"
)
compare_results = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compare_results)


def _write(path, rows):
    path.write_text("point_id,tendency\n" + "".join(f"{a},{b!r}\n" for a, b in rows))
    return compare_results._csv_numbers(path)


def test_a_near_zero_value_one_unit_apart_is_compared_on_its_columns_scale(tmp_path):
    a = _write(tmp_path / "a.csv", [("p1", -3.509522366584861e-05), ("p2", 1.75)])
    b = _write(tmp_path / "b.csv", [("p1", -3.509522360900519e-05), ("p2", 1.75)])
    worst = compare_results.compare_table(a, b, "points.csv")
    # 5.68e-14 K/h apart, on a column reaching 1.75 K/h: 3.2e-14 (1.6e-9 of the value itself)
    assert abs(worst - 5.684342e-14 / 1.75) < 1e-18
    assert worst <= compare_results.TABLE_RTOL


def test_a_real_difference_and_a_changed_text_are_reported(tmp_path):
    a = _write(tmp_path / "a.csv", [("p1", 1.0), ("p2", 2.0)])
    b = _write(tmp_path / "b.csv", [("p1", 1.0), ("p2", 2.000002)])
    assert abs(compare_results.compare_table(a, b, "t") - 0.000002 / 2.000002) < 1e-15
    c = _write(tmp_path / "c.csv", [("p9", 1.0), ("p2", 2.0)])
    assert compare_results.compare_table(a, c, "t") == float("inf")
