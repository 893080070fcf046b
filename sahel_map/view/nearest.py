"""Nearest positions: for a point and a day, the nearest active position of each force.

Distances are geodesic, on the WGS84 ellipsoid (:meth:`pyproj.Geod.inv`).

>>> from datetime import date
>>> from sahel_map.data import load_dataset
>>> rows = nearest(load_dataset(), 16.27, -0.04, date(2021, 6, 1))
>>> rows[0]["force"], rows[0]["distance_km"] < 20
('barkhane', True)
"""

from __future__ import annotations

import math

import numpy as np
from pyproj import Geod

from ..data import codes
from .timeline import active_on, parse_day

GEOD = Geod(ellps="WGS84")


def check_point(lat: float, lon: float) -> tuple[float, float]:
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        raise ValueError("latitude and longitude must be numbers in degrees") from None
    if not (math.isfinite(lat) and -90 <= lat <= 90):
        raise ValueError(f"latitude {lat:g} is outside -90 to 90")
    if not (math.isfinite(lon) and -180 <= lon <= 180):
        raise ValueError(f"longitude {lon:g} is outside -180 to 180")
    return lat, lon


def nearest(data, lat: float, lon: float, day, forces=None) -> list[dict]:
    """Per force with a position active on ``day``: the nearest one, ``{"force", "id", "name", "distance_km",
    "lat", "lon"}``, sorted by distance (``forces``: only these)."""
    lat, lon = check_point(lat, lon)
    frame = active_on(data.frames["military_positions"], parse_day(day))
    if forces is not None:
        frame = frame[frame["force"].isin(list(forces))]
    if not len(frame):
        return []
    xs, ys = frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy()
    _, _, metres = GEOD.inv(np.full(len(xs), lon), np.full(len(xs), lat), xs, ys)
    frame = frame.assign(km_=np.asarray(metres) / 1000.0, x_=xs, y_=ys)
    best = frame.sort_values(["km_", "id"]).drop_duplicates("force")
    order = {force: i for i, force in enumerate(codes.FORCES)}
    rows = [
        {
            "force": str(row.force),
            "id": str(row.id),
            "name": str(row.name),
            "distance_km": round(float(row.km_), 1),
            "lat": round(float(row.y_), 5),
            "lon": round(float(row.x_), 5),
        }
        for row in best.itertuples()
    ]
    return sorted(rows, key=lambda r: (r["distance_km"], order.get(r["force"], 99)))
