"""Station readers: one file per format, written here with the format's exact header conventions,
read back and compared with hand-computed hourly UTC values (g CO2 m-2 s-1, K, m3 m-3)."""

import gzip

import numpy as np
import pytest

from sandflux.core.infra.errors import InputFileError, UnitsError, VariableError
from sandflux.core.inputs import station

UMOL = 44.01e-6  # g CO2 per umol CO2, by hand


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def at(series, iso):
    """Index of the UTC hour ``iso`` in a StationSeries."""
    index = np.flatnonzero(series.times_utc == np.datetime64(iso, "s"))
    assert index.size == 1, f"{iso} not in {series.times_utc}"
    return int(index[0])


def assert_hour(series, index, flux, ts_k, swc):
    """The hour ``index`` holds flux (g CO2 m-2 s-1), soil temperature (K) and moisture (m3 m-3)."""
    assert series.flux_g_co2_m2_s[index] == pytest.approx(flux, rel=1e-12)
    assert series.soil_temperature_k[index] == pytest.approx(ts_k)
    assert series.soil_moisture_m3_m3[index] == pytest.approx(swc)


def test_ameriflux_base_with_comment_lines_beijing_clock_qc_and_missing(tmp_path):
    path = write(
        tmp_path / "US-Xxx_BASE.csv",
        (
            "# Site: CN-Tzs\n"
            "# Version: 1-5\n"
            "TIMESTAMP_START,TIMESTAMP_END,FC,FC_SSITC_TEST,TS_1_1_1,SWC_1_1_1\n"
            "201601010730,201601010800,1.0,0,10.0,12.0\n"
            "201601010800,201601010830,3.0,1,12.0,14.0\n"
            "201601010830,201601010900,-9999,0,14.0,16.0\n"
            "201601010900,201601010930,5.0,2,16.0,18.0\n"
        ),
    )
    series = station.read_station(path, utc_offset_hours=8)
    assert series.format == "ameriflux"
    assert series.columns["qc"] == "FC_SSITC_TEST"
    # Local 07:30-08:30 = UTC 23:30-00:30, centred on 00Z.
    h0, h1 = at(series, "2016-01-01T00:00"), at(series, "2016-01-01T01:00")
    assert_hour(series, h0, flux=2.0 * UMOL, ts_k=273.15 + 11.0, swc=0.13)
    # 01Z: one half-hour is -9999, the other has QC 2 -> no flux; Ts and SWC complete.
    assert np.isnan(series.flux_g_co2_m2_s[h1])
    assert series.soil_temperature_k[h1] == pytest.approx(273.15 + 15.0)
    assert series.soil_moisture_m3_m3[h1] == pytest.approx(0.17)
    assert series.temperature_tendency_k_h[h1] == pytest.approx(4.0)
    assert series.record_minutes == 30


def test_fluxnet2015_names_and_per_variable_qc_in_local_standard_time(tmp_path):
    path = write(
        tmp_path / "FLX_US-Xxx_FLUXNET2015_FULLSET_HH_2016-2016_1-4.csv",
        (
            "TIMESTAMP_START,TIMESTAMP_END,NEE_VUT_REF,NEE_VUT_REF_QC,TS_F_MDS_1,TS_F_MDS_1_QC,"
            "SWC_F_MDS_1,SWC_F_MDS_1_QC\n"
            "201601011730,201601011800,-2.0,0,5.0,0,20.0,0\n"
            "201601011800,201601011830,-4.0,1,7.0,0,22.0,0\n"
            "201601011830,201601011900,-6.0,0,9.0,3,24.0,0\n"
            "201601011900,201601011930,-8.0,3,11.0,0,26.0,0\n"
        ),
    )
    series = station.read_station(path, utc_offset_hours=-6)
    assert series.format == "fluxnet2015"
    assert series.columns["flux"] == "NEE_VUT_REF"
    # Local 17:30-18:30 at UTC-6 = 23:30-00:30 UTC -> 2016-01-02T00Z.
    h0, h1 = at(series, "2016-01-02T00:00"), at(series, "2016-01-02T01:00")
    assert_hour(series, h0, flux=-3.0 * UMOL, ts_k=279.15, swc=0.21)
    # QC 3 removes the flux of the last half-hour and the Ts of the third.
    assert np.isnan(series.flux_g_co2_m2_s[h1])
    assert np.isnan(series.soil_temperature_k[h1])
    assert series.soil_moisture_m3_m3[h1] == pytest.approx(0.25)


