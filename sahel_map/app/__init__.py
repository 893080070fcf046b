"""The Streamlit face: cached data, the page frame, controls, the live map, downloads, uploads."""

from .page import Page

__all__ = ["Page"]
