"""Corpus evidence on a small hand-built index: site recurrence, the title line, other pages' titles."""

from __future__ import annotations

import dedup

BODIES = [
    "The council approved the new budget on Tuesday after a long debate about road repairs and schools.",
    "A storm knocked out power to thousands of homes overnight, and crews expect repairs to take days.",
    "The museum reopened its east wing with a collection of maps that had not been shown for decades.",
    "Local farmers say the dry spring has cut their early harvest by almost a third compared with last year.",
]
TITLES = ["Council approves budget", "Storm cuts power", "Museum reopens east wing", "Dry spring hurts farms"]
TOP = "Daily Valley Courier - news from the valley since 1952"


def _index(top_first: bool) -> dedup.Index:
    index = dedup.Index()
    for i, (t, b) in enumerate(zip(TITLES, BODIES)):
        text = f"{TOP}\n\n{t}\n\n{b}" if top_first else f"{t}\n\n{b}\n\n{TOP}"
        index.add(dedup.fingerprint(text, doc_id=f"d{i}", title=t, url=f"https://courier.example/{i}"))
    return index


def test_template_first_line_is_boilerplate_when_the_title_is_given():
    index = _index(top_first=True)
    text = f"{TOP}\n\n{TITLES[0]}\n\n{BODIES[0]}"
    r = dedup.analyze(text, title=TITLES[0], index=index, url="https://courier.example/0", doc_id="d0")
    assert r.clean == f"{TITLES[0]}\n\n{BODIES[0]}"
    assert [f.label for f in r.flags] == ["boilerplate"]


def test_first_line_is_kept_when_it_is_the_title():
    index = _index(top_first=False)
    text = f"{TITLES[1]}\n\n{BODIES[1]}\n\n{TOP}"
    r = dedup.analyze(
        text,
        title=f"{TITLES[1]} | Daily Valley Courier",
        index=index,
        url="https://courier.example/1",
        doc_id="d1",
    )
    assert r.clean == f"{TITLES[1]}\n\n{BODIES[1]}"


def test_other_pages_title_injected_as_a_line_is_a_related_link():
    index = _index(top_first=False)
    text = f"{TITLES[2]}\n\n{BODIES[2]}\n\n{TITLES[3]}\n\nThe wing is open daily from nine until five."
    r = dedup.analyze(text, index=index, url="https://courier.example/2", doc_id="d2")
    labels = {text[f.start : f.end]: f.label for f in r.flags}
    assert labels.get(TITLES[3]) == "related_link"
    assert TITLES[2] in r.clean and "open daily" in r.clean


def test_a_short_line_equal_to_another_pages_title_is_kept():
    # a score line, a book's name, a generic subhead: also the list items and subheads of other articles
    index = dedup.Index()
    pages = [
        ("Arsenal 2-1 Chelsea", "Declan Rice headed a late winner at the Emirates to settle a tense derby."),
        ("What happens next?", "The inquiry will report in the spring, and ministers must then respond."),
        ("Intermezzo", "Sally Rooney's fourth novel follows two brothers after their father's death."),
    ]
    for i, (t, b) in enumerate(pages):
        index.add(dedup.fingerprint(f"{t}\n\n{b}", doc_id=f"p{i}", title=t, url=f"https://paper.example/{i}"))
    text = (
        "Weekend round-up\n\nArsenal moved top after a dramatic afternoon in London.\n\nArsenal 2-1 "
        "Chelsea\n\n"
        "What happens next?\n\nIntermezzo\n\nThe best novels of the year, chosen by our critics."
    )
    r = dedup.analyze(text, index=index, url="https://paper.example/9", doc_id="p9")
    assert r.flags == []


def test_pages_of_no_known_site_are_not_one_site():
    # three unrelated sources without a URL end with the same quote: no site's template (corpus-wide needs 10)
    quote = '"We will do whatever it takes to bring inflation back to target," the governor said.'
    index = dedup.Index()
    for i, (t, b) in enumerate(zip(TITLES[:3], BODIES[:3])):
        index.add(dedup.fingerprint(f"{t}\n\n{b}\n\n{quote}", doc_id=f"q{i}", title=t))
    r = dedup.analyze(f"{TITLES[0]}\n\n{BODIES[0]}\n\n{quote}", index=index, doc_id="q0", title=TITLES[0])
    assert r.flags == []


def test_mobile_and_amp_pages_are_the_same_site():
    index = dedup.Index()
    for i, host in enumerate(["www.courier.example", "m.courier.example", "amp.courier.example"]):
        index.add(
            dedup.fingerprint(
                f"{TITLES[i]}\n\n{BODIES[i]}\n\n{TOP}",
                doc_id=f"d{i}",
                title=TITLES[i],
                url=f"https://{host}/{i}",
            )
        )
    r = dedup.analyze(
        f"{TITLES[0]}\n\n{BODIES[0]}\n\n{TOP}",
        index=index,
        url="https://www.courier.example/0",
        doc_id="d0",
        title=TITLES[0],
    )
    assert [f.label for f in r.flags] == ["boilerplate"]


def test_the_pages_own_headline_under_a_breadcrumb_is_no_link_to_a_copy_elsewhere():
    index = dedup.Index()
    index.add(
        dedup.fingerprint(
            "Markets › Energy\n\nOil jumps after tanker attack\n\nOil prices rose 2 percent on Wednesday.",
            doc_id="a1",
            title="Oil jumps after tanker attack | A-News",
            url="https://a-news.example/oil",
        )
    )
    index.add(
        dedup.fingerprint(
            "Oil jumps after tanker attack\n\nBrent crude gained sharply in Asian trading.",
            doc_id="b1",
            title="Oil jumps after tanker attack",
            url="https://b-times.example/oil",
        )
    )
    text = "Markets › Energy\n\nOil jumps after tanker attack\n\nOil prices rose 2 percent on Wednesday."
    r = dedup.analyze(
        text,
        index=index,
        doc_id="a1",
        title="Oil jumps after tanker attack | A-News",
        url="https://a-news.example/oil",
    )
    assert "Oil jumps after tanker attack" in r.clean


def test_on_a_large_site_a_paragraph_a_few_articles_share_is_theirs():
    # 60 pages of one site: the slogan is on all of them (template); a background paragraph on three (content)
    slogan = "The Valley Courier: independent local news since 1952, every day."
    background = (
        "The floods began on April 29 after more than a week of torrential rain and have affected over "
        "two million people."
    )
    index = dedup.Index()
    texts = []
    for i in range(60):
        body = f"Story {i} opens with its own facts, number {i}, told in words of its own for this page only."
        text = (
            f"Headline number {i} of the day\n\n{body}\n\n" + (f"{background}\n\n" if i < 3 else "") + slogan
        )
        texts.append(text)
        index.add(dedup.fingerprint(text, doc_id=f"p{i}", url=f"https://courier.example/{i}"))
    r = dedup.analyze(texts[0], index=index, url="https://courier.example/0", doc_id="p0")
    assert [texts[0][f.start : f.end] for f in r.flags] == [slogan]
    assert "threshold 6" in r.flags[0].reason  # (10% of the 60 pages)
    small = dedup.Config().replace(
        corpus={"site_min_share": 0.0}
    )  # the share off: three pages of the site are enough again
    r = dedup.analyze(texts[0], index=index, url="https://courier.example/0", doc_id="p0", config=small)
    assert sorted(texts[0][f.start : f.end] for f in r.flags) == sorted([slogan, background])
