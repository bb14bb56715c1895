"""A synthetic archive of any size, for benchmarks: ``python benchmarks/synth.py OUT --size N``.

Writes a buildable project into OUT: this repository's ``mkdocs.yml``, ``mkdocs.en.yml``,
``theme/`` and ``content/pages/``, plus N consultations and, in proportion, proposals,
outcomes, platforms and handling units. Titles and summaries are assembled from lists of
real words of the field (places, topics, actions) in both languages, at the lengths real
records have, so Chinese segmentation and pinyin meet realistic text; one record in ten
has no English. The same size and seed always give the same archive.

Import it to reuse: ``make_project(root, size)`` returns the number of records of each type.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
SITE_FILES = ("mkdocs.yml", "mkdocs.en.yml", "theme", "content/pages")

PROPOSALS_PER_CONSULTATION = 0.3
OUTCOMES_PER_CONSULTATION = 0.4
CONSULTATIONS_PER_PLATFORM = 100
PROPOSALS_PER_UNIT = 30
UNTRANSLATED = 0.1
FIRST_YEAR, LAST_YEAR = 2015, 2024

PLACES = [
    ("济宁", "Jining"), ("日照", "Rizhao"), ("汕尾", "Shanwei"), ("临沂", "Linyi"), ("泰安", "Tai'an"),
    ("潍坊", "Weifang"), ("烟台", "Yantai"), ("威海", "Weihai"), ("淄博", "Zibo"), ("枣庄", "Zaozhuang"),
    ("菏泽", "Heze"), ("德州", "Dezhou"), ("聊城", "Liaocheng"), ("滨州", "Binzhou"), ("东营", "Dongying"),
    ("青岛", "Qingdao"), ("邹城", "Zoucheng"), ("曲阜", "Qufu"), ("鱼台", "Yutai"), ("莒县", "Ju County"),
]
TOPICS = [
    ("智慧港航", "smart ports and shipping"), ("港航物流", "port logistics"), ("乡村振兴", "rural revitalisation"),
    ("营商环境", "the business environment"), ("生态保护", "ecological protection"), ("黄河流域", "the Yellow River basin"),
    ("文化旅游", "culture and tourism"), ("养老服务", "elderly care services"), ("托育服务", "childcare services"),
    ("老旧小区改造", "renovating old residential compounds"), ("停车难问题", "the parking shortage"),
    ("农村供水", "rural water supply"), ("义务教育", "compulsory education"), ("基层医疗卫生", "primary health care"),
    ("垃圾分类", "waste sorting"), ("新能源汽车", "new-energy vehicles"), ("海洋渔业", "marine fisheries"),
    ("科技创新", "technological innovation"), ("人才引进", "attracting talent"), ("数字经济", "the digital economy"),
    ("先进制造业", "advanced manufacturing"), ("食品安全", "food safety"), ("交通拥堵治理", "easing traffic congestion"),
    ("社区治理", "community governance"), ("非物质文化遗产保护", "protecting intangible cultural heritage"),
    ("绿色低碳", "green, low-carbon development"), ("防汛抗旱", "flood and drought control"),
    ("就业创业", "jobs and entrepreneurship"), ("民营经济", "the private economy"),
    ("公共文化服务", "public cultural services"), ("城市更新", "urban renewal"), ("物业管理", "property management"),
    ("农产品品牌", "farm produce brands"), ("马铃薯产业", "the potato industry"), ("森林防火", "forest fire prevention"),
    ("都市区一体化", "metropolitan integration"), ("对外开放", "opening up"), ("孵化载体", "business incubators"),
    ("幸福社区", "happy communities"), ("全域旅游", "all-area tourism"),
]
ACTIONS = [
    ("推进", "Advancing"), ("加快", "Speeding up"), ("完善", "Improving"), ("加强", "Strengthening"),
    ("优化", "Optimising"), ("促进", "Promoting"), ("提升", "Raising the standard of"), ("建设", "Building"),
    ("破解", "Solving"), ("打造", "Building up"), ("规范", "Regulating"), ("深化", "Deepening"),
]
ENDINGS = [
    ("高质量发展", " for high-quality development"), ("工作", ""), ("体系建设", ": building the system"),
    ("的对策建议", ": suggestions"), ("三年行动", ": a three-year plan"), ("长效机制", ": a lasting mechanism"),
]
BRANDS = [
    ("有事好商量", "Let's Talk It Over"), ("商量有约", "A Date to Talk"), ("协商议事厅", "Consultation Hall"),
    ("民生议事堂", "People's Livelihood Forum"), ("请您来协商", "Come and Consult"), ("委员会客厅", "Members' Parlour"),
    ("阳光协商", "Sunshine Consultation"), ("协商在基层", "Consultation at the Grassroots"),
]
BUREAUS = [
    ("发展和改革委员会", "Development and Reform Commission"), ("交通运输局", "Transport Bureau"),
    ("民政局", "Civil Affairs Bureau"), ("教育局", "Education Bureau"), ("卫生健康委员会", "Health Commission"),
    ("文化和旅游局", "Culture and Tourism Bureau"), ("生态环境局", "Ecology and Environment Bureau"),
    ("住房和城乡建设局", "Housing and Urban-Rural Development Bureau"), ("农业农村局", "Agriculture and Rural Affairs Bureau"),
    ("自然资源和规划局", "Natural Resources and Planning Bureau"), ("人力资源和社会保障局", "Human Resources and Social Security Bureau"),
    ("市场监督管理局", "Market Regulation Bureau"), ("港航发展中心", "Port and Shipping Development Centre"),
]
SENTENCES = [
    ("{place}市政协围绕“{topic}”组织委员开展专题调研，深入{count}个县（市、区）察看现场、听取意见。",
     "The {place_en} CPPCC sent members to study {topic_en} in {count} counties and districts, visiting sites and hearing views."),
    ("会上，委员们就{topic}中存在的突出问题建言献策，提出意见建议{count}条。",
     "At the meeting members spoke on the main problems of {topic_en} and made {count} suggestions."),
    ("有关部门负责同志现场回应，表示将把委员的意见建议吸收到{topic}相关工作中。",
     "Officials of the departments concerned answered on the spot and said they would take the suggestions into their work on {topic_en}."),
    ("群众通过“{brand}”小程序跟帖留言，参与讨论的网友超过{count}人次。",
     "Residents commented through the {brand_en} mini-program; more than {count} people joined the discussion."),
    ("协商成果形成建议案，报送市委、市政府决策参考。",
     "The results became a formal recommendation sent to the Party committee and the government."),
    ("报道没有给出协商的具体日期，这里只记到年份。",
     "The report gives no exact date, so only the year is recorded."),
]
NAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭"]
GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "霞"]


@dataclass
class Counts:
    platforms: int
    consultations: int
    proposals: int
    outcomes: int
    units: int

    @property
    def records(self) -> int:
        return self.platforms + self.consultations + self.proposals + self.outcomes + self.units


def make_project(root: Path, size: int, seed: int = 1) -> Counts:
    """Write a buildable project with ``size`` consultations into ``root`` (emptied first)."""
    if root.exists():
        shutil.rmtree(root)
    for name in SITE_FILES:
        source, target = REPO / name, root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy(source, target)
    return _Writer(root / "content", random.Random(seed)).write(size)


class _Writer:
    def __init__(self, content: Path, rng: random.Random):
        self.content = content
        self.rng = rng

    def write(self, size: int) -> Counts:
        platforms = self.write_platforms(max(3, size // CONSULTATIONS_PER_PLATFORM))
        units = self.write_units(max(2, round(size * PROPOSALS_PER_CONSULTATION / PROPOSALS_PER_UNIT)))
        consultations = self.write_consultations(size, platforms)
        proposals = self.write_proposals(round(size * PROPOSALS_PER_CONSULTATION), consultations, units)
        outcomes = self.write_outcomes(round(size * OUTCOMES_PER_CONSULTATION), consultations, proposals, units)
        return Counts(len(platforms), len(consultations), len(proposals), outcomes, len(units))

    # records ----------------------------------------------------------------------------
    def write_platforms(self, count: int) -> list[tuple[str, tuple[str, str], tuple[str, str]]]:
        platforms = []
        for number in range(count):
            place = PLACES[number % len(PLACES)]
            brand = BRANDS[(number // len(PLACES)) % len(BRANDS)]
            serial = number // (len(PLACES) * len(BRANDS))
            suffix = ("", "") if not serial else (f"{serial + 1}号", f" {serial + 1}")
            record_id = f"platform-{number:04d}"
            parent = platforms[number % len(PLACES)][0] if number >= len(PLACES) else None
            record = {
                "id": record_id,
                "name": self.text(f"{place[0]}{brand[0]}{suffix[0]}", f"{brand[1]} ({place[1]}){suffix[1]}"),
                "body": self.text(f"{place[0]}市政协", f"{place[1]} CPPCC Committee"),
                "level": "city" if parent is None else "county",
                "type": "platform" if parent is None else "sub-platform",
                "launched": self.rng.randint(FIRST_YEAR - 3, FIRST_YEAR + 3),
                "summary": self.text(*self.paragraph(place, TOPICS[number % len(TOPICS)], brand, 2)),
            }
            if parent:
                record["parent"] = parent
            self.dump(f"platforms/{record_id}.yml", record)
            platforms.append((record_id, place, brand))
        return platforms

    def write_units(self, count: int) -> list[str]:
        ids = []
        for number in range(count):
            place = PLACES[number % len(PLACES)]
            bureau = BUREAUS[(number // len(PLACES)) % len(BUREAUS)]
            record_id = f"unit-{number:04d}"
            serial = number // (len(PLACES) * len(BUREAUS))
            suffix = ("", "") if not serial else (f"（{serial + 1}）", f" ({serial + 1})")
            self.dump(f"units/{record_id}.yml", {
                "id": record_id,
                "name": self.text(f"{place[0]}市{bureau[0]}{suffix[0]}", f"{place[1]} {bureau[1]}{suffix[1]}"),
                "level": "city",
            })
            ids.append(record_id)
        return ids

    def write_consultations(self, count: int, platforms: list) -> list[tuple[str, int]]:
        written = []
        for number in range(count):
            platform_id, place, brand = self.rng.choice(platforms)
            topic = self.rng.choice(TOPICS)
            year = self.rng.randint(FIRST_YEAR, LAST_YEAR)
            month = self.rng.randint(1, 12)
            record_id = f"c-{year}-{number:05d}"
            zh_title, en_title = self.title(place, topic)
            stages = [{"stage": "topic", "date": f"{year}-{month:02d}"}]
            if self.rng.random() < 0.8:
                stages.append({"stage": "meeting", "date": f"{year}-{month:02d}", "note": self.text(
                    f"委员围绕{topic[0]}协商议政。", f"Members discussed {topic[1]}.")})
            record = {
                "id": record_id,
                "title": self.text(zh_title, en_title),
                "date": f"{year}-{month:02d}",
                "platform": platform_id,
                "format": self.rng.choice(["standing-committee", "forum", "sector", "grassroots", "micro", "online"]),
                "organiser": self.text(f"{place[0]}市政协", f"{place[1]} CPPCC Committee"),
                "stages": stages,
            }
            if self.rng.random() < 0.6:
                record["suggestions"] = {"count": self.rng.randint(5, 60)}
            zh, en = self.paragraph(place, topic, brand, self.rng.randint(2, 5))
            folder = f"consultations/{year}"
            self.write_text(f"{folder}/{record_id}.md", "---\n" + self.yaml(record) + "---\n" + zh + "\n")
            if "en" in record["title"]:
                self.write_text(f"{folder}/{record_id}.en.md", en + "\n")
            written.append((record_id, year))
        return written

    def write_proposals(self, count: int, consultations: list, units: list[str]) -> list[tuple[str, int]]:
        written = []
        for number in range(count):
            consultation_id, year = self.rng.choice(consultations)
            place, topic = self.rng.choice(PLACES), self.rng.choice(TOPICS)
            zh_title, en_title = self.title(place, topic)
            record_id = f"p-{year}-{number:05d}"
            replied = self.rng.random() < 0.7
            record = {
                "id": record_id,
                "title": self.text(f"关于{zh_title}的提案", f"Proposal on {en_title[0].lower()}{en_title[1:]}"),
                "number": f"{year}{number:05d}",
                "date": f"{year}-0{self.rng.randint(1, 3)}-{self.rng.randint(10, 28)}",
                "proposers": {"type": "individual", "names": [{"zh": self.person()}]},
                "registration": {"status": "registered"},
                "units": {"lead": [self.rng.choice(units)]},
                "consultation": consultation_id,
            }
            if replied:
                record["reply"] = {"date": f"{year}-0{self.rng.randint(6, 9)}-15", "outcome": self.rng.choice(["adopted", "planned", "reference"])}
            record["summary"] = self.text(*self.paragraph(place, topic, self.rng.choice(BRANDS), 2))
            self.dump(f"proposals/{year}/{record_id}.yml", record)
            written.append((record_id, year))
        return written

    def write_outcomes(self, count: int, consultations: list, proposals: list, units: list[str]) -> int:
        kinds = ["instruction", "adoption", "measure", "plan", "recommendation", "follow-up"]
        for number in range(count):
            concerns, year = self.rng.choice(proposals if proposals and self.rng.random() < 0.3 else consultations)
            place, topic = self.rng.choice(PLACES), self.rng.choice(TOPICS)
            kind = self.rng.choice(kinds)
            record_id = f"o-{year}-{number:05d}"
            self.dump(f"outcomes/{year}/{record_id}.yml", {
                "id": record_id,
                "title": self.text(f"{place[0]}{topic[0]}协商建议得到采纳落实", f"Suggestions on {topic[1]} in {place[1]} taken up"),
                "concerns": concerns,
                "type": kind,
                "date": f"{min(year + 1, LAST_YEAR)}",
                "units": [self.rng.choice(units)],
                "summary": self.text(*self.paragraph(place, topic, self.rng.choice(BRANDS), 2)),
            })
        return count

    # texts ------------------------------------------------------------------------------
    def title(self, place, topic) -> tuple[str, str]:
        action, ending = self.rng.choice(ACTIONS), self.rng.choice(ENDINGS)
        return f"{action[0]}{place[0]}{topic[0]}{ending[0]}", f"{action[1]} {topic[1]} in {place[1]}{ending[1]}"

    def paragraph(self, place, topic, brand, sentences: int) -> tuple[str, str]:
        picked = self.rng.sample(SENTENCES, sentences)
        values = {"place": place[0], "place_en": place[1], "topic": topic[0], "topic_en": topic[1],
                  "brand": brand[0], "brand_en": brand[1]}
        zh = "".join(z.format(count=self.rng.randint(3, 400), **values) for z, _ in picked)
        en = " ".join(e.format(count=self.rng.randint(3, 400), **values) for _, e in picked)
        return zh, en

    def text(self, zh: str, en: str) -> dict[str, str]:
        """A bilingual text; one in ``UNTRANSLATED`` has no English."""
        return {"zh": zh} if self.rng.random() < UNTRANSLATED else {"zh": zh, "en": en}

    def person(self) -> str:
        return self.rng.choice(NAMES) + "".join(self.rng.sample(GIVEN, self.rng.randint(1, 2)))

    # files ------------------------------------------------------------------------------
    def dump(self, relative: str, record: dict) -> None:
        self.write_text(relative, self.yaml(record))

    @staticmethod
    def yaml(record: dict) -> str:
        return yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=1000)

    def write_text(self, relative: str, text: str) -> None:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="project folder to write (emptied first)")
    parser.add_argument("--size", type=int, default=10_000, help="consultations (default: 10000)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    counts = make_project(args.out, args.size, args.seed)
    print(f"Wrote {counts.records} records into {args.out}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
