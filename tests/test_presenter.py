"""The briefing's presenter view in real headless Chromium, at 1280x720 and 1920x1080.

No scrolling, a caption readable from the back of a room, the clicker's keys (inside the map too),
the step in the URL, and the browser's Back button.
"""

from __future__ import annotations

import re

import pytest
from conftest import LOCAL_PREFIXES
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
SCREENS = [(1280, 720), (1920, 1080)]


@pytest.fixture
def screen_page(browser, request):
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    context.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith(LOCAL_PREFIXES) else route.abort()
    )
    page = context.new_page()
    yield page
    context.close()


def settled(page) -> None:
    """Wait until the map has been sized to the screen (the page learns the window's size on its first run)."""
    page.wait_for_function(
        """() => {
            const frames = [...document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]')]
                .filter(f => f.getBoundingClientRect().height > 0);
            const caption = document.querySelector('.present-caption');
            return frames.length === 1 && caption && frames[0].getBoundingClientRect().height > innerHeight * 0.55
                && caption.getBoundingClientRect().bottom <= innerHeight;
        }""",
        timeout=90_000,
    )


def shows(page, steps, n: int) -> None:
    expect(page.locator(".present-counter")).to_have_text(f"{n} / {len(steps)}", timeout=30_000)
    expect(page.locator(".present-caption")).to_have_text(steps[n - 1].caption, timeout=30_000)
    expect(page).to_have_url(re.compile(rf"[?&]step={n}(&|$)"), timeout=30_000)
    # the step's run is over (a press while the map still answers may be merged away by Streamlit)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stApp]').dataset.testScriptState === 'notRunning'",
        timeout=30_000,
    )


@pytest.mark.parametrize("screen_page", SCREENS, indirect=True, ids=["1280x720", "1920x1080"])
def test_presenter_view_fills_the_screen_and_answers_the_clicker(app_url, screen_page, data, tmp_path):
    page = screen_page
    steps = data.briefings["drawdown"].steps
    page.goto(f"{app_url}/Barkhane_drawdown?present=1&step=3")
    shows(page, steps, 3)
    settled(page)
    expect(page.locator(".present-legend .sahel-legend-row").first).to_be_visible()
    sizes = page.evaluate(
        """() => {
            const main = document.querySelector('[data-testid="stMain"]');
            const caption = document.querySelector('.present-caption');
            return {
                doc: document.scrollingElement.scrollHeight, docWidth: document.scrollingElement.scrollWidth,
                main: main.scrollHeight, mainClient: main.clientHeight, height: innerHeight, width: innerWidth,
                font: parseFloat(getComputedStyle(caption).fontSize),
                legend: document.querySelector('.present-legend').getBoundingClientRect().bottom,
                legendContent: document.querySelector('.present-legend .sahel-legend').getBoundingClientRect().bottom,
                sidebar: [...document.querySelectorAll('[data-testid="stSidebar"]')]
                    .filter(e => e.getBoundingClientRect().width > 0).length,
            };
        }"""
    )
    page.screenshot(path=str(tmp_path / f"presenter-{sizes['width']}.png"))
    assert sizes["doc"] <= sizes["height"] and sizes["docWidth"] <= sizes["width"], sizes
    assert sizes["main"] <= sizes["mainClient"], sizes  # nothing scrolls inside Streamlit's main container
    assert sizes["font"] >= 28, sizes
    assert sizes["legendContent"] <= sizes["legend"] + 1, sizes  # the whole legend is shown, not cut
    assert sizes["sidebar"] == 0, sizes

    for key, n in [("PageDown", 4), ("Space", 5), ("ArrowRight", 6), ("ArrowLeft", 5), ("PageUp", 4)]:
        page.keyboard.press(key)
        shows(page, steps, n)
    page.keyboard.press("End")
    shows(page, steps, len(steps))
    page.keyboard.press("Home")
    shows(page, steps, 1)
    page.go_back()  # the step before Home
    shows(page, steps, len(steps))
    page.go_forward()
    shows(page, steps, 1)
