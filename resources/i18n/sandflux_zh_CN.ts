<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>SandFlux</name>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="14" />
            <source>Sums the hourly CO2 flux rasters written by 'Compute flux raster' (or the hourly flux computed on the fly from the forcing file) into one value a calendar year (UTC) per cell, totals them over the region on the true cell areas of the WGS84 ellipsoid, and tests the trend across years. Sign convention: net flux in g CO2 m-2 yr-1, negative = uptake by the sand (as the hourly flux); sequestration in g C and Tg C, positive = uptake. g C = g CO2 x 12.011 / 44.01.

&lt;b&gt;Flux rasters&lt;/b&gt; (INPUT): one or more hourly flux rasters (GeoTIFF, one a year, or netCDF, any period), all on one grid; their hours are joined in time order. Different grids, or an hour given twice, are an error and nothing is written.
&lt;b&gt;Forcing file&lt;/b&gt; (FORCING) and &lt;b&gt;Calibration&lt;/b&gt; (CALIBRATION), instead of INPUT: the hourly flux is computed on the fly from the forcing exactly as 'Compute flux raster' computes it, a calendar year at a time (the next block read on a second thread), and summed without writing any hourly raster (the fast way to the annual numbers; the same results as the flux rasters of the whole forcing period would give). The MASK below also plays the part of the flux tool's sand mask. Give either INPUT or FORCING with CALIBRATION, not both.
&lt;b&gt;SOC raster / SOC value / pH raster / pH value&lt;/b&gt; (SOC, SOC_VALUE, PH, PH_VALUE, advanced, optional, with FORCING only): the soil that scales the uptake, as in 'Compute flux raster' (a raster is used before a value; neither: the station's soil, factor 1).
&lt;b&gt;Mask&lt;/b&gt; (MASK, optional polygon layer): the region to total; a cell counts when its centre is inside a polygon. Cells outside are NoData. Empty: every cell.
&lt;b&gt;Minimum coverage&lt;/b&gt; (MIN_COVERAGE, fraction 0-1, default 0.9): the share of the year's hours (8760, or 8784 in a leap year) that must be valid for a cell-year; below it the cell-year is NoData. Missing hours are not counted as zero: the annual value is the mean of the valid hours x the hours of the year x 3600 s, so a year with gaps (or a partial year above the threshold) stays comparable.
&lt;b&gt;Annual net flux&lt;/b&gt; (OUTPUT): GeoTIFF, one band a year (band name = year), g CO2 m-2 yr-1, negative = uptake, NoData -9999.
&lt;b&gt;Table&lt;/b&gt; (TABLE, CSV): one row a year: year, hours_in_year, hours_valid (hours with a value in at least one region cell), coverage, cells_valid, area_km2 (area of the cells with a value), mean_net_flux_g_co2_m2_yr, sequestration_g_c_m2_yr, total_net_flux_t_co2, sequestration_tg_c and, when the flux rasters carry the calibration's bootstrap ratio (SANDFLUX_TOTAL_RATIO_CI95), the 95 % interval of both totals (the total times the ratio's 2.5 and 97.5 % quantiles). Loads as a table layer.
&lt;b&gt;Trend&lt;/b&gt; (TREND, optional GeoTIFF): per cell, with at least 5 years: band 1 Theil-Sen slope (g CO2 m-2 yr-2), bands 2-3 its 95 % interval, band 4 the Mann-Kendall p-value (two-sided, tie-corrected), band 5 the years used. Fewer than 5 years: not written (warning).
&lt;b&gt;Report&lt;/b&gt; (REPORT, HTML): the table, the regional trend (Theil-Sen, Mann-Kendall, at least 5 years), a plot of the annual totals with their intervals and a map of the mean sequestration.
&lt;b&gt;Dask scheduler&lt;/b&gt; (DASK_SCHEDULER, advanced, optional): address of a dask.distributed scheduler (e.g. tcp://host:8786) whose workers read the flux rasters, or compute the flux of FORCING + CALIBRATION, a time slice a task, and sum it (the files must be at the same path on every worker); empty = the environment variable SANDFLUX_DASK_SCHEDULER, and when that is empty too the tool runs here. Same numbers either way.

Outputs for models: MEAN_SEQUESTRATION, the mean over the years with a value of the regional sequestration (g C m-2 yr-1, positive = uptake), and TOTAL, the mean over those years of the regional total net flux (t CO2 yr-1, negative = uptake). A failed or cancelled run leaves no output.</source>
            <translation>将“计算通量栅格”写出的逐时 CO2 通量栅格（或由驱动文件即时计算的逐时通量）按日历年（UTC）逐格累加为每年一个值，按 WGS84 椭球面上的真实网格面积对区域求总量，并检验各年间的趋势。符号约定：净通量单位为 g CO2 m-2 yr-1，负值 = 吸收（被沙地吸收，与逐时通量相同）；固碳量单位为 g C 和 Tg C，正值 = 吸收。g C = g CO2 x 12.011 / 44.01。

&lt;b&gt;通量栅格&lt;/b&gt;（INPUT）：一个或多个逐时通量栅格（GeoTIFF，每年一个；或 netCDF，任意时段），须位于同一网格上；其各小时按时间顺序拼接。网格不同或同一小时出现两次均为错误，不写出任何结果。
&lt;b&gt;驱动文件&lt;/b&gt;（FORCING）与&lt;b&gt;率定文件&lt;/b&gt;（CALIBRATION），代替 INPUT：由驱动文件即时计算逐时通量，算法与“计算通量栅格”完全相同，每次一个日历年（在第二个线程上预读下一块），累加时不写出任何逐时栅格（得到年值的快捷途径；结果与整个驱动时段的通量栅格所给结果相同）。下面的 MASK 同时起到通量工具中沙地掩膜的作用。INPUT 与 FORCING（及 CALIBRATION）只能给出其一。
&lt;b&gt;SOC 栅格 / SOC 值 / pH 栅格 / pH 值&lt;/b&gt;（SOC、SOC_VALUE、PH、PH_VALUE，高级，可选，仅用于 FORCING）：按土壤缩放吸收项，规则同“计算通量栅格”（栅格优先于数值；都不给：使用站点土壤，系数为 1）。
&lt;b&gt;掩膜&lt;/b&gt;（MASK，可选的面图层）：要汇总的区域；网格中心位于某个面内时该网格计入。区域外的网格为 NoData。为空：全部网格。
&lt;b&gt;最低覆盖率&lt;/b&gt;（MIN_COVERAGE，0-1 之间的比例，默认 0.9）：一个网格年中必须有效的小时数占全年小时数（8760，闰年为 8784）的比例；低于该值时该网格年为 NoData。缺失的小时不按零计：年值 = 有效小时的均值 x 全年小时数 x 3600 s，因此有缺测的年份（或超过阈值的不完整年份）仍可相互比较。
&lt;b&gt;年净通量&lt;/b&gt;（OUTPUT）：GeoTIFF，每年一个波段（波段名 = 年份），g CO2 m-2 yr-1，负值 = 吸收，NoData -9999。
&lt;b&gt;表格&lt;/b&gt;（TABLE，CSV）：每年一行：year、hours_in_year、hours_valid（区域内至少一个网格有值的小时数）、coverage、cells_valid、area_km2（有值网格的面积）、mean_net_flux_g_co2_m2_yr、sequestration_g_c_m2_yr、total_net_flux_t_co2、sequestration_tg_c；若通量栅格带有率定的 bootstrap 比值（SANDFLUX_TOTAL_RATIO_CI95），还给出两个总量的 95 % 区间（总量乘以该比值的 2.5 % 和 97.5 % 分位数）。以表格图层加载。
&lt;b&gt;趋势&lt;/b&gt;（TREND，可选的 GeoTIFF）：逐格计算，至少需要 5 年：波段 1 为 Theil-Sen 斜率（g CO2 m-2 yr-2），波段 2-3 为其 95 % 区间，波段 4 为 Mann-Kendall p 值（双侧，经结值（tie）校正），波段 5 为所用年数。不足 5 年：不写出（给出警告）。
&lt;b&gt;报告&lt;/b&gt;（REPORT，HTML）：表格、区域趋势（Theil-Sen、Mann-Kendall，至少 5 年）、年总量及其区间的曲线图，以及平均固碳量地图。
&lt;b&gt;Dask 调度器&lt;/b&gt;（DASK_SCHEDULER，高级，可选）：dask.distributed 调度器的地址（如 tcp://host:8786），由其工作进程读取通量栅格，或由 FORCING + CALIBRATION 计算通量，每个任务一个时间片，并进行累加（文件须在每个工作节点上位于相同路径）；为空 = 使用环境变量 SANDFLUX_DASK_SCHEDULER，该变量也为空时在本机运行。两种方式结果相同。

供模型使用的输出：MEAN_SEQUESTRATION，区域固碳量在有值各年的均值（g C m-2 yr-1，正值 = 吸收）；TOTAL，区域总净通量在这些年的均值（t CO2 yr-1，负值 = 吸收）。运行失败或被取消时不留下任何输出。</translation>
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="69" />
            <source>Sum annual sequestration</source>
            <translation>年度固碳汇总</translation>
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="87" />
            <source>Hourly flux rasters (GeoTIFF or netCDF, one grid)</source>
            <translation>逐时通量栅格（GeoTIFF 或 netCDF，同一网格）</translation>
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="93" />
            <source>Mask: region to total (polygons; empty = every cell)</source>
            <translation>掩膜：汇总区域（面要素；空 = 全部网格）</translation>
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="96" />
            <source>Minimum coverage (fraction of the year's hours valid)</source>
            <translation>最低覆盖率（全年有效小时的比例）</translation>
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="100" />
            <source>Annual net flux (g CO2 m-2 yr-1, one band a year)</source>
            <translation>年净通量（g CO2 m-2 yr-1，每年一个波段）</translation>
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="102" />
            <source>Annual table</source>
            <translation>年度表格</translation>
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="102" />
            <source>CSV files (*.csv)</source>
            <translation>CSV 文件 (*.csv)</translation>
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="105" />
            <source>Trend per cell (Theil-Sen slope, Mann-Kendall p)</source>
            <translation>逐格趋势（Theil-Sen 斜率，Mann-Kendall p 值）</translation>
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="108" />
            <source>Report</source>
            <translation>报告</translation>
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="108" />
            <location filename="../../algorithms/calibrate_model.py" line="198" />
            <source>HTML files (*.html)</source>
            <translation>HTML 文件 (*.html)</translation>
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="112" />
            <source>Mean sequestration (g C m-2 yr-1, + = uptake)</source>
            <translation>平均固碳量（g C m-2 yr-1，正 = 吸收）</translation>
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="114" />
            <source>Mean total net flux (t CO2 yr-1, - = uptake)</source>
            <translation>平均总净通量（t CO2 yr-1，负 = 吸收）</translation>
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="141" />
            <source>Annual net flux (g CO2 m-2 yr-1)</source>
            <translation>年净通量（g CO2 m-2 yr-1）</translation>
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="148" />
            <source>Annual sequestration table</source>
            <translation>年度固碳表</translation>
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="171" />
            <source>Give either hourly flux rasters (INPUT) or a forcing file (FORCING, with CALIBRATION) to compute the flux on the fly, not both.</source>
            <translation>请给出逐时通量栅格（INPUT）或用于即时计算通量的驱动文件（FORCING，及 CALIBRATION），不要同时给出。</translation>
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="176" />
            <source>No flux given: choose the hourly flux rasters written by 'Compute flux raster' (INPUT), or the forcing file from 'Import ERA5' (FORCING) with its calibration (CALIBRATION).</source>
            <translation>未给出通量：请选择“计算通量栅格”写出的逐时通量栅格（INPUT），或“导入 ERA5”写出的驱动文件（FORCING）及其率定文件（CALIBRATION）。</translation>
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="182" />
            <source>The forcing file {} needs its calibration (CALIBRATION, the .json written by 'Calibrate from station CSV') to compute the flux.</source>
            <translation>驱动文件 {} 需要其率定文件（CALIBRATION，即“由站点 CSV 率定”写出的 .json）才能计算通量。</translation>
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="186" />
            <source>Computing the hourly flux of {} on the fly (nothing hourly is written)</source>
            <translation>正在即时计算 {} 的逐时通量（不写出任何逐时数据）</translation>
        </message>
        <message>
            <location filename="../../algorithms/base.py" line="39" />
            <source>1 Data</source>
            <translation>1 数据</translation>
        </message>
        <message>
            <location filename="../../algorithms/base.py" line="40" />
            <source>2 Model</source>
            <translation>2 模型</translation>
        </message>
        <message>
            <location filename="../../algorithms/base.py" line="41" />
            <source>3 Products</source>
            <translation>3 产品</translation>
        </message>
        <message>
            <location filename="../../algorithms/base.py" line="128" />
            <source>{} = {:g} is outside its range {} .. {} ({}). Choose a value inside it.</source>
            <translation>{} = {:g} 超出其范围 {} .. {}（{}）。请在范围内取值。</translation>
        </message>
        <message>
            <location filename="../../algorithms/base.py" line="178" />
            <source>Dask scheduler address (empty = $SANDFLUX_DASK_SCHEDULER, else run here)</source>
            <translation>Dask 调度器地址（空 = $SANDFLUX_DASK_SCHEDULER，否则在本机运行）</translation>
        </message>
        <message>
            <location filename="../../algorithms/base.py" line="187" />
            <source>Forcing file (from Import ERA5)</source>
            <translation>驱动文件（来自“导入 ERA5”）</translation>
        </message>
        <message>
            <location filename="../../algorithms/base.py" line="190" />
            <source>Calibration (from Calibrate from station CSV)</source>
            <translation>率定文件（来自“由站点 CSV 率定”）</translation>
        </message>
        <message>
            <location filename="../../algorithms/base.py" line="190" />
            <source>Calibration files (*.json)</source>
            <translation>率定文件 (*.json)</translation>
        </message>
        <message>
            <location filename="../../algorithms/base.py" line="198" />
            <source>SOC raster (unit of the station SOC; used before the value)</source>
            <translation>SOC 栅格（单位同站点 SOC；优先于数值）</translation>
        </message>
        <message>
            <location filename="../../algorithms/base.py" line="198" />
            <source>SOC value (unit of the station SOC; empty = station value)</source>
            <translation>SOC 数值（单位同站点 SOC；空 = 站点值）</translation>
        </message>
        <message>
            <location filename="../../algorithms/base.py" line="198" />
            <source>pH raster (used before the value)</source>
            <translation>pH 栅格（优先于数值）</translation>
        </message>
        <message>
            <location filename="../../algorithms/base.py" line="198" />
            <source>pH value (empty = station value)</source>
            <translation>pH 数值（空 = 站点值）</translation>
        </message>
        <message>
            <location filename="../../algorithms/base.py" line="226" />
            <source>{} and {} are both given: the raster is used.</source>
            <translation>同时给出了 {} 和 {}：使用栅格。</translation>
        </message>
        <message>
            <location filename="../../algorithms/base.py" line="300" />
            <source>SandFlux needs the Python module(s) {} for this tool. Install: {}</source>
            <translation>SandFlux 的此工具需要 Python 模块 {}。安装命令：{}</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="13" />
            <source>Auto-detect</source>
            <translation>自动识别</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="13" />
            <source>AmeriFlux BASE</source>
            <translation>AmeriFlux BASE</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="13" />
            <source>FLUXNET2015/ONEFlux</source>
            <translation>FLUXNET2015/ONEFlux</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="13" />
            <source>European fluxdata</source>
            <translation>欧洲 fluxdata</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="13" />
            <source>REddyProc (Year, DoY, Hour)</source>
            <translation>REddyProc（年、年积日、小时）</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="13" />
            <source>Generic CSV (name the columns)</source>
            <translation>通用 CSV（指定列名）</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="21" />
            <source>µmol CO2 m-2 s-1</source>
            <translation>µmol CO2 m-2 s-1</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="21" />
            <source>mg CO2 m-2 s-1</source>
            <translation>mg CO2 m-2 s-1</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="21" />
            <source>g CO2 m-2 s-1</source>
            <translation>g CO2 m-2 s-1</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="26" />
            <source>Auto (lowest cross-validated RMSE)</source>
            <translation>自动（交叉验证 RMSE 最低）</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="26" />
            <source>Desert shifting-sand scheme</source>
            <translation>沙漠流沙方案</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="26" />
            <source>Q10</source>
            <translation>Q10</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="26" />
            <source>Lloyd-Taylor</source>
            <translation>Lloyd-Taylor</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="33" />
            <source>Auto (% for AmeriFlux/FLUXNET/European files)</source>
            <translation>自动（AmeriFlux/FLUXNET/欧洲文件为 %）</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="33" />
            <source>%</source>
            <translation>%</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="33" />
            <source>m3 m-3</source>
            <translation>m3 m-3</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="38" />
            <source>End of the averaging interval</source>
            <translation>平均时段的结束时刻</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="38" />
            <source>Start of the averaging interval</source>
            <translation>平均时段的开始时刻</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="42" />
            <source>Least squares</source>
            <translation>最小二乘</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="42" />
            <source>Robust: soft L1</source>
            <translation>稳健：soft L1</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="42" />
            <source>Robust: Huber</source>
            <translation>稳健：Huber</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="42" />
            <source>Robust: Cauchy</source>
            <translation>稳健：Cauchy</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="42" />
            <source>Robust: arctan</source>
            <translation>稳健：arctan</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="49" />
            <source>Linear</source>
            <translation>线性</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="49" />
            <source>Quantile mapping</source>
            <translation>分位数映射</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="54" />
            <source>Fits the desert CO2 flux scheme (or a simpler model) to an eddy-covariance station file and writes a calibration file (JSON) for 'Compute flux raster', plus an HTML report (shown in the results viewer). Fluxes are g CO2 m-2 s-1, NEGATIVE = UPTAKE by the surface.

&lt;b&gt;Station file&lt;/b&gt; (STATION): half-hourly (or hourly) CSV/TXT, .gz accepted. &lt;b&gt;Format&lt;/b&gt; (FORMAT, default auto): AmeriFlux BASE (TIMESTAMP_START/END, FC, TS_1_1_1, SWC_1_1_1), FLUXNET2015/ONEFlux (NEE_VUT_REF, TS_F_MDS_1, SWC_F_MDS_1 and _QC flags), European fluxdata (TIMESTAMP_END, FC_1_1_1, TS_1_1_1, SWC_1_1_1), REddyProc (Year, DoY, Hour, NEE, Tsoil, SWC, units row) or generic (name the columns). -9999 and empty cells are missing; the other usual codes (-6999, -9999.9, 9999, ...) and those listed in MISSING_VALUES (advanced, comma-separated) are missing too, counted in a warning. Any other value outside its physical range (flux beyond 100 µmol m-2 s-1, soil -60..85 degC, moisture 0..100 %) is an error naming its line.
&lt;b&gt;Columns&lt;/b&gt; (TIME_COLUMN, FLUX_COLUMN, SOIL_TEMPERATURE_COLUMN, SOIL_MOISTURE_COLUMN, QC_COLUMN; optional for the known formats): the column names. Soil temperature in degC (or K), soil moisture in % or m3 m-3. Records whose QC flag exceeds QC_MAX (default 1) are dropped.
&lt;b&gt;Flux units&lt;/b&gt; (FLUX_UNITS, default µmol CO2 m-2 s-1; 1 µmol = 4.401e-5 g CO2).
&lt;b&gt;UTC offset&lt;/b&gt; (UTC_OFFSET_HOURS, default 8 = Beijing time): the station clock, UTC = local - offset. FLUXNET files use local standard time.
Half-hours are averaged to the UTC hour H nearest their midpoint (H-30 min..H+30 min, centred on ERA5's instant); an hour missing one of its half-hours is dropped.
&lt;b&gt;Model&lt;/b&gt; (MODEL, default auto = lowest leave-one-year-out RMSE): desert scheme F = k_pump*dTs/dt + R_ref*Q10^((Ts-288.15)/10) + k_pulse*max(theta-theta_c,0) - U_ref*s*exp(-gamma*(Ts-288.15)); linear; Q10; Lloyd-Taylor.
&lt;b&gt;ERA5 forcing&lt;/b&gt; (FORCING, optional): the file from 'Import ERA5'; fits the ERA5-to-station soil correction at the station's cell (SOIL_CORRECTION: linear or quantile mapping) and validates the ERA5-driven model against the observations year by year.
&lt;b&gt;Station longitude/latitude&lt;/b&gt; (STATION_LONGITUDE, STATION_LATITUDE; degrees, default Tazhong 83.65 E, 38.97 N), &lt;b&gt;station SOC&lt;/b&gt; (STATION_SOC, g kg-1, default 1.2) and &lt;b&gt;pH&lt;/b&gt; (STATION_PH, default 8.9): the reference soil of the uptake scale (s = 1 at the station).
Advanced: LOSS (least squares or robust), BOOTSTRAP_RESAMPLES (default 200; block bootstrap by day, 95 % intervals), SEED, QC_MAX, SOIL_MOISTURE_UNITS, TIMESTAMP_POSITION (generic files).
Outputs: the calibration JSON (OUTPUT), the report (REPORT), and the numbers R2, RMSE (g CO2 m-2 s-1), N (hours), CV_RMSE and MODEL. Nothing is written when the run fails.</source>
            <translation>用涡度相关站点文件拟合沙漠 CO2 通量方案（或更简单的模型），为“计算通量栅格”写出率定文件（JSON），并生成 HTML 报告（显示在结果查看器中）。通量单位为 g CO2 m-2 s-1，负值 = 吸收（被地表吸收）。

&lt;b&gt;站点文件&lt;/b&gt;（STATION）：半小时（或逐时）CSV/TXT，可为 .gz。&lt;b&gt;格式&lt;/b&gt;（FORMAT，默认自动识别）：AmeriFlux BASE（TIMESTAMP_START/END、FC、TS_1_1_1、SWC_1_1_1）、FLUXNET2015/ONEFlux（NEE_VUT_REF、TS_F_MDS_1、SWC_F_MDS_1 及 _QC 标记）、欧洲 fluxdata（TIMESTAMP_END、FC_1_1_1、TS_1_1_1、SWC_1_1_1）、REddyProc（Year、DoY、Hour、NEE、Tsoil、SWC，含单位行）或通用格式（指定列名）。-9999 和空单元格视为缺测；其他常见代码（-6999、-9999.9、9999 等）以及 MISSING_VALUES（高级，逗号分隔）中列出的代码也视为缺测，并在警告中计数。其他超出物理范围的值（通量超过 100 µmol m-2 s-1、土壤温度 -60..85 °C、含水量 0..100 %）为错误，并指出所在行。
&lt;b&gt;列&lt;/b&gt;（TIME_COLUMN、FLUX_COLUMN、SOIL_TEMPERATURE_COLUMN、SOIL_MOISTURE_COLUMN、QC_COLUMN；已知格式可不填）：列名。土壤温度单位为 degC（或 K），土壤湿度单位为 % 或 m3 m-3。QC 标记大于 QC_MAX（默认 1）的记录被剔除。
&lt;b&gt;通量单位&lt;/b&gt;（FLUX_UNITS，默认 µmol CO2 m-2 s-1；1 µmol = 4.401e-5 g CO2）。
&lt;b&gt;UTC 偏移&lt;/b&gt;（UTC_OFFSET_HOURS，默认 8 = 北京时间）：站点时钟，UTC = 当地时间 - 偏移。FLUXNET 文件使用当地标准时间。
半小时数据平均到与其时段中点最近的 UTC 整点 H（H-30 min..H+30 min，以 ERA5 的瞬时时刻为中心）；缺少其中任一个半小时的小时被剔除。
&lt;b&gt;模型&lt;/b&gt;（MODEL，默认自动 = 留一年交叉验证 RMSE 最低者）：沙漠方案 F = k_pump*dTs/dt + R_ref*Q10^((Ts-288.15)/10) + k_pulse*max(theta-theta_c,0) - U_ref*s*exp(-gamma*(Ts-288.15))；线性；Q10；Lloyd-Taylor。
&lt;b&gt;ERA5 驱动&lt;/b&gt;（FORCING，可选）：“导入 ERA5”生成的文件；在站点所在网格拟合 ERA5 到站点的土壤校正（SOIL_CORRECTION：线性或分位数映射），并用观测数据逐年验证 ERA5 驱动的模型。
&lt;b&gt;站点经度/纬度&lt;/b&gt;（STATION_LONGITUDE、STATION_LATITUDE；度，默认塔中 83.65 E、38.97 N）、&lt;b&gt;站点 SOC&lt;/b&gt;（STATION_SOC，g kg-1，默认 1.2）和 &lt;b&gt;pH&lt;/b&gt;（STATION_PH，默认 8.9）：吸收缩放的参考土壤（在站点处 s = 1）。
高级参数：LOSS（最小二乘或稳健损失）、BOOTSTRAP_RESAMPLES（默认 200；按日分块 bootstrap，95 % 区间）、SEED、QC_MAX、SOIL_MOISTURE_UNITS、TIMESTAMP_POSITION（通用文件）。
输出：率定 JSON（OUTPUT）、报告（REPORT），以及数值 R2、RMSE（g CO2 m-2 s-1）、N（小时数）、CV_RMSE 和 MODEL。运行失败时不写出任何内容。</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="92" />
            <source>Calibrate from station CSV</source>
            <translation>由站点 CSV 率定</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="129" />
            <source>Station file (CSV/TXT, .gz accepted)</source>
            <translation>站点文件（CSV/TXT，可为 .gz）</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="129" />
            <source>Station files (*.csv *.txt *.dat *.gz);;All files (*.*)</source>
            <translation>站点文件 (*.csv *.txt *.dat *.gz);;所有文件 (*.*)</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="133" />
            <source>Format</source>
            <translation>格式</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="134" />
            <source>Time column (empty = format's TIMESTAMP_START/END)</source>
            <translation>时间列（空 = 格式的 TIMESTAMP_START/END）</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="134" />
            <source>CO2 flux column (empty = FC / NEE_VUT_REF / NEE / FC_1_1_1)</source>
            <translation>CO2 通量列（空 = FC / NEE_VUT_REF / NEE / FC_1_1_1）</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="134" />
            <source>Soil temperature column (empty = TS_1_1_1 / TS_F_MDS_1 / Tsoil)</source>
            <translation>土壤温度列（空 = TS_1_1_1 / TS_F_MDS_1 / Tsoil）</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="134" />
            <source>Soil moisture column (empty = SWC_1_1_1 / SWC_F_MDS_1 / SWC)</source>
            <translation>土壤湿度列（空 = SWC_1_1_1 / SWC_F_MDS_1 / SWC）</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="134" />
            <source>Flux QC column (empty = &lt;flux&gt;_QC or FC_SSITC_TEST if present)</source>
            <translation>通量 QC 列（空 = &lt;flux&gt;_QC 或 FC_SSITC_TEST，若存在）</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="146" />
            <source>Flux units in the file</source>
            <translation>文件中的通量单位</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="148" />
            <source>Station clock: UTC offset (hours; Beijing time = 8)</source>
            <translation>站点时钟：UTC 偏移（小时；北京时间 = 8）</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="151" />
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="152" />
            <source>ERA5 forcing file (optional: soil correction and validation)</source>
            <translation>ERA5 驱动文件（可选：土壤校正与验证）</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="152" />
            <location filename="../../algorithms/import_era5.py" line="74" />
            <location filename="../../algorithms/base.py" line="187" />
            <location filename="../../algorithms/soil_properties.py" line="70" />
            <source>netCDF files (*.nc)</source>
            <translation>netCDF 文件 (*.nc)</translation>
        </message>
        <message>
            <location filename="../../algorithms/import_era5.py" line="92" />
            <source>netCDF files (*.nc);;SandFlux forcing reference (*.sandflux.json)</source>
            <translation>netCDF 文件 (*.nc);;SandFlux 驱动引用 (*.sandflux.json)</translation>
        </message>
        <message>
            <location filename="../../algorithms/import_era5.py" line="82" />
            <source>Forcing reference: check every value (not only the headers)</source>
            <translation>驱动引用：检查每个值（不仅是文件头）</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="155" />
            <source>Station longitude (degrees E)</source>
            <translation>站点经度（°E）</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="155" />
            <source>Station latitude (degrees N)</source>
            <translation>站点纬度（°N）</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="155" />
            <source>Station soil organic carbon (g kg-1)</source>
            <translation>站点土壤有机碳（g kg-1）</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="155" />
            <source>Station soil pH</source>
            <translation>站点土壤 pH</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="170" />
            <source>Keep QC flags up to</source>
            <translation>保留的最大 QC 标记</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="172" />
            <source>Missing-value codes of the logger (comma-separated; -9999, -6999, 9999 ... are always missing)</source>
            <translation>记录仪的缺测值代码（逗号分隔；-9999、-6999、9999 等始终视为缺测）</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="176" />
            <source>Soil moisture units</source>
            <translation>土壤湿度单位</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="179" />
            <source>Generic files: the time stamp marks the</source>
            <translation>通用文件：时间戳表示</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="183" />
            <source>Fit loss</source>
            <translation>拟合损失函数</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="185" />
            <source>Bootstrap resamples (0 = none)</source>
            <translation>Bootstrap 重采样次数（0 = 不做）</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="188" />
            <source>Random seed of the bootstrap</source>
            <translation>Bootstrap 随机种子</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="190" />
            <source>ERA5-to-station soil correction</source>
            <translation>ERA5 到站点的土壤校正</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="196" />
            <source>Calibration file</source>
            <translation>率定文件</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="196" />
            <source>JSON files (*.json)</source>
            <translation>JSON 文件 (*.json)</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="198" />
            <source>Calibration report</source>
            <translation>率定报告</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="200" />
            <source>R² of the fit</source>
            <translation>拟合 R²</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="200" />
            <source>RMSE of the fit (g CO2 m-2 s-1)</source>
            <translation>拟合 RMSE（g CO2 m-2 s-1）</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="200" />
            <source>Hours fitted</source>
            <translation>拟合小时数</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="200" />
            <source>Leave-one-year-out RMSE (g CO2 m-2 s-1)</source>
            <translation>留一年交叉验证 RMSE（g CO2 m-2 s-1）</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="207" />
            <source>Model chosen</source>
            <translation>所选模型</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="217" />
            <source>MISSING_VALUES must be numbers separated by commas (e.g. -7777, 999.99); '{}' is not a number.</source>
            <translation>MISSING_VALUES 必须是以逗号分隔的数字（例如 -7777, 999.99）；“{}”不是数字。</translation>
        </message>
        <message>
            <location filename="../../algorithms/calibrate_model.py" line="271" />
            <source>{}: R² {:.3f}, RMSE {:.3g} g CO2 m-2 s-1, CV RMSE {:.3g}, N {} hours</source>
            <translation>{}：R² {:.3f}，RMSE {:.3g} g CO2 m-2 s-1，交叉验证 RMSE {:.3g}，N {} 小时</translation>
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
&lt;b&gt;Dask scheduler&lt;/b&gt; (DASK_SCHEDULER, advanced, optional): address of a dask.distributed scheduler (e.g. tcp://host:8786) that computes the time chunks on its workers (the forcing file must be at the same path on every worker); empty = the environment variable SANDFLUX_DASK_SCHEDULER, and when that is empty too the tool runs here. Same numbers either way. To a .zarr OUTPUT the workers write their chunks themselves (the output folder must be shared too).
&lt;b&gt;Flux raster&lt;/b&gt; (OUTPUT): .tif (GeoTIFF: one Float32 band an hour, band description = UTC hour, NoData -9999, EPSG:4326, DEFLATE) or .nc (CF-1.8 netCDF, variable co2_flux) or .zarr (a Zarr store with CF metadata, a time chunk an object, written in parallel by the Dask workers; xarray.open_zarr reads it, GDAL/QGIS open an hour as a subdataset). A GeoTIFF holds at most one calendar year (GDAL reads at most 32768 bands): for a longer period write .nc or run the tool once a year in batch mode (one row a year). The raster's metadata records units, sign convention, model, calibration hash, software version and period.

The layer loads with a diverging ramp centred on 0 (blue = uptake, brown = release) showing the first hour, and with the period as its fixed temporal range.</source>
            <translation>计算驱动网格中每个网格上流沙的逐时 CO2 净通量，单位为 g CO2 m-2 s-1，&lt;b&gt;负值 = 吸收&lt;/b&gt;（被沙地吸收），正值 = 释放。对每个网格和每个小时，先应用率定文件中 ERA5 到站点的土壤校正，再应用其通量模型：F = model(Ts, theta, dTs/dt, s)。dTs/dt（K h-1）是校正后土壤温度在一个时间步长上的后向差分；若驱动文件包含时段第一个小时的前一小时，则第一个小时使用该前一小时（因此逐年计算与整个时段一次计算的结果相同）；驱动文件的最初一个小时使用到第二个小时的前向差分。
沙漠方案的吸收项按土壤缩放：s = (SOC_station / SOC) * (pH / pH_station)（在站点土壤处 s = 1；某一因子的值未给出或率定文件中没有相应站点值时，该因子为 1）。

&lt;b&gt;驱动文件&lt;/b&gt;（FORCING）：“导入 ERA5”写出的 netCDF。
&lt;b&gt;率定文件&lt;/b&gt;（CALIBRATION）：“由站点 CSV 率定”写出的 .json。
&lt;b&gt;SOC 栅格&lt;/b&gt;（SOC，可选）或 &lt;b&gt;SOC 数值&lt;/b&gt;（SOC_VALUE，可选）：土壤有机碳，单位同率定文件中的站点 SOC。栅格用 GDAL 'average' 重采样到驱动网格（与每个网格重叠的像元的均值）；其 NoData 网格得到 NoData 通量。两者都给出时使用栅格。两者都未给出：使用站点值（因子为 1）。
&lt;b&gt;pH 栅格&lt;/b&gt;（PH，可选）或 &lt;b&gt;pH 数值&lt;/b&gt;（PH_VALUE，可选）：土壤 pH，规则同上。
&lt;b&gt;沙地掩膜面&lt;/b&gt;（MASK，可选）或 &lt;b&gt;沙地掩膜栅格&lt;/b&gt;（MASK_RASTER，可选，非零 = 沙地）：掩膜外的网格为 NoData。两者不能同时给出。掩膜与驱动网格不重叠或不含任何面时为错误。
&lt;b&gt;保留掩膜接触的所有网格&lt;/b&gt;（ALL_TOUCHED，高级，默认关闭）：关闭 = 网格中心位于某个面内时保留该网格；开启 = 有面接触该网格时即保留（对掩膜栅格：有任一沙地像元与之重叠时保留）。
&lt;b&gt;开始 / 结束&lt;/b&gt;（START、END，可选）：第一个和最后一个小时，UTC，均包含在内。为空：整个驱动文件。
&lt;b&gt;每块小时数&lt;/b&gt;（CHUNK_HOURS，高级，默认 0 = 自动）：一次计算的小时数。
&lt;b&gt;Dask 调度器&lt;/b&gt;（DASK_SCHEDULER，高级，可选）：dask.distributed 调度器的地址（如 tcp://host:8786），由其工作进程计算各时间块（驱动文件须在每个工作节点上位于相同路径）；为空 = 使用环境变量 SANDFLUX_DASK_SCHEDULER，该变量也为空时在本机运行。两种方式结果相同。输出为 .zarr 时，各工作进程自行写入各自的时间块（输出文件夹也须共享）。
&lt;b&gt;通量栅格&lt;/b&gt;（OUTPUT）：.tif（GeoTIFF：每小时一个 Float32 波段，波段描述 = UTC 小时，NoData -9999，EPSG:4326，DEFLATE）或 .nc（CF-1.8 netCDF，变量 co2_flux）或 .zarr（带 CF 元数据的 Zarr 存储，每个时间块一个对象，由 Dask 工作进程并行写入；xarray.open_zarr 可读取，GDAL/QGIS 以子数据集方式打开某一小时）。一个 GeoTIFF 最多容纳一个日历年（GDAL 最多读取 32768 个波段）：更长的时段请写出 .nc，或以批处理模式每年运行一次本工具（每年一行）。栅格元数据记录单位、符号约定、模型、率定文件哈希、软件版本和时段。

图层加载时使用以 0 为中心的发散色带（蓝色 = 吸收，棕色 = 释放），显示第一个小时，并以该时段作为其固定时间范围。</translation>
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="61" />
            <source>Compute flux raster</source>
            <translation>计算通量栅格</translation>
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="79" />
            <source>Sand mask polygons (cells outside are NoData)</source>
            <translation>沙地掩膜面（范围外为 NoData）</translation>
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="82" />
            <source>Sand mask raster (non-zero = sand)</source>
            <translation>沙地掩膜栅格（非零 = 沙地）</translation>
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="84" />
            <source>Keep every cell the mask touches (else: cell centre inside)</source>
            <translation>保留掩膜接触的所有网格（否则：网格中心在内）</translation>
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="87" />
            <location filename="../../algorithms/import_era5.py" line="63" />
            <source>Start (UTC, included; empty = first hour)</source>
            <translation>开始时间（UTC，含；空 = 第一个小时）</translation>
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="89" />
            <location filename="../../algorithms/import_era5.py" line="65" />
            <source>End (UTC, included; empty = last hour)</source>
            <translation>结束时间（UTC，含；空 = 最后一个小时）</translation>
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="91" />
            <source>Hours per chunk (0 = automatic)</source>
            <translation>每块小时数（0 = 自动）</translation>
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="96" />
            <source>Flux raster (.tif: one year at most; .nc, .zarr: any period)</source>
            <translation>通量栅格（.tif：最多一年；.nc、.zarr：任意时段）</translation>
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="97" />
            <source>Hours written</source>
            <translation>写入小时数</translation>
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="98" />
            <source>Cells computed</source>
            <translation>计算网格数</translation>
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="105" />
            <source>Computing on the Dask cluster at {}</source>
            <translation>正在 {} 的 Dask 集群上计算</translation>
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="112" />
            <source>Give either MASK (polygons) or MASK_RASTER, not both.</source>
            <translation>请只给出 MASK（面）或 MASK_RASTER 之一，不要同时给出。</translation>
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="129" />
            <source>Wrote {} hours ({} to {}) of {} cells to {}</source>
            <translation>已写入 {} 小时（{} 至 {}），{} 个网格，到 {}</translation>
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="140" />
            <source>CO2 flux {} to {}</source>
            <translation>CO2 通量 {} 至 {}</translation>
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
            <translation>从哥白尼气候数据存储（Copernicus Climate Data Store）下载的文件中读取 ERA5 第 1 层土壤温度（stl1）和第 1 层体积土壤含水量（swvl1），写出一个 SandFlux 驱动文件：CF-1.8 netCDF4，逐时，stl1 单位为 K，swvl1 单位为 m3 m-3（float32），纬度自北向南排列，经度 -180..180，EPSG:4326。SandFlux 的其他工具读取此文件。在 QGIS 中运行本工具时，stl1 和 swvl1 会被添加到地图（每小时一个波段）。

&lt;b&gt;ERA5 文件&lt;/b&gt;（INPUT）：一个或多个 netCDF（.nc；旧版 CDS netCDF3 和新版 netCDF4）、GRIB（.grib/.grb/.grib2，用 ecCodes 读取）或 CDS 提供的 .zip。多个文件（如每月一个）按时间顺序拼接；重复出现的时间步只保留一次（取列在最前的文件），并给出警告。旧版的 'expver' 维度（1 = ERA5，5 = ERA5T）合并为每个时间步一个值，ERA5 优先。输入文件永远不会被修改。
&lt;b&gt;范围&lt;/b&gt;（EXTENT，可选）：保留网格中心落在范围内的 ERA5 点。为空：整个文件。
&lt;b&gt;开始 / 结束&lt;/b&gt;（START、END，可选）：要导入的第一个和最后一个小时，UTC，均包含在内。为空：从文件的第一个小时 / 到最后一个小时。
&lt;b&gt;温度变量 / 湿度变量&lt;/b&gt;（TEMPERATURE_VARIABLE、MOISTURE_VARIABLE，可选）：要使用的变量名（或 GRIB 短名 / paramId）。为空：按名称（stl1、swvl1）和 GRIB 参数（139、39）查找。
&lt;b&gt;驱动文件&lt;/b&gt;（OUTPUT）：要写出的 netCDF 文件。

单位会被检查：标为 K 但看起来是摄氏度的温度（或反之）视为错误（正确标为摄氏度的温度会被转换为 K）；标为 % 的湿度除以 100；湿度大于 1 m3 m-3 视为错误。ERA5 在海面上的微小负土壤含水量（约 -2.7e-06，最低到 -0.01）被设为 0。ERA5 数值是网格中心的点值：输出的网格单元以这些点为中心。导入失败或被取消时不留下输出文件。SandFlux 的通量约定（供后续工具使用）：g CO2 m-2 s-1，负值 = 吸收。</translation>
        </message>
        <message>
            <location filename="../../algorithms/import_era5.py" line="42" />
            <source>Import ERA5</source>
            <translation>导入 ERA5</translation>
        </message>
        <message>
            <location filename="../../algorithms/import_era5.py" line="58" />
            <source>ERA5 files (netCDF, GRIB or CDS zip)</source>
            <translation>ERA5 文件（netCDF、GRIB 或 CDS zip）</translation>
        </message>
        <message>
            <location filename="../../algorithms/import_era5.py" line="60" />
            <source>Extent (cells whose centres fall inside; empty = whole file)</source>
            <translation>范围（中心落在其中的网格；空 = 整个文件）</translation>
        </message>
        <message>
            <location filename="../../algorithms/import_era5.py" line="67" />
            <source>Soil temperature variable (empty = stl1 / paramId 139)</source>
            <translation>土壤温度变量（空 = stl1 / paramId 139）</translation>
        </message>
        <message>
            <location filename="../../algorithms/import_era5.py" line="67" />
            <source>Soil moisture variable (empty = swvl1 / paramId 39)</source>
            <translation>土壤湿度变量（空 = swvl1 / paramId 39）</translation>
        </message>
        <message>
            <location filename="../../algorithms/import_era5.py" line="74" />
            <source>Forcing file</source>
            <translation>驱动文件</translation>
        </message>
        <message>
            <location filename="../../algorithms/import_era5.py" line="76" />
            <source>Hours imported</source>
            <translation>导入小时数</translation>
        </message>
        <message>
            <location filename="../../algorithms/import_era5.py" line="96" />
            <source>Wrote {} hours ({} to {}) on {} x {} points to {}</source>
            <translation>已写入 {} 小时（{} 至 {}），{} x {} 个点，到 {}</translation>
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="11" />
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
            <translation>将土壤有机碳（SOC）和 pH 的野外样点（点图层）转换为驱动网格上的两个栅格，作为“计算通量栅格”的 SOC 和 PH 输入。数值用 GDAL 的格网化功能（gdal.Grid）插值到每个驱动网格的中心。

&lt;b&gt;样点&lt;/b&gt;（INPUT）：点图层，任意 CRS（重投影到 EPSG:4326）。
&lt;b&gt;SOC 字段&lt;/b&gt;（SOC_FIELD，可选，默认 SOC）：土壤有机碳，单位同率定文件中的站点 SOC（如 g kg-1）。空值和非正值被跳过。
&lt;b&gt;pH 字段&lt;/b&gt;（PH_FIELD，可选，默认 pH）：土壤 pH。空值和 0..14 范围以外的值被跳过。
&lt;b&gt;驱动文件&lt;/b&gt;（FORCING）：“导入 ERA5”写出的 netCDF；输出栅格采用其网格。
&lt;b&gt;方法&lt;/b&gt;（METHOD，默认反距离）：反距离幂插值，z = sum(z_i / d_i^p) / sum(1 / d_i^p)（GDAL invdist，平滑 0；位于网格中心的样点将其值赋给该网格），或最近样点（GDAL nearest）。
&lt;b&gt;幂次&lt;/b&gt;（POWER，高级，默认 2）：反距离的幂 p。
&lt;b&gt;搜索半径&lt;/b&gt;（RADIUS，高级，单位为度，默认 0 = 全部样点）：设定半径时，半径内没有样点的网格为 NoData。距离按经度和纬度的度数计算。
&lt;b&gt;最多样点数&lt;/b&gt;（MAX_POINTS，高级，默认 0 = 全部）：反距离插值最多使用半径内的这么多个样点。
&lt;b&gt;SOC 栅格&lt;/b&gt;（SOC_OUTPUT）、&lt;b&gt;pH 栅格&lt;/b&gt;（PH_OUTPUT）：Float32 GeoTIFF，EPSG:4326，NoData -9999。

在通量模型中，碱性吸收按 s = (SOC_station / SOC) * (pH / pH_station) 缩放；通量单位为 g CO2 m-2 s-1，负值 = 吸收。</translation>
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="37" />
            <source>Inverse distance to a power</source>
            <translation>反距离幂插值</translation>
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="37" />
            <source>Nearest sample</source>
            <translation>最近样点</translation>
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="43" />
            <source>Soil properties from samples</source>
            <translation>由样点生成土壤属性</translation>
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="62" />
            <source>Sample points (SOC, pH)</source>
            <translation>样点（SOC、pH）</translation>
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="64" />
            <source>SOC field (unit of the station SOC; empty = SOC)</source>
            <translation>SOC 字段（单位同站点 SOC；空 = SOC）</translation>
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="67" />
            <source>pH field (empty = pH)</source>
            <translation>pH 字段（空 = pH）</translation>
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="70" />
            <source>Forcing file (its grid is used)</source>
            <translation>驱动文件（使用其网格）</translation>
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="73" />
            <source>Interpolation method</source>
            <translation>插值方法</translation>
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="76" />
            <source>Inverse-distance power</source>
            <translation>反距离幂次</translation>
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="76" />
            <source>Search radius (degrees, 0 = every sample)</source>
            <translation>搜索半径（度，0 = 全部样点）</translation>
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="76" />
            <source>Maximum samples per cell (0 = all)</source>
            <translation>每格最多样点数（0 = 全部）</translation>
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="86" />
            <source>SOC raster</source>
            <translation>SOC 栅格</translation>
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="88" />
            <source>pH raster</source>
            <translation>pH 栅格</translation>
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="90" />
            <source>SOC samples used</source>
            <translation>使用的 SOC 样点数</translation>
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="91" />
            <source>pH samples used</source>
            <translation>使用的 pH 样点数</translation>
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="113" />
            <source>Gridded with gdal.Grid {}</source>
            <translation>已用 gdal.Grid {} 插值</translation>
        </message>
        <message>
            <location filename="../../provider/provider.py" line="25" />
            <source>SandFlux</source>
            <translation>SandFlux</translation>
        </message>
        <message>
            <location filename="../../provider/provider.py" line="28" />
            <source>SandFlux {} — desert CO2 flux</source>
            <translation>SandFlux {} — 沙漠 CO2 通量</translation>
        </message>
        <message>
            <location filename="../../provider/provider.py" line="70" />
            <source>SandFlux could not read the model {}</source>
            <translation>SandFlux 无法读取模型 {}</translation>
        </message>
        <message>
            <location filename="../../provider/provider.py" line="74" />
            <source>Pipelines</source>
            <translation>流程</translation>
        </message>
        <message>
            <location filename="../../provider/provider.py" line="75" />
            <source>SandFlux pipeline</source>
            <translation>SandFlux 完整流程</translation>
        </message>
        <message>
            <location filename="../../provider/provider.py" line="119" />
            <source>SandFlux: the Python module(s) {} are missing, so these tools are disabled: {}. Install: {}</source>
            <translation>SandFlux：缺少 Python 模块 {}，以下工具已停用：{}。安装命令：{}</translation>
        </message>
        <message>
            <source>Fits the desert CO2 flux scheme (or a simpler model) to an eddy-covariance station file and writes a calibration file (JSON) for 'Compute flux raster', plus an HTML report (shown in the results viewer). Fluxes are g CO2 m-2 s-1, NEGATIVE = UPTAKE by the surface.

&lt;b&gt;Station file&lt;/b&gt; (STATION): half-hourly (or hourly) CSV/TXT, .gz accepted. &lt;b&gt;Format&lt;/b&gt; (FORMAT, default auto): AmeriFlux BASE (TIMESTAMP_START/END, FC, TS_1_1_1, SWC_1_1_1), FLUXNET2015/ONEFlux (NEE_VUT_REF, TS_F_MDS_1, SWC_F_MDS_1 and _QC flags), European fluxdata (TIMESTAMP_END, FC_1_1_1, TS_1_1_1, SWC_1_1_1), REddyProc (Year, DoY, Hour, NEE, Tsoil, SWC, units row) or generic (name the columns). -9999 and empty cells are missing.
&lt;b&gt;Columns&lt;/b&gt; (TIME_COLUMN, FLUX_COLUMN, SOIL_TEMPERATURE_COLUMN, SOIL_MOISTURE_COLUMN, QC_COLUMN; optional for the known formats): the column names. Soil temperature in degC (or K), soil moisture in % or m3 m-3. Records whose QC flag exceeds QC_MAX (default 1) are dropped.
&lt;b&gt;Flux units&lt;/b&gt; (FLUX_UNITS, default µmol CO2 m-2 s-1; 1 µmol = 4.401e-5 g CO2).
&lt;b&gt;UTC offset&lt;/b&gt; (UTC_OFFSET_HOURS, default 8 = Beijing time): the station clock, UTC = local - offset. FLUXNET files use local standard time.
Half-hours are averaged to the UTC hour H nearest their midpoint (H-30 min..H+30 min, centred on ERA5's instant); an hour missing one of its half-hours is dropped.
&lt;b&gt;Model&lt;/b&gt; (MODEL, default auto = lowest leave-one-year-out RMSE): desert scheme F = k_pump*dTs/dt + R_ref*Q10^((Ts-288.15)/10) + k_pulse*max(theta-theta_c,0) - U_ref*s*exp(-gamma*(Ts-288.15)); linear; Q10; Lloyd-Taylor.
&lt;b&gt;ERA5 forcing&lt;/b&gt; (FORCING, optional): the file from 'Import ERA5'; fits the ERA5-to-station soil correction at the station's cell (SOIL_CORRECTION: linear or quantile mapping) and validates the ERA5-driven model against the observations year by year.
&lt;b&gt;Station longitude/latitude&lt;/b&gt; (STATION_LONGITUDE, STATION_LATITUDE; degrees, default Tazhong 83.65 E, 38.97 N), &lt;b&gt;station SOC&lt;/b&gt; (STATION_SOC, g kg-1, default 1.2) and &lt;b&gt;pH&lt;/b&gt; (STATION_PH, default 8.9): the reference soil of the uptake scale (s = 1 at the station).
Advanced: LOSS (least squares or robust), BOOTSTRAP_RESAMPLES (default 200; block bootstrap by day, 95 % intervals), SEED, QC_MAX, SOIL_MOISTURE_UNITS, TIMESTAMP_POSITION (generic files).
Outputs: the calibration JSON (OUTPUT), the report (REPORT), and the numbers R2, RMSE (g CO2 m-2 s-1), N (hours), CV_RMSE and MODEL. Nothing is written when the run fails.</source>
            <translation type="vanished">用涡度相关站点文件拟合沙漠 CO2 通量方案（或更简单的模型），为“计算通量栅格”写出率定文件（JSON），并生成 HTML 报告（显示在结果查看器中）。通量单位为 g CO2 m-2 s-1，负值 = 吸收（被地表吸收）。

&lt;b&gt;站点文件&lt;/b&gt;（STATION）：半小时（或逐时）CSV/TXT，可为 .gz。&lt;b&gt;格式&lt;/b&gt;（FORMAT，默认自动识别）：AmeriFlux BASE（TIMESTAMP_START/END、FC、TS_1_1_1、SWC_1_1_1）、FLUXNET2015/ONEFlux（NEE_VUT_REF、TS_F_MDS_1、SWC_F_MDS_1 及 _QC 标记）、欧洲 fluxdata（TIMESTAMP_END、FC_1_1_1、TS_1_1_1、SWC_1_1_1）、REddyProc（Year、DoY、Hour、NEE、Tsoil、SWC，含单位行）或通用格式（指定列名）。-9999 和空单元格视为缺测。
&lt;b&gt;列&lt;/b&gt;（TIME_COLUMN、FLUX_COLUMN、SOIL_TEMPERATURE_COLUMN、SOIL_MOISTURE_COLUMN、QC_COLUMN；已知格式可不填）：列名。土壤温度单位为 degC（或 K），土壤湿度单位为 % 或 m3 m-3。QC 标记大于 QC_MAX（默认 1）的记录被剔除。
&lt;b&gt;通量单位&lt;/b&gt;（FLUX_UNITS，默认 µmol CO2 m-2 s-1；1 µmol = 4.401e-5 g CO2）。
&lt;b&gt;UTC 偏移&lt;/b&gt;（UTC_OFFSET_HOURS，默认 8 = 北京时间）：站点时钟，UTC = 当地时间 - 偏移。FLUXNET 文件使用当地标准时间。
半小时数据平均到与其时段中点最近的 UTC 整点 H（H-30 min..H+30 min，以 ERA5 的瞬时时刻为中心）；缺少其中任一个半小时的小时被剔除。
&lt;b&gt;模型&lt;/b&gt;（MODEL，默认自动 = 留一年交叉验证 RMSE 最低者）：沙漠方案 F = k_pump*dTs/dt + R_ref*Q10^((Ts-288.15)/10) + k_pulse*max(theta-theta_c,0) - U_ref*s*exp(-gamma*(Ts-288.15))；线性；Q10；Lloyd-Taylor。
&lt;b&gt;ERA5 驱动&lt;/b&gt;（FORCING，可选）：“导入 ERA5”生成的文件；在站点所在网格拟合 ERA5 到站点的土壤校正（SOIL_CORRECTION：线性或分位数映射），并用观测数据逐年验证 ERA5 驱动的模型。
&lt;b&gt;站点经度/纬度&lt;/b&gt;（STATION_LONGITUDE、STATION_LATITUDE；度，默认塔中 83.65 E、38.97 N）、&lt;b&gt;站点 SOC&lt;/b&gt;（STATION_SOC，g kg-1，默认 1.2）和 &lt;b&gt;pH&lt;/b&gt;（STATION_PH，默认 8.9）：吸收缩放的参考土壤（在站点处 s = 1）。
高级参数：LOSS（最小二乘或稳健损失）、BOOTSTRAP_RESAMPLES（默认 200；按日分块 bootstrap，95 % 区间）、SEED、QC_MAX、SOIL_MOISTURE_UNITS、TIMESTAMP_POSITION（通用文件）。
输出：率定 JSON（OUTPUT）、报告（REPORT），以及数值 R2、RMSE（g CO2 m-2 s-1）、N（小时数）、CV_RMSE 和 MODEL。运行失败时不写出任何内容。</translation>
        </message>
        <message>
            <source>Sums the hourly CO2 flux rasters written by 'Compute flux raster' (or the hourly flux computed on the fly from the forcing file) into one value a calendar year (UTC) per cell, totals them over the region on the true cell areas of the WGS84 ellipsoid, and tests the trend across years. Sign convention: net flux in g CO2 m-2 yr-1, negative = uptake by the sand (as the hourly flux); sequestration in g C and Tg C, positive = uptake. g C = g CO2 x 12.011 / 44.01.

&lt;b&gt;Flux rasters&lt;/b&gt; (INPUT): one or more hourly flux rasters (GeoTIFF, one a year, or netCDF, any period), all on one grid; their hours are joined in time order. Different grids, or an hour given twice, are an error and nothing is written.
&lt;b&gt;Forcing file&lt;/b&gt; (FORCING) and &lt;b&gt;Calibration&lt;/b&gt; (CALIBRATION), instead of INPUT: the hourly flux is computed on the fly from the forcing exactly as 'Compute flux raster' computes it, a calendar year at a time on all CPU cores, and summed without writing any hourly raster (the fast way to the annual numbers; the same results as the flux rasters of the whole forcing period would give). The MASK below also plays the part of the flux tool's sand mask. Give either INPUT or FORCING with CALIBRATION, not both.
&lt;b&gt;SOC raster / SOC value / pH raster / pH value&lt;/b&gt; (SOC, SOC_VALUE, PH, PH_VALUE, advanced, optional, with FORCING only): the soil that scales the uptake, as in 'Compute flux raster' (a raster is used before a value; neither: the station's soil, factor 1).
&lt;b&gt;Mask&lt;/b&gt; (MASK, optional polygon layer): the region to total; a cell counts when its centre is inside a polygon. Cells outside are NoData. Empty: every cell.
&lt;b&gt;Minimum coverage&lt;/b&gt; (MIN_COVERAGE, fraction 0-1, default 0.9): the share of the year's hours (8760, or 8784 in a leap year) that must be valid for a cell-year; below it the cell-year is NoData. Missing hours are not counted as zero: the annual value is the mean of the valid hours x the hours of the year x 3600 s, so a year with gaps (or a partial year above the threshold) stays comparable.
&lt;b&gt;Annual net flux&lt;/b&gt; (OUTPUT): GeoTIFF, one band a year (band name = year), g CO2 m-2 yr-1, negative = uptake, NoData -9999.
&lt;b&gt;Table&lt;/b&gt; (TABLE, CSV): one row a year: year, hours_in_year, hours_valid (hours with a value in at least one region cell), coverage, cells_valid, area_km2 (area of the cells with a value), mean_net_flux_g_co2_m2_yr, sequestration_g_c_m2_yr, total_net_flux_t_co2, sequestration_tg_c and, when the flux rasters carry the calibration's bootstrap ratio (SANDFLUX_TOTAL_RATIO_CI95), the 95 % interval of both totals (the total times the ratio's 2.5 and 97.5 % quantiles). Loads as a table layer.
&lt;b&gt;Trend&lt;/b&gt; (TREND, optional GeoTIFF): per cell, with at least 5 years: band 1 Theil-Sen slope (g CO2 m-2 yr-2), bands 2-3 its 95 % interval, band 4 the Mann-Kendall p-value (two-sided, tie-corrected), band 5 the years used. Fewer than 5 years: not written (warning).
&lt;b&gt;Report&lt;/b&gt; (REPORT, HTML): the table, the regional trend (Theil-Sen, Mann-Kendall, at least 5 years), a plot of the annual totals with their intervals and a map of the mean sequestration.
&lt;b&gt;Dask scheduler&lt;/b&gt; (DASK_SCHEDULER, advanced, optional): address of a dask.distributed scheduler (e.g. tcp://host:8786) whose workers read the flux rasters, or compute the flux of FORCING + CALIBRATION, a time slice a task, and sum it (the files must be at the same path on every worker); empty = the environment variable SANDFLUX_DASK_SCHEDULER, and when that is empty too the tool runs here. Same numbers either way.

Outputs for models: MEAN_SEQUESTRATION, the mean over the years with a value of the regional sequestration (g C m-2 yr-1, positive = uptake), and TOTAL, the mean over those years of the regional total net flux (t CO2 yr-1, negative = uptake). A failed or cancelled run leaves no output.</source>
            <translation type="vanished">将“计算通量栅格”写出的逐时 CO2 通量栅格（或由驱动文件即时计算的逐时通量）按日历年（UTC）逐格累加为每年一个值，按 WGS84 椭球面上的真实网格面积对区域求总量，并检验各年间的趋势。符号约定：净通量单位为 g CO2 m-2 yr-1，负值 = 吸收（被沙地吸收，与逐时通量相同）；固碳量单位为 g C 和 Tg C，正值 = 吸收。g C = g CO2 x 12.011 / 44.01。

&lt;b&gt;通量栅格&lt;/b&gt;（INPUT）：一个或多个逐时通量栅格（GeoTIFF，每年一个；或 netCDF，任意时段），须位于同一网格上；其各小时按时间顺序拼接。网格不同或同一小时出现两次均为错误，不写出任何结果。
&lt;b&gt;驱动文件&lt;/b&gt;（FORCING）与&lt;b&gt;率定文件&lt;/b&gt;（CALIBRATION），代替 INPUT：由驱动文件即时计算逐时通量，算法与“计算通量栅格”完全相同，每次一个日历年、使用全部 CPU 核，累加时不写出任何逐时栅格（得到年值的快捷途径；结果与整个驱动时段的通量栅格所给结果相同）。下面的 MASK 同时起到通量工具中沙地掩膜的作用。INPUT 与 FORCING（及 CALIBRATION）只能给出其一。
&lt;b&gt;SOC 栅格 / SOC 值 / pH 栅格 / pH 值&lt;/b&gt;（SOC、SOC_VALUE、PH、PH_VALUE，高级，可选，仅用于 FORCING）：按土壤缩放吸收项，规则同“计算通量栅格”（栅格优先于数值；都不给：使用站点土壤，系数为 1）。
&lt;b&gt;掩膜&lt;/b&gt;（MASK，可选的面图层）：要汇总的区域；网格中心位于某个面内时该网格计入。区域外的网格为 NoData。为空：全部网格。
&lt;b&gt;最低覆盖率&lt;/b&gt;（MIN_COVERAGE，0-1 之间的比例，默认 0.9）：一个网格年中必须有效的小时数占全年小时数（8760，闰年为 8784）的比例；低于该值时该网格年为 NoData。缺失的小时不按零计：年值 = 有效小时的均值 x 全年小时数 x 3600 s，因此有缺测的年份（或超过阈值的不完整年份）仍可相互比较。
&lt;b&gt;年净通量&lt;/b&gt;（OUTPUT）：GeoTIFF，每年一个波段（波段名 = 年份），g CO2 m-2 yr-1，负值 = 吸收，NoData -9999。
&lt;b&gt;表格&lt;/b&gt;（TABLE，CSV）：每年一行：year、hours_in_year、hours_valid（区域内至少一个网格有值的小时数）、coverage、cells_valid、area_km2（有值网格的面积）、mean_net_flux_g_co2_m2_yr、sequestration_g_c_m2_yr、total_net_flux_t_co2、sequestration_tg_c；若通量栅格带有率定的 bootstrap 比值（SANDFLUX_TOTAL_RATIO_CI95），还给出两个总量的 95 % 区间（总量乘以该比值的 2.5 % 和 97.5 % 分位数）。以表格图层加载。
&lt;b&gt;趋势&lt;/b&gt;（TREND，可选的 GeoTIFF）：逐格计算，至少需要 5 年：波段 1 为 Theil-Sen 斜率（g CO2 m-2 yr-2），波段 2-3 为其 95 % 区间，波段 4 为 Mann-Kendall p 值（双侧，经结值（tie）校正），波段 5 为所用年数。不足 5 年：不写出（给出警告）。
&lt;b&gt;报告&lt;/b&gt;（REPORT，HTML）：表格、区域趋势（Theil-Sen、Mann-Kendall，至少 5 年）、年总量及其区间的曲线图，以及平均固碳量地图。
&lt;b&gt;Dask 调度器&lt;/b&gt;（DASK_SCHEDULER，高级，可选）：dask.distributed 调度器的地址（如 tcp://host:8786），由其工作进程读取通量栅格，或由 FORCING + CALIBRATION 计算通量，每个任务一个时间片，并进行累加（文件须在每个工作节点上位于相同路径）；为空 = 使用环境变量 SANDFLUX_DASK_SCHEDULER，该变量也为空时在本机运行。两种方式结果相同。

供模型使用的输出：MEAN_SEQUESTRATION，区域固碳量在有值各年的均值（g C m-2 yr-1，正值 = 吸收）；TOTAL，区域总净通量在这些年的均值（t CO2 yr-1，负值 = 吸收）。运行失败或被取消时不留下任何输出。</translation>
        </message>
        <message>
            <source>Sums the hourly CO2 flux rasters written by 'Compute flux raster' into one value a calendar year (UTC) per cell, totals them over the region on the true cell areas of the WGS84 ellipsoid, and tests the trend across years. Sign convention: net flux in g CO2 m-2 yr-1, negative = uptake by the sand (as the hourly flux); sequestration in g C and Tg C, positive = uptake. g C = g CO2 x 12.011 / 44.01.

&lt;b&gt;Flux rasters&lt;/b&gt; (INPUT): one or more hourly flux rasters (GeoTIFF, one a year, or netCDF, any period), all on one grid; their hours are joined in time order. Different grids, or an hour given twice, are an error and nothing is written.
&lt;b&gt;Mask&lt;/b&gt; (MASK, optional polygon layer): the region to total; a cell counts when its centre is inside a polygon. Cells outside are NoData. Empty: every cell.
&lt;b&gt;Minimum coverage&lt;/b&gt; (MIN_COVERAGE, fraction 0-1, default 0.9): the share of the year's hours (8760, or 8784 in a leap year) that must be valid for a cell-year; below it the cell-year is NoData. Missing hours are not counted as zero: the annual value is the mean of the valid hours x the hours of the year x 3600 s, so a year with gaps (or a partial year above the threshold) stays comparable.
&lt;b&gt;Annual net flux&lt;/b&gt; (OUTPUT): GeoTIFF, one band a year (band name = year), g CO2 m-2 yr-1, negative = uptake, NoData -9999.
&lt;b&gt;Table&lt;/b&gt; (TABLE, CSV): one row a year: year, hours_in_year, hours_valid (hours with a value in at least one region cell), coverage, cells_valid, area_km2 (area of the cells with a value), mean_net_flux_g_co2_m2_yr, sequestration_g_c_m2_yr, total_net_flux_t_co2, sequestration_tg_c and, when the flux rasters carry the calibration's bootstrap ratio (SANDFLUX_TOTAL_RATIO_CI95), the 95 % interval of both totals (the total times the ratio's 2.5 and 97.5 % quantiles). Loads as a table layer.
&lt;b&gt;Trend&lt;/b&gt; (TREND, optional GeoTIFF): per cell, with at least 5 years: band 1 Theil-Sen slope (g CO2 m-2 yr-2), bands 2-3 its 95 % interval, band 4 the Mann-Kendall p-value (two-sided, tie-corrected), band 5 the years used. Fewer than 5 years: not written (warning).
&lt;b&gt;Report&lt;/b&gt; (REPORT, HTML): the table, the regional trend (Theil-Sen, Mann-Kendall, at least 5 years), a plot of the annual totals with their intervals and a map of the mean sequestration.
&lt;b&gt;Dask scheduler&lt;/b&gt; (DASK_SCHEDULER, advanced, optional): address of a dask.distributed scheduler (e.g. tcp://host:8786) whose workers read and sum the flux rasters (they must be at the same path on every worker); empty = the environment variable SANDFLUX_DASK_SCHEDULER, and when that is empty too the tool runs here. Same numbers either way.

Outputs for models: MEAN_SEQUESTRATION, the mean over the years with a value of the regional sequestration (g C m-2 yr-1, positive = uptake), and TOTAL, the mean over those years of the regional total net flux (t CO2 yr-1, negative = uptake). A failed or cancelled run leaves no output.</source>
            <translation type="vanished">将“计算通量栅格”写出的逐时 CO2 通量栅格按日历年（UTC）逐格累加为每年一个值，按 WGS84 椭球面上的真实网格面积对区域求总量，并检验各年间的趋势。符号约定：净通量单位为 g CO2 m-2 yr-1，负值 = 吸收（被沙地吸收，与逐时通量相同）；固碳量单位为 g C 和 Tg C，正值 = 吸收。g C = g CO2 x 12.011 / 44.01。

&lt;b&gt;通量栅格&lt;/b&gt;（INPUT）：一个或多个逐时通量栅格（GeoTIFF，每年一个；或 netCDF，任意时段），须位于同一网格上；其各小时按时间顺序拼接。网格不同或同一小时出现两次均为错误，不写出任何结果。
&lt;b&gt;掩膜&lt;/b&gt;（MASK，可选的面图层）：要汇总的区域；网格中心位于某个面内时该网格计入。区域外的网格为 NoData。为空：全部网格。
&lt;b&gt;最低覆盖率&lt;/b&gt;（MIN_COVERAGE，0-1 之间的比例，默认 0.9）：一个网格年中必须有效的小时数占全年小时数（8760，闰年为 8784）的比例；低于该值时该网格年为 NoData。缺失的小时不按零计：年值 = 有效小时的均值 x 全年小时数 x 3600 s，因此有缺测的年份（或超过阈值的不完整年份）仍可相互比较。
&lt;b&gt;年净通量&lt;/b&gt;（OUTPUT）：GeoTIFF，每年一个波段（波段名 = 年份），g CO2 m-2 yr-1，负值 = 吸收，NoData -9999。
&lt;b&gt;表格&lt;/b&gt;（TABLE，CSV）：每年一行：year、hours_in_year、hours_valid（区域内至少一个网格有值的小时数）、coverage、cells_valid、area_km2（有值网格的面积）、mean_net_flux_g_co2_m2_yr、sequestration_g_c_m2_yr、total_net_flux_t_co2、sequestration_tg_c；若通量栅格带有率定的 bootstrap 比值（SANDFLUX_TOTAL_RATIO_CI95），还给出两个总量的 95 % 区间（总量乘以该比值的 2.5 % 和 97.5 % 分位数）。以表格图层加载。
&lt;b&gt;趋势&lt;/b&gt;（TREND，可选的 GeoTIFF）：逐格计算，至少需要 5 年：波段 1 为 Theil-Sen 斜率（g CO2 m-2 yr-2），波段 2-3 为其 95 % 区间，波段 4 为 Mann-Kendall p 值（双侧，经结值（tie）校正），波段 5 为所用年数。不足 5 年：不写出（给出警告）。
&lt;b&gt;报告&lt;/b&gt;（REPORT，HTML）：表格、区域趋势（Theil-Sen、Mann-Kendall，至少 5 年）、年总量及其区间的曲线图，以及平均固碳量地图。
&lt;b&gt;Dask 调度器&lt;/b&gt;（DASK_SCHEDULER，高级，可选）：dask.distributed 调度器的地址（如 tcp://host:8786），由其工作进程读取并累加通量栅格（栅格须在每个工作节点上位于相同路径）；为空 = 使用环境变量 SANDFLUX_DASK_SCHEDULER，该变量也为空时在本机运行。两种方式结果相同。

供模型使用的输出：MEAN_SEQUESTRATION，区域固碳量在有值各年的均值（g C m-2 yr-1，正值 = 吸收）；TOTAL，区域总净通量在这些年的均值（t CO2 yr-1，负值 = 吸收）。运行失败或被取消时不留下任何输出。</translation>
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
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="16" />
            <source>Sums the hourly CO2 flux rasters written by 'Compute flux raster' (or the hourly flux computed on the fly from the forcing file) into one value a calendar year (UTC) per cell, totals them over the region on the true cell areas of the WGS84 ellipsoid, and tests the trend across years. Sign convention: net flux in g CO2 m-2 yr-1, negative = uptake by the sand (as the hourly flux); sequestration in g C and Tg C, positive = uptake. g C = g CO2 x 12.011 / 44.01.

&lt;b&gt;Flux rasters&lt;/b&gt; (INPUT): one or more hourly flux rasters (GeoTIFF, one a year, or netCDF, any period), all on one grid; their hours are joined in time order. Different grids, or an hour given twice, are an error and nothing is written.
&lt;b&gt;Forcing file&lt;/b&gt; (FORCING) and &lt;b&gt;Calibration&lt;/b&gt; (CALIBRATION), instead of INPUT: the hourly flux is computed on the fly from the forcing exactly as 'Compute flux raster' computes it, a calendar year at a time (the next block read on a second thread), and summed without writing any hourly raster (the fast way to the annual numbers; the same results as the flux rasters of the whole forcing period would give). The MASK below also plays the part of the flux tool's sand mask. Give either INPUT or FORCING with CALIBRATION, not both.
&lt;b&gt;SOC raster / SOC value / pH raster / pH value&lt;/b&gt; (SOC, SOC_VALUE, PH, PH_VALUE, advanced, optional, with FORCING only): the soil that scales the uptake, as in 'Compute flux raster' (a raster is used before a value; neither: the station's soil, factor 1).
&lt;b&gt;Mask&lt;/b&gt; (MASK, optional polygon layer): the region to total; a cell counts when its centre is inside a polygon. Cells outside are NoData. Empty: every cell.
&lt;b&gt;Weight cells by their sand fraction&lt;/b&gt; (SAND_FRACTION, default off): each cell counts the share of it the MASK polygons cover, measured exactly on the WGS84 ellipsoid (a cell half covered counts half its area), instead of the cell-centre rule; cells touched at all are kept.
&lt;b&gt;Land-cover raster&lt;/b&gt; (LANDCOVER, optional) and &lt;b&gt;sand classes&lt;/b&gt; (LANDCOVER_CLASSES, e.g. 60 for ESA WorldCover bare / sparse vegetation): each cell also counts the share of its land-cover pixels in those classes (mean of the 0/1 pixels over the cell, NoData left out). The table gives the sand area (area_km2) next to the area of the cells (cell_area_km2).
&lt;b&gt;Minimum coverage&lt;/b&gt; (MIN_COVERAGE, fraction 0-1, default 0.9): the share of the year's hours (8760, or 8784 in a leap year) that must be valid for a cell-year; below it the cell-year is NoData. Missing hours are not counted as zero: the annual value is the mean of the valid hours x the hours of the year x 3600 s, so a year with gaps (or a partial year above the threshold) stays comparable.
&lt;b&gt;Annual net flux&lt;/b&gt; (OUTPUT): GeoTIFF, one band a year (band name = year), g CO2 m-2 yr-1, negative = uptake, NoData -9999.
&lt;b&gt;Table&lt;/b&gt; (TABLE, CSV): one row a year: year, hours_in_year, hours_valid (hours with a value in at least one region cell), coverage, cells_valid, area_km2 (sand area of the cells with a value: cell area x weight), cell_area_km2 (their whole area), mean_net_flux_g_co2_m2_yr, sequestration_g_c_m2_yr, total_net_flux_t_co2, sequestration_tg_c and the 95 % interval of both totals: from the ensemble (ENSEMBLE, below) or, with ENSEMBLE 0 or flux rasters carrying the calibration's bootstrap ratio (SANDFLUX_TOTAL_RATIO_CI95), the total times the ratio's 2.5 and 97.5 % quantiles. Loads as a table layer.
&lt;b&gt;Trend&lt;/b&gt; (TREND, optional GeoTIFF): per cell, with at least 5 years: band 1 Theil-Sen slope (g CO2 m-2 yr-2), bands 2-3 its 95 % interval, band 4 the Mann-Kendall p-value (two-sided, tie-corrected), band 5 the years used. Fewer than 5 years: not written (warning).
&lt;b&gt;Report&lt;/b&gt; (REPORT, HTML): the table, the regional trend (Theil-Sen, Mann-Kendall, at least 5 years), a plot of the annual totals with their intervals and a map of the mean sequestration.
&lt;b&gt;Ensemble&lt;/b&gt; (ENSEMBLE, with FORCING, default 100): how many of the calibration's bootstrap parameter sets are run through the hourly flux of every cell beside the central set; the table's 95 % intervals are then the 2.5 and 97.5 % quantiles of the regional totals summed member by member, and the report compares them with the ratio method. The cost grows with the number: about 0.15 s of CPU a year and set for the 45 x 19 Taklimakan box, so 23 years with 100 sets take about 6 minutes on one core. 0: the ratio method (each total times the bootstrap ratio of the station mean flux), as with flux rasters (INPUT), which hold the central flux only. A calibration without bootstrap sets runs without an interval (warning).
&lt;b&gt;Uncertainty&lt;/b&gt; (UNCERTAINTY, optional GeoTIFF, with ENSEMBLE &gt; 0): three bands a year, the 2.5, 50 and 97.5 % quantiles over the ensemble of the annual net flux per cell (g CO2 m-2 yr-1, negative = uptake); band names say the year and the quantile.
&lt;b&gt;Dask scheduler&lt;/b&gt; (DASK_SCHEDULER, advanced, optional): address of a dask.distributed scheduler (e.g. tcp://host:8786) whose workers read and sum the flux rasters (they must be at the same path on every worker); empty = the environment variable SANDFLUX_DASK_SCHEDULER, and when that is empty too the tool runs here. Same numbers either way. With FORCING leave it empty (the on-the-fly sums run here).

Outputs for models: MEAN_SEQUESTRATION, the mean over the years with a value of the regional sequestration (g C m-2 yr-1, positive = uptake), and TOTAL, the mean over those years of the regional total net flux (t CO2 yr-1, negative = uptake). A failed or cancelled run leaves no output.</source>
            <translation>将“计算通量栅格”写出的逐时 CO2 通量栅格（或由驱动文件即时计算的逐时通量）按日历年（UTC）逐格累加为每年一个值，按 WGS84 椭球面上的真实网格面积对区域求总量，并检验各年间的趋势。符号约定：净通量单位为 g CO2 m-2 yr-1，负值 = 吸收（被沙地吸收，与逐时通量相同）；固碳量单位为 g C 和 Tg C，正值 = 吸收。g C = g CO2 x 12.011 / 44.01。

&lt;b&gt;通量栅格&lt;/b&gt;（INPUT）：一个或多个逐时通量栅格（GeoTIFF，每年一个；或 netCDF，任意时段），须位于同一网格上；其各小时按时间顺序拼接。网格不同或同一小时出现两次均为错误，不写出任何结果。
&lt;b&gt;驱动文件&lt;/b&gt;（FORCING）与&lt;b&gt;率定文件&lt;/b&gt;（CALIBRATION），代替 INPUT：由驱动文件即时计算逐时通量，算法与“计算通量栅格”完全相同，每次一个日历年（在第二个线程上预读下一块），累加时不写出任何逐时栅格（得到年值的快捷途径；结果与整个驱动时段的通量栅格所给结果相同）。下面的 MASK 同时起到通量工具中沙地掩膜的作用。INPUT 与 FORCING（及 CALIBRATION）只能给出其一。
&lt;b&gt;SOC 栅格 / SOC 值 / pH 栅格 / pH 值&lt;/b&gt;（SOC、SOC_VALUE、PH、PH_VALUE，高级，可选，仅用于 FORCING）：按土壤缩放吸收项，规则同“计算通量栅格”（栅格优先于数值；都不给：使用站点土壤，系数为 1）。
&lt;b&gt;掩膜&lt;/b&gt;（MASK，可选的面图层）：要汇总的区域；网格中心位于某个面内时该网格计入。区域外的网格为 NoData。为空：全部网格。
&lt;b&gt;按沙地比例加权&lt;/b&gt;（SAND_FRACTION，默认关闭）：每个格网单元按 MASK 多边形在 WGS84 椭球面上精确覆盖的比例计入（覆盖一半的单元计其面积的一半），取代单元中心规则；凡被触及的单元都保留。
&lt;b&gt;土地覆盖栅格&lt;/b&gt;（LANDCOVER，可选）与&lt;b&gt;沙地类别&lt;/b&gt;（LANDCOVER_CLASSES，如 ESA WorldCover 的裸地/稀疏植被为 60）：每个单元再乘以其土地覆盖像元中属于这些类别的比例（0/1 像元在单元上的均值，NoData 不计）。表格在单元面积（cell_area_km2）旁给出沙地面积（area_km2）。
&lt;b&gt;最低覆盖率&lt;/b&gt;（MIN_COVERAGE，0-1 之间的比例，默认 0.9）：一个网格年中必须有效的小时数占全年小时数（8760，闰年为 8784）的比例；低于该值时该网格年为 NoData。缺失的小时不按零计：年值 = 有效小时的均值 x 全年小时数 x 3600 s，因此有缺测的年份（或超过阈值的不完整年份）仍可相互比较。
&lt;b&gt;年净通量&lt;/b&gt;（OUTPUT）：GeoTIFF，每年一个波段（波段名 = 年份），g CO2 m-2 yr-1，负值 = 吸收，NoData -9999。
&lt;b&gt;表格&lt;/b&gt;（TABLE，CSV）：每年一行：year、hours_in_year、hours_valid（区域内至少一个网格有值的小时数）、coverage、cells_valid、area_km2（有值网格的面积）、mean_net_flux_g_co2_m2_yr、sequestration_g_c_m2_yr、total_net_flux_t_co2、sequestration_tg_c；若通量栅格带有率定的 bootstrap 比值（SANDFLUX_TOTAL_RATIO_CI95），还给出两个总量的 95 % 区间（总量乘以该比值的 2.5 % 和 97.5 % 分位数）。以表格图层加载。
&lt;b&gt;趋势&lt;/b&gt;（TREND，可选的 GeoTIFF）：逐格计算，至少需要 5 年：波段 1 为 Theil-Sen 斜率（g CO2 m-2 yr-2），波段 2-3 为其 95 % 区间，波段 4 为 Mann-Kendall p 值（双侧，经结值（tie）校正），波段 5 为所用年数。不足 5 年：不写出（给出警告）。
&lt;b&gt;报告&lt;/b&gt;（REPORT，HTML）：表格、区域趋势（Theil-Sen、Mann-Kendall，至少 5 年）、年总量及其区间的曲线图，以及平均固碳量地图。
&lt;b&gt;集合&lt;/b&gt;（ENSEMBLE，配合 FORCING，默认 100）：从率定文件的 bootstrap 参数集中取多少组，与中心参数一起逐格、逐小时通过通量模型计算；表格的 95 % 区间即为逐成员累加的区域总量的 2.5 % 与 97.5 % 分位数，报告将其与比值法比较。耗时随成员数线性增长（塔克拉玛干 45 x 19 格点约每年每组 0.15 秒 CPU，23 年 100 组在单核上约 6 分钟）。0：比值法（每个总量乘以站点平均通量的 bootstrap 比值），通量栅格（INPUT）只含中心通量，也用比值法。率定文件没有 bootstrap 参数集时不给出区间（给出警告）。
&lt;b&gt;不确定性&lt;/b&gt;（UNCERTAINTY，可选的 GeoTIFF，需 ENSEMBLE &gt; 0）：每年三个波段，为逐格年净通量（g CO2 m-2 yr-1，负 = 吸收）在集合上的 2.5 %、50 % 和 97.5 % 分位数；波段名注明年份和分位数。
&lt;b&gt;Dask 调度器&lt;/b&gt;（DASK_SCHEDULER，高级，可选）：dask.distributed 调度器的地址（如 tcp://host:8786），由其工作进程读取并累加通量栅格（栅格须在每个工作节点上位于相同路径）；为空 = 使用环境变量 SANDFLUX_DASK_SCHEDULER，该变量也为空时在本机运行。两种方式结果相同。使用 FORCING 时请留空（即时累加在本机运行）。

供模型使用的输出：MEAN_SEQUESTRATION，区域固碳量在有值各年的均值（g C m-2 yr-1，正值 = 吸收）；TOTAL，区域总净通量在这些年的均值（t CO2 yr-1，负值 = 吸收）。运行失败或被取消时不留下任何输出。</translation>
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="121" />
            <source>Weight cells by their sand fraction (exact polygon overlap on the ellipsoid)</source>
            <translation>按沙地比例加权单元（椭球面上多边形的精确重叠）</translation>
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="124" />
            <source>Land-cover raster (sand share of each cell)</source>
            <translation>土地覆盖栅格（每个单元的沙地比例）</translation>
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="127" />
            <source>Land-cover classes that mean shifting sand (e.g. 60)</source>
            <translation>表示流动沙地的土地覆盖类别（如 60）</translation>
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="142" />
            <source>Ensemble: bootstrap parameter sets run through the flux (with FORCING; 0 = ratio method)</source>
            <translation>集合：通过通量模型计算的 bootstrap 参数集数（配合 FORCING；0 = 比值法）</translation>
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="146" />
            <source>Uncertainty per cell (2.5/50/97.5 % quantiles a year)</source>
            <translation>逐格不确定性（每年 2.5/50/97.5 % 分位数）</translation>
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="173" />
            <source>Flux rasters hold the central flux only: the intervals come from the ratio method (ENSEMBLE is for FORCING).</source>
            <translation>通量栅格只含中心通量：区间来自比值法（ENSEMBLE 仅用于 FORCING）。</translation>
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
&lt;b&gt;Dask scheduler&lt;/b&gt; (DASK_SCHEDULER, advanced, optional): address of a dask.distributed scheduler (e.g. tcp://host:8786) that computes the time chunks on its workers (the forcing file must be at the same path on every worker); empty = the environment variable SANDFLUX_DASK_SCHEDULER, and when that is empty too the tool runs here. Same numbers either way.
&lt;b&gt;Flux raster&lt;/b&gt; (OUTPUT): .tif (GeoTIFF: one Float32 band an hour, band description = UTC hour, NoData -9999, EPSG:4326, DEFLATE) or .nc (CF-1.8 netCDF, variable co2_flux). A GeoTIFF holds at most one calendar year (GDAL reads at most 32768 bands): for a longer period write .nc or run the tool once a year in batch mode (one row a year). The raster's metadata records units, sign convention, model, calibration hash, software version and period.

The layer loads with a diverging ramp centred on 0 (blue = uptake, brown = release) showing the first hour, and with the period as its fixed temporal range.</source>
            <translation>计算驱动网格中每个网格上流沙的逐时 CO2 净通量，单位为 g CO2 m-2 s-1，&lt;b&gt;负值 = 吸收&lt;/b&gt;（被沙地吸收），正值 = 释放。对每个网格和每个小时，先应用率定文件中 ERA5 到站点的土壤校正，再应用其通量模型：F = model(Ts, theta, dTs/dt, s)。dTs/dt（K h-1）是校正后土壤温度在一个时间步长上的后向差分；若驱动文件包含时段第一个小时的前一小时，则第一个小时使用该前一小时（因此逐年计算与整个时段一次计算的结果相同）；驱动文件的最初一个小时使用到第二个小时的前向差分。
沙漠方案的吸收项按土壤缩放：s = (SOC_station / SOC) * (pH / pH_station)（在站点土壤处 s = 1；某一因子的值未给出或率定文件中没有相应站点值时，该因子为 1）。

&lt;b&gt;驱动文件&lt;/b&gt;（FORCING）：“导入 ERA5”写出的 netCDF。
&lt;b&gt;率定文件&lt;/b&gt;（CALIBRATION）：“由站点 CSV 率定”写出的 .json。
&lt;b&gt;SOC 栅格&lt;/b&gt;（SOC，可选）或 &lt;b&gt;SOC 数值&lt;/b&gt;（SOC_VALUE，可选）：土壤有机碳，单位同率定文件中的站点 SOC。栅格用 GDAL 'average' 重采样到驱动网格（与每个网格重叠的像元的均值）；其 NoData 网格得到 NoData 通量。两者都给出时使用栅格。两者都未给出：使用站点值（因子为 1）。
&lt;b&gt;pH 栅格&lt;/b&gt;（PH，可选）或 &lt;b&gt;pH 数值&lt;/b&gt;（PH_VALUE，可选）：土壤 pH，规则同上。
&lt;b&gt;沙地掩膜面&lt;/b&gt;（MASK，可选）或 &lt;b&gt;沙地掩膜栅格&lt;/b&gt;（MASK_RASTER，可选，非零 = 沙地）：掩膜外的网格为 NoData。两者不能同时给出。掩膜与驱动网格不重叠或不含任何面时为错误。
&lt;b&gt;保留掩膜接触的所有网格&lt;/b&gt;（ALL_TOUCHED，高级，默认关闭）：关闭 = 网格中心位于某个面内时保留该网格；开启 = 有面接触该网格时即保留（对掩膜栅格：有任一沙地像元与之重叠时保留）。
&lt;b&gt;开始 / 结束&lt;/b&gt;（START、END，可选）：第一个和最后一个小时，UTC，均包含在内。为空：整个驱动文件。
&lt;b&gt;每块小时数&lt;/b&gt;（CHUNK_HOURS，高级，默认 0 = 自动）：一次计算的小时数。
&lt;b&gt;Dask 调度器&lt;/b&gt;（DASK_SCHEDULER，高级，可选）：dask.distributed 调度器的地址（如 tcp://host:8786），由其工作进程计算各时间块（驱动文件须在每个工作节点上位于相同路径）；为空 = 使用环境变量 SANDFLUX_DASK_SCHEDULER，该变量也为空时在本机运行。两种方式结果相同。
&lt;b&gt;通量栅格&lt;/b&gt;（OUTPUT）：.tif（GeoTIFF：每小时一个 Float32 波段，波段描述 = UTC 小时，NoData -9999，EPSG:4326，DEFLATE）或 .nc（CF-1.8 netCDF，变量 co2_flux）。一个 GeoTIFF 最多容纳一个日历年（GDAL 最多读取 32768 个波段）：更长的时段请写出 .nc，或以批处理模式每年运行一次本工具（每年一行）。栅格元数据记录单位、符号约定、模型、率定文件哈希、软件版本和时段。

图层加载时使用以 0 为中心的发散色带（蓝色 = 吸收，棕色 = 释放），显示第一个小时，并以该时段作为其固定时间范围。</translation>
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="95" />
            <source>Flux raster (.tif: one year at most; .nc: any period)</source>
            <translation>通量栅格（.tif：最多一年；.nc：任意时段）</translation>
        </message>
        <message>
            <location filename="../../algorithms/driver_attribution.py" line="9" />
            <source>Relates the annual net CO2 flux of each cell and of the region to annual drivers computed from the forcing, by least-squares regression across the years: mean soil temperature Ts (K), mean daily soil-temperature range (K; max - min of Ts over each complete UTC day, averaged over the year), hours with soil moisture above the pulse threshold theta_c (h yr-1) and mean soil moisture theta (m3 m-3). Ts and theta are those the flux model sees (after the calibration's soil correction). Net flux in g CO2 m-2 yr-1, &lt;b&gt;negative = uptake&lt;/b&gt; by the sand; a slope is in g CO2 m-2 yr-1 per driver unit, positive = more release (or less uptake) with more of the driver.

&lt;b&gt;Forcing file&lt;/b&gt; (FORCING) and &lt;b&gt;Calibration&lt;/b&gt; (CALIBRATION): the flux is computed on the fly from the forcing as 'Compute flux raster' computes it; nothing hourly is written.
&lt;b&gt;SOC raster / SOC value / pH raster / pH value&lt;/b&gt; (SOC, SOC_VALUE, PH, PH_VALUE, advanced, optional): the soil that scales the uptake, as in 'Compute flux raster'.
&lt;b&gt;Mask&lt;/b&gt; (MASK, optional polygon layer): the region; a cell counts when its centre is inside a polygon. Empty: every cell.
&lt;b&gt;Minimum coverage&lt;/b&gt; (MIN_COVERAGE, default 0.9): as in 'Sum annual sequestration'.
&lt;b&gt;Pulse threshold&lt;/b&gt; (PULSE_THRESHOLD, m3 m-3, optional): theta_c of the pulse hours; empty = the desert scheme's fitted theta_c (another model needs a value).
&lt;b&gt;Slope raster&lt;/b&gt; (OUTPUT): GeoTIFF of the per-cell regression of the annual net flux on the mean daily soil-temperature range: band 1 slope (g CO2 m-2 yr-1 per K), bands 2-3 its 95 % interval (Student's t), band 4 the two-sided p-value, band 5 r2, band 6 the years used (at least 3).
&lt;b&gt;Table&lt;/b&gt; (TABLE, CSV): one row a regression of the region (area-weighted regional means, a point a year): each driver alone, then all four together (ordinary least squares): slope, stderr, ci95_low, ci95_high, p_value, r2, n.
&lt;b&gt;Report&lt;/b&gt; (REPORT, HTML): the scatter plots of the regional annual net flux against each driver with the fitted lines, and the table.

With few years the intervals are wide: read the p-values, not only the slopes. A failed or cancelled run leaves no output.</source>
            <translation>通过跨年最小二乘回归，将每个单元及整个区域的年 CO2 净通量与由驱动数据计算的年驱动因子相关联：平均土壤温度 Ts（K）、平均土壤温度日较差（K；每个完整 UTC 日 Ts 的最大值减最小值，再取年均）、土壤含水量高于脉冲阈值 theta_c 的小时数（h yr-1）以及平均土壤含水量 theta（m3 m-3）。Ts 与 theta 为通量模型所用的值（经率定的土壤校正）。净通量单位 g CO2 m-2 yr-1，&lt;b&gt;负 = 沙地吸收&lt;/b&gt;；斜率单位为每单位驱动因子的 g CO2 m-2 yr-1，正 = 驱动因子越大释放越多（或吸收越少）。

&lt;b&gt;驱动文件&lt;/b&gt;（FORCING）与&lt;b&gt;率定文件&lt;/b&gt;（CALIBRATION）：按“计算通量栅格”的方法由驱动数据即时计算通量，不写出逐小时文件。
&lt;b&gt;SOC 栅格 / SOC 值 / pH 栅格 / pH 值&lt;/b&gt;（SOC、SOC_VALUE、PH、PH_VALUE，高级，可选）：缩放吸收项的土壤性质，同“计算通量栅格”。
&lt;b&gt;掩膜&lt;/b&gt;（MASK，可选的多边形图层）：区域；单元中心位于多边形内的单元计入。空：所有单元。
&lt;b&gt;最低覆盖率&lt;/b&gt;（MIN_COVERAGE，默认 0.9）：同“年度固碳汇总”。
&lt;b&gt;脉冲阈值&lt;/b&gt;（PULSE_THRESHOLD，m3 m-3，可选）：脉冲小时数的 theta_c；空 = 荒漠方案拟合的 theta_c（其他模型须给定）。
&lt;b&gt;斜率栅格&lt;/b&gt;（OUTPUT）：逐单元年净通量对平均土壤温度日较差回归的 GeoTIFF：波段 1 斜率（每 K 的 g CO2 m-2 yr-1），波段 2-3 其 95 % 区间（Student t），波段 4 双侧 p 值，波段 5 r2，波段 6 所用年数（至少 3 年）。
&lt;b&gt;表格&lt;/b&gt;（TABLE，CSV）：区域的每个回归一行（按面积加权的区域均值，每年一个点）：各驱动因子单独回归，然后四个一起（普通最小二乘）：slope、stderr、ci95_low、ci95_high、p_value、r2、n。
&lt;b&gt;报告&lt;/b&gt;（REPORT，HTML）：区域年净通量对各驱动因子的散点图及拟合线，以及表格。

年数较少时区间较宽：请同时看 p 值，而不只是斜率。运行失败或被取消时不留下任何输出。</translation>
        </message>
        <message>
            <location filename="../../algorithms/driver_attribution.py" line="43" />
            <source>Attribute flux to drivers</source>
            <translation>通量的驱动因子归因</translation>
        </message>
        <message>
            <location filename="../../algorithms/driver_attribution.py" line="64" />
            <source>Pulse threshold theta_c (m3 m-3; empty = the calibration's)</source>
            <translation>脉冲阈值 theta_c（m3 m-3；空 = 率定值）</translation>
        </message>
        <message>
            <location filename="../../algorithms/driver_attribution.py" line="68" />
            <source>Slope on the daily soil-temperature range (per cell)</source>
            <translation>对土壤温度日较差的斜率（逐单元）</translation>
        </message>
        <message>
            <location filename="../../algorithms/driver_attribution.py" line="70" />
            <source>Regression table</source>
            <translation>回归表</translation>
        </message>
        <message>
            <location filename="../../algorithms/driver_attribution.py" line="97" />
            <source>{}: {} slope {:.4g} {} (95 % {:.4g} .. {:.4g}), p = {:.3g}</source>
            <translation>{}：{} 斜率 {:.4g} {}（95 % {:.4g} .. {:.4g}），p = {:.3g}</translation>
        </message>
        <message>
            <location filename="../../algorithms/point_series.py" line="10" />
            <source>Writes the hourly net CO2 flux and its drivers at each point of a layer (the station, the soil samples): the values of the grid cell holding the point, exactly as a flux raster holds them (not interpolated). Flux in g CO2 m-2 s-1, &lt;b&gt;negative = uptake&lt;/b&gt; by the sand, positive = release.

&lt;b&gt;Points&lt;/b&gt; (POINTS): a point layer, any CRS (reprojected to EPSG:4326). A point outside the grid is an error and nothing is written.
&lt;b&gt;Point name field&lt;/b&gt; (ID_FIELD, optional): the field naming each point; empty = the feature id.
&lt;b&gt;Flux rasters&lt;/b&gt; (INPUT): hourly flux rasters written by 'Compute flux raster' (one grid); they hold the flux only, so the driver columns stay empty.
&lt;b&gt;Forcing file&lt;/b&gt; (FORCING) and &lt;b&gt;Calibration&lt;/b&gt; (CALIBRATION), instead of INPUT: the flux is computed on the point cells from the forcing as 'Compute flux raster' computes it, with the drivers: soil temperature Ts (K) and moisture theta (m3 m-3) after the calibration's soil correction, and dTs/dt (K h-1). Give either INPUT or FORCING with CALIBRATION, not both.
&lt;b&gt;SOC raster / SOC value / pH raster / pH value&lt;/b&gt; (SOC, SOC_VALUE, PH, PH_VALUE, advanced, optional, with FORCING only): the soil that scales the uptake, as in 'Compute flux raster'.
&lt;b&gt;Start / End&lt;/b&gt; (START, END, optional, with FORCING): first and last hour, UTC, both included. Empty: the whole forcing file.
&lt;b&gt;Point series&lt;/b&gt; (OUTPUT, CSV): one row a point and hour: point_id, longitude, latitude, cell_longitude, cell_latitude (the cell centre), time_utc, flux_g_co2_m2_s, soil_temperature_k, soil_moisture_m3_m3, temperature_tendency_k_h (empty = no value).
&lt;b&gt;Daily means&lt;/b&gt; (DAILY, optional CSV): one row a point and UTC day: hours_valid, mean_flux_g_co2_m2_s (mean of the valid hours), net_flux_g_co2_m2_day (that mean x 86400 s), mean_soil_temperature_k, mean_soil_moisture_m3_m3.
&lt;b&gt;Plot&lt;/b&gt; (PLOT, optional PNG): the hourly flux and its daily mean at each point (the first 12).

Output for models: POINTS_WRITTEN, the number of points. A failed or cancelled run leaves no output.</source>
            <translation>写出图层中每个点（站点、土壤样点）的逐小时 CO2 净通量及其驱动因子：取点所在格网单元的值，与通量栅格中的值完全相同（不插值）。通量单位 g CO2 m-2 s-1，&lt;b&gt;负 = 沙地吸收&lt;/b&gt;，正 = 释放。

&lt;b&gt;点位&lt;/b&gt;（POINTS）：点图层，任意坐标系（重投影到 EPSG:4326）。点位于格网之外则报错，不写出任何文件。
&lt;b&gt;点名称字段&lt;/b&gt;（ID_FIELD，可选）：为每个点命名的字段；空 = 要素 ID。
&lt;b&gt;通量栅格&lt;/b&gt;（INPUT）：“计算通量栅格”写出的逐小时通量栅格（同一格网）；只含通量，驱动因子列为空。
&lt;b&gt;驱动文件&lt;/b&gt;（FORCING）与&lt;b&gt;率定文件&lt;/b&gt;（CALIBRATION），代替 INPUT：在点所在单元上按“计算通量栅格”的方法由驱动数据计算通量，并给出驱动因子：经率定土壤校正后的土壤温度 Ts（K）与含水量 theta（m3 m-3），以及 dTs/dt（K h-1）。INPUT 与 FORCING+CALIBRATION 二选一。
&lt;b&gt;SOC 栅格 / SOC 值 / pH 栅格 / pH 值&lt;/b&gt;（SOC、SOC_VALUE、PH、PH_VALUE，高级，可选，仅配合 FORCING）：缩放吸收项的土壤性质，同“计算通量栅格”。
&lt;b&gt;开始 / 结束&lt;/b&gt;（START、END，可选，配合 FORCING）：首末小时，UTC，均包含。空：整个驱动文件。
&lt;b&gt;点位序列&lt;/b&gt;（OUTPUT，CSV）：每点每小时一行：point_id、longitude、latitude、cell_longitude、cell_latitude（单元中心）、time_utc、flux_g_co2_m2_s、soil_temperature_k、soil_moisture_m3_m3、temperature_tendency_k_h（空 = 无值）。
&lt;b&gt;日均值&lt;/b&gt;（DAILY，可选 CSV）：每点每个 UTC 日一行：hours_valid、mean_flux_g_co2_m2_s（有效小时的均值）、net_flux_g_co2_m2_day（该均值 x 86400 s）、mean_soil_temperature_k、mean_soil_moisture_m3_m3。
&lt;b&gt;图&lt;/b&gt;（PLOT，可选 PNG）：每个点（前 12 个）的逐小时通量及其日均值。

供模型使用的输出：POINTS_WRITTEN，点数。运行失败或被取消时不留下任何输出。</translation>
        </message>
        <message>
            <location filename="../../algorithms/point_series.py" line="42" />
            <source>Flux at points</source>
            <translation>点位通量</translation>
        </message>
        <message>
            <location filename="../../algorithms/point_series.py" line="57" />
            <source>Points (station, soil samples)</source>
            <translation>点位（站点、土壤样点）</translation>
        </message>
        <message>
            <location filename="../../algorithms/point_series.py" line="60" />
            <source>Point name field (empty = feature id)</source>
            <translation>点名称字段（空 = 要素 ID）</translation>
        </message>
        <message>
            <location filename="../../algorithms/point_series.py" line="72" />
            <source>Point series (CSV, a row a point and hour)</source>
            <translation>点位序列（CSV，每点每小时一行）</translation>
        </message>
        <message>
            <location filename="../../algorithms/point_series.py" line="75" />
            <source>Daily means (CSV)</source>
            <translation>日均值（CSV）</translation>
        </message>
        <message>
            <location filename="../../algorithms/point_series.py" line="78" />
            <source>Plot (PNG)</source>
            <translation>图（PNG）</translation>
        </message>
        <message>
            <location filename="../../algorithms/point_series.py" line="78" />
            <source>PNG files (*.png)</source>
            <translation>PNG 文件 (*.png)</translation>
        </message>
        <message>
            <location filename="../../algorithms/point_series.py" line="81" />
            <source>Points written</source>
            <translation>写出的点数</translation>
        </message>
        <message>
            <location filename="../../algorithms/point_series.py" line="98" />
            <source>{} points, {} hours written to {}</source>
            <translation>{} 个点、{} 小时已写入 {}</translation>
        </message>
        <message>
            <location filename="../../algorithms/seasonal_cycle.py" line="10" />
            <source>Sums the hourly CO2 flux by calendar month (UTC) per cell and averages it by month and hour of the day: when the sand is a source (warm months) and when a sink (cool months), and how the flux turns over the day. Sign convention: net flux, &lt;b&gt;negative = uptake&lt;/b&gt; by the sand, positive = release.

&lt;b&gt;Flux rasters&lt;/b&gt; (INPUT): hourly flux rasters written by 'Compute flux raster', one grid.
&lt;b&gt;Forcing file&lt;/b&gt; (FORCING) and &lt;b&gt;Calibration&lt;/b&gt; (CALIBRATION), instead of INPUT: the hourly flux is computed on the fly from the forcing as 'Compute flux raster' computes it, nothing hourly is written. Give either INPUT or FORCING with CALIBRATION, not both.
&lt;b&gt;SOC raster / SOC value / pH raster / pH value&lt;/b&gt; (SOC, SOC_VALUE, PH, PH_VALUE, advanced, optional, with FORCING only): the soil that scales the uptake, as in 'Compute flux raster'.
&lt;b&gt;Mask&lt;/b&gt; (MASK, optional polygon layer): the region to total and average; a cell counts when its centre is inside a polygon. Empty: every cell.
&lt;b&gt;Minimum coverage&lt;/b&gt; (MIN_COVERAGE, fraction 0-1, default 0.9): the share of a month's hours that must be valid for a cell-month; below it the cell-month is NoData. A month's value is the mean of its valid hours x its hours x 3600 s, so the 12 months of a complete year add up to the annual tool's value.
&lt;b&gt;Monthly net flux&lt;/b&gt; (MONTHLY): GeoTIFF, one band a month (band name YYYY-MM), g CO2 m-2 month-1, negative = uptake, NoData -9999.
&lt;b&gt;Monthly table&lt;/b&gt; (TABLE, CSV): one row a month: month, hours_in_month, cells_valid, area_km2, mean_net_flux_g_co2_m2_month, total_net_flux_t_co2 (regional total on the true cell areas of the WGS84 ellipsoid), source_or_sink.
&lt;b&gt;Diurnal cycle&lt;/b&gt; (DIURNAL, optional CSV): one row a calendar month (1-12, all years together) and local mean solar hour (0-23; UTC + longitude/15 h): the area-weighted regional mean flux (g CO2 m-2 s-1) and the cell-hours behind it.
&lt;b&gt;Report&lt;/b&gt; (REPORT, HTML): the source and sink months, a bar chart of the monthly climatology, the diurnal cycle plot of each month, the monthly table.

A failed or cancelled run leaves no output.</source>
            <translation>按日历月（UTC）逐格累加逐小时 CO2 通量，并按月份和一天中的小时求平均：沙地何时为源（暖月）、何时为汇（冷月），以及通量在一天中如何变化。符号约定：净通量，&lt;b&gt;负 = 沙地吸收&lt;/b&gt;，正 = 释放。

&lt;b&gt;通量栅格&lt;/b&gt;（INPUT）：“计算通量栅格”写出的逐小时通量栅格，同一格网。
&lt;b&gt;驱动文件&lt;/b&gt;（FORCING）与&lt;b&gt;率定文件&lt;/b&gt;（CALIBRATION），代替 INPUT：按“计算通量栅格”的方法由驱动数据即时计算逐小时通量，不写出逐小时文件。INPUT 与 FORCING+CALIBRATION 二选一。
&lt;b&gt;SOC 栅格 / SOC 值 / pH 栅格 / pH 值&lt;/b&gt;（SOC、SOC_VALUE、PH、PH_VALUE，高级，可选，仅配合 FORCING）：缩放吸收项的土壤性质，同“计算通量栅格”。
&lt;b&gt;掩膜&lt;/b&gt;（MASK，可选的多边形图层）：汇总和平均的区域；单元中心位于多边形内的单元计入。空：所有单元。
&lt;b&gt;最低覆盖率&lt;/b&gt;（MIN_COVERAGE，0-1，默认 0.9）：单元-月有效小时数所需的比例；低于此值该单元-月为 NoData。月值 = 有效小时均值 x 该月小时数 x 3600 s，因此完整一年的 12 个月之和等于年汇总工具的值。
&lt;b&gt;月净通量&lt;/b&gt;（MONTHLY）：GeoTIFF，每月一个波段（波段名 YYYY-MM），g CO2 m-2 month-1，负 = 吸收，NoData -9999。
&lt;b&gt;月表&lt;/b&gt;（TABLE，CSV）：每月一行：month、hours_in_month、cells_valid、area_km2、mean_net_flux_g_co2_m2_month、total_net_flux_t_co2（基于 WGS84 椭球真实单元面积的区域总量）、source_or_sink。
&lt;b&gt;日变化&lt;/b&gt;（DIURNAL，可选 CSV）：每个日历月（1-12，各年合并）与地方平太阳时（0-23；UTC + 经度/15 h）一行：按面积加权的区域平均通量（g CO2 m-2 s-1）及其所依据的单元-小时数。
&lt;b&gt;报告&lt;/b&gt;（REPORT，HTML）：源月与汇月、月气候态柱状图、每月的日变化曲线、月表。

运行失败或被取消时不留下任何输出。</translation>
        </message>
        <message>
            <location filename="../../algorithms/seasonal_cycle.py" line="43" />
            <source>Summarize flux by month and hour</source>
            <translation>按月和小时汇总通量</translation>
        </message>
        <message>
            <location filename="../../algorithms/seasonal_cycle.py" line="64" />
            <source>Minimum coverage (fraction of the month's hours valid)</source>
            <translation>最低覆盖率（该月有效小时的比例）</translation>
        </message>
        <message>
            <location filename="../../algorithms/seasonal_cycle.py" line="67" />
            <source>Monthly net flux (g CO2 m-2 month-1, one band a month)</source>
            <translation>月净通量（g CO2 m-2 month-1，每月一个波段）</translation>
        </message>
        <message>
            <location filename="../../algorithms/seasonal_cycle.py" line="72" />
            <source>Diurnal cycle (CSV, month x local solar hour)</source>
            <translation>日变化（CSV，月份 x 地方太阳时）</translation>
        </message>
        <message>
            <location filename="../../algorithms/seasonal_cycle.py" line="100" />
            <source>Monthly table</source>
            <translation>月表</translation>
        </message>
        <message>
            <source>Sums the hourly CO2 flux rasters written by 'Compute flux raster' (or the hourly flux computed on the fly from the forcing file) into one value a calendar year (UTC) per cell, totals them over the region on the true cell areas of the WGS84 ellipsoid, and tests the trend across years. Sign convention: net flux in g CO2 m-2 yr-1, negative = uptake by the sand (as the hourly flux); sequestration in g C and Tg C, positive = uptake. g C = g CO2 x 12.011 / 44.01.

&lt;b&gt;Flux rasters&lt;/b&gt; (INPUT): one or more hourly flux rasters (GeoTIFF, one a year, or netCDF, any period), all on one grid; their hours are joined in time order. Different grids, or an hour given twice, are an error and nothing is written.
&lt;b&gt;Forcing file&lt;/b&gt; (FORCING) and &lt;b&gt;Calibration&lt;/b&gt; (CALIBRATION), instead of INPUT: the hourly flux is computed on the fly from the forcing exactly as 'Compute flux raster' computes it, a calendar year at a time (the next block read on a second thread), and summed without writing any hourly raster (the fast way to the annual numbers; the same results as the flux rasters of the whole forcing period would give). The MASK below also plays the part of the flux tool's sand mask. Give either INPUT or FORCING with CALIBRATION, not both.
&lt;b&gt;SOC raster / SOC value / pH raster / pH value&lt;/b&gt; (SOC, SOC_VALUE, PH, PH_VALUE, advanced, optional, with FORCING only): the soil that scales the uptake, as in 'Compute flux raster' (a raster is used before a value; neither: the station's soil, factor 1).
&lt;b&gt;Mask&lt;/b&gt; (MASK, optional polygon layer): the region to total; a cell counts when its centre is inside a polygon. Cells outside are NoData. Empty: every cell.
&lt;b&gt;Minimum coverage&lt;/b&gt; (MIN_COVERAGE, fraction 0-1, default 0.9): the share of the year's hours (8760, or 8784 in a leap year) that must be valid for a cell-year; below it the cell-year is NoData. Missing hours are not counted as zero: the annual value is the mean of the valid hours x the hours of the year x 3600 s, so a year with gaps (or a partial year above the threshold) stays comparable.
&lt;b&gt;Annual net flux&lt;/b&gt; (OUTPUT): GeoTIFF, one band a year (band name = year), g CO2 m-2 yr-1, negative = uptake, NoData -9999.
&lt;b&gt;Table&lt;/b&gt; (TABLE, CSV): one row a year: year, hours_in_year, hours_valid (hours with a value in at least one region cell), coverage, cells_valid, area_km2 (area of the cells with a value), mean_net_flux_g_co2_m2_yr, sequestration_g_c_m2_yr, total_net_flux_t_co2, sequestration_tg_c and, when the flux rasters carry the calibration's bootstrap ratio (SANDFLUX_TOTAL_RATIO_CI95), the 95 % interval of both totals (the total times the ratio's 2.5 and 97.5 % quantiles). Loads as a table layer.
&lt;b&gt;Trend&lt;/b&gt; (TREND, optional GeoTIFF): per cell, with at least 5 years: band 1 Theil-Sen slope (g CO2 m-2 yr-2), bands 2-3 its 95 % interval, band 4 the Mann-Kendall p-value (two-sided, tie-corrected), band 5 the years used. Fewer than 5 years: not written (warning).
&lt;b&gt;Report&lt;/b&gt; (REPORT, HTML): the table, the regional trend (Theil-Sen, Mann-Kendall, at least 5 years), a plot of the annual totals with their intervals and a map of the mean sequestration.
&lt;b&gt;Ensemble&lt;/b&gt; (ENSEMBLE, with FORCING, default 100): how many of the calibration's bootstrap parameter sets are run through the hourly flux of every cell beside the central set; the table's 95 % intervals are then the 2.5 and 97.5 % quantiles of the regional totals summed member by member, and the report compares them with the ratio method. The cost grows with the number (about 1 s a year and set for the 45 x 19 Taklimakan box). 0: the ratio method (each total times the bootstrap ratio of the station mean flux), as with flux rasters (INPUT), which hold the central flux only. A calibration without bootstrap sets runs without an interval (warning).
&lt;b&gt;Uncertainty&lt;/b&gt; (UNCERTAINTY, optional GeoTIFF, with ENSEMBLE &gt; 0): three bands a year, the 2.5, 50 and 97.5 % quantiles over the ensemble of the annual net flux per cell (g CO2 m-2 yr-1, negative = uptake); band names say the year and the quantile.
&lt;b&gt;Dask scheduler&lt;/b&gt; (DASK_SCHEDULER, advanced, optional): address of a dask.distributed scheduler (e.g. tcp://host:8786) whose workers read and sum the flux rasters (they must be at the same path on every worker); empty = the environment variable SANDFLUX_DASK_SCHEDULER, and when that is empty too the tool runs here. Same numbers either way. With FORCING leave it empty (the on-the-fly sums run here).

Outputs for models: MEAN_SEQUESTRATION, the mean over the years with a value of the regional sequestration (g C m-2 yr-1, positive = uptake), and TOTAL, the mean over those years of the regional total net flux (t CO2 yr-1, negative = uptake). A failed or cancelled run leaves no output.</source>
            <translation type="vanished">将“计算通量栅格”写出的逐时 CO2 通量栅格（或由驱动文件即时计算的逐时通量）按日历年（UTC）逐格累加为每年一个值，按 WGS84 椭球面上的真实网格面积对区域求总量，并检验各年间的趋势。符号约定：净通量单位为 g CO2 m-2 yr-1，负值 = 吸收（被沙地吸收，与逐时通量相同）；固碳量单位为 g C 和 Tg C，正值 = 吸收。g C = g CO2 x 12.011 / 44.01。

&lt;b&gt;通量栅格&lt;/b&gt;（INPUT）：一个或多个逐时通量栅格（GeoTIFF，每年一个；或 netCDF，任意时段），须位于同一网格上；其各小时按时间顺序拼接。网格不同或同一小时出现两次均为错误，不写出任何结果。
&lt;b&gt;驱动文件&lt;/b&gt;（FORCING）与&lt;b&gt;率定文件&lt;/b&gt;（CALIBRATION），代替 INPUT：由驱动文件即时计算逐时通量，算法与“计算通量栅格”完全相同，每次一个日历年（在第二个线程上预读下一块），累加时不写出任何逐时栅格（得到年值的快捷途径；结果与整个驱动时段的通量栅格所给结果相同）。下面的 MASK 同时起到通量工具中沙地掩膜的作用。INPUT 与 FORCING（及 CALIBRATION）只能给出其一。
&lt;b&gt;SOC 栅格 / SOC 值 / pH 栅格 / pH 值&lt;/b&gt;（SOC、SOC_VALUE、PH、PH_VALUE，高级，可选，仅用于 FORCING）：按土壤缩放吸收项，规则同“计算通量栅格”（栅格优先于数值；都不给：使用站点土壤，系数为 1）。
&lt;b&gt;掩膜&lt;/b&gt;（MASK，可选的面图层）：要汇总的区域；网格中心位于某个面内时该网格计入。区域外的网格为 NoData。为空：全部网格。
&lt;b&gt;最低覆盖率&lt;/b&gt;（MIN_COVERAGE，0-1 之间的比例，默认 0.9）：一个网格年中必须有效的小时数占全年小时数（8760，闰年为 8784）的比例；低于该值时该网格年为 NoData。缺失的小时不按零计：年值 = 有效小时的均值 x 全年小时数 x 3600 s，因此有缺测的年份（或超过阈值的不完整年份）仍可相互比较。
&lt;b&gt;年净通量&lt;/b&gt;（OUTPUT）：GeoTIFF，每年一个波段（波段名 = 年份），g CO2 m-2 yr-1，负值 = 吸收，NoData -9999。
&lt;b&gt;表格&lt;/b&gt;（TABLE，CSV）：每年一行：year、hours_in_year、hours_valid（区域内至少一个网格有值的小时数）、coverage、cells_valid、area_km2（有值网格的面积）、mean_net_flux_g_co2_m2_yr、sequestration_g_c_m2_yr、total_net_flux_t_co2、sequestration_tg_c；若通量栅格带有率定的 bootstrap 比值（SANDFLUX_TOTAL_RATIO_CI95），还给出两个总量的 95 % 区间（总量乘以该比值的 2.5 % 和 97.5 % 分位数）。以表格图层加载。
&lt;b&gt;趋势&lt;/b&gt;（TREND，可选的 GeoTIFF）：逐格计算，至少需要 5 年：波段 1 为 Theil-Sen 斜率（g CO2 m-2 yr-2），波段 2-3 为其 95 % 区间，波段 4 为 Mann-Kendall p 值（双侧，经结值（tie）校正），波段 5 为所用年数。不足 5 年：不写出（给出警告）。
&lt;b&gt;报告&lt;/b&gt;（REPORT，HTML）：表格、区域趋势（Theil-Sen、Mann-Kendall，至少 5 年）、年总量及其区间的曲线图，以及平均固碳量地图。
&lt;b&gt;集合&lt;/b&gt;（ENSEMBLE，配合 FORCING，默认 100）：从率定文件的 bootstrap 参数集中取多少组，与中心参数一起逐格、逐小时通过通量模型计算；表格的 95 % 区间即为逐成员累加的区域总量的 2.5 % 与 97.5 % 分位数，报告将其与比值法比较。耗时随成员数线性增长（塔克拉玛干 45 x 19 格点约每年每组 1 秒）。0：比值法（每个总量乘以站点平均通量的 bootstrap 比值），通量栅格（INPUT）只含中心通量，也用比值法。率定文件没有 bootstrap 参数集时不给出区间（给出警告）。
&lt;b&gt;不确定性&lt;/b&gt;（UNCERTAINTY，可选的 GeoTIFF，需 ENSEMBLE &gt; 0）：每年三个波段，为逐格年净通量（g CO2 m-2 yr-1，负 = 吸收）在集合上的 2.5 %、50 % 和 97.5 % 分位数；波段名注明年份和分位数。
&lt;b&gt;Dask 调度器&lt;/b&gt;（DASK_SCHEDULER，高级，可选）：dask.distributed 调度器的地址（如 tcp://host:8786），由其工作进程读取并累加通量栅格（栅格须在每个工作节点上位于相同路径）；为空 = 使用环境变量 SANDFLUX_DASK_SCHEDULER，该变量也为空时在本机运行。两种方式结果相同。使用 FORCING 时请留空（即时累加在本机运行）。

供模型使用的输出：MEAN_SEQUESTRATION，区域固碳量在有值各年的均值（g C m-2 yr-1，正值 = 吸收）；TOTAL，区域总净通量在这些年的均值（t CO2 yr-1，负值 = 吸收）。运行失败或被取消时不留下任何输出。</translation>
        </message>
        <message>
            <source>Sums the hourly CO2 flux rasters written by 'Compute flux raster' (or the hourly flux computed on the fly from the forcing file) into one value a calendar year (UTC) per cell, totals them over the region on the true cell areas of the WGS84 ellipsoid, and tests the trend across years. Sign convention: net flux in g CO2 m-2 yr-1, negative = uptake by the sand (as the hourly flux); sequestration in g C and Tg C, positive = uptake. g C = g CO2 x 12.011 / 44.01.

&lt;b&gt;Flux rasters&lt;/b&gt; (INPUT): one or more hourly flux rasters (GeoTIFF, one a year, or netCDF, any period), all on one grid; their hours are joined in time order. Different grids, or an hour given twice, are an error and nothing is written.
&lt;b&gt;Forcing file&lt;/b&gt; (FORCING) and &lt;b&gt;Calibration&lt;/b&gt; (CALIBRATION), instead of INPUT: the hourly flux is computed on the fly from the forcing exactly as 'Compute flux raster' computes it, a calendar year at a time (the next block read on a second thread), and summed without writing any hourly raster (the fast way to the annual numbers; the same results as the flux rasters of the whole forcing period would give). The MASK below also plays the part of the flux tool's sand mask. Give either INPUT or FORCING with CALIBRATION, not both.
&lt;b&gt;SOC raster / SOC value / pH raster / pH value&lt;/b&gt; (SOC, SOC_VALUE, PH, PH_VALUE, advanced, optional, with FORCING only): the soil that scales the uptake, as in 'Compute flux raster' (a raster is used before a value; neither: the station's soil, factor 1).
&lt;b&gt;Mask&lt;/b&gt; (MASK, optional polygon layer): the region to total; a cell counts when its centre is inside a polygon. Cells outside are NoData. Empty: every cell.
&lt;b&gt;Minimum coverage&lt;/b&gt; (MIN_COVERAGE, fraction 0-1, default 0.9): the share of the year's hours (8760, or 8784 in a leap year) that must be valid for a cell-year; below it the cell-year is NoData. Missing hours are not counted as zero: the annual value is the mean of the valid hours x the hours of the year x 3600 s, so a year with gaps (or a partial year above the threshold) stays comparable.
&lt;b&gt;Annual net flux&lt;/b&gt; (OUTPUT): GeoTIFF, one band a year (band name = year), g CO2 m-2 yr-1, negative = uptake, NoData -9999.
&lt;b&gt;Table&lt;/b&gt; (TABLE, CSV): one row a year: year, hours_in_year, hours_valid (hours with a value in at least one region cell), coverage, cells_valid, area_km2 (area of the cells with a value), mean_net_flux_g_co2_m2_yr, sequestration_g_c_m2_yr, total_net_flux_t_co2, sequestration_tg_c and, when the flux rasters carry the calibration's bootstrap ratio (SANDFLUX_TOTAL_RATIO_CI95), the 95 % interval of both totals (the total times the ratio's 2.5 and 97.5 % quantiles). Loads as a table layer.
&lt;b&gt;Trend&lt;/b&gt; (TREND, optional GeoTIFF): per cell, with at least 5 years: band 1 Theil-Sen slope (g CO2 m-2 yr-2), bands 2-3 its 95 % interval, band 4 the Mann-Kendall p-value (two-sided, tie-corrected), band 5 the years used. Fewer than 5 years: not written (warning).
&lt;b&gt;Report&lt;/b&gt; (REPORT, HTML): the table, the regional trend (Theil-Sen, Mann-Kendall, at least 5 years), a plot of the annual totals with their intervals and a map of the mean sequestration.
&lt;b&gt;Dask scheduler&lt;/b&gt; (DASK_SCHEDULER, advanced, optional): address of a dask.distributed scheduler (e.g. tcp://host:8786) whose workers read and sum the flux rasters (they must be at the same path on every worker); empty = the environment variable SANDFLUX_DASK_SCHEDULER, and when that is empty too the tool runs here. Same numbers either way. With FORCING leave it empty (the on-the-fly sums run here).

Outputs for models: MEAN_SEQUESTRATION, the mean over the years with a value of the regional sequestration (g C m-2 yr-1, positive = uptake), and TOTAL, the mean over those years of the regional total net flux (t CO2 yr-1, negative = uptake). A failed or cancelled run leaves no output.</source>
            <translation type="vanished">将“计算通量栅格”写出的逐时 CO2 通量栅格（或由驱动文件即时计算的逐时通量）按日历年（UTC）逐格累加为每年一个值，按 WGS84 椭球面上的真实网格面积对区域求总量，并检验各年间的趋势。符号约定：净通量单位为 g CO2 m-2 yr-1，负值 = 吸收（被沙地吸收，与逐时通量相同）；固碳量单位为 g C 和 Tg C，正值 = 吸收。g C = g CO2 x 12.011 / 44.01。

&lt;b&gt;通量栅格&lt;/b&gt;（INPUT）：一个或多个逐时通量栅格（GeoTIFF，每年一个；或 netCDF，任意时段），须位于同一网格上；其各小时按时间顺序拼接。网格不同或同一小时出现两次均为错误，不写出任何结果。
&lt;b&gt;驱动文件&lt;/b&gt;（FORCING）与&lt;b&gt;率定文件&lt;/b&gt;（CALIBRATION），代替 INPUT：由驱动文件即时计算逐时通量，算法与“计算通量栅格”完全相同，每次一个日历年（在第二个线程上预读下一块），累加时不写出任何逐时栅格（得到年值的快捷途径；结果与整个驱动时段的通量栅格所给结果相同）。下面的 MASK 同时起到通量工具中沙地掩膜的作用。INPUT 与 FORCING（及 CALIBRATION）只能给出其一。
&lt;b&gt;SOC 栅格 / SOC 值 / pH 栅格 / pH 值&lt;/b&gt;（SOC、SOC_VALUE、PH、PH_VALUE，高级，可选，仅用于 FORCING）：按土壤缩放吸收项，规则同“计算通量栅格”（栅格优先于数值；都不给：使用站点土壤，系数为 1）。
&lt;b&gt;掩膜&lt;/b&gt;（MASK，可选的面图层）：要汇总的区域；网格中心位于某个面内时该网格计入。区域外的网格为 NoData。为空：全部网格。
&lt;b&gt;最低覆盖率&lt;/b&gt;（MIN_COVERAGE，0-1 之间的比例，默认 0.9）：一个网格年中必须有效的小时数占全年小时数（8760，闰年为 8784）的比例；低于该值时该网格年为 NoData。缺失的小时不按零计：年值 = 有效小时的均值 x 全年小时数 x 3600 s，因此有缺测的年份（或超过阈值的不完整年份）仍可相互比较。
&lt;b&gt;年净通量&lt;/b&gt;（OUTPUT）：GeoTIFF，每年一个波段（波段名 = 年份），g CO2 m-2 yr-1，负值 = 吸收，NoData -9999。
&lt;b&gt;表格&lt;/b&gt;（TABLE，CSV）：每年一行：year、hours_in_year、hours_valid（区域内至少一个网格有值的小时数）、coverage、cells_valid、area_km2（有值网格的面积）、mean_net_flux_g_co2_m2_yr、sequestration_g_c_m2_yr、total_net_flux_t_co2、sequestration_tg_c；若通量栅格带有率定的 bootstrap 比值（SANDFLUX_TOTAL_RATIO_CI95），还给出两个总量的 95 % 区间（总量乘以该比值的 2.5 % 和 97.5 % 分位数）。以表格图层加载。
&lt;b&gt;趋势&lt;/b&gt;（TREND，可选的 GeoTIFF）：逐格计算，至少需要 5 年：波段 1 为 Theil-Sen 斜率（g CO2 m-2 yr-2），波段 2-3 为其 95 % 区间，波段 4 为 Mann-Kendall p 值（双侧，经结值（tie）校正），波段 5 为所用年数。不足 5 年：不写出（给出警告）。
&lt;b&gt;报告&lt;/b&gt;（REPORT，HTML）：表格、区域趋势（Theil-Sen、Mann-Kendall，至少 5 年）、年总量及其区间的曲线图，以及平均固碳量地图。
&lt;b&gt;Dask 调度器&lt;/b&gt;（DASK_SCHEDULER，高级，可选）：dask.distributed 调度器的地址（如 tcp://host:8786），由其工作进程读取并累加通量栅格（栅格须在每个工作节点上位于相同路径）；为空 = 使用环境变量 SANDFLUX_DASK_SCHEDULER，该变量也为空时在本机运行。两种方式结果相同。使用 FORCING 时请留空（即时累加在本机运行）。

供模型使用的输出：MEAN_SEQUESTRATION，区域固碳量在有值各年的均值（g C m-2 yr-1，正值 = 吸收）；TOTAL，区域总净通量在这些年的均值（t CO2 yr-1，负值 = 吸收）。运行失败或被取消时不留下任何输出。</translation>
        </message>
        <message>
            <source>Sums the hourly CO2 flux rasters written by 'Compute flux raster' (or the hourly flux computed on the fly from the forcing file) into one value a calendar year (UTC) per cell, totals them over the region on the true cell areas of the WGS84 ellipsoid, and tests the trend across years. Sign convention: net flux in g CO2 m-2 yr-1, negative = uptake by the sand (as the hourly flux); sequestration in g C and Tg C, positive = uptake. g C = g CO2 x 12.011 / 44.01.

&lt;b&gt;Flux rasters&lt;/b&gt; (INPUT): one or more hourly flux rasters (GeoTIFF, one a year, or netCDF, any period), all on one grid; their hours are joined in time order. Different grids, or an hour given twice, are an error and nothing is written.
&lt;b&gt;Forcing file&lt;/b&gt; (FORCING) and &lt;b&gt;Calibration&lt;/b&gt; (CALIBRATION), instead of INPUT: the hourly flux is computed on the fly from the forcing exactly as 'Compute flux raster' computes it, a calendar year at a time on all CPU cores, and summed without writing any hourly raster (the fast way to the annual numbers; the same results as the flux rasters of the whole forcing period would give). The MASK below also plays the part of the flux tool's sand mask. Give either INPUT or FORCING with CALIBRATION, not both.
&lt;b&gt;SOC raster / SOC value / pH raster / pH value&lt;/b&gt; (SOC, SOC_VALUE, PH, PH_VALUE, advanced, optional, with FORCING only): the soil that scales the uptake, as in 'Compute flux raster' (a raster is used before a value; neither: the station's soil, factor 1).
&lt;b&gt;Mask&lt;/b&gt; (MASK, optional polygon layer): the region to total; a cell counts when its centre is inside a polygon. Cells outside are NoData. Empty: every cell.
&lt;b&gt;Minimum coverage&lt;/b&gt; (MIN_COVERAGE, fraction 0-1, default 0.9): the share of the year's hours (8760, or 8784 in a leap year) that must be valid for a cell-year; below it the cell-year is NoData. Missing hours are not counted as zero: the annual value is the mean of the valid hours x the hours of the year x 3600 s, so a year with gaps (or a partial year above the threshold) stays comparable.
&lt;b&gt;Annual net flux&lt;/b&gt; (OUTPUT): GeoTIFF, one band a year (band name = year), g CO2 m-2 yr-1, negative = uptake, NoData -9999.
&lt;b&gt;Table&lt;/b&gt; (TABLE, CSV): one row a year: year, hours_in_year, hours_valid (hours with a value in at least one region cell), coverage, cells_valid, area_km2 (area of the cells with a value), mean_net_flux_g_co2_m2_yr, sequestration_g_c_m2_yr, total_net_flux_t_co2, sequestration_tg_c and, when the flux rasters carry the calibration's bootstrap ratio (SANDFLUX_TOTAL_RATIO_CI95), the 95 % interval of both totals (the total times the ratio's 2.5 and 97.5 % quantiles). Loads as a table layer.
&lt;b&gt;Trend&lt;/b&gt; (TREND, optional GeoTIFF): per cell, with at least 5 years: band 1 Theil-Sen slope (g CO2 m-2 yr-2), bands 2-3 its 95 % interval, band 4 the Mann-Kendall p-value (two-sided, tie-corrected), band 5 the years used. Fewer than 5 years: not written (warning).
&lt;b&gt;Report&lt;/b&gt; (REPORT, HTML): the table, the regional trend (Theil-Sen, Mann-Kendall, at least 5 years), a plot of the annual totals with their intervals and a map of the mean sequestration.
&lt;b&gt;Dask scheduler&lt;/b&gt; (DASK_SCHEDULER, advanced, optional): address of a dask.distributed scheduler (e.g. tcp://host:8786) whose workers read and sum the flux rasters (they must be at the same path on every worker); empty = the environment variable SANDFLUX_DASK_SCHEDULER, and when that is empty too the tool runs here. Same numbers either way. With FORCING leave it empty (the on-the-fly sums run here).

Outputs for models: MEAN_SEQUESTRATION, the mean over the years with a value of the regional sequestration (g C m-2 yr-1, positive = uptake), and TOTAL, the mean over those years of the regional total net flux (t CO2 yr-1, negative = uptake). A failed or cancelled run leaves no output.</source>
            <translation type="vanished">将“计算通量栅格”写出的逐时 CO2 通量栅格（或由驱动文件即时计算的逐时通量）按日历年（UTC）逐格累加为每年一个值，按 WGS84 椭球面上的真实网格面积对区域求总量，并检验各年间的趋势。符号约定：净通量单位为 g CO2 m-2 yr-1，负值 = 吸收（被沙地吸收，与逐时通量相同）；固碳量单位为 g C 和 Tg C，正值 = 吸收。g C = g CO2 x 12.011 / 44.01。

&lt;b&gt;通量栅格&lt;/b&gt;（INPUT）：一个或多个逐时通量栅格（GeoTIFF，每年一个；或 netCDF，任意时段），须位于同一网格上；其各小时按时间顺序拼接。网格不同或同一小时出现两次均为错误，不写出任何结果。
&lt;b&gt;驱动文件&lt;/b&gt;（FORCING）与&lt;b&gt;率定文件&lt;/b&gt;（CALIBRATION），代替 INPUT：由驱动文件即时计算逐时通量，算法与“计算通量栅格”完全相同，每次一个日历年、使用全部 CPU 核，累加时不写出任何逐时栅格（得到年值的快捷途径；结果与整个驱动时段的通量栅格所给结果相同）。下面的 MASK 同时起到通量工具中沙地掩膜的作用。INPUT 与 FORCING（及 CALIBRATION）只能给出其一。
&lt;b&gt;SOC 栅格 / SOC 值 / pH 栅格 / pH 值&lt;/b&gt;（SOC、SOC_VALUE、PH、PH_VALUE，高级，可选，仅用于 FORCING）：按土壤缩放吸收项，规则同“计算通量栅格”（栅格优先于数值；都不给：使用站点土壤，系数为 1）。
&lt;b&gt;掩膜&lt;/b&gt;（MASK，可选的面图层）：要汇总的区域；网格中心位于某个面内时该网格计入。区域外的网格为 NoData。为空：全部网格。
&lt;b&gt;最低覆盖率&lt;/b&gt;（MIN_COVERAGE，0-1 之间的比例，默认 0.9）：一个网格年中必须有效的小时数占全年小时数（8760，闰年为 8784）的比例；低于该值时该网格年为 NoData。缺失的小时不按零计：年值 = 有效小时的均值 x 全年小时数 x 3600 s，因此有缺测的年份（或超过阈值的不完整年份）仍可相互比较。
&lt;b&gt;年净通量&lt;/b&gt;（OUTPUT）：GeoTIFF，每年一个波段（波段名 = 年份），g CO2 m-2 yr-1，负值 = 吸收，NoData -9999。
&lt;b&gt;表格&lt;/b&gt;（TABLE，CSV）：每年一行：year、hours_in_year、hours_valid（区域内至少一个网格有值的小时数）、coverage、cells_valid、area_km2（有值网格的面积）、mean_net_flux_g_co2_m2_yr、sequestration_g_c_m2_yr、total_net_flux_t_co2、sequestration_tg_c；若通量栅格带有率定的 bootstrap 比值（SANDFLUX_TOTAL_RATIO_CI95），还给出两个总量的 95 % 区间（总量乘以该比值的 2.5 % 和 97.5 % 分位数）。以表格图层加载。
&lt;b&gt;趋势&lt;/b&gt;（TREND，可选的 GeoTIFF）：逐格计算，至少需要 5 年：波段 1 为 Theil-Sen 斜率（g CO2 m-2 yr-2），波段 2-3 为其 95 % 区间，波段 4 为 Mann-Kendall p 值（双侧，经结值（tie）校正），波段 5 为所用年数。不足 5 年：不写出（给出警告）。
&lt;b&gt;报告&lt;/b&gt;（REPORT，HTML）：表格、区域趋势（Theil-Sen、Mann-Kendall，至少 5 年）、年总量及其区间的曲线图，以及平均固碳量地图。
&lt;b&gt;Dask 调度器&lt;/b&gt;（DASK_SCHEDULER，高级，可选）：dask.distributed 调度器的地址（如 tcp://host:8786），由其工作进程读取并累加通量栅格（栅格须在每个工作节点上位于相同路径）；为空 = 使用环境变量 SANDFLUX_DASK_SCHEDULER，该变量也为空时在本机运行。两种方式结果相同。使用 FORCING 时请留空（即时累加在本机运行）。

供模型使用的输出：MEAN_SEQUESTRATION，区域固碳量在有值各年的均值（g C m-2 yr-1，正值 = 吸收）；TOTAL，区域总净通量在这些年的均值（t CO2 yr-1，负值 = 吸收）。运行失败或被取消时不留下任何输出。</translation>
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="14" />
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
&lt;b&gt;Dask scheduler&lt;/b&gt; (DASK_SCHEDULER, advanced, optional): address of a dask.distributed scheduler (e.g. tcp://host:8786) that computes the time chunks on its workers (the forcing file must be at the same path on every worker); empty = the environment variable SANDFLUX_DASK_SCHEDULER, and when that is empty too the tool runs here. Same numbers either way.
&lt;b&gt;Flux raster&lt;/b&gt; (OUTPUT): .tif (GeoTIFF: one Float32 band an hour, band description = UTC hour, NoData -9999, EPSG:4326, DEFLATE) or .nc (CF-1.8 netCDF, variable co2_flux). A GeoTIFF holds at most one calendar year (GDAL reads at most 32768 bands): for a longer period write .nc or run the tool once a year in batch mode (one row a year). The raster's metadata records units, sign convention, model, calibration hash, software version and period.

The layer loads with a diverging ramp centred on 0 (blue = uptake, brown = release) showing the first hour. On QGIS 3.38 and newer every band gets its own hour as temporal range (from the band descriptions), so the Temporal Controller steps through the hours; on older QGIS the layer gets the whole period as one fixed temporal range and shows the first hour.</source>
            <translation>计算驱动网格中每个网格上流沙的逐时 CO2 净通量，单位为 g CO2 m-2 s-1，&lt;b&gt;负值 = 吸收&lt;/b&gt;（被沙地吸收），正值 = 释放。对每个网格和每个小时，先应用率定文件中 ERA5 到站点的土壤校正，再应用其通量模型：F = model(Ts, theta, dTs/dt, s)。dTs/dt（K h-1）是校正后土壤温度在一个时间步长上的后向差分；若驱动文件包含时段第一个小时的前一小时，则第一个小时使用该前一小时（因此逐年计算与整个时段一次计算的结果相同）；驱动文件的最初一个小时使用到第二个小时的前向差分。
沙漠方案的吸收项按土壤缩放：s = (SOC_station / SOC) * (pH / pH_station)（在站点土壤处 s = 1；某一因子的值未给出或率定文件中没有相应站点值时，该因子为 1）。

&lt;b&gt;驱动文件&lt;/b&gt;（FORCING）：“导入 ERA5”写出的 netCDF。
&lt;b&gt;率定文件&lt;/b&gt;（CALIBRATION）：“由站点 CSV 率定”写出的 .json。
&lt;b&gt;SOC 栅格&lt;/b&gt;（SOC，可选）或 &lt;b&gt;SOC 数值&lt;/b&gt;（SOC_VALUE，可选）：土壤有机碳，单位同率定文件中的站点 SOC。栅格用 GDAL 'average' 重采样到驱动网格（与每个网格重叠的像元的均值）；其 NoData 网格得到 NoData 通量。两者都给出时使用栅格。两者都未给出：使用站点值（因子为 1）。
&lt;b&gt;pH 栅格&lt;/b&gt;（PH，可选）或 &lt;b&gt;pH 数值&lt;/b&gt;（PH_VALUE，可选）：土壤 pH，规则同上。
&lt;b&gt;沙地掩膜面&lt;/b&gt;（MASK，可选）或 &lt;b&gt;沙地掩膜栅格&lt;/b&gt;（MASK_RASTER，可选，非零 = 沙地）：掩膜外的网格为 NoData。两者不能同时给出。掩膜与驱动网格不重叠或不含任何面时为错误。
&lt;b&gt;保留掩膜接触的所有网格&lt;/b&gt;（ALL_TOUCHED，高级，默认关闭）：关闭 = 网格中心位于某个面内时保留该网格；开启 = 有面接触该网格时即保留（对掩膜栅格：有任一沙地像元与之重叠时保留）。
&lt;b&gt;开始 / 结束&lt;/b&gt;（START、END，可选）：第一个和最后一个小时，UTC，均包含在内。为空：整个驱动文件。
&lt;b&gt;每块小时数&lt;/b&gt;（CHUNK_HOURS，高级，默认 0 = 自动）：一次计算的小时数。
&lt;b&gt;Dask 调度器&lt;/b&gt;（DASK_SCHEDULER，高级，可选）：dask.distributed 调度器的地址（如 tcp://host:8786），由其工作进程计算各时间块（驱动文件须在每个工作节点上位于相同路径）；为空 = 使用环境变量 SANDFLUX_DASK_SCHEDULER，该变量也为空时在本机运行。两种方式结果相同。
&lt;b&gt;通量栅格&lt;/b&gt;（OUTPUT）：.tif（GeoTIFF：每小时一个 Float32 波段，波段描述 = UTC 小时，NoData -9999，EPSG:4326，DEFLATE）或 .nc（CF-1.8 netCDF，变量 co2_flux）。一个 GeoTIFF 最多容纳一个日历年（GDAL 最多读取 32768 个波段）：更长的时段请写出 .nc，或以批处理模式每年运行一次本工具（每年一行）。栅格元数据记录单位、符号约定、模型、率定文件哈希、软件版本和时段。

图层加载时使用以 0 为中心的发散色带（蓝色 = 吸收，棕色 = 释放），显示第一个小时。在 QGIS 3.38 及更新版本中，每个波段以其小时（取自波段描述）作为时间范围，因此时间控制器可以逐小时播放；在较早的 QGIS 中，图层以整个时段作为一个固定时间范围，并显示第一个小时。</translation>
        </message>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="15" />
            <source>Sums the hourly CO2 flux rasters written by 'Compute flux raster' (or the hourly flux computed on the fly from the forcing file) into one value a calendar year (UTC) per cell, totals them over the region on the true cell areas of the WGS84 ellipsoid, and tests the trend across years. Sign convention: net flux in g CO2 m-2 yr-1, negative = uptake by the sand (as the hourly flux); sequestration in g C and Tg C, positive = uptake. g C = g CO2 x 12.011 / 44.01.

&lt;b&gt;Flux rasters&lt;/b&gt; (INPUT): one or more hourly flux rasters (GeoTIFF, one a year, or netCDF, any period), all on one grid; their hours are joined in time order. Different grids, or an hour given twice, are an error and nothing is written.
&lt;b&gt;Forcing&lt;/b&gt; (FORCING: the forcing file, or the ERA5 downloads themselves, read as 'Compute flux raster' reads them; FORCING_EXTENT, advanced: the part of the downloads to read) and &lt;b&gt;Calibration&lt;/b&gt; (CALIBRATION), instead of INPUT: the hourly flux is computed on the fly from the forcing exactly as 'Compute flux raster' computes it, in one pass over the period (the next block read on a second thread), and summed without writing any hourly raster (the fast way to the annual numbers; the same results as the flux rasters of the whole forcing period would give). The MASK below also plays the part of the flux tool's sand mask. Give either INPUT or FORCING with CALIBRATION, not both.
&lt;b&gt;SOC raster / SOC value / pH raster / pH value&lt;/b&gt; (SOC, SOC_VALUE, PH, PH_VALUE, advanced, optional, with FORCING only): the soil that scales the uptake, as in 'Compute flux raster' (a raster is used before a value; neither: the station's soil, factor 1).
&lt;b&gt;Mask&lt;/b&gt; (MASK, optional polygon layer): the region to total; a cell counts when its centre is inside a polygon. Cells outside are NoData. Empty: every cell.
&lt;b&gt;Minimum coverage&lt;/b&gt; (MIN_COVERAGE, fraction 0-1, default 0.9): the share of the year's hours (8760, or 8784 in a leap year) that must be valid for a cell-year; below it the cell-year is NoData. Missing hours are not counted as zero: the annual value is the mean of the valid hours x the hours of the year x 3600 s, so a year with gaps (or a partial year above the threshold) stays comparable.
&lt;b&gt;Annual net flux&lt;/b&gt; (OUTPUT): GeoTIFF, one band a year (band name = year), g CO2 m-2 yr-1, negative = uptake, NoData -9999.
&lt;b&gt;Table&lt;/b&gt; (TABLE, CSV): one row a year: year, hours_in_year, hours_valid (hours with a value in at least one region cell), coverage, cells_valid, area_km2 (area of the cells with a value), mean_net_flux_g_co2_m2_yr, sequestration_g_c_m2_yr, total_net_flux_t_co2, sequestration_tg_c and, when the flux rasters carry the calibration's bootstrap ratio (SANDFLUX_TOTAL_RATIO_CI95), the 95 % interval of both totals (the total times the ratio's 2.5 and 97.5 % quantiles). Loads as a table layer.
&lt;b&gt;Trend&lt;/b&gt; (TREND, optional GeoTIFF): per cell, with at least 5 years: band 1 Theil-Sen slope (g CO2 m-2 yr-2), bands 2-3 its 95 % interval, band 4 the Mann-Kendall p-value (two-sided, tie-corrected), band 5 the years used. Fewer than 5 years: not written (warning).
&lt;b&gt;Report&lt;/b&gt; (REPORT, HTML): the table, the regional trend (Theil-Sen, Mann-Kendall, at least 5 years), a plot of the annual totals with their intervals and a map of the mean sequestration.
&lt;b&gt;Dask scheduler&lt;/b&gt; (DASK_SCHEDULER, advanced, optional): address of a dask.distributed scheduler (e.g. tcp://host:8786) whose workers read and sum the flux rasters (they must be at the same path on every worker); empty = the environment variable SANDFLUX_DASK_SCHEDULER, and when that is empty too the tool runs here. Same numbers either way. With FORCING leave it empty (the on-the-fly sums run here).

Outputs for models: MEAN_SEQUESTRATION, the mean over the years with a value of the regional sequestration (g C m-2 yr-1, positive = uptake), and TOTAL, the mean over those years of the regional total net flux (t CO2 yr-1, negative = uptake). A failed or cancelled run leaves no output.</source>
            <translation>将“计算通量栅格”写出的逐时 CO2 通量栅格（或由驱动文件即时计算的逐时通量）按日历年（UTC）逐格累加为每年一个值，按 WGS84 椭球面上的真实网格面积对区域求总量，并检验各年间的趋势。符号约定：净通量单位为 g CO2 m-2 yr-1，负值 = 吸收（被沙地吸收，与逐时通量相同）；固碳量单位为 g C 和 Tg C，正值 = 吸收。g C = g CO2 x 12.011 / 44.01。

&lt;b&gt;通量栅格&lt;/b&gt;（INPUT）：一个或多个逐时通量栅格（GeoTIFF，每年一个；或 netCDF，任意时段），须位于同一网格上；其各小时按时间顺序拼接。网格不同或同一小时出现两次均为错误，不写出任何结果。
&lt;b&gt;驱动&lt;/b&gt;（FORCING：驱动文件，或 ERA5 下载文件本身，读取方式同“计算通量栅格”；FORCING_EXTENT，高级：要读取的下载文件范围）与&lt;b&gt;率定文件&lt;/b&gt;（CALIBRATION），代替 INPUT：由驱动即时计算逐时通量，算法与“计算通量栅格”完全相同，对整个时段一次遍历（在第二个线程上预读下一块），累加时不写出任何逐时栅格（得到年值的快捷途径；结果与整个驱动时段的通量栅格所给结果相同）。下面的 MASK 同时起到通量工具中沙地掩膜的作用。INPUT 与 FORCING（及 CALIBRATION）只能给出其一。
&lt;b&gt;SOC 栅格 / SOC 值 / pH 栅格 / pH 值&lt;/b&gt;（SOC、SOC_VALUE、PH、PH_VALUE，高级，可选，仅用于 FORCING）：按土壤缩放吸收项，规则同“计算通量栅格”（栅格优先于数值；都不给：使用站点土壤，系数为 1）。
&lt;b&gt;掩膜&lt;/b&gt;（MASK，可选的面图层）：要汇总的区域；网格中心位于某个面内时该网格计入。区域外的网格为 NoData。为空：全部网格。
&lt;b&gt;最低覆盖率&lt;/b&gt;（MIN_COVERAGE，0-1 之间的比例，默认 0.9）：一个网格年中必须有效的小时数占全年小时数（8760，闰年为 8784）的比例；低于该值时该网格年为 NoData。缺失的小时不按零计：年值 = 有效小时的均值 x 全年小时数 x 3600 s，因此有缺测的年份（或超过阈值的不完整年份）仍可相互比较。
&lt;b&gt;年净通量&lt;/b&gt;（OUTPUT）：GeoTIFF，每年一个波段（波段名 = 年份），g CO2 m-2 yr-1，负值 = 吸收，NoData -9999。
&lt;b&gt;表格&lt;/b&gt;（TABLE，CSV）：每年一行：year、hours_in_year、hours_valid（区域内至少一个网格有值的小时数）、coverage、cells_valid、area_km2（有值网格的面积）、mean_net_flux_g_co2_m2_yr、sequestration_g_c_m2_yr、total_net_flux_t_co2、sequestration_tg_c；若通量栅格带有率定的 bootstrap 比值（SANDFLUX_TOTAL_RATIO_CI95），还给出两个总量的 95 % 区间（总量乘以该比值的 2.5 % 和 97.5 % 分位数）。以表格图层加载。
&lt;b&gt;趋势&lt;/b&gt;（TREND，可选的 GeoTIFF）：逐格计算，至少需要 5 年：波段 1 为 Theil-Sen 斜率（g CO2 m-2 yr-2），波段 2-3 为其 95 % 区间，波段 4 为 Mann-Kendall p 值（双侧，经结值（tie）校正），波段 5 为所用年数。不足 5 年：不写出（给出警告）。
&lt;b&gt;报告&lt;/b&gt;（REPORT，HTML）：表格、区域趋势（Theil-Sen、Mann-Kendall，至少 5 年）、年总量及其区间的曲线图，以及平均固碳量地图。
&lt;b&gt;Dask 调度器&lt;/b&gt;（DASK_SCHEDULER，高级，可选）：dask.distributed 调度器的地址（如 tcp://host:8786），由其工作进程读取并累加通量栅格（栅格须在每个工作节点上位于相同路径）；为空 = 使用环境变量 SANDFLUX_DASK_SCHEDULER，该变量也为空时在本机运行。两种方式结果相同。使用 FORCING 时请留空（即时累加在本机运行）。

供模型使用的输出：MEAN_SEQUESTRATION，区域固碳量在有值各年的均值（g C m-2 yr-1，正值 = 吸收）；TOTAL，区域总净通量在这些年的均值（t CO2 yr-1，负值 = 吸收）。运行失败或被取消时不留下任何输出。</translation>
        </message>
        <message>
            <location filename="../../algorithms/base.py" line="157" />
            <source>Forcing file (from Import ERA5) or ERA5 downloads</source>
            <translation>驱动文件（来自“导入 ERA5”）或 ERA5 下载文件</translation>
        </message>
        <message>
            <location filename="../../algorithms/base.py" line="160" />
            <source>Extent of the ERA5 downloads to read (empty = all)</source>
            <translation>要读取的 ERA5 下载文件范围（为空 = 全部）</translation>
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="16" />
            <source>Computes the hourly net CO2 flux of shifting sand in every cell of the forcing grid, in g CO2 m-2 s-1, &lt;b&gt;negative = uptake&lt;/b&gt; by the sand, positive = release. For every cell and hour the calibration's ERA5-to-station soil correction is applied first, then its flux model: F = model(Ts, theta, dTs/dt, s). dTs/dt (K h-1) is the backward difference of the corrected soil temperature over the time step; the first hour of the period uses the hour before it when the forcing file has it (so one year at a time gives the same numbers as the whole period); the very first hour of the forcing file uses the forward difference to the second hour.
The uptake of the desert scheme is scaled by the soil: s = (SOC_station / SOC) * (pH / pH_station) (s = 1 at the station's soil; a factor is 1 when its value is not given or the calibration has no station value).

&lt;b&gt;Forcing&lt;/b&gt; (FORCING): the netCDF written by Import ERA5, or the ERA5 downloads themselves (one or more netCDF, GRIB or zip files, as Import ERA5 takes them): they are read as they are, with every check and fix of the import (joined in time order, 0..360 longitudes, packing, expver, units), and nothing is copied. &lt;b&gt;Extent of the ERA5 downloads&lt;/b&gt; (FORCING_EXTENT, advanced, optional): the cells to read from the downloads, as Import ERA5's EXTENT.
&lt;b&gt;Calibration&lt;/b&gt; (CALIBRATION): the .json written by Calibrate from station CSV.
&lt;b&gt;SOC raster&lt;/b&gt; (SOC, optional) or &lt;b&gt;SOC value&lt;/b&gt; (SOC_VALUE, optional): soil organic carbon, in the unit of the calibration's station SOC. A raster is resampled onto the forcing grid with GDAL 'average' (the mean of the pixels overlapping each cell); its NoData cells give NoData flux. When both are given the raster is used. Neither: the station value (factor 1).
&lt;b&gt;pH raster&lt;/b&gt; (PH, optional) or &lt;b&gt;pH value&lt;/b&gt; (PH_VALUE, optional): soil pH, same rules.
&lt;b&gt;Sand mask polygons&lt;/b&gt; (MASK, optional) or &lt;b&gt;sand mask raster&lt;/b&gt; (MASK_RASTER, optional, non-zero = sand): cells outside are NoData. Not both. A mask that does not overlap the forcing grid, or holds no polygon, is an error.
&lt;b&gt;Keep every cell the mask touches&lt;/b&gt; (ALL_TOUCHED, advanced, default off): off = a cell is kept when its centre is inside a polygon; on = when a polygon touches it (for a mask raster: when any sand pixel overlaps it).
&lt;b&gt;Start / End&lt;/b&gt; (START, END, optional): first and last hour, UTC, both included. Empty: the whole forcing file.
&lt;b&gt;Hours per chunk&lt;/b&gt; (CHUNK_HOURS, advanced, default 0 = automatic): hours computed at once.
&lt;b&gt;Dask scheduler&lt;/b&gt; (DASK_SCHEDULER, advanced, optional): address of a dask.distributed scheduler (e.g. tcp://host:8786) that computes the time chunks on its workers (the forcing file must be at the same path on every worker); empty = the environment variable SANDFLUX_DASK_SCHEDULER, and when that is empty too the tool runs here. Same numbers either way.
&lt;b&gt;Flux raster&lt;/b&gt; (OUTPUT): .tif (GeoTIFF: one Float32 band an hour, band description = UTC hour, NoData -9999, EPSG:4326, DEFLATE) or .nc (CF-1.8 netCDF, variable co2_flux). A GeoTIFF holds at most one calendar year (GDAL reads at most 32768 bands): for a longer period write .nc, put {year} in the file name (flux_{year}.tif: one GeoTIFF a calendar year, e.g. flux_2000.tif, flux_2001.tif), or run the tool once a year in batch mode. The raster's metadata records units, sign convention, model, calibration hash, software version and period.
&lt;b&gt;Annual net flux&lt;/b&gt; (ANNUAL, optional) and &lt;b&gt;Annual table&lt;/b&gt; (ANNUAL_TABLE, optional): the annual sums of 'Sum annual sequestration' (every cell with a flux; minimum coverage 0.9), made from the same hourly blocks while they are written: one pass, no flux raster read back.

The layer loads with a diverging ramp centred on 0 (blue = uptake, brown = release) showing the first hour, and with the period as its fixed temporal range.</source>
            <translation>计算驱动网格中每个网格上流沙的逐时 CO2 净通量，单位为 g CO2 m-2 s-1，&lt;b&gt;负值 = 吸收&lt;/b&gt;（被沙地吸收），正值 = 释放。对每个网格和每个小时，先应用率定文件中 ERA5 到站点的土壤校正，再应用其通量模型：F = model(Ts, theta, dTs/dt, s)。dTs/dt（K h-1）是校正后土壤温度在一个时间步长上的后向差分；若驱动文件包含时段第一个小时的前一小时，则第一个小时使用该前一小时（因此逐年计算与整个时段一次计算的结果相同）；驱动文件的最初一个小时使用到第二个小时的前向差分。
沙漠方案的吸收项按土壤缩放：s = (SOC_station / SOC) * (pH / pH_station)（在站点土壤处 s = 1；某一因子的值未给出或率定文件中没有相应站点值时，该因子为 1）。

&lt;b&gt;驱动&lt;/b&gt;（FORCING）：“导入 ERA5”写出的 netCDF，或 ERA5 下载文件本身（一个或多个 netCDF、GRIB 或 zip 文件，与“导入 ERA5”接受的相同）：按原样读取，并施加导入时的全部检查与修正（按时间顺序拼接、0..360 经度、打包、expver、单位），不复制任何数据。&lt;b&gt;ERA5 下载文件范围&lt;/b&gt;（FORCING_EXTENT，高级，可选）：从下载文件中读取的网格，同“导入 ERA5”的 EXTENT。
&lt;b&gt;率定文件&lt;/b&gt;（CALIBRATION）：“由站点 CSV 率定”写出的 .json。
&lt;b&gt;SOC 栅格&lt;/b&gt;（SOC，可选）或 &lt;b&gt;SOC 数值&lt;/b&gt;（SOC_VALUE，可选）：土壤有机碳，单位同率定文件中的站点 SOC。栅格用 GDAL 'average' 重采样到驱动网格（与每个网格重叠的像元的均值）；其 NoData 网格得到 NoData 通量。两者都给出时使用栅格。两者都未给出：使用站点值（因子为 1）。
&lt;b&gt;pH 栅格&lt;/b&gt;（PH，可选）或 &lt;b&gt;pH 数值&lt;/b&gt;（PH_VALUE，可选）：土壤 pH，规则同上。
&lt;b&gt;沙地掩膜面&lt;/b&gt;（MASK，可选）或 &lt;b&gt;沙地掩膜栅格&lt;/b&gt;（MASK_RASTER，可选，非零 = 沙地）：掩膜外的网格为 NoData。两者不能同时给出。掩膜与驱动网格不重叠或不含任何面时为错误。
&lt;b&gt;保留掩膜接触的所有网格&lt;/b&gt;（ALL_TOUCHED，高级，默认关闭）：关闭 = 网格中心位于某个面内时保留该网格；开启 = 有面接触该网格时即保留（对掩膜栅格：有任一沙地像元与之重叠时保留）。
&lt;b&gt;开始 / 结束&lt;/b&gt;（START、END，可选）：第一个和最后一个小时，UTC，均包含在内。为空：整个驱动文件。
&lt;b&gt;每块小时数&lt;/b&gt;（CHUNK_HOURS，高级，默认 0 = 自动）：一次计算的小时数。
&lt;b&gt;Dask 调度器&lt;/b&gt;（DASK_SCHEDULER，高级，可选）：dask.distributed 调度器的地址（如 tcp://host:8786），由其工作进程计算各时间块（驱动文件须在每个工作节点上位于相同路径）；为空 = 使用环境变量 SANDFLUX_DASK_SCHEDULER，该变量也为空时在本机运行。两种方式结果相同。
&lt;b&gt;通量栅格&lt;/b&gt;（OUTPUT）：.tif（GeoTIFF：每小时一个 Float32 波段，波段描述 = UTC 小时，NoData -9999，EPSG:4326，DEFLATE）或 .nc（CF-1.8 netCDF，变量 co2_flux）。一个 GeoTIFF 最多容纳一个日历年（GDAL 最多读取 32768 个波段）：更长的时段请写出 .nc，或在文件名中写入 {year}（flux_{year}.tif：每个日历年一个 GeoTIFF，如 flux_2000.tif、flux_2001.tif），或以批处理模式每年运行一次本工具。栅格元数据记录单位、符号约定、模型、率定文件哈希、软件版本和时段。
&lt;b&gt;年净通量&lt;/b&gt;（ANNUAL，可选）与&lt;b&gt;年度表&lt;/b&gt;（ANNUAL_TABLE，可选）：“累加年度固碳”的年累加结果（所有有通量的网格；最低覆盖率 0.9），在写出逐时块的同时由同一批块累加而成：一次遍历，不回读任何通量栅格。

图层加载时使用以 0 为中心的发散色带（蓝色 = 吸收，棕色 = 释放），显示第一个小时，并以该时段作为其固定时间范围。</translation>
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="108" />
            <source>Annual net flux from the same pass (optional)</source>
            <translation>同一遍历得到的年净通量（可选）</translation>
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="111" />
            <source>Annual table from the same pass (optional)</source>
            <translation>同一遍历得到的年度表（可选）</translation>
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="137" />
            <source>The annual table comes with the annual net flux raster: set ANNUAL too.</source>
            <translation>年度表须与年净通量栅格一起输出：请同时设置 ANNUAL。</translation>
        </message>
    </context>
</TS>
