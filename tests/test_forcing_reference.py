"""The forcing reference: Import ERA5 to a small .sandflux.json that records the checked downloads;
the tools that take FORCING reopen them from it, and refuse when one is missing or changed."""

import json
import os
import shutil

import numpy as np
import pytest

from helpers import cds
from helpers.synthetic import make_calibration
from sandflux.core.formats.flux_raster import open_flux_raster
from sandflux.core.formats.forcing_reference import is_forcing_reference
from sandflux.core.infra.errors import Cancelled, InputFileError
from sandflux.core.inputs.era5 import Era5Source
from sandflux.core.model.flux import compute_flux
from sandflux.core.tools.import_era5 import import_era5
from sandflux.core.tools.sources import open_forcing_source

LON = cds.DOWNLOAD_LON
LAT = cds.DOWNLOAD_LAT
EXTENT = (-0.3, 40.6, 0.3, 41.1)
PERIOD = ("2015-12-31T06:00:00", "2016-01-02T12:00:00")


@pytest.fixture()
def downloads(tmp_path):
    """A legacy packed netCDF3 day and a new netCDF4 two days (one hour repeated) in a folder."""
    folder = tmp_path / "era5"
    folder.mkdir()
    files = cds.write_two_layout_downloads(folder)
    make_calibration(tmp_path / "cal.json")
    return files, tmp_path / "cal.json"


def _import_reference(files, path, **options):
    return import_era5(files, path, extent=EXTENT, start=PERIOD[0], end=PERIOD[1], **options)


def _flux(source, calibration, path):
    result = compute_flux(source, calibration, path)
    with open_flux_raster(result.path) as raster:
        return raster.times.copy(), raster.read()


def test_the_reference_gives_the_flux_of_the_forcing_copy_and_of_the_downloads_bit_for_bit(
    downloads, tmp_path
):
    files, calibration = downloads
    reference = tmp_path / "era5" / "forcing.sandflux.json"
    result = _import_reference(files, reference)
    assert result.path == reference and is_forcing_reference(reference)
    copy = _import_reference(files, tmp_path / "forcing.nc").path
    flux = {}
    with open_forcing_source(str(reference)) as source:
        assert isinstance(source, Era5Source)
        assert source.grid.nx == 3 and source.grid.ny == 2  # EXTENT recorded and applied
        assert source.times.size == result.hours == 55  # START/END recorded and applied
        flux["reference"] = _flux(source, calibration, tmp_path / "from_reference.nc")
    flux["copy"] = _flux(copy, calibration, tmp_path / "from_copy.nc")
    with Era5Source(files, extent=EXTENT, start=PERIOD[0], end=PERIOD[1]) as source:
        flux["downloads"] = _flux(source, calibration, tmp_path / "from_downloads.nc")
    for name in ("copy", "downloads"):
        np.testing.assert_array_equal(flux["reference"][0], flux[name][0])
        np.testing.assert_array_equal(flux["reference"][1], flux[name][1])
    assert np.isfinite(flux["reference"][1]).all()


def test_the_reference_records_the_downloads_options_grid_hours_and_checks(downloads, tmp_path):
    files, _ = downloads
    reference = tmp_path / "era5" / "forcing.sandflux.json"
    _import_reference(files, reference)
    content = json.loads(reference.read_text())
    assert content["sandflux_file_type"] == "forcing_reference"
    first = content["downloads"][0]
    assert first["path"] == str((tmp_path / "era5" / "day1.nc").resolve())
    assert first["relative_path"] == "day1.nc"
    assert first["size_bytes"] == os.path.getsize(files[0])
    assert len(first["head_tail_sha256"]) == 64
    assert content["options"]["extent"] == list(EXTENT)
    assert content["options"]["start"] == PERIOD[0] and content["options"]["end"] == PERIOD[1]
    assert content["grid"]["nx"] == 3 and content["grid"]["ny"] == 2
    assert content["hours"]["count"] == 55
    assert content["hours"]["first"].startswith("2015-12-31T06")
    checks = content["checks"]
    assert checks["values_checked"] is True
    copy = _import_reference(files, tmp_path / "forcing.nc")  # the same checks, counted there
    assert checks["moisture_values_clipped"] == copy.moisture_values_clipped
    assert checks["land_sea_mask"].startswith("none")
    assert any("repeated time step" in w for w in checks["warnings"])
    assert any("land-sea mask" in w for w in checks["warnings"])
    # Headers only: the values are not read, so nothing is known of clipping.
    headers = tmp_path / "headers.sandflux.json"
    _import_reference(files, headers, check_every_value=False)
    checks = json.loads(headers.read_text())["checks"]
    assert checks["values_checked"] is False and checks["moisture_values_clipped"] is None


