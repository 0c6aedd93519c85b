<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>SandFlux</name>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="14" />
            <source>Sums the hourly CO2 flux rasters written by 'Compute flux raster' into one value a calendar year (UTC) per cell, totals them over the region on the true cell areas of the WGS84 ellipsoid, and tests the trend across years. Sign convention: net flux in g CO2 m-2 yr-1, negative = uptake by the sand (as the hourly flux); sequestration in g C and Tg C, positive = uptake. g C = g CO2 x 12.011 / 44.01.

&lt;b&gt;Flux rasters&lt;/b&gt; (INPUT): one or more hourly flux rasters (GeoTIFF, one a year, or netCDF, any period), all on one grid; their hours are joined in time order. Different grids, or an hour given twice, are an error and nothing is written.
&lt;b&gt;Mask&lt;/b&gt; (MASK, optional polygon layer): the region to total; a cell counts when its centre is inside a polygon. Cells outside are NoData. Empty: every cell.
&lt;b&gt;Minimum coverage&lt;/b&gt; (MIN_COVERAGE, fraction 0-1, default 0.9): the share of the year's hours (8760, or 8784 in a leap year) that must be valid for a cell-year; below it the cell-year is NoData. Missing hours are not counted as zero: the annual value is the mean of the valid hours x the hours of the year x 3600 s, so a year with gaps (or a partial year above the threshold) stays comparable.
&lt;b&gt;Annual net flux&lt;/b&gt; (OUTPUT): GeoTIFF, one band a year (band name = year), g CO2 m-2 yr-1, negative = uptake, NoData -9999.
&lt;b&gt;Table&lt;/b&gt; (TABLE, CSV): one row a year: year, hours_in_year, hours_valid (hours with a value in at least one region cell), coverage, cells_valid, area_km2 (area of the cells with a value), mean_net_flux_g_co2_m2_yr, sequestration_g_c_m2_yr, total_net_flux_t_co2, sequestration_tg_c and, when the flux rasters carry the calibration's bootstrap ratio (SANDFLUX_TOTAL_RATIO_CI95), the 95 % interval of both totals (the total times the ratio's 2.5 and 97.5 % quantiles). Loads as a table layer.
&lt;b&gt;Trend&lt;/b&gt; (TREND, optional GeoTIFF): per cell, with at least 5 years: band 1 Theil-Sen slope (g CO2 m-2 yr-2), bands 2-3 its 95 % interval, band 4 the Mann-Kendall p-value (two-sided, tie-corrected), band 5 the years used. Fewer than 5 years: not written (warning).
&lt;b&gt;Report&lt;/b&gt; (REPORT, HTML): the table, the regional trend (Theil-Sen, Mann-Kendall, at least 5 years), a plot of the annual totals with their intervals and a map of the mean sequestration.

