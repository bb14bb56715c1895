"""The live preview's caches against renders made anew, on an archive made to strain them:
a chain of platforms five deep, units in many proposals, dates drawn from a few values (so
that lists sort by ties), and random edits of every kind that moves a record between lists
or changes what a page shows (dates, what an outcome concerns, units, a station's parent,
titles, names), with broken files, renders that fail half-way, records that come and go and
settings that change between them. After every step each page rendered with the preview's
load and render caches must be the page a render without them makes.

Written by a review of the preview's caches (RenderCache.known_near, kept statistics
figures, list pages and unit pages); the same script with any of three faults put in those
caches found hundreds of stale pages within 80 steps."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

import shangliang.render as render_mod
from shangliang.archive import Archive
from shangliang.errors import ContentError
from shangliang.load import CAME, CHANGED, MOVED, LoadCache, load_archive, same_path
from shangliang.render import RenderCache, SiteInfo, render_site
from shangliang.render.facts import Facts

rng = random.Random(0)
CONTENT = Path()
state: dict[str, dict] = {}

# ---------------------------------------------------------------- the archive's model
PLATFORMS = {
    # id: (level, type, parent)
    "p1": ("city", "platform", None),
    "p2": ("district", "sub-platform", "p1"),
    "p3": ("township", "station", "p2"),
    "p4": ("township", "station", "p3"),
    "p5": ("township", "studio", "p4"),
    "q1": ("province", "platform", None),
    "q2": ("township", "station", "q1"),
}
UNITS = [f"u{i}" for i in range(6)]
ORGS = {"o1": "p1", "o2": "p3"}
N_CONS, N_PROP, N_OUT = 64, 56, 60
YEARS = [2021, 2022, 2023]
state: dict[str, dict] = {}
told: dict[str, str] | None = None
"""The files written or deleted since the last load, as the preview's watcher tells them,
when the loads are told (``load_archive``'s ``changed``); ``None``: every load looks at
every file."""


def rdate(day: bool = True) -> str:
    y = rng.choice(YEARS)
    m = rng.randint(1, 3)  # few values: many ties
    if day and rng.random() < 0.8:
        return f"{y}-{m:02d}-{rng.randint(1, 2):02d}"
    return f"{y}-{m:02d}"


def init_state() -> None:
    for pid, (level, kind, parent) in PLATFORMS.items():
        state[pid] = {"kind": "platform", "name": f"平台{pid}", "level": level, "type": kind, "parent": parent}
    for u in UNITS:
        state[u] = {"kind": "unit", "name": f"单位{u}"}
    for o, p in ORGS.items():
        state[o] = {"kind": "organisation", "name": f"组织{o}", "platform": p}
    for i in range(N_CONS):
        cid = f"c{i:02d}"
        state[cid] = {
            "kind": "consultation", "title": f"协商{cid}", "date": rdate(),
            "platform": rng.choice(list(PLATFORMS)), "format": rng.choice(["forum", "micro", "plenary"]),
            "stage": rng.choice(["topic", "meeting", "conversion"]),
            "orgs": rng.sample(list(ORGS), rng.randint(0, 2)), "status": None,
            "count": rng.choice([None, 10, 20]),
        }
    cons = [f"c{i:02d}" for i in range(N_CONS)]
    for i in range(N_PROP):
        pid = f"pr{i:02d}"
        lead = rng.sample(UNITS, rng.randint(1, 2))
        co = rng.sample([u for u in UNITS if u not in lead], rng.randint(0, 2))
        state[pid] = {
            "kind": "proposal", "title": f"提案{pid}", "date": rdate(),
            "consultation": rng.choice(cons + [None]), "platform": rng.choice(list(PLATFORMS) + [None, None]),
            "lead": lead if i % 7 != 0 else ["u0"], "co": co, "reply": rng.choice([None, "adopted", "planned"]),
        }
    for i in range(N_OUT):
        oid = f"oc{i:02d}"
        state[oid] = {
            "kind": "outcome", "title": f"成果{oid}", "date": rdate(),
            "concerns": rng.choice(cons[:20] + [f"pr{j:02d}" for j in range(0, 20)]),
            "type": rng.choice(["instruction", "measure"]), "units": rng.sample(UNITS, rng.randint(0, 2)),
            "adopted": rng.choice([None, 1, 3]),
        }
    # awaiting/mentioned statuses for consultations no outcome concerns
    concerned = {r["concerns"] for r in state.values() if r["kind"] == "outcome"}
    for cid in cons:
        if cid not in concerned and rng.random() < 0.4:
            state[cid]["status"] = rng.choice(["awaiting", "mentioned"])


def path_of(rid: str) -> Path:
    kind = state[rid]["kind"]
    folder = {"platform": "platforms", "unit": "units", "organisation": "organisations", "consultation": "consultations",
              "proposal": "proposals", "outcome": "outcomes"}[kind]
    return CONTENT / folder / f"{rid}.yml"


def text_of(rid: str) -> str:
    r = state[rid]
    k = r["kind"]
    if k == "platform":
        lines = [f"id: {rid}", "name:", f"  zh: {r['name']}", f"  en: Platform {rid}", "body:", f"  zh: 机构{rid}",
                 f"level: {r['level']}", f"type: {r['type']}"]
        if r["parent"]:
            lines.append(f"parent: {r['parent']}")
    elif k == "unit":
        lines = [f"id: {rid}", "name:", f"  zh: {r['name']}", "level: city"]
    elif k == "organisation":
        lines = [f"id: {rid}", "name:", f"  zh: {r['name']}", "type: alliance", f"platform: {r['platform']}"]
    elif k == "consultation":
        lines = [f"id: {rid}", "title:", f"  zh: {r['title']}", f"  en: Consultation {rid}", f"date: {r['date']}",
                 f"platform: {r['platform']}", f"format: {r['format']}", "stages:", f"  - stage: {r['stage']}"]
        if r["orgs"]:
            lines += ["organisations:", *(f"  - {o}" for o in r["orgs"])]
        if r["status"]:
            lines.append(f"outcome_status: {r['status']}")
        if r["count"] is not None:
            lines += ["suggestions:", f"  count: {r['count']}"]
    elif k == "proposal":
        lines = [f"id: {rid}", "title:", f"  zh: {r['title']}", f"date: {r['date']}", "proposers:", "  type: individual",
                 "  names:", "    - zh: 张三", "registration:", "  status: registered", "units:", "  lead:",
                 *(f"    - {u}" for u in r["lead"])]
        if r["co"]:
            lines += ["  co:", *(f"    - {u}" for u in r["co"])]
        if r["reply"]:
            lines += ["reply:", "  date: 2024-01-01", f"  outcome: {r['reply']}"]
        if r["consultation"]:
            lines.append(f"consultation: {r['consultation']}")
        if r["platform"]:
            lines.append(f"platform: {r['platform']}")
    else:
        lines = [f"id: {rid}", "title:", f"  zh: {r['title']}", f"concerns: {r['concerns']}", f"type: {r['type']}",
                 f"date: {r['date']}"]
        if r["units"]:
            lines += ["units:", *(f"  - {u}" for u in r["units"])]
        if r["adopted"] is not None:
            lines.append(f"adopted: {r['adopted']}")
    return "\n".join(lines) + "\n"


_tick = [1_700_000_000_000_000_000]


def write(rid: str) -> None:
    p = path_of(rid)
    if told is not None:
        told.setdefault(same_path(p), CHANGED if p.exists() else CAME)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text_of(rid), encoding="utf-8")
    _tick[0] += 1_000_000_000
    os.utime(p, ns=(_tick[0], _tick[0]))  # a new signature for every write, however fast


def write_all() -> None:
    for rid in state:
        write(rid)


# ---------------------------------------------------------------- edits
def ids(kind: str) -> list[str]:
    return [rid for rid, r in state.items() if r["kind"] == kind]


def subtree(pid: str) -> set[str]:
    out = {pid}
    changed = True
    while changed:
        changed = False
        for q, r in state.items():
            if r["kind"] == "platform" and r["parent"] in out and q not in out:
                out.add(q)
                changed = True
    return out


def concerned_consultations() -> set[str]:
    return {r["concerns"] for r in state.values() if r["kind"] == "outcome"}


def edit_once() -> tuple[str, list[str]]:
    """One random valid edit; returns a description and the ids written."""
    choice = rng.choice([
        "cons_date", "out_date", "prop_date", "out_concerns", "out_units", "prop_units", "prop_cons", "prop_platform",
        "cons_platform", "platform_parent", "title", "platform_name", "unit_name", "touch", "cons_orgs", "reply",
        "cons_format", "org_platform", "status", "out_adopted",
    ])
    if choice == "cons_date":
        rid = rng.choice(ids("consultation")); state[rid]["date"] = rdate()
    elif choice == "out_date":
        rid = rng.choice(ids("outcome")); state[rid]["date"] = rdate()
    elif choice == "prop_date":
        rid = rng.choice(ids("proposal")); state[rid]["date"] = rdate()
    elif choice == "out_concerns":
        rid = rng.choice(ids("outcome"))
        targets = [c for c in ids("consultation") if not state[c]["status"]] + ids("proposal")
        state[rid]["concerns"] = rng.choice(targets)
    elif choice == "out_units":
        rid = rng.choice(ids("outcome")); state[rid]["units"] = rng.sample(UNITS, rng.randint(0, 3))
    elif choice == "prop_units":
        rid = rng.choice(ids("proposal"))
        lead = rng.sample(UNITS, rng.randint(1, 2))
        state[rid]["lead"], state[rid]["co"] = lead, rng.sample([u for u in UNITS if u not in lead], rng.randint(0, 2))
    elif choice == "prop_cons":
        rid = rng.choice(ids("proposal")); state[rid]["consultation"] = rng.choice(ids("consultation") + [None])
    elif choice == "prop_platform":
        rid = rng.choice(ids("proposal")); state[rid]["platform"] = rng.choice(ids("platform") + [None])
    elif choice == "cons_platform":
        rid = rng.choice(ids("consultation")); state[rid]["platform"] = rng.choice(ids("platform"))
    elif choice == "platform_parent":
        movable = [p for p in ids("platform") if state[p]["type"] in ("station", "studio")]
        rid = rng.choice(movable)
        state[rid]["parent"] = rng.choice([p for p in ids("platform") if p not in subtree(rid)])
    elif choice == "title":
        rid = rng.choice(ids("consultation") + ids("proposal") + ids("outcome"))
        state[rid]["title"] += "改"
    elif choice == "platform_name":
        rid = rng.choice(ids("platform")); state[rid]["name"] += "改"
    elif choice == "unit_name":
        rid = rng.choice(UNITS); state[rid]["name"] += "改"
    elif choice == "touch":
        rid = rng.choice(list(state))
    elif choice == "cons_orgs":
        rid = rng.choice(ids("consultation")); state[rid]["orgs"] = rng.sample(list(ORGS), rng.randint(0, 2))
    elif choice == "reply":
        rid = rng.choice(ids("proposal")); state[rid]["reply"] = rng.choice([None, "adopted", "planned", "reference"])
    elif choice == "cons_format":
        rid = rng.choice(ids("consultation")); state[rid]["format"] = rng.choice(["forum", "micro", "plenary", "online"])
    elif choice == "org_platform":
        rid = rng.choice(list(ORGS)); state[rid]["platform"] = rng.choice(ids("platform"))
    elif choice == "status":
        free = [c for c in ids("consultation") if c not in concerned_consultations()]
        rid = rng.choice(free); state[rid]["status"] = rng.choice([None, "awaiting", "mentioned"])
    else:
        rid = rng.choice(ids("outcome")); state[rid]["adopted"] = rng.choice([None, 1, 2, 5])
    write(rid)
    return f"{choice} {rid}", [rid]


# ---------------------------------------------------------------- comparing
SITES = [SiteInfo("zh", "Stress", "d", search=False), SiteInfo("en", "Stress", "d", search=False, data_root="../")]
loads = LoadCache()
caches = {site.lang: RenderCache() for site in SITES}


def as_dict(pages):
    return {p.uri: (p.title, p.html, p.description, repr(sorted(p.meta.items()))) for p in pages}


def compare(step: str) -> list[str]:
    if told is not None and step != "first":
        archive = load_archive(CONTENT, cache=loads, same_files=True, changed=dict(told))
    else:
        archive = load_archive(CONTENT, cache=loads, same_files=False)
    if told is not None:
        told.clear()
    fresh = load_archive(CONTENT)
    bad = []
    for site in SITES:
        got = as_dict(render_site(archive, site, caches[site.lang]))
        want = as_dict(render_site(fresh, site))
        if list(got) != list(want):
            bad.append(f"[{step}] {site.lang}: page lists differ: {set(got) ^ set(want)}")
        for uri in want:
            if uri in got and got[uri] != want[uri]:
                which = [name for name, a, b in zip(("title", "html", "description", "meta"), got[uri], want[uri]) if a != b]
                bad.append(f"[{step}] {site.lang}: STALE {uri} ({', '.join(which)})")
    return bad


def run(steps: int) -> list[str]:
    init_state()
    write_all()
    total = compare("first")
    for step in range(steps):
        what, _ = edit_once()
        r = rng.random()
        label = f"{step}:{what}"
        if r < 0.08:
            # a broken file, loaded (ContentError), then fixed
            rid = rng.choice(list(state))
            p = path_of(rid)
            p.write_text("id: [broken\n", encoding="utf-8")
            try:
                load_archive(CONTENT, cache=loads)
                raise AssertionError("expected a ContentError")
            except ContentError:
                pass
            write(rid)
            label += " +broken-then-fixed"
        elif r < 0.16:
            # a render that fails half-way (after the records and the lists, before the statistics)
            archive = load_archive(CONTENT, cache=loads)
            real = render_mod.render_statistics_pages

            def boom(context):
                raise RuntimeError("boom")

            render_mod.render_statistics_pages = boom
            try:
                render_site(archive, SITES[0], caches["zh"])
            except RuntimeError:
                pass
            finally:
                render_mod.render_statistics_pages = real
            what2, _ = edit_once()
            label += f" +failed-render +{what2}"
        elif r < 0.22:
            # a render that fails in the record pages
            archive = load_archive(CONTENT, cache=loads)

            def reader(pages):
                for n, _ in enumerate(pages):
                    if n == 30:
                        raise RuntimeError("boom")

            try:
                render_site(archive, SITES[0], caches["zh"], records_rendered=reader)
            except RuntimeError:
                pass
            what2, _ = edit_once()
            label += f" +failed-record-render +{what2}"
        elif r < 0.24:
            # records come and go (the shape changes): an outcome added, or one removed
            if rng.random() < 0.5:
                oid = f"oc{rng.randint(100, 999)}"
                if oid not in state:
                    state[oid] = {"kind": "outcome", "title": f"新成果{oid}", "date": rdate(),
                                  "concerns": rng.choice([c for c in ids("consultation") if not state[c]["status"]]),
                                  "type": "measure", "units": rng.sample(UNITS, 1), "adopted": None}
                    write(oid)
                    label += f" +added {oid}"
            else:
                oid = rng.choice(ids("outcome"))
                path_of(oid).unlink()
                if told is not None:
                    told[same_path(path_of(oid))] = MOVED
                del state[oid]
                label += f" +removed {oid}"
        elif r < 0.26:
            # the site's settings change, then back at the next step
            SITES[0] = SiteInfo("zh", SITES[0].site_name + "!", "d", search=False)
            label += " +settings"
        elif r < 0.30:
            # several edits at once
            for _ in range(3):
                what2, _ = edit_once()
                label += f" +{what2}"
        total += compare(label)
    return total


def reset(root: Path, seed: int, telling: bool = False) -> None:
    global rng, CONTENT, loads, caches, SITES, told
    rng, CONTENT = random.Random(seed), root / "content"
    told = {} if telling else None
    state.clear()
    SITES = [SiteInfo("zh", "Stress", "d", search=False), SiteInfo("en", "Stress", "d", search=False, data_root="../")]
    loads, caches = LoadCache(), {site.lang: RenderCache() for site in SITES}


@pytest.mark.parametrize("seed, telling", [(11, False), (21, False), (31, True)])
def test_every_page_the_preview_keeps_is_the_page_made_anew(tmp_path, seed, telling, monkeypatch):
    """``telling``: each load is told which files changed, as the preview's are, and so
    takes the last load's records, and the last archive's lists and indexes, the last
    render's facets and its past pages but those listing a changed record, where no record
    moved (``Archive.take_order``, ``Facts.take_facets``, ``indexes._past_pages_again``)."""
    # filter bars and statistics links that name only some of the seven platforms, as those
    # of an archive of more than PLATFORM_CHIPS do, which rank platforms by what edits change
    import shangliang.render.indexes
    import shangliang.render.statistics

    monkeypatch.setattr(shangliang.render.indexes, "PLATFORM_CHIPS", 3)
    monkeypatch.setattr(shangliang.render.statistics, "PLATFORM_CHIPS", 3)
    # statistics pages that list only the first of what their scope awaits, and link to a list
    # of it all, as those of a big archive do
    monkeypatch.setattr(shangliang.render.statistics, "AWAITING_SHOWN", 1)
    reset(tmp_path, seed, telling)
    taken: dict[str, list[bool]] = {"order": [], "facets": [], "past pages": []}
    for name, owner, method in (
        ("order", Archive, "take_order"), ("facets", Facts, "take_facets"), ("past pages", shangliang.render.indexes, "_past_pages_again"),
    ):
        def counted(*args, _name=name, _real=getattr(owner, method)):
            result = _real(*args)
            taken[_name].append(result is not None and result is not False)
            return result

        monkeypatch.setattr(owner, method, counted)
    assert run(25) == []
    if telling:  # both ways were taken: kept (the last past pages but those of changed records), and made again
        assert all(True in made and False in made for made in taken.values()), taken


def test_a_told_title_edit_makes_again_only_the_past_pages_that_list_the_record(tmp_path, monkeypatch):
    """A consultation's new title, its file named to the load: each language's render takes
    the last render's past pages but those that list it, which it makes again (the record is
    a new object in both; the English pages show its English title, the same as before);
    every page is the page made anew."""
    import shangliang.render.indexes

    reset(tmp_path, 41, telling=True)
    init_state()
    write_all()
    assert compare("first") == []
    again = {}

    def counted(context, _real=shangliang.render.indexes._past_pages_again):
        if context.keeping:  # the preview's render, not the one made anew to compare
            again[context.lang] = _real(context)
            return again[context.lang]
        return _real(context)

    monkeypatch.setattr(shangliang.render.indexes, "_past_pages_again", counted)
    for rid in ids("consultation")[::9]:
        state[rid]["title"] += "改"
        write(rid)
        again.clear()
        assert compare(f"title {rid}") == []
        assert again["zh"] is not None and again["en"] is not None, rid
        listed = [page for page in again["zh"] if f'data-id="{rid}"' in page.html]
        assert len(listed) >= 2 and all(state[rid]["title"] in page.html for page in listed), rid