def test_european_fluxdata_timestamp_end_only_with_empty_cells(tmp_path):
    path = write(
        tmp_path / "EFDC_L2_Flx_DETha_2016_v01_30m.txt",
        (
            "TIMESTAMP_END,FC_1_1_1,H_1_1_1,TS_1_1_1,SWC_1_1_1\n"
            "201601010100,0.5,10,1.0,30.0\n"
            "201601010130,1.5,10,3.0,32.0\n"
            "201601010200,,10,5.0,-9999\n"
            "201601010230,2.5,10,7.0,36.0\n"
        ),
    )
    series = station.read_station(path, utc_offset_hours=1)
    assert series.format == "europe"
    # Interval ends 01:00 and 01:30 CET = [23:30, 00:30) UTC -> 00Z.
    h0, h1 = at(series, "2016-01-01T00:00"), at(series, "2016-01-01T01:00")
    assert_hour(series, h0, flux=1.0 * UMOL, ts_k=275.15, swc=0.31)
    assert np.isnan(series.flux_g_co2_m2_s[h1])  # empty cell
    assert np.isnan(series.soil_moisture_m3_m3[h1])  # -9999
    assert series.soil_temperature_k[h1] == pytest.approx(279.15)


def test_reddyproc_tab_separated_with_units_row(tmp_path):
    path = write(
        tmp_path / "Example_DETha98.txt",
        (
            "Year\tDoY\tHour\tNEE\tTsoil\tSWC\n"
            "--\t--\t--\tumolm-2s-1\tdegC\t%\n"
            "2016\t1\t0.5\t9.0\t-1.0\t5.0\n"
            "2016\t1\t1.0\t1.0\t2.0\t6.0\n"
            "2016\t1\t1.5\t2.0\t4.0\t8.0\n"
            "2016\t1\t2.0\t9.0\t6.0\t9.0\n"
        ),
    )
    series = station.read_station(path, utc_offset_hours=0)
    assert series.format == "reddyproc"
    # Hour is the interval END: rows 2 and 3 cover 00:30-01:30 -> 01Z.
    h1 = at(series, "2016-01-01T01:00")
    assert_hour(series, h1, flux=1.5 * UMOL, ts_k=276.15, swc=0.07)
    # 00Z and 02Z miss a half-hour each: dropped.
    assert np.isnan(series.flux_g_co2_m2_s[at(series, "2016-01-01T00:00")])
    assert np.isnan(series.flux_g_co2_m2_s[at(series, "2016-01-01T02:00")])


def test_generic_gzip_semicolons_mg_units_unsorted_and_duplicated_rows(tmp_path):
    path = tmp_path / "station.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(
            "datetime;co2;tsoil;vwc\n"
            "2016-06-01 01:00;0.4;25.0;0.10\n"
            "2016-06-01 00:30;0.9;20.0;0.30\n"  # replaced by the later duplicate
            "2016-06-01 01:30;0.6;27.0;0.12\n"
            "2016-06-01 00:30;0.2;21.0;0.08\n"
        )
    series = station.read_station(
        path,
        format="generic",
        flux_units="mg",
        utc_offset_hours=0,
        columns={
            "time": "datetime",
            "flux": "co2",
            "soil_temperature": "tsoil",
            "soil_moisture": "vwc",
        },
        soil_moisture_units="m3_m3",
    )
    # Interval ends 01:00 and 01:30 -> [00:30, 01:30) -> 01Z; the first row ends at 00:30 alone.
    h1 = at(series, "2016-06-01T01:00")
    assert_hour(series, h1, flux=0.5e-3, ts_k=273.15 + 26.0, swc=0.11)
    h0 = at(series, "2016-06-01T00:00")
    assert np.isnan(series.flux_g_co2_m2_s[h0])
    assert any("duplicated" in note for note in series.notes)
    assert any("sorted" in note for note in series.notes)