Outputs for models: MEAN_SEQUESTRATION, the mean over the years with a value of the regional sequestration (g C m-2 yr-1, positive = uptake), and TOTAL, the mean over those years of the regional total net flux (t CO2 yr-1, negative = uptake). A failed or cancelled run leaves no output.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="54" />
            <source>Sum annual sequestration</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="70" />
            <source>Hourly flux rasters (GeoTIFF or netCDF, one grid)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="73" />
            <source>Mask: region to total (polygons; empty = every cell)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="76" />
            <source>Minimum coverage (fraction of the year's hours valid)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="80" />
            <source>Annual net flux (g CO2 m-2 yr-1, one band a year)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="82" />
            <source>Annual table</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="82" />
            <source>CSV files (*.csv)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="85" />
            <source>Trend per cell (Theil-Sen slope, Mann-Kendall p)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="88" />
            <source>Report</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="88" />
            <location filename="../../algorithms/calibrate_model.py" line="175" />
            <source>HTML files (*.html)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="91" />
            <source>Mean sequestration (g C m-2 yr-1, + = uptake)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="93" />
            <source>Mean total net flux (t CO2 yr-1, - = uptake)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="128" />
            <source>Annual net flux (g CO2 m-2 yr-1)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="135" />
            <source>Annual sequestration table</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/base.py" line="35" />
            <source>1 Data</source>
            <translation>1 数据</translation>
        </message>
        <message>
            <location filename="../../algorithms/base.py" line="36" />
            <source>2 Model</source>
            <translation>2 模型</translation>
        </message>
        <message>
            <location filename="../../algorithms/base.py" line="37" />
            <source>3 Products</source>
            <translation>3 产品</translation>
        </message>
        <message>
            <location filename="../../algorithms/base.py" line="142" />
            <source>SandFlux needs the Python module(s) {} for this tool. Install: {}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="14" />
            <source>Auto-detect</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="14" />
            <source>AmeriFlux BASE</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="14" />
            <source>FLUXNET2015/ONEFlux</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="14" />
            <source>European fluxdata</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="14" />
            <source>REddyProc (Year, DoY, Hour)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="14" />
            <source>Generic CSV (name the columns)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="22" />
            <source>µmol CO2 m-2 s-1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="22" />
            <source>mg CO2 m-2 s-1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="22" />
            <source>g CO2 m-2 s-1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="27" />
            <source>Auto (lowest cross-validated RMSE)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="27" />
            <source>Desert shifting-sand scheme</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="27" />
            <source>Q10</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="27" />
            <source>Lloyd-Taylor</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="34" />
            <source>Auto (% for AmeriFlux/FLUXNET/European files)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="34" />
            <source>%</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="34" />
            <source>m3 m-3</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="39" />
            <source>End of the averaging interval</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="39" />
            <source>Start of the averaging interval</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="43" />
            <source>Least squares</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="43" />
            <source>Robust: soft L1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="43" />
            <source>Robust: Huber</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="43" />
            <source>Robust: Cauchy</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="43" />
            <source>Robust: arctan</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="50" />
            <source>Linear</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="50" />
            <source>Quantile mapping</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="55" />
            <source>Fits the desert CO2 flux scheme (or a simpler model) to an eddy-covariance station file and writes a calibration file (JSON) for 'Compute flux raster', plus an HTML report (shown in the results viewer). Fluxes are g CO2 m-2 s-1, NEGATIVE = UPTAKE by the surface.

&lt;b&gt;Station file&lt;/b&gt; (STATION): half-hourly (or hourly) CSV/TXT, .gz accepted. &lt;b&gt;Format&lt;/b&gt; (FORMAT, default auto): AmeriFlux BASE (TIMESTAMP_START/END, FC, TS_1_1_1, SWC_1_1_1), FLUXNET2015/ONEFlux (NEE_VUT_REF, TS_F_MDS_1, SWC_F_MDS_1 and _QC flags), European fluxdata (TIMESTAMP_END, FC_1_1_1, TS_1_1_1, SWC_1_1_1), REddyProc (Year, DoY, Hour, NEE, Tsoil, SWC, units row) or generic (name the columns). -9999 and empty cells are missing.
&lt;b&gt;Columns&lt;/b&gt; (TIME_COLUMN, FLUX_COLUMN, SOIL_TEMPERATURE_COLUMN, SOIL_MOISTURE_COLUMN, QC_COLUMN; optional for the known formats): the column names. Soil temperature in degC (or K), soil moisture in % or m3 m-3. Records whose QC flag exceeds QC_MAX (default 1) are dropped.
&lt;b&gt;Flux units&lt;/b&gt; (FLUX_UNITS, default µmol CO2 m-2 s-1; 1 µmol = 4.401e-5 g CO2).
&lt;b&gt;UTC offset&lt;/b&gt; (UTC_OFFSET_HOURS, default 8 = Beijing time): the station clock, UTC = local - offset. FLUXNET files use local standard time.
Half-hours are averaged to the UTC hour H nearest their midpoint (H-30 min..H+30 min, centred on ERA5's instant); an hour missing one of its half-hours is dropped.
&lt;b&gt;Model&lt;/b&gt; (MODEL, default auto = lowest leave-one-year-out RMSE): desert scheme F = k_pump*dTs/dt + R_ref*Q10^((Ts-288.15)/10) + k_pulse*max(theta-theta_c,0) - U_ref*s*exp(-gamma*(Ts-288.15)); linear; Q10; Lloyd-Taylor.
&lt;b&gt;ERA5 forcing&lt;/b&gt; (FORCING, optional): the file from 'Import ERA5'; fits the ERA5-to-station soil correction at the station's cell (SOIL_CORRECTION: linear or quantile mapping) and validates the ERA5-driven model against the observations year by year.
&lt;b&gt;Station longitude/latitude&lt;/b&gt; (degrees, default Tazhong 83.65 E, 38.97 N), &lt;b&gt;station SOC&lt;/b&gt; (g kg-1, default 1.2) and &lt;b&gt;pH&lt;/b&gt; (default 8.9): the reference soil of the uptake scale.
Advanced: LOSS (least squares or robust), BOOTSTRAP_RESAMPLES (default 200; block bootstrap by day, 95 % intervals), SEED, QC_MAX, SOIL_MOISTURE_UNITS, TIMESTAMP_POSITION (generic files).
Outputs: the calibration JSON (OUTPUT), the report (REPORT), and the numbers R2, RMSE (g CO2 m-2 s-1), N (hours), CV_RMSE and MODEL. Nothing is written when the run fails.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="88" />
            <source>Calibrate from station CSV</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="124" />
            <source>Station file (CSV/TXT, .gz accepted)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="124" />
            <source>Station files (*.csv *.txt *.dat *.gz);;All files (*.*)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="139" />
            <source>Station clock: UTC offset (hours; Beijing time = 8)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="143" />
            <source>ERA5 forcing file (optional: soil correction and validation)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="143" />
            <location filename="../../algorithms/compute_flux.py" line="79" />
            <location filename="../../algorithms/import_era5.py" line="74" />
            <location filename="../../algorithms/soil_properties.py" line="71" />
            <source>netCDF files (*.nc)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="156" />
            <source>Keep QC flags up to</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="163" />
            <source>Bootstrap resamples (0 = none)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="166" />
            <source>Random seed of the bootstrap</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="173" />
            <source>Calibration file</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="173" />
            <source>JSON files (*.json)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="175" />
            <source>Calibration report</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="182" />
            <source>Model chosen</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="241" />
            <source>{}: R² {:.3f}, RMSE {:.3g} g CO2 m-2 s-1, CV RMSE {:.3g}, N {} hours</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="15" />
            <source>Computes the hourly net CO2 flux of shifting sand in every cell of the forcing grid, in g CO2 m-2 s-1, &lt;b&gt;negative = uptake&lt;/b&gt; by the sand, positive = release. For every cell and hour the calibration's ERA5-to-station soil correction is applied first, then its flux model: F = model(Ts, theta, dTs/dt, s). dTs/dt (K h-1) is the backward difference of the corrected soil temperature over the time step; the first hour of the period uses the hour before it when the forcing file has it (so one year at a time gives the same numbers as the whole period); the very first hour of the forcing file uses the forward difference to the second hour.
The uptake of the desert scheme is scaled by the soil: s = (SOC_station / SOC) * (pH / pH_station) (s = 1 at the station's soil; a factor is 1 when its value is not given or the calibration has no station value).

&lt;b&gt;Forcing file&lt;/b&gt; (FORCING): the netCDF written by Import ERA5.
&lt;b&gt;Calibration&lt;/b&gt; (CALIBRATION): the .json written by Calibrate from station CSV.
&lt;b&gt;SOC raster&lt;/b&gt; (SOC, optional) or &lt;b&gt;SOC value&lt;/b&gt; (SOC_VALUE, optional): soil organic carbon, in the unit of the calibration's station SOC. A raster is resampled onto the forcing grid with GDAL 'average' (the mean of the pixels overlapping each cell); its NoData cells give NoData flux. When both are given the raster is used. Neither: the station value (factor 1).
&lt;b&gt;pH raster&lt;/b&gt; (PH, optional) or &lt;b&gt;pH value&lt;/b&gt; (PH_VALUE, optional): soil pH, same rules.
&lt;b&gt;Sand mask polygons&lt;/b&gt; (MASK, optional) or &lt;b&gt;sand mask raster&lt;/b&gt; (MASK_RASTER, optional, non-zero = sand): cells outside are NoData. Not both. A mask that does not overlap the forcing grid, or holds no polygon, is an error.
&lt;b&gt;Keep every cell the mask touches&lt;/b&gt; (ALL_TOUCHED, advanced, default off): off = a cell is kept when its centre is inside a polygon; on = when a polygon touches it (for a mask raster: when any sand pixel overlaps it).
&lt;b&gt;Start / End&lt;/b&gt; (START, END, optional): first and last hour, UTC, both included. Empty: the whole forcing file.
&lt;b&gt;Hours per chunk&lt;/b&gt; (CHUNK_HOURS, advanced, default 0 = automatic): hours computed at once.
&lt;b&gt;Flux raster&lt;/b&gt; (OUTPUT): .tif (GeoTIFF: one Float32 band an hour, band description = UTC hour, NoData -9999, EPSG:4326, DEFLATE) or .nc (CF-1.8 netCDF, variable co2_flux). A GeoTIFF holds at most one calendar year (GDAL reads at most 32768 bands): for a longer period write .nc or run the tool once a year in batch mode (one row a year). The raster's metadata records units, sign convention, model, calibration hash, software version and period.

The layer loads with a diverging ramp centred on 0 (blue = uptake, brown = release) showing the first hour, and with the period as its fixed temporal range.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="57" />
            <source>Compute flux raster</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="79" />
            <source>Forcing file (from Import ERA5)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="82" />
            <source>Calibration (from Calibrate from station CSV)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="82" />
            <source>Calibration files (*.json)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="85" />
            <source>SOC raster (unit of the station SOC; used before the value)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="88" />
            <source>SOC value (unit of the station SOC; empty = station value)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="91" />
            <source>pH raster (used before the value)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="93" />
            <source>pH value (empty = station value)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="96" />
            <source>Sand mask polygons (cells outside are NoData)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="99" />
            <source>Sand mask raster (non-zero = sand)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="101" />
            <source>Keep every cell the mask touches (else: cell centre inside)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="104" />
            <location filename="../../algorithms/import_era5.py" line="63" />
            <source>Start (UTC, included; empty = first hour)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="106" />
            <location filename="../../algorithms/import_era5.py" line="65" />
            <source>End (UTC, included; empty = last hour)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="108" />
            <source>Hours per chunk (0 = automatic)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="111" />
            <source>Flux raster (.tif: one year at most; .nc: any period)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="113" />
            <source>Hours written</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="114" />
            <source>Cells computed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="135" />
            <source>Give either MASK (polygons) or MASK_RASTER, not both.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="152" />
            <source>Wrote {} hours ({} to {}) of {} cells to {}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="171" />
            <source>{} and {} are both given: the raster is used.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="202" />
            <source>CO2 flux {} to {}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/import_era5.py" line="12" />
            <source>Reads ERA5 soil temperature, layer 1 (stl1) and volumetric soil water, layer 1 (swvl1) from files downloaded from the Copernicus Climate Data Store and writes one SandFlux forcing file: CF-1.8 netCDF4, hourly, stl1 in K and swvl1 in m3 m-3 (float32), latitude north first, longitude -180..180, EPSG:4326. The other SandFlux tools read this file. When the tool runs in QGIS, stl1 and swvl1 are added to the map (one band an hour).

&lt;b&gt;ERA5 files&lt;/b&gt; (INPUT): one or more netCDF (.nc; the old CDS netCDF3 and the new netCDF4), GRIB (.grib/.grb/.grib2, read with ecCodes) or the .zip the CDS delivers. Several files (e.g. one a month) are joined in time order; a time step found twice is kept once (from the file listed first) with a warning. The legacy 'expver' dimension (1 = ERA5, 5 = ERA5T) is merged to one value a step, ERA5 first. Input files are never modified.
&lt;b&gt;Extent&lt;/b&gt; (EXTENT, optional): keep the ERA5 points whose cell centres fall inside it. Empty: the whole file.
&lt;b&gt;Start / End&lt;/b&gt; (START, END, optional): first and last hour to import, UTC, both included. Empty: from the first / to the last hour of the files.
&lt;b&gt;Temperature variable / Moisture variable&lt;/b&gt; (TEMPERATURE_VARIABLE, MOISTURE_VARIABLE, optional): the name (or GRIB short name / paramId) of the variables to use. Empty: found by name (stl1, swvl1) and GRIB parameter (139, 39).
&lt;b&gt;Forcing file&lt;/b&gt; (OUTPUT): the netCDF file to write.

Units are checked: a temperature labelled K that looks like degrees Celsius, or the reverse, is an error (correctly labelled degrees Celsius are converted to K); moisture labelled % is divided by 100; moisture above 1 m3 m-3 is an error. ERA5's tiny negative soil water over the sea (about -2.7e-06, down to -0.01) is set to 0. ERA5 values are point values at cell centres: the output's grid cells are centred on them. A failed or cancelled import leaves no output file. SandFlux' flux convention (used by the later tools): g CO2 m-2 s-1, negative = uptake.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/import_era5.py" line="42" />
            <source>Import ERA5</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/import_era5.py" line="58" />
            <source>ERA5 files (netCDF, GRIB or CDS zip)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/import_era5.py" line="60" />
            <source>Extent (cells whose centres fall inside; empty = whole file)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/import_era5.py" line="74" />
            <source>Forcing file</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/import_era5.py" line="76" />
            <source>Hours imported</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/import_era5.py" line="106" />
            <source>Wrote {} hours ({} to {}) on {} x {} points to {}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="12" />
            <source>Turns field samples of soil organic carbon (SOC) and pH (a point layer) into two rasters on the forcing grid, for the SOC and PH inputs of Compute flux raster. Values are interpolated to the centre of every forcing cell with GDAL's gridding (gdal.Grid).

&lt;b&gt;Sample points&lt;/b&gt; (INPUT): a point layer, any CRS (reprojected to EPSG:4326).
&lt;b&gt;SOC field&lt;/b&gt; (SOC_FIELD, optional, default SOC): soil organic carbon, in the unit of the calibration's station SOC (e.g. g kg-1). Empty and non-positive values are skipped.
&lt;b&gt;pH field&lt;/b&gt; (PH_FIELD, optional, default pH): soil pH. Empty values and values outside 0..14 are skipped.
&lt;b&gt;Forcing file&lt;/b&gt; (FORCING): the netCDF written by Import ERA5; the rasters get its grid.
&lt;b&gt;Method&lt;/b&gt; (METHOD, default inverse distance): inverse distance to a power, z = sum(z_i / d_i^p) / sum(1 / d_i^p) (GDAL invdist, smoothing 0; a sample at a cell centre gives that cell its value), or nearest sample (GDAL nearest).
&lt;b&gt;Power&lt;/b&gt; (POWER, advanced, default 2): p of the inverse distance.
&lt;b&gt;Search radius&lt;/b&gt; (RADIUS, advanced, degrees, default 0 = every sample): with a radius, cells with no sample within it are NoData. Distances are measured in degrees of longitude and latitude.
&lt;b&gt;Maximum samples&lt;/b&gt; (MAX_POINTS, advanced, default 0 = all): inverse distance uses at most this many samples within the radius.
&lt;b&gt;SOC raster&lt;/b&gt; (SOC_OUTPUT), &lt;b&gt;pH raster&lt;/b&gt; (PH_OUTPUT): Float32 GeoTIFFs, EPSG:4326, NoData -9999.

In the flux model the alkaline uptake is scaled by s = (SOC_station / SOC) * (pH / pH_station); fluxes are in g CO2 m-2 s-1, negative = uptake.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="38" />
            <source>Inverse distance to a power</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="38" />
            <source>Nearest sample</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="44" />
            <source>Soil properties from samples</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="63" />
            <source>Sample points (SOC, pH)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="65" />
            <source>SOC field (unit of the station SOC; empty = SOC)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="68" />
            <source>pH field (empty = pH)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="71" />
            <source>Forcing file (its grid is used)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="74" />
            <source>Interpolation method</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="77" />
            <source>Inverse-distance power</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="77" />
            <source>Search radius (degrees, 0 = every sample)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="77" />
            <source>Maximum samples per cell (0 = all)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="87" />
            <source>SOC raster</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="89" />
            <source>pH raster</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="91" />
            <source>SOC samples used</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="92" />
            <source>pH samples used</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="122" />
            <source>Gridded with gdal.Grid {}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../provider/provider.py" line="25" />
            <source>SandFlux</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../provider/provider.py" line="28" />
            <source>SandFlux {} — desert CO2 flux</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../provider/provider.py" line="70" />
            <source>SandFlux could not read the model {}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../provider/provider.py" line="74" />
            <source>Pipelines</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../provider/provider.py" line="75" />
            <source>SandFlux pipeline</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../provider/provider.py" line="119" />
            <source>SandFlux: the Python module(s) {} are missing, so these tools are disabled: {}. Install: {}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>AnnualSequestration (in development)</source>
            <translation type="vanished">年度固碳（开发中）</translation>
        </message>
        <message>
            <source>CalibrateModel (in development)</source>
            <translation type="vanished">模型率定（开发中）</translation>
        </message>
        <message>
            <source>ComputeFlux (in development)</source>
            <translation type="vanished">计算通量（开发中）</translation>
        </message>
        <message>
            <source>ImportEra5 (in development)</source>
            <translation type="vanished">导入 ERA5（开发中）</translation>
        </message>
        <message>
            <source>SoilProperties (in development)</source>
            <translation type="vanished">土壤属性（开发中）</translation>
        </message>
    </context>
</TS>
