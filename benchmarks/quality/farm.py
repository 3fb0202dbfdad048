"""Seeded generator of labelled content-farm pages built from real clean article bodies.

Each page is a real article (title + blank line + body, from ../shared/data/articles.jsonl) with
junk injected around and inside it: repeated headlines, repeated or restated paragraphs, doubled
sentences, site boilerplate (bylines, bios, teaser lists, newsletter/share/cookie/copyright lines,
a per-site slogan footer without cue words) and "related" link lines in many languages. Some pages
are syndicated copies of others on different sites. Every injected piece is recorded as a character
span with its label, so the clean page is exactly the text outside the spans.

Styles come in two disjoint families, TRAIN and HELDOUT (different cue phrasings and languages,
bio/teaser/newsletter wordings, emoji, formats); unit tests use train styles, the benchmark reports
held-out styles separately to catch over-fitting to literal strings.

Usage: python farm.py --check            (self-check: determinism and exact recovery)
       python farm.py -n 50 --styles heldout -o pages.jsonl --gold gold.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared"
DATA = SHARED / "data"
LABELS = ("headline_repeat", "near_duplicate", "inline_duplicate", "boilerplate", "related_link")
# note kinds that make a base article ambiguous as gold (natural duplicates, residual boilerplate)
_UNCLEAN_NOTES = {
    "boilerplate_like_lines",
    "duplicate_paragraphs_in_original",
    "list_or_table_heavy",
    "truncated_or_paywalled",
    "no_title",
}

# --------------------------------------------------------------------------------------------------
# base articles


def base_articles(clean_only: bool = True, data_dir: Path | None = None) -> list[dict]:
    """Real articles {id, lang, url, title, body} with a title; clean_only drops ones flagged in notes."""
    d = Path(data_dir) if data_dir else DATA
    notes: dict[str, set[str]] = {}
    with open(d / "articles_notes.jsonl", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            notes[rec["id"]] = {n["kind"] for n in rec["notes"]}
    out = []
    with open(d / "articles.jsonl", encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            if not a.get("title"):
                continue
            if clean_only and notes.get(a["id"], set()) & _UNCLEAN_NOTES:
                continue
            out.append({k: a[k] for k in ("id", "lang", "url", "title", "body")})
    return out


def clean_page(article: dict) -> str:
    """The clean page of a base article: title, blank line, body."""
    return article["title"] + "\n\n" + article["body"]


# --------------------------------------------------------------------------------------------------
# styles


@dataclass
class Style:
    """Pools of phrasings a site template draws from; train and held-out styles share no entries."""

    name: str
    related_cues: list[tuple[str, str]]  # (lang, cue) e.g. ("en", "Related:")
    related_formats: list[str]  # with {e} emoji/bullet, {cue}, {title}
    emoji: list[str]
    related_list_headers: list[str]
    bylines: list[str]
    bios: list[str]
    teaser_headers: list[str]
    teaser_ellipses: list[str]
    newsletter: list[str]
    share: list[str]
    cookie: list[str]
    copyright: list[str]
    misc: list[str]
    slogans: list[str]
    headline_prefixes: list[str]
    headline_suffixes: list[str]
    trunc_markers: list[str]
    restate_kinds: list[str]
    restate_leads: list[str]
    inline_kinds: list[str]
    rates: dict[str, float] = field(default_factory=dict)


_RATES = {
    "headline_repeat": 1.4,  # mean number of repeated headlines per page
    "near_duplicate": 1.3,
    "inline_duplicate": 0.9,
    "related_link": 2.0,
    "bare_title": 0.6,
    "related_list": 0.2,
    "teaser_list": 0.45,
    "bio": 0.7,
    "byline": 0.6,
    "single_newline": 0.25,  # share of sites that join junk lines with one newline, not a blank line
}

TRAIN = Style(
    name="train",
    related_cues=[
        ("en", "Related:"),
        ("en", "See also:"),
        ("en", "Read more:"),
        ("en", "ALSO READ |"),
        ("en", "You might also like:"),
        ("en", "Don't miss:"),
        ("fr", "Lire aussi :"),
        ("fr", "À lire aussi :"),
        ("de", "Lesen Sie auch:"),
        ("de", "Auch interessant:"),
        ("es", "Lee también:"),
        ("es", "Te puede interesar:"),
        ("pt", "Leia também:"),
        ("pt", "Veja também:"),
        ("ru", "Читайте также:"),
        ("hr", "Pročitajte još:"),
        ("ja", "関連記事："),
        ("id", "Baca juga:"),
    ],
    related_formats=["{e} {cue} {title}", "{cue} {title}", "{e} {cue} {title}", "{cue} {title}"],
    emoji=["📖", "👉", "✨", "💡", "➡️", "•", "→"],
    related_list_headers=["Related articles", "Related stories:"],
    bylines=["By {author}", "By {author} · {date}", "{date} | By {author}"],
    bios=[
        "About {author}: {author} is a {role} who has covered {beat} for more than {n} years. {They} "
        "lives in {city}.",
        "About the author: {author} is a {role} at {site}, where {they} writes about {beat}.",
        "{author} is a {role} based in {city}. {They} has written about {beat} since {year}.",
    ],
    teaser_headers=["Other articles", "More stories", "You may also like", "Recommended for you"],
    teaser_ellipses=[" […]", " [...]"],
    newsletter=[
        "Sign up for our newsletter to get the latest stories delivered straight to your inbox.",
        "Subscribe to {site} for unlimited access to all our articles.",
        "Get our free daily newsletter – subscribe now.",
        "Abonnez-vous à notre newsletter pour ne rien manquer.",
    ],
    share=[
        "Share this article: Facebook Twitter WhatsApp Email",
        "Share on Facebook · Share on Twitter · Share via Email",
        "Teilen: Facebook Twitter E-Mail",
    ],
    cookie=[
        "We use cookies to improve your experience. By continuing to browse the site you agree to "
        "our use of cookies.",
        "This site uses cookies. Learn more in our Cookie Policy.",
    ],
    copyright=["© {year} {site}. All rights reserved.", "Copyright © {year} {site}. All Rights Reserved."],
    misc=["Advertisement", "Follow us on Twitter and Instagram for more updates.", "Image: Getty Images"],
    slogans=[
        "{site} is where curious readers meet the stories behind the headlines.",
        "Independent voices, thoughtful stories and a bit of fun since {year}.",
        "Made with care by a small team of writers in {city}.",
        "We believe good stories can change the way people see the world around them.",
    ],
    headline_prefixes=["FAQ: ", "Summary: ", "Overview: ", "Explained: "],
    headline_suffixes=[" | {site}"],
    trunc_markers=[" [...]", "…", " […]"],
    restate_kinds=["exact", "edited", "truncated", "reordered"],
    restate_leads=[],
    inline_kinds=["sentence"],
    rates=dict(_RATES),
)

HELDOUT = Style(
    name="heldout",
    related_cues=[
        ("it", "Leggi anche:"),
        ("it", "Potrebbe interessarti:"),
        ("nl", "Lees ook:"),
        ("nl", "Lees meer:"),
        ("pl", "Czytaj także:"),
        ("pl", "Zobacz też:"),
        ("sv", "Läs också:"),
        ("zh", "相关阅读："),
        ("zh", "延伸阅读："),
        ("ja", "あわせて読みたい："),
        ("ko", "관련기사:"),
        ("tr", "İlgili haber:"),
        ("en", "MUST READ:"),
        ("en", "Recommended:"),
        ("en", "More on this:"),
        ("en", "Trending:"),
        ("en", "READ NEXT »"),
        ("sr", "Pročitajte i:"),
        ("uk", "Читайте також:"),
        ("ar", "اقرأ أيضا:"),
        ("cs", "Přečtěte si také:"),
        ("pt", "Saiba mais:"),
    ],
    related_formats=["{e} {cue} {title}", "[{cue} {title}]", "{cue} {title} {e}", "{e}{cue} {title}"],
    emoji=["🔗", "📰", "🔥", "▶", "⇒", "»", "★", "📌"],
    related_list_headers=["Further reading", "Read next:"],
    bylines=["{author} | {date} | {n} min read", "Posted on {date} by {author}", "Written by {author}"],
    bios=[
        "{author} has spent {n} years reporting on {beat}. When not writing, {they} can be found {hobby}.",
        "Meet the writer — {author}: a {role} with a soft spot for {beat}. Based in {city}.",
        "{author} ({pronoun}) writes about {beat} for {site}. Previously a {role} in {city}.",
    ],
    teaser_headers=["Trending now", "Popular this week", "Elsewhere on {site}", "Altri articoli"],
    teaser_ellipses=["...", " (…)", " →"],
    newsletter=[
        "Get the best of {site} straight to your inbox – join {k},000 readers.",
        "Never miss a story: our weekly digest lands every Friday morning.",
        "Iscriviti alla nostra newsletter settimanale.",
        "Meld je aan voor onze nieuwsbrief.",
    ],
    share=[
        "Enjoyed this piece? Pass it on: X · Facebook · LinkedIn",
        "Tweet · Pin · Send",
        "Condividi: Facebook X WhatsApp",
    ],
    cookie=[
        "This website stores data such as cookies to enable essential site functionality and analytics.",
        "Your privacy matters: we and our partners store information on your device.",
    ],
    copyright=[
        "{site} Media Group {year}. Reproduction without permission prohibited.",
        "All content ({year}) {site} — no part may be republished.",
    ],
    misc=["Have a tip? Write to our newsroom at tips@{domain}", "Sponsored content", "Photo: Shutterstock"],
    slogans=[
        "Everything worth knowing about {beat}, told by people who care.",
        "{site} started as a kitchen-table project in {city} in {year} and has grown ever since.",
        "Honest stories. Clear thinking. Every single day.",
        "Small newsroom, big curiosity: that is how we like it.",
    ],
    headline_prefixes=["Recap: ", "Key points: ", "In brief: ", "TL;DR: ", "Q&A: "],
    headline_suffixes=[" – {domain}", " - {site} News"],
    trunc_markers=["...", " (more)", " […] Continue reading"],
    restate_kinds=["exact", "edited", "truncated", "reordered", "lead", "merged"],
    restate_leads=["In other words, ", "To recap: ", "Put simply, "],
    inline_kinds=["sentence", "heading"],
    rates=dict(_RATES),
)


def style_for(styles: str) -> Style:
    """The Style for 'train', 'heldout' or 'all' (the union of both pools)."""
    if styles == "train":
        return TRAIN
    if styles == "heldout":
        return HELDOUT
    if styles != "all":
        raise ValueError(f"styles must be train, heldout or all, not {styles!r}")
    merged: dict[str, Any] = {"name": "all", "rates": dict(_RATES)}
    for f in TRAIN.__dataclass_fields__:
        if f in ("name", "rates"):
            continue
        merged[f] = list(getattr(TRAIN, f)) + list(getattr(HELDOUT, f))
    return Style(**merged)


# --------------------------------------------------------------------------------------------------
# sites

_NAME_A = [
    "Daily",
    "Morning",
    "Bright",
    "Urban",
    "Blue",
    "Silver",
    "North",
    "Open",
    "Quiet",
    "Rapid",
    "Golden",
    "Clear",
    "Wild",
    "Little",
    "Modern",
    "True",
    "Pacific",
    "Harbor",
    "Prime",
    "Velvet",
]
_NAME_B = [
    "Orbit",
    "Ledger",
    "Lantern",
    "Compass",
    "Digest",
    "Courier",
    "Signal",
    "Harvest",
    "Current",
    "Pulse",
    "Wire",
    "Beacon",
    "Journal",
    "Gazette",
    "Chronicle",
    "Review",
    "Echo",
    "Herald",
    "Lens",
    "Post",
]
_TLD = [".com", ".net", ".news", ".co", ".org", ".info"]
_FIRST = [
    "Gary",
    "Maria",
    "Jonas",
    "Aiko",
    "Priya",
    "Lucas",
    "Elena",
    "Tom",
    "Sofia",
    "Daniel",
    "Chloé",
    "Mateo",
    "Hannah",
    "Ravi",
    "Olga",
    "Kwame",
    "Ines",
    "Peter",
    "Yuki",
    "Sara",
    "Liam",
    "Nadia",
    "Marco",
    "Emma",
]
_LAST = [
    "Collinson",
    "Okafor",
    "Lindqvist",
    "Tanaka",
    "Sharma",
    "Moreau",
    "Petrov",
    "Becker",
    "Rossi",
    "Novak",
    "García",
    "Haddad",
    "Kim",
    "O'Brien",
    "Silva",
    "Jansen",
    "Kowalski",
    "Murphy",
    "Dubois",
    "Ward",
]
_ROLES = [
    "senior editor",
    "freelance journalist",
    "staff writer",
    "contributing editor",
    "reporter",
    "columnist",
]
_BEATS = [
    "technology",
    "film and television",
    "politics",
    "science",
    "business",
    "travel",
    "sports",
    "health",
    "culture",
    "gaming",
    "food",
]
_CITIES = [
    "London",
    "Lisbon",
    "Toronto",
    "Berlin",
    "Austin",
    "Melbourne",
    "Dublin",
    "Manila",
    "Nairobi",
    "Oslo",
]
_HOBBIES = [
    "hiking with the dog",
    "at the local cinema",
    "baking bread",
    "playing chess online",
    "tending a small balcony garden",
]
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass
class Site:
    """A fake site: name, domain and a fixed template drawn from a Style."""

    name: str
    domain: str
    authors: list[dict]
    fill: dict[str, str]
    related: list[tuple[str, str]]
    formats: list[str]
    emoji: list[str]
    byline: str | None
    bio: str | None
    teaser_header: str
    teaser_ellipsis: str
    footer: list[tuple[str, str]]  # (kind, text) boilerplate lines at the foot, in order
    header: list[tuple[str, str]]  # (kind, text) boilerplate lines right after the title
    slogan: str | None
    sep: str
    headline_prefixes: list[str]
    headline_suffix: str


def _fmt(template: str, fill: dict[str, str]) -> str:
    """str.format that leaves unknown fields alone."""
    return re.sub(r"\{(\w+)\}", lambda m: fill.get(m.group(1), m.group(0)), template)


def make_sites(n_sites: int, style: Style, seed: int) -> list[Site]:
    """n_sites fake sites, each with its own template drawn from style."""
    rng = random.Random(f"sites:{seed}:{style.name}")
    names: set[str] = set()
    sites = []
    while len(sites) < n_sites:
        a, b = rng.choice(_NAME_A), rng.choice(_NAME_B)
        if a + b in names:
            if len(names) >= len(_NAME_A) * len(_NAME_B):
                raise ValueError("too many sites")
            continue
        names.add(a + b)
        name = f"{a} {b}"
        domain = rng.choice([f"{a}{b}", f"{a}-{b}", f"the{a}{b}"]).lower() + rng.choice(_TLD)
        authors = []
        for _ in range(rng.randint(1, 3)):
            fem = rng.random() < 0.5
            authors.append(
                {
                    "author": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
                    "They": "She" if fem else "He",
                    "they": "she" if fem else "he",
                    "pronoun": "she/her" if fem else "he/him",
                    "role": rng.choice(_ROLES),
                    "beat": rng.choice(_BEATS),
                    "n": str(rng.randint(3, 25)),
                    "city": rng.choice(_CITIES),
                    "year": str(rng.randint(1998, 2018)),
                    "hobby": rng.choice(_HOBBIES),
                }
            )
        fill = {
            "site": name,
            "domain": domain,
            "year": str(rng.randint(2015, 2025)),
            "city": rng.choice(_CITIES),
            "beat": rng.choice(_BEATS),
            "k": str(rng.randint(5, 90)),
        }
        footer: list[tuple[str, str]] = []
        if rng.random() < 0.7:
            footer.append(("newsletter", _fmt(rng.choice(style.newsletter), fill)))
        if rng.random() < 0.6:
            footer.append(("share", _fmt(rng.choice(style.share), fill)))
        if rng.random() < 0.4:
            footer.append(("misc", _fmt(rng.choice(style.misc), fill)))
        slogan = _fmt(rng.choice(style.slogans), fill) if rng.random() < 0.85 else None
        if rng.random() < 0.45:
            footer.append(("cookie", _fmt(rng.choice(style.cookie), fill)))
        if rng.random() < 0.8:
            footer.append(("copyright", _fmt(rng.choice(style.copyright), fill)))
        rng.shuffle(footer)
        header: list[tuple[str, str]] = []
        if rng.random() < 0.25:
            header.append(("share", _fmt(rng.choice(style.share), fill)))
        n_cues = rng.randint(2, 4)
        sites.append(
            Site(
                name=name,
                domain=domain,
                authors=authors,
                fill=fill,
                related=rng.sample(style.related_cues, n_cues),
                formats=rng.sample(style.related_formats, 2),
                emoji=rng.sample(style.emoji, 3),
                byline=rng.choice(style.bylines) if rng.random() < style.rates["byline"] else None,
                bio=rng.choice(style.bios) if rng.random() < style.rates["bio"] else None,
                teaser_header=_fmt(rng.choice(style.teaser_headers), fill),
                teaser_ellipsis=rng.choice(style.teaser_ellipses),
                footer=footer,
                header=header,
                slogan=slogan,
                sep="\n" if rng.random() < style.rates["single_newline"] else "\n\n",
                headline_prefixes=rng.sample(style.headline_prefixes, 2),
                headline_suffix=_fmt(rng.choice(style.headline_suffixes), fill),
            )
        )
    return sites


# --------------------------------------------------------------------------------------------------
# text edits used for restatements

_SENT = re.compile(r"(?<=[.!?…])\s+(?=\S)|(?<=[。！？])(?=\S)")
_WORDS = re.compile(r"\w+", re.UNICODE)
_SYN = {
    "said": "stated",
    "says": "states",
    "big": "large",
    "large": "big",
    "small": "little",
    "little": "small",
    "new": "fresh",
    "show": "reveal",
    "shows": "reveals",
    "start": "begin",
    "started": "began",
    "help": "assist",
    "helps": "assists",
    "important": "significant",
    "many": "numerous",
    "also": "additionally",
    "about": "around",
    "get": "obtain",
    "make": "create",
    "makes": "creates",
    "made": "created",
    "use": "utilise",
    "used": "employed",
    "people": "individuals",
    "because": "since",
    "very": "extremely",
    "but": "however",
    "often": "frequently",
    "buy": "purchase",
    "want": "wish",
    "wants": "wishes",
    "need": "require",
    "needs": "requires",
    "first": "initial",
    "quickly": "rapidly",
    "think": "believe",
    "known": "recognised",
    "announced": "revealed",
    "company": "firm",
    "set": "scheduled",
    "year": "twelve months",
    "including": "such as",
    "however": "nevertheless",
    "find": "discover",
    "found": "discovered",
    "main": "primary",
    "biggest": "largest",
    "best": "finest",
    "good": "great",
    "great": "excellent",
    "told": "informed",
    "according": "as per",
    "now": "currently",
    "before": "prior to",
    "after": "following",
}


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (Latin and CJK final punctuation)."""
    return [s for s in _SENT.split(text) if s]


