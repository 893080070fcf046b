"""The features a view shows, as GeoJSON, KML (Google Earth) or GeoPackage (QGIS).

Exactly :meth:`View.shown_frames <sahel_map.view.View.shown_frames>`: the
features active on the day, of the selected layers, forces and groups, that
touch the extent; uploaded layers the user switched on come along as extra
layers. GDAL (pyogrio) writes GeoPackage; simplekml writes KML.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd

from ..look import i18n, styling
from .atomic import ExportError


def _iso(series: pd.Series) -> pd.Series:
    return series.dt.strftime("%Y-%m-%d").where(series.notna(), None)


def flat(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Lists joined with '; ' and dates as ISO text, for formats without list or date fields."""
    out = frame.drop(columns=["start", "end", "layer"], errors="ignore").copy()
    for column in out.columns:
        if column != "geometry" and out[column].map(lambda v: isinstance(v, (list, tuple))).any():
            out[column] = out[column].map(lambda v: "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    for column in ("start", "end"):
        if column in frame:
            out[column] = _iso(frame[column])
    out["layer"] = frame.get("layer")
    return out


def geojson_ready(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    out = frame.copy()
    for column in ("start", "end"):
        if column in out:
            out[column] = _iso(frame[column])
    return out


def write_geojson(frames: dict[str, gpd.GeoDataFrame], path: Path) -> None:
    merged = pd.concat([geojson_ready(f) for f in frames.values()], ignore_index=True)
    text = gpd.GeoDataFrame(merged, geometry="geometry", crs="EPSG:4326").to_json(drop_id=True)
    path.write_text(text, encoding="utf-8")


def layer_names(frames: dict[str, gpd.GeoDataFrame]) -> dict[str, str]:
    """Each layer's name inside a file: ours by id, an uploaded one by its title ("ACLED events"), made
    unique (two uploads may share a title).

    >>> import geopandas as gpd
    >>> one = gpd.GeoDataFrame({"layer": ["ACLED events"]}, geometry=gpd.points_from_xy([0], [0]))
    >>> layer_names({"military_positions": one, "upload-a-0": one, "upload-b-0": one})
    {'military_positions': 'military_positions', 'upload-a-0': 'ACLED events', 'upload-b-0': 'ACLED events (2)'}
    """
    names: dict[str, str] = {}
    for layer_id, frame in frames.items():
        title = frame["layer"].iloc[0] if "layer" in frame and len(frame) else None
        base = layer_id if layer_id in i18n.codes.LAYER_TITLES or not isinstance(title, str) else title
        name, n = base, 2
        while name in names.values():
            name, n = f"{base} ({n})", n + 1
        names[layer_id] = name
    return names


def write_gpkg(frames: dict[str, gpd.GeoDataFrame], path: Path) -> None:
    path.unlink(missing_ok=True)
    names = layer_names(frames)
    for layer_id, frame in frames.items():
        flat(frame).to_file(path, layer=names[layer_id], driver="GPKG", engine="pyogrio")


def _kml_colour(hex_colour: str, alpha: int = 255) -> str:
    """KML writes colours aabbggrr."""
    r, g, b = hex_colour[1:3], hex_colour[3:5], hex_colour[5:7]
    return f"{alpha:02x}{b}{g}{r}"


def _colour(layer_id: str, row: dict) -> str:
    if layer_id == "military_positions":
        return styling.FORCE_STYLES[row["force"]].colour
    if layer_id == "jihadist_zones":
        return styling.GROUP_COLOURS.get(row.get("group"), "#333333")
    if layer_id == "tri_border":
        return styling.AREA_STYLE.colour
    return row.get("_colour") or styling.EVENT_COLOUR


def write_kml(frames: dict[str, gpd.GeoDataFrame], path: Path, day: date, lang: str = "en") -> None:
    """KML styled per force and group, readable in Google Earth; one folder per layer."""
    import simplekml

    t = i18n.translator(lang)
    kml = simplekml.Kml(name=f"Sahel Map, {t.date(day)}")
    names = layer_names(frames)
    for layer_id, frame in frames.items():
        title = t.code("layer", layer_id) if layer_id in i18n.codes.LAYER_TITLES else names[layer_id]
        folder = kml.newfolder(name=title)
        for row in frame.to_dict("records"):
            geom = row["geometry"]
            name = str(row.get("name") or row.get("title") or t.code("group", row.get("group")) or row.get("id"))
            description = "\n".join(
                f"{k}: {'; '.join(map(str, v)) if isinstance(v, (list, tuple)) else v}"
                for k, v in row.items()
                if k not in ("geometry", "start", "end", "layer")
                and not str(k).startswith("_")
                and v is not None
                and (isinstance(v, (list, tuple)) or v == v)
            )
            colour = _colour(layer_id, row)
            placemarks = []
            for part in getattr(geom, "geoms", [geom]):  # a multi-part geometry: one placemark per part
                if part.geom_type == "Point":
                    placemark = folder.newpoint(name=name, coords=[(part.x, part.y)], description=description)
                    placemark.style.iconstyle.color = _kml_colour(colour)
                    placemark.style.labelstyle.scale = 0.7
                elif part.geom_type == "LineString":
                    placemark = folder.newlinestring(name=name, coords=list(part.coords), description=description)
                    placemark.style.linestyle.color = _kml_colour(colour)
                    placemark.style.linestyle.width = 3
                elif part.geom_type == "Polygon":
                    placemark = folder.newpolygon(
                        name=name,
                        description=description,
                        outerboundaryis=list(part.exterior.coords),
                        innerboundaryis=[list(r.coords) for r in part.interiors],
                    )
                    placemark.style.polystyle.color = _kml_colour(colour, 90)
                    placemark.style.linestyle.color = _kml_colour(colour)
                    placemark.style.linestyle.width = 2
                else:  # an empty geometry or a collection: nothing Google Earth could draw
                    continue
                placemarks.append(placemark)
            for placemark in placemarks:
                if pd.notna(row.get("start")):
                    placemark.timespan.begin = pd.Timestamp(row["start"]).date().isoformat()
                if pd.notna(row.get("end")):
                    placemark.timespan.end = pd.Timestamp(row["end"]).date().isoformat()
    kml.save(str(path))


def require_features(frames: dict, view) -> None:
    if not frames:
        layers = ", ".join(view.layers) or "no layer"
        raise ExportError(f"nothing to export: no feature of {layers} is shown on {view.day.isoformat()}")
