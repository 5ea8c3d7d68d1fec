"""SVG charts: escaped text, readable description, bars proportional to the numbers."""

import re

from reports.charts import Series, stacked_bars


def test_bars_are_proportional_and_text_is_escaped():
    svg = stacked_bars(
        title="Mô hình <b>theo</b> lĩnh vực",
        categories=["Kinh tế", "<script>x</script>"],
        series=[Series("Mô hình", [4, 2]), Series("Điển hình", [0, 2])],
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "<title>Mô hình &lt;b&gt;theo&lt;/b&gt; lĩnh vực</title>" in svg
    widths = [
        float(w) for w in re.findall(r'<rect x="[\d.]+" y="\d+" width="([\d.]+)" height="22"', svg)
    ]
    assert widths[0] == widths[1] + widths[2]  # 4 = 2 + 2
    assert "Kinh tế: Mô hình 4, Điển hình 0" in svg  # the description


def test_an_empty_chart_renders():
    svg = stacked_bars(title="Trống", categories=[], series=[])
    assert svg.startswith("<svg")