def test_a_changed_or_missing_download_is_refused_naming_reference_file_and_what_to_do(
    downloads, tmp_path
):
    files, _ = downloads
    reference = tmp_path / "era5" / "forcing.sandflux.json"
    _import_reference(files, reference)
    # Changed in the middle, same size, same first and last bytes: the modification time tells.
    stat = os.stat(files[1])
    with open(files[1], "r+b") as stream:
        stream.seek(stat.st_size // 2)
        byte = stream.read(1)
        stream.seek(stat.st_size // 2)
        stream.write(byte)
    os.utime(files[1], ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    with pytest.raises(InputFileError) as error:
        open_forcing_source(str(reference))
    message = str(error.value)
    assert str(reference) in message and "days23.nc" in message
    assert "has changed" in message and "Re-run Import ERA5" in message
    # Changed content (appended bytes).
    os.utime(files[1], ns=(stat.st_atime_ns, stat.st_mtime_ns))
    with open_forcing_source(str(reference)):
        pass  # the same file again
    with open(files[1], "ab") as stream:
        stream.write(b"\0" * 10)
    with pytest.raises(InputFileError, match="has changed"):
        open_forcing_source(str(reference))
    # Missing.
    os.remove(files[0])
    with pytest.raises(InputFileError) as error:
        open_forcing_source(str(reference))
    message = str(error.value)
    assert str(reference) in message and "day1.nc" in message
    assert "not there any more" in message and "re-run Import ERA5" in message


def test_the_folder_moved_with_its_reference_still_reads_by_the_relative_paths(downloads, tmp_path):
    files, calibration = downloads
    reference = tmp_path / "era5" / "forcing.sandflux.json"
    _import_reference(files, reference)
    before = _flux(open_forcing_source(str(reference)), calibration, tmp_path / "before.nc")
    moved = tmp_path / "elsewhere" / "era5-moved"
    moved.parent.mkdir()
    shutil.move(str(tmp_path / "era5"), str(moved))  # a move keeps the modification times
    assert not os.path.exists(files[0])
    with open_forcing_source(str(moved / "forcing.sandflux.json")) as source:
        assert all(str(moved) in path for path in source.inputs)
        after = _flux(source, calibration, tmp_path / "after.nc")
    np.testing.assert_array_equal(before[1], after[1])


def test_a_reference_takes_no_extent_and_joins_no_other_file(downloads, tmp_path):
    files, _ = downloads
    reference = tmp_path / "ref.json"  # the content, not the name, makes it a reference
    import_era5(files, tmp_path / "r.sandflux.json")
    shutil.copy(tmp_path / "r.sandflux.json", reference)
    with pytest.raises(InputFileError, match="EXTENT applies to the ERA5 downloads only"):
        open_forcing_source(str(reference), extent=(0, 40, 1, 41))
    with pytest.raises(InputFileError, match="cannot be joined"):
        open_forcing_source([str(reference), files[0]])


def test_a_cancelled_reference_import_leaves_nothing(downloads, tmp_path):
    files, _ = downloads
    calls = []

    def progress(fraction, message):
        calls.append(message)
        if message.startswith("Checking"):
            raise Cancelled("cancelled")

    with pytest.raises(Cancelled):
        import_era5(files, tmp_path / "r.sandflux.json", progress=progress, time_chunk=24)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cal.json", "era5"]
