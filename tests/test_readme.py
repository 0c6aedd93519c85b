"""README.md stays true: its plain-Python example runs (the links are checked in test_docs.py)."""

import shutil

import numpy as np

from helpers.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_plain_python_example_of_the_readme_runs_the_pipeline_on_sample_data(tmp_path, monkeypatch):
    from sandflux.core.formats.flux_raster import open_flux_raster
    from sandflux.samples import sample_data

    block = README.split("The core in plain Python")[1].split("```python\n")[1].split("```")[0]
    made = sample_data.generate_sample_data(tmp_path / "sample", years=[2016])
    sample = tmp_path / "sample"
    shutil.copy(next(sample.glob("era5_soil_2016_*.nc")), tmp_path / "era5_2016.nc")
    shutil.copy(sample / sample_data.STATION_FILE, tmp_path / "tazhong.csv")
    monkeypatch.chdir(tmp_path)
    exec(
        compile(
            block.replace('"build/plugins"', repr(str(ROOT / "build" / "plugins"))),
            "README example",
            "exec",
        ),
        {},
    )
    assert made  # the generator wrote its manifest
    for name in (
        "forcing.nc",
        "calibration.json",
        "report.html",
        "flux_2016.tif",
        "annual.tif",
        "annual.csv",
    ):
        assert (tmp_path / name).stat().st_size > 0, name
    with open_flux_raster(tmp_path / "flux_2016.tif") as flux:
        assert flux.times.size == 8784  # 2016 is a leap year
        first_hour = flux.read(0, 1)
    assert np.isfinite(first_hour).all()
    rows = (tmp_path / "annual.csv").read_text().splitlines()
    assert rows[1].startswith("2016")