def test_generic_hourly_records_are_labelled_by_their_end_instant(tmp_path):
    path = write(
        tmp_path / "hourly.csv",
        (
            "time,F,T,W\n"
            "2016-01-01T01:00,1.0,10.0,10\n"
            "2016-01-01T02:00,2.0,12.0,10\n"
            "2016-01-01T03:00,3.0,13.0,10\n"
        ),
    )
    series = station.read_station(
        path,
        format="generic",
        utc_offset_hours=0,
        columns={"time": "time", "flux": "F", "soil_temperature": "T", "soil_moisture": "W"},
    )
    assert series.record_minutes == 60
    assert series.flux_g_co2_m2_s[at(series, "2016-01-01T02:00")] == pytest.approx(2 * UMOL)
    # W reaches 10 > 1 with "auto" units: read as percent.
    assert series.soil_moisture_m3_m3[0] == pytest.approx(0.10)


def test_missing_column_error_names_it_and_lists_the_columns(tmp_path):
    path = write(
        tmp_path / "base.csv",
        (
            "# Site: X\n# Version: 1\nTIMESTAMP_START,TIMESTAMP_END,FC,SWC_1_1_1\n"
            "201601010000,201601010030,1,10\n201601010030,201601010100,1,10\n"
        ),
    )
    with pytest.raises(VariableError, match=r"soil temperature.*SOIL_TEMPERATURE_COLUMN.*FC"):
        station.read_station(path)
    with pytest.raises(VariableError, match="no column 'TS_X'"):
        station.read_station(path, columns={"soil_temperature": "TS_X"})


def test_non_numeric_cell_error_names_column_line_and_value(tmp_path):
    path = write(
        tmp_path / "base.csv",
        (
            "# Site: X\n# Version: 1\nTIMESTAMP_START,TIMESTAMP_END,FC,TS_1_1_1,SWC_1_1_1\n"
            "201601010000,201601010030,1,10,5\n201601010030,201601010100,1,abc,5\n"
        ),
    )
    with pytest.raises(VariableError, match=r"'TS_1_1_1'.*line 5.*'abc'"):
        station.read_station(path)


def test_unknown_layout_asks_for_generic_columns(tmp_path):
    path = write(tmp_path / "x.csv", "a,b,c\n1,2,3\n4,5,6\n")
    with pytest.raises(InputFileError, match="FORMAT=generic"):
        station.read_station(path)


def test_flux_declared_in_wrong_units_is_refused(tmp_path):
    path = write(
        tmp_path / "base.csv",
        (
            "# Site: X\n# Version: 1\nTIMESTAMP_START,TIMESTAMP_END,FC,TS_1_1_1,SWC_1_1_1\n"
            "201601010000,201601010030,1.5,10,5\n201601010030,201601010100,-2.0,10,5\n"
        ),
    )
    with pytest.raises(UnitsError, match="FLUX_UNITS"):
        station.read_station(path, flux_units="g")


def test_moisture_above_one_declared_m3_m3_is_refused(tmp_path):
    path = write(
        tmp_path / "x.csv", "t,f,ts,sw\n2016-01-01 00:30,1,10,12\n2016-01-01 01:00,1,10,12\n"
    )
    with pytest.raises(UnitsError, match="SOIL_MOISTURE_UNITS"):
        station.read_station(
            path,
            format="generic",
            soil_moisture_units="m3_m3",
            columns={"time": "t", "flux": "f", "soil_temperature": "ts", "soil_moisture": "sw"},
        )
