"""The palette reads for colour-blind readers: distances after simulated deuteranopia, protanopia and
tritanopia (Machado 2009, full severity, colour-science), CIEDE2000."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest

from sahel_map.look import styling

warnings.filterwarnings("ignore", module="colour")
colour = pytest.importorskip("colour")

VISION = (None, "Deuteranomaly", "Protanomaly", "Tritanomaly")
BASEMAP = "#fbf8f0"  # Mali's fill, the lightest ground a zone is drawn on


def seen(hex_colour: str, deficiency: str | None):
    linear = colour.models.eotf_sRGB(np.array(colour.notation.HEX_to_RGB(hex_colour)))
    if deficiency:
        linear = np.clip(colour.matrix_cvd_Machado2009(deficiency, 1.0) @ linear, 0, 1)
    xyz = colour.RGB_to_XYZ(linear, colour.RGB_COLOURSPACES["sRGB"], apply_cctf_decoding=False)
    return colour.XYZ_to_Lab(xyz)


def distance(a: str, b: str) -> float:
    """The smallest CIEDE2000 difference between two colours for any of the four kinds of vision."""
    return min(float(colour.delta_E(seen(a, v), seen(b, v), method="CIE 2000")) for v in VISION)


def over_basemap(hex_colour: str, opacity: float) -> str:
    fill = np.array(colour.notation.HEX_to_RGB(hex_colour))
    ground = np.array(colour.notation.HEX_to_RGB(BASEMAP))
    return colour.notation.RGB_to_HEX(opacity * fill + (1 - opacity) * ground)


def test_every_two_forces_stay_apart_for_every_reader():
    """Markers also differ by shape; the colours alone must still be told apart (charts, legends)."""
    for (a, sa), (b, sb) in itertools.combinations(styling.FORCE_STYLES.items(), 2):
        assert distance(sa.colour, sb.colour) >= 10, (a, b)


def test_every_zone_stands_out_from_the_basemap_for_every_reader():
    for level in ("control", "influence"):
        opacity = styling.LEVEL_STYLES[level].fill_opacity
        for group, hex_colour in styling.GROUP_COLOURS.items():
            assert distance(over_basemap(hex_colour, opacity), BASEMAP) >= 7, (group, level)


def test_groups_on_the_map_at_the_same_time_stay_apart(data):
    zones = data.frames["jihadist_zones"]
    together = set()
    for a, b in itertools.combinations(zones.itertuples(), 2):
        if (
            a.group != b.group
            and a.start < (b.end if b.end == b.end else a.start + np.timedelta64(1, "D"))
            and (b.start < (a.end if a.end == a.end else b.start + np.timedelta64(1, "D")))
        ):
            together.add(tuple(sorted((a.group, b.group))))
    assert together
    for a, b in together:
        assert distance(styling.GROUP_COLOURS[a], styling.GROUP_COLOURS[b]) >= 8, (a, b)
