"""The Barkhane drawdown as a guided briefing: one step per key event, legible on a projector."""

from sahel_map.app import Page
from sahel_map.app.briefing import briefing_page

briefing_page(Page("Barkhane drawdown", "🎞️"))
