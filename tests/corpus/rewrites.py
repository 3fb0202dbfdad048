"""Real articles rewritten the way sites that take a story rewrite it, for the tests of copies judged by the
share of their paragraphs: a new lede, the last paragraph cut, some paragraphs reworded (sentences in
another order, words replaced), and each site's own template around the body (menu lines, a header, a
footer and an "about us" paragraph on every page of the site)."""

from __future__ import annotations

import random

import regex

from tests.support import load_articles

_SENTENCE_END = regex.compile(r"(?<=[.!?][\"”’)]?)\s+(?=[\"“‘(]?\p{Lu})")
_WORD = regex.compile(r"\b\p{L}{5,}\b")
#: words a rewriter swaps in (any will do: the point is that the paragraph's word 3-grams change)
_SWAPS = ("reportedly", "notably", "apparently", "officially", "reportedly", "broadly", "largely")


def paragraphs(article: dict) -> list[str]:
    return [p.strip() for p in article["body"].split("\n") if p.strip()]


def rewritable(articles: list[dict] | None = None) -> list[dict]:
    """English articles of 7 to 14 paragraphs, each of 8 to 110 words, with distinct titles: the shape a
    syndicated news story has (and every paragraph a block of the index)."""
    out, titles = [], set()
    for a in articles if articles is not None else load_articles():
        paras = paragraphs(a)
        if a.get("lang") != "en" or not a.get("title") or a["title"] in titles or not 7 <= len(paras) <= 14:
            continue
        if all(8 <= len(p.split()) <= 110 for p in paras):
            titles.add(a["title"])
            out.append(a)
    return out


def reword(paragraph: str, rng: random.Random) -> str:
    """The paragraph as a rewriter leaves it: its sentences in another order, one long word in four
    replaced."""
    sentences = _SENTENCE_END.split(paragraph)
    if len(sentences) > 1:
        sentences = sentences[1:] + sentences[:1]
    text = " ".join(sentences)
    count = iter(range(10**6))
    return _WORD.sub(lambda m: rng.choice(_SWAPS) if next(count) % 4 == 0 else m.group(0), text)


def rewritten(article: dict, seed: int, n_reworded: int = 2) -> list[str]:
    """The article's paragraphs rewritten: a new lede first, the last one cut, `n_reworded` of the others
    reworded."""
    rng = random.Random(seed)
    paras = paragraphs(article)[:-1]
    for i in rng.sample(range(len(paras)), n_reworded):
        paras[i] = reword(paras[i], rng)
    lede = (
        f"Our desk has been following the story of {article['title'].rstrip('.')} closely, and here is what "
        f"readers need to know about it this week."
    )
    return [lede, *paras]


def site_template(site: str, seed: int) -> tuple[list[str], list[str]]:
    """(the lines above the article, the lines below it) on every page of `site`."""
    rng = random.Random(f"{site}/{seed}")
    name = site.split(".")[0].capitalize()
    menu = rng.sample(["Home", "World", "Politics", "Business", "Tech", "Sport", "Culture", "Opinion"], 5)
    head = [f"{name} Daily", *menu, "Search"]
    foot = [
        f"{name} Daily is an independent newsroom that has covered the region and the wider world for "
        f"readers at home and abroad since {1950 + rng.randrange(60)}.",
        "About us",
        "Contact",
        f"© 2026 {name} Media Group. All rights reserved.",
    ]
    return head, foot


def page(site: str, title: str, paras: list[str], seed: int = 0) -> str:
    """A page of `site`: its template around the title and the paragraphs."""
    head, foot = site_template(site, seed)
    return "\n\n".join([*head, title, *paras, *foot])