def _joiner(text: str) -> str:
    """The sentence joiner for a paragraph: nothing for CJK, a space otherwise."""
    return "" if re.search(r"[。！？]", text) and not re.search(r"[.!?]\s", text) else " "


def edit_words(text: str, rng: random.Random, n: int) -> str:
    """Substitute up to n words with synonyms; fall back to dropping or swapping words."""
    words = text.split(" ")
    idx = [i for i, w in enumerate(words) if w.lower().strip(",.;:") in _SYN]
    rng.shuffle(idx)
    done = 0
    for i in idx[:n]:
        w = words[i]
        core = w.strip(",.;:")
        rep = _SYN[core.lower()]
        if core[:1].isupper():
            rep = rep[:1].upper() + rep[1:]
        words[i] = w.replace(core, rep, 1)
        done += 1
    if done < 2 and len(words) > 8:
        for _ in range(2 - done):
            i = rng.randrange(1, len(words) - 1)
            if rng.random() < 0.5:
                words[i], words[i + 1] = words[i + 1], words[i]
            else:
                del words[i]
    out = " ".join(words)
    if out == text:  # unspaced scripts: drop a few characters from the middle
        k = max(1, len(text) // 15)
        i = len(text) // 2
        out = text[:i] + text[i + k :]
    return out


def truncate(text: str, rng: random.Random, marker: str) -> str:
    """Keep the first 40-80% of the paragraph and add a truncation marker."""
    if " " in text:
        words = text.split(" ")
        k = max(3, int(len(words) * rng.uniform(0.4, 0.8)))
        return " ".join(words[:k]).rstrip(",;:") + marker
    k = max(8, int(len(text) * rng.uniform(0.4, 0.8)))
    return text[:k] + marker


def reorder(text: str, rng: random.Random) -> str | None:
    """The paragraph's sentences in another order, or None when it has fewer than two."""
    sents = sentences(text)
    if len(sents) < 2:
        return None
    order = list(range(len(sents)))
    while order == sorted(order):
        rng.shuffle(order)
    return _joiner(text).join(sents[i] for i in order)


# --------------------------------------------------------------------------------------------------
# page assembly


class _Page:
    """Builder of one page: content pieces in order, injected pieces with labels in slots."""

    def __init__(self, title: str, paras: list[str]):
        self.title = title
        self.paras = list(paras)
        self.inline: dict[int, list[tuple[int, str, str, str]]] = {}  # para -> (char pos, text, label, kind)
        self.slots: dict[int, list[tuple[str, str, str]]] = {}  # after para i -> (text, label, kind)

    def add(self, slot: int, text: str, label: str, kind: str, sep: str = "\n\n") -> None:
        """Inject a block after content unit `slot` (0 = the title)."""
        self.slots.setdefault(slot, []).append((sep + text, label, kind))

    def add_inline(self, para: int, pos: int, text: str, label: str, kind: str) -> None:
        """Inject text at character pos inside content unit para (1-based; 0 is the title)."""
        self.inline.setdefault(para, []).append((pos, text, label, kind))

    def render(self) -> tuple[str, str, list[dict]]:
        """(text, gold, spans) of the assembled page."""
        units = [self.title] + self.paras
        parts: list[tuple[str, str | None, str | None]] = []
        for i, unit in enumerate(units):
            if i:
                parts.append(("\n\n", None, None))
            cur = 0
            for pos, text, label, kind in sorted(self.inline.get(i, []), key=lambda x: x[0]):
                parts.append((unit[cur:pos], None, None))
                parts.append((text, label, kind))
                cur = pos
            parts.append((unit[cur:], None, None))
            for text, label, kind in self.slots.get(i, []):
                parts.append((text, label, kind))
        text_parts, gold_parts, spans = [], [], []
        off = 0
        for text, label, kind in parts:
            if not text:
                continue
            text_parts.append(text)
            if label is None:
                gold_parts.append(text)
            else:
                spans.append({"start": off, "end": off + len(text), "label": label, "kind": kind})
            off += len(text)
        return "".join(text_parts), "".join(gold_parts), spans


def _headline_block(title: str, site: Site, rng: random.Random, style: Style) -> tuple[str, str]:
    """One repeated-headline block and its kind."""
    r = rng.random()
    if r < 0.45:
        return title, "exact"
    if r < 0.65:
        return (f"{title} {title}" if title[-1:] in ".!?…" else f"{title}. {title}."), "doubled"
    if r < 0.85:
        return rng.choice(site.headline_prefixes) + title, "prefixed"
    if r < 0.93:
        return title + site.headline_suffix, "suffixed"
    return title.upper() if style.name != "train" else title, "upper" if style.name != "train" else "exact"


def _related_line(site: Site, title: str, rng: random.Random) -> tuple[str, str]:
    """One 'related' link line pointing at another title, and its kind (cue language)."""
    lang, cue = rng.choice(site.related)
    fmt = rng.choice(site.formats)
    e = rng.choice(site.emoji)
    line = fmt.replace("{e}", e).replace("{cue}", cue).replace("{title}", title).strip()
    return line, f"cue_{lang}"


def _teaser_list(site: Site, others: list[dict], rng: random.Random) -> list[str]:
    """Teaser entries (headline doubled, snippet truncated) for other pages of the site."""
    entries = []
    for o in others:
        first = o["body"].split("\n\n")[0]
        words = first.split(" ")
        if len(words) > 6:
            snippet = " ".join(words[: rng.randint(15, 45)]).rstrip(",;:") + site.teaser_ellipsis
        else:
            snippet = first[: rng.randint(40, 120)] + site.teaser_ellipsis
        head = f"{o['title']} {o['title']}" if rng.random() < 0.7 else o["title"]
        entries.append(f"{head} {snippet}")
    return entries


def build_page(
    art: dict,
    site: Site,
    style: Style,
    rng: random.Random,
    others: list[dict],
    paras: list[str] | None = None,
    author: dict | None = None,
) -> tuple[str, str, list[dict]]:
    """Inject junk into one article for one site: (text, gold, spans)."""
    title = art["title"]
    paras = paras if paras is not None else art["body"].split("\n\n")
    page = _Page(title, paras)
    n = len(paras)
    rates = style.rates
    author = author or rng.choice(site.authors)
    afill = {
        **site.fill,
        **author,
        "date": f"{rng.choice(_MONTHS)} {rng.randint(1, 28)}, {rng.randint(2018, 2025)}",
    }
    sep = site.sep
    other_titles = [o["title"] for o in others if o["title"] != title]

    def poisson(mean: float) -> int:
        """A small Poisson draw."""
        k, p, limit = 0, 1.0, 2.718281828459045 ** (-mean)
        while True:
            p *= rng.random()
            if p <= limit:
                return k
            k += 1

    # header: byline, share line, headline repeats
    if site.byline:
        page.add(0, _fmt(site.byline, afill), "boilerplate", "byline", sep)
    for kind, text in site.header:
        page.add(0, text, "boilerplate", kind, sep)
    n_head = max(1 if rng.random() < 0.85 else 0, poisson(rates["headline_repeat"]))
    for j in range(n_head):
        block, kind = _headline_block(title, site, rng, style)
        slot = 0 if j == 0 and rng.random() < 0.7 else rng.randint(1, n)
        page.add(slot, block, "headline_repeat", kind)

    # repeated or restated paragraphs, always after the original
    cands = [
        i
        for i, p in enumerate(paras)
        if (len(p) >= 60 and len(p.split(" ")) >= 8) or (len(p) >= 60 and " " not in p)
    ]
    for _ in range(min(len(cands), poisson(rates["near_duplicate"]))):
        i = rng.choice(cands)
        p = paras[i]
        kind = rng.choice(style.restate_kinds)
        if kind == "edited":
            text = edit_words(p, rng, rng.randint(2, 4))
        elif kind == "truncated":
            text = truncate(p, rng, rng.choice(style.trunc_markers))
        elif kind == "reordered":
            text = reorder(p, rng) or p
            kind = kind if text != p else "exact"
        elif kind == "lead":
            text = rng.choice(style.restate_leads) + p[:1].lower() + p[1:]
        elif kind == "merged" and i + 1 < n:
            text = p + " " + paras[i + 1]
        else:
            text, kind = p, "exact"
        slot = rng.randint(min(i + 2, n), n)  # at least one paragraph later when possible
        page.add(slot, text, "near_duplicate", kind)

    # doubled sentences inside paragraphs ("Caption. Caption.")
    for _ in range(poisson(rates["inline_duplicate"])):
        i = rng.randrange(1, n + 1)
        p = paras[i - 1]
        kind = rng.choice(style.inline_kinds)
        if kind == "heading" and len(p) <= 90 and p[-1:] not in ".!?。":
            page.add_inline(i, len(p), " " + p, "inline_duplicate", "heading")
            continue
        sents = sentences(p)
        if not sents or len(sents[0]) < 12:
            continue
        k = rng.randrange(len(sents))
        pos = p.find(sents[k]) + len(sents[k])
        if p.find(sents[k]) < 0 or any(x[0] == pos for x in page.inline.get(i, [])):
            continue
        page.add_inline(i, pos, _joiner(p) + sents[k], "inline_duplicate", "sentence")

    # related link lines, bare other-article titles, related lists
    for _ in range(poisson(rates["related_link"])):
        if not other_titles:
            break
        line, kind = _related_line(site, rng.choice(other_titles), rng)
        page.add(rng.randint(1, n), line, "related_link", kind)
    for _ in range(poisson(rates["bare_title"])):
        if other_titles:
            page.add(rng.randint(1, n), rng.choice(other_titles), "related_link", "bare_title")
    if other_titles and rng.random() < rates["related_list"]:
        header = rng.choice(style.related_list_headers)
        bullet = rng.choice(site.emoji)
        items = rng.sample(other_titles, min(3, len(other_titles)))
        block = header + "\n" + "\n".join(f"{bullet} {t}" for t in items)
        page.add(rng.randint(max(1, n - 2), n), block, "related_link", "list")

    # footer: teaser list, bio, site lines, slogan
    if others and rng.random() < rates["teaser_list"]:
        pool = [o for o in others if o["title"] != title]
        chosen = rng.sample(pool, min(len(pool), rng.randint(2, 5)))
        entries = _teaser_list(site, chosen, rng)
        if rng.random() < 0.5:
            page.add(n, site.teaser_header + sep + " ".join(entries), "boilerplate", "teaser_list", sep)
        else:
            page.add(n, site.teaser_header, "boilerplate", "teaser_header", sep)
            for e in entries:
                page.add(n, e, "boilerplate", "teaser", sep)
    if site.bio:
        slot = n if rng.random() < 0.8 else max(1, n - 1)
        page.add(slot, _fmt(site.bio, afill), "boilerplate", "bio", sep)
    for kind, text in site.footer:
        page.add(n, text, "boilerplate", kind, sep)
    if site.slogan:
        page.add(n, site.slogan, "boilerplate", "slogan", sep)
    return page.render()


# --------------------------------------------------------------------------------------------------
# corpus


def _spin_first(paras: list[str], rng: random.Random) -> list[str]:
    """The paragraphs with the first one rewritten (word edits and its sentences reordered)."""
    first = edit_words(paras[0], rng, 4)
    first = reorder(first, rng) or first
    return [first] + paras[1:]


def make_corpus(
    n_pages: int = 200,
    seed: int = 0,
    styles: str = "all",
    n_sites: int = 12,
    syndication_rate: float = 0.1,
    clean_only: bool = True,
    articles: list[dict] | None = None,
) -> tuple[list[dict], list[dict]]:
    """Generate (pages, gold): pages {id,url,site,title,text,lang}, gold {id,gold,spans,duplicate_of}."""
    style = style_for(styles)
    rng = random.Random(f"corpus:{seed}:{styles}")
    arts = list(articles if articles is not None else base_articles(clean_only))
    n_copies = round(n_pages * syndication_rate)
    n_orig = n_pages - n_copies
    if n_orig > len(arts):
        raise ValueError(f"{n_orig} originals needed but only {len(arts)} base articles")
    chosen = rng.sample(arts, n_orig)
    sites = make_sites(n_sites, style, seed)
    site_of = [rng.randrange(n_sites) for _ in chosen]
    plan: list[dict] = [
        {"art": a, "site": s, "copy_of": None, "kind": "original"} for a, s in zip(chosen, site_of)
    ]
    for _ in range(n_copies):
        src = rng.randrange(n_orig)
        other_sites = [s for s in range(n_sites) if s != plan[src]["site"]] or [plan[src]["site"]]
        kind = rng.choice(["mirror", "exact", "spun"])
        plan.append({"art": plan[src]["art"], "site": rng.choice(other_sites), "copy_of": src, "kind": kind})
    order = list(range(len(plan)))
    rng.shuffle(order)
    # the page id is its corpus position; duplicate_of points at the earliest page of the cluster
    by_site: dict[int, list[dict]] = {}
    for item in plan:
        by_site.setdefault(item["site"], []).append(item["art"])

    def others_of(item: dict) -> list[dict]:
        """Other articles of the item's site (topped up from the corpus) for links and teasers."""
        art = item["art"]
        others = [o for o in by_site[item["site"]] if o["id"] != art["id"]]
        if len(others) < 6:
            others += [o for o in chosen if o["id"] != art["id"] and o not in others][: 6 - len(others)]
        return others

    built: dict[int, tuple[str, str, list[dict]]] = {}
    for p, item in enumerate(plan):  # originals first, so mirrors can copy them byte for byte
        if item["copy_of"] is None:
            prng = random.Random(f"page:{seed}:{styles}:{p}")
            built[p] = build_page(item["art"], sites[item["site"]], style, prng, others_of(item))
    for p, item in enumerate(plan):
        if item["copy_of"] is None:
            continue
        prng = random.Random(f"page:{seed}:{styles}:{p}")
        site, art = sites[item["site"]], item["art"]
        if item["kind"] == "mirror":
            built[p] = built[item["copy_of"]]
        elif item["kind"] == "spun":
            paras = _spin_first(art["body"].split("\n\n"), prng)
            built[p] = build_page(art, site, style, prng, others_of(item), paras=paras)
        else:
            built[p] = build_page(art, site, style, prng, others_of(item))
    pages, gold = [], []
    for k, p in enumerate(order):
        item = plan[p]
        site, art = sites[item["site"]], item["art"]
        text, g, spans = built[p]
        pid = f"farm-{styles}-{seed}-{k:04d}"
        slug = re.sub(r"[^a-z0-9]+", "-", art["title"].lower()).strip("-")[:60] or "article"
        pages.append(
            {
                "id": pid,
                "url": f"https://{site.domain}/{slug}-{k}",
                "site": site.domain,
                "title": art["title"],
                "text": text,
                "lang": art["lang"],
            }
        )
        gold.append(
            {
                "id": pid,
                "gold": g,
                "spans": [dict(s) for s in spans],
                "duplicate_of": None,
                "base_id": art["id"],
                "copy_kind": item["kind"],
                "_cluster": item["copy_of"] if item["copy_of"] is not None else p,
            }
        )
    first_in_cluster: dict[int, str] = {}
    for g_rec in gold:
        c = g_rec.pop("_cluster")
        if c in first_in_cluster:
            g_rec["duplicate_of"] = first_in_cluster[c]
        else:
            first_in_cluster[c] = g_rec["id"]
    return pages, gold


def cut_spans(text: str, spans: Iterable[dict]) -> str:
    """The text with the given spans removed."""
    out, cur = [], 0
    for s in sorted(spans, key=lambda s: s["start"]):
        out.append(text[cur : s["start"]])
        cur = max(cur, s["end"])
    out.append(text[cur:])
    return "".join(out)


def self_check(n_pages: int = 120, seed: int = 7) -> None:
    """Assert determinism, exact recovery of gold from spans, and sane labels; raise on failure."""
    arts = {a["id"]: a for a in base_articles()}
    for styles in ("train", "heldout", "all"):
        a = make_corpus(n_pages=n_pages, seed=seed, styles=styles)
        b = make_corpus(n_pages=n_pages, seed=seed, styles=styles)
        assert a == b, f"{styles}: not deterministic"
        pages, gold = a
        assert len({p["id"] for p in pages}) == len(pages)
        for p, g in zip(pages, gold):
            assert cut_spans(p["text"], g["spans"]) == g["gold"], p["id"]
            ends = [0]
            for s in g["spans"]:
                assert s["label"] in LABELS and s["start"] < s["end"] and s["start"] >= ends[-1], (p["id"], s)
                ends.append(s["end"])
            if g["copy_kind"] != "spun":
                assert g["gold"] == clean_page(arts[g["base_id"]]), p["id"]
            assert g["gold"].startswith(p["title"] + "\n\n")
        n_dup = sum(g["duplicate_of"] is not None for g in gold)
        assert n_dup == round(n_pages * 0.1), n_dup
    c = make_corpus(n_pages=20, seed=seed + 1, styles="train")
    assert c != make_corpus(n_pages=20, seed=seed, styles="train"), "seed has no effect"
    tr = {cue for _, cue in TRAIN.related_cues} | set(TRAIN.emoji) | set(TRAIN.bios) | set(TRAIN.slogans)
    ho = (
        {cue for _, cue in HELDOUT.related_cues}
        | set(HELDOUT.emoji)
        | set(HELDOUT.bios)
        | set(HELDOUT.slogans)
    )
    assert not tr & ho, tr & ho
    langs = {lang for lang, _ in TRAIN.related_cues + HELDOUT.related_cues}
    assert len(langs) >= 10, langs


def _stats(pages: list[dict], gold: list[dict]) -> dict:
    """Counts of injected spans per label and kind."""
    from collections import Counter

    c: Counter = Counter()
    for g in gold:
        for s in g["spans"]:
            c[f"{s['label']}/{s['kind']}"] += 1
    return dict(sorted(c.items()))


def main(argv: list[str] | None = None) -> int:
    """CLI: write a corpus as JSONL, or run the self-check."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", "--n-pages", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--styles", default="all", choices=["train", "heldout", "all"])
    ap.add_argument("--sites", type=int, default=12)
    ap.add_argument("--syndication-rate", type=float, default=0.1)
    ap.add_argument("-o", "--out", help="pages JSONL")
    ap.add_argument("--gold", help="gold JSONL")
    ap.add_argument("--check", action="store_true", help="run the self-check")
    ap.add_argument("--show", type=int, default=None, help="print page N with its spans marked")
    args = ap.parse_args(argv)
    if args.check:
        self_check()
        print("farm self-check: ok")
        return 0
    pages, gold = make_corpus(args.n_pages, args.seed, args.styles, args.sites, args.syndication_rate)
    if args.show is not None:
        p, g = pages[args.show], gold[args.show]
        t, cur, out = p["text"], 0, []
        for s in g["spans"]:
            out.append(t[cur : s["start"]] + f"⟦{s['label']}/{s['kind']}:" + t[s["start"] : s["end"]] + "⟧")
            cur = s["end"]
        out.append(t[cur:])
        print(p["id"], p["url"], "duplicate_of:", g["duplicate_of"])
        print("".join(out))
        return 0
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            for p in pages:
                f.write(json.dumps(p, ensure_ascii=False) + "\n")
    if args.gold:
        with open(args.gold, "w", encoding="utf-8") as f:
            for g in gold:
                f.write(json.dumps(g, ensure_ascii=False) + "\n")
    print(json.dumps(_stats(pages, gold), indent=1), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
