<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>SandFlux</name>
        <message>
            <location filename="../../algorithms/annual_sequestration.py" line="7" />
            <source>AnnualSequestration (in development)</source>
            <translation>年度固碳（开发中）</translation>
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
            <location filename="../../algorithms/calibrate_model.py" line="7" />
            <source>CalibrateModel (in development)</source>
            <translation>模型率定（开发中）</translation>
        </message>
        <message>
            <location filename="../../algorithms/compute_flux.py" line="7" />
            <source>ComputeFlux (in development)</source>
            <translation>计算通量（开发中）</translation>
        </message>
        <message>
            <location filename="../../algorithms/import_era5.py" line="7" />
            <source>ImportEra5 (in development)</source>
            <translation>导入 ERA5（开发中）</translation>
        </message>
        <message>
            <location filename="../../algorithms/soil_properties.py" line="7" />
            <source>SoilProperties (in development)</source>
            <translation>土壤属性（开发中）</translation>
        </message>
        <message>
            <location filename="../../provider/provider.py" line="24" />
            <source>SandFlux</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../provider/provider.py" line="27" />
            <source>SandFlux {} — desert CO2 flux</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../provider/provider.py" line="48" />
            <source>SandFlux could not read the model {}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../provider/provider.py" line="63" />
            <source>SandFlux: the Python module(s) {} are missing, so these tools are disabled: {}. Install: {}</source>
            <translation type="unfinished" />
        </message>
    </context>
</TS>
