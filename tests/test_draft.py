"""``shangliang draft``: a saved news report becomes a draft consultation record.

The fixture pages are written here, with invented text, and reproduce what saved reports
carry: metas or only labelled lines, SEO spam lines, hidden and injected elements, pinyin
ruby, Traditional characters, garbled lines.
"""

from __future__ import annotations

import datetime

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from conftest import run_cli
from shangliang.errors import ShangliangError
from shangliang.importing.cleaning import GARBLED_MARK, drop_chrome, is_garbled, is_spam_line, strip_ruby, to_simplified
from shangliang.importing.emit import scalar as quote_scalar
from shangliang.importing.reports import read_report

SPAM = "免费午夜视频在线观看,国产精品久久,欧美日韩无码专区"
"""A keyword line as compromised servers inject it (invented, of the usual words)."""

HTML_WITH_METAS = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>河湾社区议事会说停车 - 北岸新闻网</title>
<meta property="og:title" content="河湾社区议事会商量停车难">
<meta property="og:site_name" content="北岸新闻网">
<meta property="article:published_time" content="2022-03-05T14:30:00+08:00">
<link rel="canonical" href="https://news.example.cn/2022/0305/river.html">
<style>p {{ color: red }}</style><script>var seen = "脚本里的字";</script>
</head><body>
<p>{SPAM}</p>
<div class="nav">首页 &gt; 社区 &gt; 正文</div>
<h1>河湾社区议事会商量停车难</h1>
<p>三月五日，河湾社区的居民代表和物业坐在一起，商量小区停车的事。</p>
<p hidden>藏起来的第一段。</p><div style="color:red; display: none">藏起来的第二段。</div>
<span aria-hidden="true">藏起来的第三段。</span><noscript>请打开脚本。</noscript>
<dd id="qqqqq"></dd><nav id="qqqqq"><sup id="qqqqq"></sup></nav>
<p>大家议定在夜间开放附近学校的操场停车。</p>
<p>分享到：</p>
</body></html>"""

HTML_LABELLED = """<html><head><meta charset="utf-8"><title>湖畔小学门前修了天桥_南城资讯网</title></head>
<body><div>当前位置：首页 > 民生</div>
<h2>湖畔小学门前修了天桥</h2>
<p>发布时间：2022/3/5 10:00 来源：南城日报 作者：李某</p>
<p>家长们在协商会上提出的天桥已经通行。</p>
<p>Powered by SiteBuilder 2.0</p></body></html>"""

HTML_GOVERNMENT = """<html><head><meta charset="utf-8">
<meta name="ArticleTitle" content="山前村民说事会"><meta name="PubDate" content="2023-07-09 08:00">
<meta name="ContentSource" content="西岭政协"><meta name="SiteName" content="西岭政协">
</head><body><p>村民们围坐在一起说事。</p></body></html>"""

TEXT_DUMP = f"""{SPAM}
東坡社區網(wǎng)
標題: 東坡社區(qū)協(xié)商議事 [打印本頁(yè)]
作者: 通訊員 時間: 2022-3-5 9:30
東坡社區(qū)(街道)的居民在協(xié)商會上提出(市、區(qū))兩級共建的辦法。
微信圖片_20220305093000
會上厮萋穆氉阚E的一句話沒有人能讀懂。
<dd id="zzzzz"></dd>
  • <noscript id="zzzzz"><dd id="zzzzz"></dd></noscript>
