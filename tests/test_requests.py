"""What a page load asks the network for, in a real browser: only the archive's own
address, and nothing that is missing. Readers in mainland China wait on any request to a
blocked host, and a request that fails on every page view is wasted on a phone's data."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Page

PAGES = [
    "", "past/", "past/year/2023/", "consultations/jining-2022-culture/", "outcomes/",
    "outcomes/jining-2022-culture-instruction/", "platforms/jishi-shangliang/", "units/",
    "statistics/", "data/", "about/", "search/",
]


def _load(page: Page, url: str) -> list[tuple[str, int | None]]:
    seen: list = []

    def note(request) -> None:
        seen.append(request)

    page.on("requestfinished", note)
    page.on("requestfailed", note)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.remove_listener("requestfinished", note)
    page.remove_listener("requestfailed", note)
    results = []
    for request in seen:
        response = request.response() if request.failure is None else None
        results.append((request.url, response.status if response else None))
    return results


def test_every_request_goes_to_the_site_and_succeeds(page: Page, sample_server: str):
    origin = urlsplit(sample_server).netloc
    problems = []
    for lang in ("", "en/"):
        for path in PAGES:
            url = sample_server + lang + path
            requests = _load(page, url)
            assert any(address == url for address, _ in requests), f"{url} was not loaded"
            problems += [
                f"{url} -> {address} ({status})" for address, status in requests
                if not address.startswith("data:")
                and (urlsplit(address).netloc != origin or status is None or status >= 400)
            ]
    assert problems == []


def test_opening_search_asks_only_the_site(page: Page, sample_server: str):
    origin = urlsplit(sample_server).netloc
    addresses: list[str] = []
    page.on("request", lambda request: addresses.append(request.url))
    page.goto(sample_server + "consultations/jining-2022-culture/")
    page.locator(".md-search__input").press_sequentially("济宁", delay=20)
    page.wait_for_function("() => document.querySelector('[data-sl-search]').dataset.state === 'done'")
    assert page.locator(".sl-hit").count() > 0
    assert any("pagefind" in address for address in addresses)
    assert {urlsplit(a).netloc for a in addresses if not a.startswith("data:")} == {origin}
