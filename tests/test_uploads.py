"""Analysts' own files: every format read, ACLED and UCDP recognised, CRS and swapped coordinates handled,
every bad file one readable message, and the layers in every export. The files are built here: synthetic
rows with ACLED's and UCDP's columns, never their data."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, Polygon

from sahel_map.data.uploads import Mapping, describe, parse_dates, read_upload
from sahel_map.export import export
from sahel_map.export.layers import ExtraLayer
from sahel_map.look.i18n import translator
from sahel_map.view.view import View

ROOT = Path(__file__).resolve().parent.parent
ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,"
    "inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,"
    "location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp"
)


def acled_csv(dates: list[str]) -> bytes:
    rows = [ACLED_HEADER]
    for i, day in enumerate(dates):
        kind = "Battles" if i % 2 == 0 else "Riots"
        rows.append(
            f"SYN{i},{day},2022,1,Political violence,{kind},Armed clash,Synthetic actor {i % 3},,1,Synthetic other,,"
            f"2,12,,466,Western Africa,Mali,Mopti,Mopti,,Synthetic place {i},{14 + i * 0.1:.2f},{-4 + i * 0.1:.2f},"
            f"1,Synthetic source,Local,synthetic note,{i},,1650000000"
        )
    return ("\n".join(rows) + "\n").encode()


def ucdp_csv() -> bytes:
    return (
        b"id,year,type_of_violence,side_a,side_b,country,country_id,where_coordinates,where_prec,latitude,longitude,"
        b"date_start,date_end,best,low,high\n"
        b"1,2022,1,Synthetic side A,Synthetic side B,Mali,432,Synthetic place,1,14.5,-4.2,2022-03-27,2022-03-28,"
        b"4,3,6\n"
        b"2,2022,3,Synthetic side C,Civilians,Burkina Faso,439,Synthetic place 2,2,13.0,-1.5,2022-05-01,2022-05-01,"
        b"0,0,1\n"
    )


# -- formats ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "dates",
    [["2022-03-27", "2022-04-01"], ["27 March 2022", "1 April 2022"], ["27-03-2022", "01-04-2022"]],
    ids=["iso", "words", "day-month-year"],
)
def test_acled_export_is_recognised_in_each_date_format(dates):
    result = read_upload("2022-acled-export.csv", acled_csv(dates))
    layer = result.layer
    assert not result.notes
    assert layer.kind == "acled" and layer.name == "ACLED events" and layer.point_dates
    assert [d.date() for d in layer.frame["start"]] == [date(2022, 3, 27), date(2022, 4, 1)]
    assert list(layer.frame["iso3"]) == ["MLI", "MLI"]  # ACLED's numeric iso 466
    assert layer.size_column == "fatalities"
    assert layer.filter_columns[:3] == ["event_type", "sub_event_type", "actor1"]
    assert ExtraLayer(layer).credit(translator("en")).startswith("Event data: Armed Conflict Location")


def test_ucdp_ged_export_is_recognised():
    layer = read_upload("ged.csv", ucdp_csv()).layer
    assert layer.kind == "ucdp" and layer.name == "UCDP GED events"
    assert list(layer.frame["iso3"]) == ["MLI", "BFA"]  # Gleditsch-Ward 432, 439
    assert layer.frame["start"].iloc[0].date() == date(2022, 3, 27)
    assert "side_a" in layer.filter_columns and layer.size_column == "best"
    assert "UCDP" in ExtraLayer(layer).credit(translator("en"))


def test_french_credit_for_acled():
    layer = read_upload("a.csv", acled_csv(["2022-03-27"])).layer
    assert "ACLED" in ExtraLayer(layer).credit(translator("fr")) and "Données" in ExtraLayer(layer).credit(
        translator("fr")
    )


def test_parse_dates_picks_the_format_that_reads_the_column():
    parsed, fmt = parse_dates(pd.Series(["27-03-2022", "28-03-2022"]))
    assert fmt == "%d-%m-%Y" and parsed.iloc[1].date() == date(2022, 3, 28)


def test_parse_dates_reads_each_row_its_own_way_and_keeps_missing_rows():
    values = pd.Series(["27 March 2022", None, " 2022-03-28", "27 March 2022", "", "nonsense"])
    parsed, fmt = parse_dates(values)
    # the format most rows are written in names the column; the others are still read
    assert fmt == "%d %B %Y"
    days = [None if pd.isna(v) else v.date() for v in parsed]
    assert days == [date(2022, 3, 27), None, date(2022, 3, 28), date(2022, 3, 27), None, None]
    assert list(parsed.index) == list(values.index)
    assert parse_dates(pd.Series([None, None], dtype="string"))[1] is None


def _frame(crs="EPSG:4326", geometry=None):
    return gpd.GeoDataFrame(
        {"name": ["Camp A", "Camp B"], "start": ["2020-01-01", "2021-01-01"], "end": ["2021-01-01", None]},
        geometry=geometry or [Point(-4.2, 14.5), Point(-1.5, 13.0)],
        crs=crs,
    )


def test_geopackage_every_layer_or_one(tmp_path):
    path = tmp_path / "two.gpkg"
    _frame().to_file(path, layer="camps", driver="GPKG", engine="pyogrio")
    area = gpd.GeoDataFrame({"name": ["Zone"]}, geometry=[Polygon([(0, 13), (1, 13), (1, 14)])], crs="EPSG:4326")
    area.to_file(path, layer="zones", driver="GPKG", engine="pyogrio")
    every = read_upload(path.name, path)
    assert sorted(layer.name for layer in every.layers) == ["two: camps", "two: zones"]
    assert every.sublayers == ["camps", "zones"]
    one = read_upload(path.name, path, Mapping(layer="zones"))
    assert [layer.name for layer in one.layers] == ["two: zones"] and len(one.layer.frame) == 1


def test_start_and_end_columns_follow_the_time_rule(tmp_path):
    path = tmp_path / "camps.geojson"
    path.write_text(_frame().to_json(), encoding="utf-8")
    layer = read_upload(path.name, path).layer
    assert not layer.point_dates  # start/end: the one time rule, not the event window
    extra = ExtraLayer(layer)
    assert list(extra.shown(View(day=date(2020, 6, 1)))["name"]) == ["Camp A"]
    assert list(extra.shown(View(day=date(2021, 1, 1)))["name"]) == ["Camp B"]  # end is the first day gone


def test_points_follow_the_event_window():
    layer = read_upload("a.csv", acled_csv(["2021-01-01", "2022-03-27"])).layer
    extra = ExtraLayer(layer)
    assert len(extra.shown(View(day=date(2022, 4, 1), event_window_days=365))) == 1
    assert len(extra.shown(View(day=date(2022, 4, 1), event_window_days=None))) == 2
    assert len(extra.shown(View(day=date(2020, 4, 1), event_window_days=None))) == 0


def test_zipped_shapefile_with_a_projection_is_reprojected(tmp_path):
    folder = tmp_path / "shp"
    folder.mkdir()
    _frame().to_crs("EPSG:32630").to_file(folder / "camps.shp", engine="pyogrio")
    archive = tmp_path / "camps.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for part in folder.iterdir():
            z.write(part, f"inner/{part.name}")
    layer = read_upload(archive.name, archive).layer
    point = layer.frame.geometry.iloc[0]
    assert abs(point.x + 4.2) < 1e-6 and abs(point.y - 14.5) < 1e-6


def test_projected_coordinates_without_a_crs_are_refused(tmp_path):
    folder = tmp_path / "shp"
    folder.mkdir()
    _frame().to_crs("EPSG:32630").to_file(folder / "camps.shp", engine="pyogrio")
    (folder / "camps.prj").unlink()
    archive = tmp_path / "camps.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for part in folder.iterdir():
            z.write(part, part.name)
    result = read_upload(archive.name, archive)
    assert not result.layers
    assert "not degrees" in result.message and "add the .prj" in result.message


def test_kml_and_kmz(tmp_path):
    kml = tmp_path / "points.kml"
    kml.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        "<Placemark><name>Checkpoint</name><description>synthetic</description>"
        "<Point><coordinates>-4.2,14.5</coordinates></Point></Placemark></Document></kml>",
        encoding="utf-8",
    )
    layer = read_upload(kml.name, kml).layer
    assert list(layer.frame["Name"]) == ["Checkpoint"] and layer.frame.geometry.iloc[0].x == -4.2
    kmz = tmp_path / "points.kmz"
    with zipfile.ZipFile(kmz, "w") as z:
        z.write(kml, "doc.kml")
    assert len(read_upload(kmz.name, kmz).layer.frame) == 1


def test_csv_with_wkt_and_tsv():
    wkt = read_upload("zones.csv", b'name,wkt\nZone,"POLYGON ((0 13, 1 13, 1 14, 0 13))"\n').layer
    assert wkt.frame.geometry.iloc[0].geom_type == "Polygon"
    tsv = read_upload("points.tsv", b"name\tlat\tlon\nA\t14.5\t-4.2\n").layer
    assert tsv.frame.geometry.iloc[0].y == 14.5


def test_swapped_coordinates_are_detected_and_fixed_in_one_click():
    data = b"name,latitude,longitude\nA,-4.2,14.5\nB,-1.5,13.0\nC,2.1,13.5\n"
    result = read_upload("swapped.csv", data)
    assert result.swap_suggested and "swapped" in result.notes[0].text()
    fixed = read_upload("swapped.csv", data, Mapping(swap=True))
    assert not fixed.swap_suggested and fixed.layer.frame.geometry.iloc[0].y == 14.5
    assert not read_upload("fine.csv", b"name,latitude,longitude\nA,14.5,-4.2\n").swap_suggested


def test_a_table_without_a_date_gets_the_mapping_form():
    data = b"name,when,latitude,longitude\nA,2022-03-27,14.5,-4.2\n"
    result = read_upload("mine.csv", data)
    assert result.needs_dates and not result.layer.dated and "when" in result.columns
    mapped = read_upload("mine.csv", data, Mapping(date="when"))
    assert mapped.layer.dated and mapped.layer.frame["start"].iloc[0].date() == date(2022, 3, 27)
    assert "pick" in " ".join(describe(result))


# -- bad files: one readable message each ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("bad.geojson", b'{"type": "FeatureCollection", "features": [', "not valid JSON"),
        (
            "nogeom.geojson",
            b'{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"name":"X"}}]}',
            "feature #1 (X) has no geometry",
        ),
        (
            "odd.geojson",
            b'{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Circle"},"properties":{}}]}',
            "unknown geometry type 'Circle'",
        ),
        ("nocoords.csv", b"name,place\nA,Gao\n", "no latitude/longitude columns found: name them latitude"),
        ("empty.csv", b"", "the file is empty"),
        ("header.csv", b"latitude,longitude\n", "header but no rows"),
        ("projected.csv", b"latitude,longitude\n1600000,500000\n", "not degrees"),
        ("notes.docx", b"PK", "are not read"),
        ("plain.zip", None, "the zip holds no .shp file"),
    ],
)
def test_each_bad_file_gives_one_readable_message(name, data, expected, tmp_path):
    if data is None:
        path = tmp_path / name
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("readme.txt", "not a shapefile")
        data = path.read_bytes()
    result = read_upload(name, data)
    assert not result.layers
    assert len(result.errors) == 1
    message = result.message
    assert expected in message and message.startswith(f"{name}:")
    assert "Traceback" not in message and "/tmp" not in message


def test_over_the_limit():
    result = read_upload("big.csv", b"latitude,longitude\n" + b"14.5,-4.2\n" * 200_000, limit_mb=1)
    assert "over the upload limit of 1 MB" in result.message and not result.layers


def test_every_note_has_a_french_translation():
    fr = translator("fr")
    templates = [n.template for n in _all_notes()]
    assert templates
    for template in templates:
        assert fr(template, **{k: "x" for k in _fields(template)}) != template.format(
            **{k: "x" for k in _fields(template)}
        ), template


def _fields(template: str) -> list[str]:
    import string

    return [f for _, f, _, _ in string.Formatter().parse(template) if f]


def _all_notes():
    cases = [
        ("a.geojson", b"{"),
        ("a.geojson", b'{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null}]}'),
        ("a.geojson", b'{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"X"}}]}'),
        ("a.csv", b"a\n1\n"),
        ("a.csv", b""),
        ("a.csv", b"latitude,longitude\n"),
        ("a.csv", b"latitude,longitude\n1600000,500000\n"),
        ("a.csv", b"latitude,longitude\n-4.2,14.5\n"),
        ("a.csv", b"latitude,longitude,date\n14.5,-4.2,someday\n14.6,-4.1,2022-01-01\n"),
        ("a.csv", b"latitude,longitude\nx,y\n14.5,-4.2\n"),
        ("a.docx", b"x"),
    ]
    return [n for name, data in cases for n in read_upload(name, data).notes]


def test_the_live_map_carries_the_layers_address_and_an_export_its_data():
    import folium

    from sahel_map.web.uploads import upload_group

    layer = read_upload("acled.csv", acled_csv(["2022-06-01", "2022-07-01"])).layer
    view = View(day=date(2022, 6, 15))
    published = {}

    def publish(name, data):
        published[name] = data
        return f"/media/{name}.json"

    live = folium.Map()
    upload_group(layer, view, publish).add_to(live)
    html = live.get_root().render()
    ((name, data),) = published.items()
    assert f"/media/{name}.json" in html and "Synthetic place 1" not in html
    served = json.loads(data)
    assert served["key"] == name and "Synthetic place 1" in data.decode()
    # a rerun that only moves the day publishes the same bytes under the same name
    upload_group(layer, View(day=date(2022, 7, 15)), publish)
    assert list(published) == [name]

    embedded = folium.Map()
    upload_group(layer, view).add_to(embedded)
    assert "Synthetic place 1" in embedded.get_root().render()


# -- exports and the CLI ---------------------------------------------------------------------------


@pytest.fixture
def acled_layer():
    layer = read_upload("acled.csv", acled_csv(["2022-06-01", "2022-07-01"])).layer
    layer.colour = "#EE3377"
    return ExtraLayer(layer)


def test_vector_exports_carry_the_uploaded_features(data, acled_layer, tmp_path):
    view = View(day=date(2022, 8, 15))
    for fmt in ("geojson", "gpkg", "kml"):
        out = export(fmt, data, view, tmp_path / f"map.{fmt}", extra=[acled_layer])
        if fmt == "kml":
            assert "Synthetic place 1" in out.read_text(encoding="utf-8")
            continue
        # in a GeoPackage the layer is named by its title, as in the legend
        frame = gpd.read_file(out, layer="ACLED events") if fmt == "gpkg" else gpd.read_file(out)
        if fmt == "geojson":
            frame = frame[frame["layer"] == "ACLED events"]
        assert sorted(frame["event_id_cnty"]) == ["SYN0", "SYN1"]


def test_kml_export_draws_uploaded_lines_and_multi_parts_in_a_folder_named_like_the_layer(data, tmp_path):
    import xml.etree.ElementTree as ET

    features = [
        {"type": "Feature", "properties": {"name": "Convoy route"},
         "geometry": {"type": "LineString", "coordinates": [[-4.2, 14.5], [-3.0, 15.0], [0.0, 16.3]]}},
        {"type": "Feature", "properties": {"name": "Checkpoints"},
         "geometry": {"type": "MultiPoint", "coordinates": [[-2.0, 14.0], [-1.5, 14.2]]}},
    ]  # fmt: skip
    text = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    layer = ExtraLayer(read_upload("routes.geojson", text).layer)
    out = export("kml", data, View(day=date(2022, 8, 15)), tmp_path / "map.kml", extra=[layer])
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    root = ET.parse(out).getroot()
    folder = next(f for f in root.iter(f"{{{ns['k']}}}Folder") if f.find("k:name", ns).text == layer.data.name)
    marks = {}
    for mark in folder.findall("k:Placemark", ns):
        kind = next(child.tag.split("}")[1] for child in mark if child.tag.split("}")[1] in ("Point", "LineString"))
        marks.setdefault(mark.find("k:name", ns).text, []).append(kind)
    assert marks == {"Convoy route": ["LineString"], "Checkpoints": ["Point", "Point"]}
    line = folder.find(".//k:LineString/k:coordinates", ns).text.split()
    assert [tuple(map(float, c.split(",")[:2])) for c in line] == [(-4.2, 14.5), (-3.0, 15.0), (0.0, 16.3)]


def test_html_export_has_the_layer_legend_and_acled_credit(data, acled_layer, tmp_path):
    out = export("html", data, View(day=date(2022, 8, 15)), tmp_path / "map.html", extra=[acled_layer])
    html = out.read_text(encoding="utf-8")
    assert "SahelMap.uploadLayer" in html and "Synthetic place 1" in html
    assert "Armed Conflict Location" in html and "#EE3377" in html


def test_png_legend_and_credit_name_the_upload(data, acled_layer):
    from sahel_map.export.snapshot import Snapshot

    view = View(day=date(2022, 8, 15))
    snapshot = Snapshot(data, view, extra_layers=[acled_layer])
    try:
        snapshot.draw(view)
        labels = [text.get_text() for text in snapshot.legend.get_texts()]
        assert "ACLED events" in labels
        texts = " ".join(t.get_text() for t in snapshot.fig.texts).replace("\n", " ")
        assert "Armed Conflict Location" in texts
        drawn = [c for c in snapshot.ax.collections if len(c.get_offsets()) == 2 and c.get_zorder() == 4.2]
        assert drawn, "the two synthetic events are drawn"
    finally:
        snapshot.close()


def test_cli_export_with_and_validate(tmp_path):
    csv = tmp_path / "acled.csv"
    csv.write_bytes(acled_csv(["2022-06-01", "27 July 2022"]))
    out = tmp_path / "map.geojson"
    env = {"PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-m", "sahel_map", "export", "--date", "2022-08-15", "--format", "geojson"]
        + ["--with", str(csv), "--with", str(csv), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**env, "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 0, run.stderr
    features = json.loads(out.read_text())["features"]
    assert sum(f["properties"].get("layer") == "ACLED events" for f in features) == 4
    check = subprocess.run(
        [sys.executable, "-m", "sahel_map", "validate", str(csv)], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert check.returncode == 0
    assert "recognised as an ACLED export" in check.stderr and "2 feature(s)" in check.stderr
    assert "2022-06-01 to 2022-07-27" in check.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("name\nA\n")
    failed = subprocess.run(
        [sys.executable, "-m", "sahel_map", "export", "--date", "2022-08-15", "--format", "png"]
        + ["--with", str(bad), "--out", str(tmp_path / "x.png")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert failed.returncode == 2 and "no latitude/longitude columns" in failed.stderr
    assert "Traceback" not in failed.stderr and not (tmp_path / "x.png").exists()


# -- the session ------------------------------------------------------------------------------------


def test_session_layers_are_per_session_and_never_on_disk(tmp_path, private_static):
    from streamlit.testing.v1 import AppTest

    before = {p for p in private_static.rglob("*")}
    geodata_before = sorted((ROOT / "geodata").rglob("*"))
    at = AppTest.from_file(str(ROOT / "pages" / "7_Your_data.py"), default_timeout=120).run()
    assert not at.exception
    assert any("Up to 50 MB per file" in c.value for c in at.caption)
    session = at.session_state["uploaded_layers"]
    session.add("file-1", "mine.csv", b"name,latitude,longitude\nzq-marker,14.5,-4.2\n")
    at.run()
    assert not at.exception
    assert any("mine" in m.value for m in at.markdown)
    other = AppTest.from_file(str(ROOT / "pages" / "7_Your_data.py"), default_timeout=120).run()
    assert "uploaded_layers" not in other.session_state or not other.session_state["uploaded_layers"].layers
    after = {p for p in private_static.rglob("*")}
    assert not any("zq-marker" in p.read_text(errors="ignore") for p in after - before if p.is_file())
    assert sorted((ROOT / "geodata").rglob("*")) == geodata_before


def test_the_page_fixes_swapped_coordinates_filters_and_removes():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "pages" / "7_Your_data.py"), default_timeout=120).run()
    session = at.session_state["uploaded_layers"]
    session.add("file-1", "swapped.csv", b"name,kind,latitude,longitude\nA,x,-4.2,14.5\nB,y,-1.5,13.0\nC,y,2.1,13.5\n")
    at.run()
    assert any("look swapped" in w.value for w in at.warning)
    at.button(key="up_swap_file-1").click().run()
    layer = at.session_state["uploaded_layers"].layers[0]
    assert layer.frame.geometry.iloc[0].y == 14.5 and not at.warning
    at.multiselect(key="up_filter_file-1_0_kind").select("y").run()
    assert ExtraLayer(at.session_state["uploaded_layers"].layers[0]).shown(View(day=date(2022, 1, 1)))[
        "name"
    ].tolist() == ["B", "C"]
    at.button(key="up_remove_file-1").click().run()
    assert not at.session_state["uploaded_layers"].layers and not at.exception


def test_the_mapping_form_reads_a_table_the_app_could_not_guess():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "pages" / "7_Your_data.py"), default_timeout=120).run()
    session = at.session_state["uploaded_layers"]
    session.add("file-1", "odd.csv", b"place,north,east,seen\nA,14.5,-4.2,2022-03-27\nB,13.0,-1.5,2022-05-01\n")
    at.run()
    assert any("no latitude/longitude columns" in e.value.replace("\\", "") for e in at.error)
    at.selectbox(key="up_lat_file-1").select("north")
    at.selectbox(key="up_lon_file-1").select("east")
    at.selectbox(key="up_date_file-1").select("seen")
    at.button[[b.label for b in at.button].index("Read the table again")].click().run()
    assert not at.exception and not at.error
    (layer,) = at.session_state["uploaded_layers"].layers
    assert layer.frame.geometry.iloc[0].y == 14.5 and layer.point_dates
    assert layer.span[0].date() == date(2022, 3, 27)


def test_the_page_offers_one_geopackage_layer_or_every_one(tmp_path):
    from streamlit.testing.v1 import AppTest

    path = tmp_path / "two.gpkg"
    _frame().to_file(path, layer="camps", driver="GPKG", engine="pyogrio")
    area = gpd.GeoDataFrame({"name": ["Zone"]}, geometry=[Polygon([(0, 13), (1, 13), (1, 14)])], crs="EPSG:4326")
    area.to_file(path, layer="zones", driver="GPKG", engine="pyogrio")
    at = AppTest.from_file(str(ROOT / "pages" / "7_Your_data.py"), default_timeout=120).run()
    at.session_state["uploaded_layers"].add("file-1", "two.gpkg", path.read_bytes())
    at.run()
    assert len(at.session_state["uploaded_layers"].layers) == 2
    at.selectbox(key="up_gpkg_file-1").select("zones").run()
    assert not at.exception
    (layer,) = at.session_state["uploaded_layers"].layers
    assert "zones" in layer.name and layer.frame.geometry.iloc[0].geom_type == "Polygon"