來源:東坡日報
歡迎光臨 東坡社區網(wǎng) (http://bbs.example.cn/) |
Powered by Discuz! X3.4
亚洲国产欧美不卡在线观看
"""


def read(text: str, name: str, encoding: str = "utf-8"):
    return read_report(text.encode(encoding), name)


# --- Metadata ----------------------------------------------------------------------------

def test_html_metas_give_the_source_and_the_hidden_text_is_left_out():
    report = read(HTML_WITH_METAS, "river.html", "gb18030")  # declared gb2312, read as its superset
    assert report.encoding == "GB18030"
    assert (report.title.value, report.title.how) == ("河湾社区议事会商量停车难", "from the og:title meta")
    assert (report.outlet.value, report.outlet.how) == ("北岸新闻网", "from the og:site_name meta")
    assert (report.date.value, report.date.how) == ("2022-03-05", "from the article:published_time meta")
    assert (report.url.value, report.url.how) == ("https://news.example.cn/2022/0305/river.html", "from the canonical meta")
    assert report.lines == [
        "河湾社区议事会商量停车难",
        "三月五日，河湾社区的居民代表和物业坐在一起，商量小区停车的事。",
        "大家议定在夜间开放附近学校的操场停车。",
    ]
    assert report.counts == {
        "spam lines": 1, "hidden elements": 4, "empty elements": 3, "pinyin readings": 0, "page-chrome lines": 2,
        "characters converted from Traditional": 0, "garbled lines marked": 0,
    }


def test_without_metas_the_title_comes_from_title_and_a_differing_source_line_makes_a_repost():
    report = read(HTML_LABELLED, "bridge.htm")
    assert report.title.value == "湖畔小学门前修了天桥"
    assert (report.date.value, report.date.how) == ("2022-03-05", "from the 发布时间 line")
    assert report.outlet.value == "南城日报（南城资讯网转载）"
    assert report.outlet.how == "guessed: the 来源 line names 南城日报; the page is on 南城资讯网, from the end of <title>: a repost"
    assert report.url is None
    assert "家长们在协商会上提出的天桥已经通行。" in report.lines
    assert not [line for line in report.lines if "Powered" in line or "首页" in line]


def test_government_site_metas():
    report = read(HTML_GOVERNMENT, "village.html")
    assert (report.title.value, report.date.value, report.outlet.value) == ("山前村民说事会", "2023-07-09", "西岭政协")
    assert report.outlet.how == "from the contentsource meta"  # the same outlet hosts it: no repost


def test_a_text_dump_is_cleaned_of_spam_ruby_markup_and_traditional_characters():
    report = read(TEXT_DUMP, "dongpo.txt")
    assert (report.title.value, report.title.how) == ("东坡社区协商议事", "from the 标题 line")
    assert (report.date.value, report.date.how) == ("2022-03-05", "from the 时间 line")
    assert report.outlet.value == "东坡日报（东坡社区网转载）"
    assert report.lines == [
        "东坡社区网",
        "标题: 东坡社区协商议事",
        "作者: 通讯员 时间: 2022-3-5 9:30",
        "东坡社区(街道)的居民在协商会上提出(市、区)两级共建的办法。",
        GARBLED_MARK + "会上厮萋穆氉阚E的一句话没有人能读懂。",
        "来源:东坡日报",
    ]
    removed = report.counts
    assert (removed["spam lines"], removed["pinyin readings"], removed["garbled lines marked"]) == (2, 8, 1)
    assert (removed["hidden elements"], removed["empty elements"], removed["page-chrome lines"]) == (1, 1, 3)


@pytest.mark.parametrize("text, name, message", [
    ("<p>一段话</p>", "page.pdf", "page.pdf: expected a saved news report, .html, .htm or .txt; found '.pdf'"),
    ("一段话", "page", "page: expected a saved news report, .html, .htm or .txt; found no suffix"),
    ("<html><body><p>只有一段话，没有日期。</p></body></html>", "p.html",
     "p.html: no title found (no og:title, ArticleTitle or <title>, and no 标题 line or headline above the date)"),
    ("<title>有标题</title><p>没有日期。</p>", "p.html",
     "p.html: no publication date found (no article:published_time or PubDate meta, and no date such as 2022-03-05 or "
     "2022年3月5日 near the top)"),
])
def test_what_cannot_be_read_is_said_in_one_line(text, name, message):
    with pytest.raises(ShangliangError) as error:
        read(text, name)
    assert str(error.value) == message


def test_binary_data_is_refused():
    with pytest.raises(ShangliangError, match=r"^x\.html: this is not a web page or text \(it holds binary data\)"):
        read_report(b"PK\x03\x04\x00\x00", "x.html")


def test_an_address_that_is_not_http_is_left_out():
    page = '<title>标题</title><meta property="og:url" content="javascript:alert(1)"><p>2022年3月5日</p>'
    report = read(page, "p.html")
    assert (report.url, report.skipped_url) == (None, "javascript:alert(1)")


# --- Cleaning, function by function -------------------------------------------------------

@pytest.mark.parametrize("text, expected, count", [
    ("首頁(yè)", "首頁", 1),
    ("(市、區(qū))", "(市、區)", 1),  # a reading nested in real parentheses
    ("某某(街道)", "某某(街道)", 0),
    ("長(zhǎng)江", "長江", 1),
    ("的(de)", "的", 1),  # a neutral tone
    ("天(yè)", "天(yè)", 0),  # not a reading of 天
    ("见附件(pdf)", "见附件(pdf)", 0),
])
def test_only_a_character_s_own_reading_is_removed(text, expected, count):
    assert strip_ruby(text) == (expected, count)


def test_spam_lines_are_keyword_lists_with_spam_words():
    assert is_spam_line(SPAM) and is_spam_line("久久99九九这里只有精品2")
    assert not is_spam_line("国产大飞机在线观看人数创新高。")  # a sentence
    assert is_spam_line("国产,欧美")  # two spam words make a keyword line
    assert not is_spam_line("市民在线观看了直播")  # one spam word


def test_garbled_lines_are_found_and_ordinary_rare_names_are_not():
    assert is_garbled("一年;厮萋穆氉阚E,一项项")
    assert is_garbled("再?钐挕?内核")
    assert not is_garbled("主席霍媛媛带领课题组调研")  # a name repeating a rarer character
    assert not is_garbled("一年好景,姹紫嫣红;一年耕耘,橙黄橘绿。")


def test_chrome_lines_and_share_buttons():
    lines = ["首页>协商>动态", "首 页 动态 建言 声音", "正文第一段。", "2023年01月04日 | 来源:某报 分享到:", "编辑:某某"]
    assert drop_chrome(lines) == (["正文第一段。", "2023年01月04日 | 来源:某报"], 3)


def test_traditional_text_becomes_simplified():
    assert to_simplified("協商議事") == ("协商议事", 2)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp"))))
def test_any_value_quoted_reads_back_as_itself(value):
    assert yaml.safe_load(f"key: {quote_scalar(value)}\n") == {"key": value}


# --- The command ----------------------------------------------------------------------------

HOSTILE = """<html><head><meta charset="utf-8">
<meta property="og:title" content="- {标题}: 有 # 号 &quot;和&apos;引号&#10;换行">
<meta property="og:site_name" content="&quot;某网&quot;: #1">
<meta property="og:url" content="javascript:alert(1)">
<meta name="PubDate" content="2022年03月05日"></head><body><p>正文。</p></body></html>"""
RECORD = "content/consultations/undated/dongpo-2022.md"


def _front_matter(path):
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_draft_writes_the_record_its_cleaned_text_and_says_what_it_found(site_project):
    root = site_project()
    published = ("platforms/jishi", "platforms/rencheng", "consultations/jining-2022-culture", "units/jining-culture-bureau",
                 "proposals/proposal-2023-001", "outcomes/culture-instruction")
    (root / "content/published.txt").write_text("".join(f"{address}\n" for address in published), encoding="utf-8")
    (root / "dongpo.txt").write_text(TEXT_DUMP, encoding="utf-8")
    result = run_cli("draft", "dongpo.txt", "dongpo-2022", "--platform", "jishi", cwd=root)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "Read dongpo.txt (text, UTF-8)",
        "  title.zh: 东坡社区协商议事 (from the 标题 line)",
        "  outlet.zh: 东坡日报（东坡社区网转载） (guessed: the 来源 line names 东坡日报; the page is on 东坡社区网, "
        "from the site's welcome or copyright line: a repost)",
        "  date: 2022-03-05 (from the 时间 line)",
        "  url: not found; write the report's address, or remove the line",
        "Removed: 2 spam lines, 1 hidden element, 1 empty element, 8 pinyin readings, 3 page-chrome lines",
        "Converted 35 Traditional characters to Simplified",
        "Marked 1 line of garbled characters with 【疑似乱码，勿引用】: do not quote them",
        f"Created {RECORD}",
        "Created content/consultations/undated/dongpo-2022.en.md",
        "Created drafts/dongpo-2022.txt: the report's cleaned text, to summarise from (drafts/ is not committed)",
        "Added consultations/dongpo-2022 to content/published.txt",
        "Next: write every 【待填写】 in your own words from the cleaned text (the title and outlet in English too), "
        "then run shangliang validate",
    ]
    record = _front_matter(root / RECORD)
    assert record["sources"] == [{
        "outlet": {"zh": "东坡日报（东坡社区网转载）", "en": "【待填写】"},
        "date": datetime.date(2022, 3, 5),
        "title": {"zh": "东坡社区协商议事", "en": "【待填写】"},
        "url": "【待填写】",
    }]
    assert (record["title"], record["date"], record["platform"]) == ({"zh": "【待填写】", "en": "【待填写】"}, "【待填写】", "jishi")
    assert "# Drafted by shangliang draft from dongpo.txt. The report's cleaned text is in drafts/dongpo-2022.txt" in (root / RECORD).read_text()
    draft = (root / "drafts/dongpo-2022.txt").read_text(encoding="utf-8")
    assert draft.splitlines()[:2] == [
        "# The cleaned text of the news report dongpo.txt, for the draft record consultations/dongpo-2022.",
        "# Source: 东坡日报（东坡社区网转载）, 2022-03-05, 东坡社区协商议事; (not found)",
    ]
    assert "summarise it in your own words" in draft and "东坡社区(街道)的居民" in draft and "精品" not in draft
    report = run_cli("validate", cwd=root)
    problems = report.stderr.splitlines()
    assert report.returncode == 1 and problems[-1] == "10 problems found; nothing was built."
    assert [line for line in problems[:-1] if "still the placeholder 【待填写】" not in line] == []
    assert {line.split(": ")[1] for line in problems[:-1]} == {
        "summary.en", "sources[1].outlet.en", "sources[1].title.en", "sources[1].url", "title.zh", "title.en", "date",
        "format", "stages[1].stage", "summary.zh",
    } and len(problems) == 11


def test_hostile_values_stay_valid_yaml_and_a_script_address_is_left_out(site_project):
    root = site_project()
    (root / "hostile.html").write_text(HOSTILE, encoding="utf-8")
    result = run_cli("draft", "hostile.html", "hostile-2022", cwd=root)
    assert (result.returncode, result.stderr) == (0, "")
    assert "  url: left out: 'javascript:alert(1)' is not an http:// or https:// address; write the report's address" in result.stdout
    source = _front_matter(root / "content/consultations/undated/hostile-2022.md")["sources"][0]
    assert source["title"]["zh"] == "- {标题}: 有 # 号 \"和'引号 换行"
    assert source["outlet"]["zh"] == "\"某网\": #1"
    assert source["url"] == "【待填写】"


def test_bad_input_writes_nothing(site_project):
    root = site_project()
    (root / "dongpo.txt").write_text(TEXT_DUMP, encoding="utf-8")
    (root / "nodate.txt").write_text("只有一行字\n", encoding="utf-8")
    before = sorted(path for path in root.rglob("*"))
    cases = [
        (("missing.html", "a-b"), "Error: missing.html: no such file; give the saved report's path\n"),
        (("nodate.txt", "a-b"), "Error: nodate.txt: no title found (no og:title, ArticleTitle or <title>, and no 标题 line or headline above the date)\n"),
        (("dongpo.txt", "jining-2022-culture"), "Error: the id 'jining-2022-culture' is already used by content/consultations/jining-2022-culture.md\n"),
    ]
    for args, message in cases:
        result = run_cli("draft", *args, cwd=root)
        assert (result.returncode, result.stdout, result.stderr) == (1, "", message)
    assert sorted(path for path in root.rglob("*")) == before


def test_the_cleaned_texts_are_never_committed():
    """``drafts/`` holds outlets' copyrighted text: this repository and every new archive ignore it."""
    from conftest import REPO

    for gitignore in (REPO / ".gitignore", REPO / "generator/starter/archive/gitignore"):
        assert "/drafts/" in gitignore.read_text(encoding="utf-8").splitlines(), gitignore
