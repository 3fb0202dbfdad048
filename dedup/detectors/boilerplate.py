"""Boilerplate recognisable inside one page: author bios, teaser lists, newsletter, share, cookie and
copyright lines, and share widgets glued to the end of a sentence."""

from __future__ import annotations

import regex

from ..config import BoilerplateConfig, Config
from ..cues import DECOR, cue_text, match_start, search
from ..report import Flag
from ..text.segment import Line
from .base import Context
from .predicates import (
    TRUNC_MID,
    cut_off,
    footer_start,
    head_end,
    headline_like,
    list_items_in_head,
    list_run,
    tandem_repeats,
    title_case_ratio,
)

_NAME = (
    r"(?:\p{Lu}[\p{L}\p{M}'’.\-]*)(?:\s+(?:\p{Lu}[\p{L}\p{M}'’.\-]*|de|da|van|von|der|del|la|le|bin|al)){0,4}"
)
_COPY_MARK = regex.compile(r"©|\(c\)\s*\d{4}|\bcopyright\s+(?:©\s*)?\d{4}", regex.I)
_SHARE_WORD = (
    r"(?:Share(?:\s+(?:this|on|via|to))?(?:\s+(?:article|story|post|page))?|Tweet|Pin(?:\s+it)?|Email|"
    r"E-mail|Print|Copy\s+link|Facebook|Twitter|LinkedIn|WhatsApp|Reddit|Pinterest|Telegram|"
    r"Send|SMS|Messenger|Flipboard|Tumblr|Threads|Bluesky|Mastodon|X|Partager|Teilen|Compartir|"
    r"Compartilhar|Condividi|Delen|Udostępnij|Поделиться|"
    r"Like(?:\s+this)?|Loading(?:\.{3}|…)?)"
)  # (WordPress: "Share this:TwitterFacebookLike this:Like Loading...")
# two or more share-widget words in a row at the end of a line, possibly glued to the sentence
_SHARE_RUN = regex.compile(rf"(?:(?<=[.!?\"”’)\]])|\s+|^)(?:{_SHARE_WORD}\s*[|·•/,:]?\s*){{2,}}$", regex.V1)
# the same pattern searched from the end of the line: a quick test for whether there is a match at all (a line
# holds no line break, so `$` is its end: `\Z` lets the reverse search start there and stop)
_SHARE_RUN_FROM_END = regex.compile(_SHARE_RUN.pattern[:-1] + r"\Z", regex.V1 | regex.REVERSE)
_PLATFORM = regex.compile(
    r"\b(?:Facebook|Twitter|X|Instagram|LinkedIn|WhatsApp|YouTube|TikTok|Pinterest|Telegram|"
    r"Reddit|Threads|Bluesky|Mastodon|Snapchat|Flipboard|Tumblr|Messenger|Email|E-mail)\b"
)
_PRICE = regex.compile(r"[$€£¥₹]\s?\d|\d\s?(?:€|\$|USD|EUR|GBP)\b")
# page furniture glued to the end of a sentence: "... s'est abstenu.Publicité"
_LETTER = regex.compile(r"[\p{L}\p{N}]")
_BUTTONS = regex.compile(rf"^\s*(?:{_SHARE_WORD}|More|Like this)\s*[:.…]*\s*$", regex.V1)
_WIDGET_SEP = regex.compile(r"\s[·|•]\s|\s/\s")
_SHARE_RUN_START = regex.compile(
    r"(?:Share|Tweet|Partager|Teilen|Compartir|Compartilhar|Condividi|Delen|"
    r"Udostępnij|Поделиться)"
)


# what may stand before a cue found inside a line for the cue to open a clause of its own: nothing, or a
# sentence end, a bar or a colon, then no letter ("… Foo Media. All rights reserved.", "Terms | Privacy policy")
_CLAUSE_BEFORE = regex.compile(r"(?:^|[.!?;。！？；|｜·•:：])[^\p{L}\p{N}]*$")
_ENDS_SENTENCE = regex.compile(r"[.!?。！？।…][\"'”’»)\]]*\s*$")


def _ends_sentence(text: str) -> bool:
    """The text ends a sentence (its last few characters are looked at, not the whole line)."""
    return bool(_ENDS_SENTENCE.search(text, max(0, len(text.rstrip()) - 6)))


def _body_of(cues, lines: list[Line], config: Config):
    """A test of whether a line sits inside the article's body: between two long paragraphs
    (`layout.long_paragraph_words`), or right between two paragraphs (a paragraph: a sentence of
    `layout.paragraph_words` that no newsletter, share, cookie or bio cue opens and that, up to
    `boilerplate.max_notice_words`, holds no notice cue). Lines before the first long paragraph or after the
    last one that stand next to other template lines are the page's head or footer."""
    memo: dict[int, bool] = {}
    paragraph_words = config.layout.paragraph_words
    long_words = config.layout.long_paragraph_words
    notice_words = config.boilerplate.max_notice_words

    def para(i: int) -> bool:
        if i not in memo:
            ln = lines[i]
            memo[i] = (
                ln.n_words >= paragraph_words
                and _ends_sentence(ln.text)
                and not any(match_start(cues, sec, ln.text, spaceless=ln.holds_spaceless) for sec in _PROMPTS)
                and not (
                    ln.n_words <= notice_words
                    and search(cues, "notice", ln.text, spaceless=ln.holds_spaceless)
                )
            )
        return memo[i]

    def long_para(ln: Line) -> bool:
        return ln.n_words >= long_words and para(ln.index)

    ends: list[tuple[int, int]] = []  # (first, last) long paragraph, found from both ends when first asked

    def inside(line: Line, reach: int = 1) -> bool:
        """(`reach`: how far down the paragraph below may be: a list heading has its items in between)"""
        if not ends:
            first = next((ln.index for ln in lines if long_para(ln)), len(lines))
            last = (
                next((ln.index for ln in reversed(lines) if long_para(ln)), -1) if first < len(lines) else -1
            )
            ends.append((first, last))
        if ends[0][0] < line.index < ends[0][1]:
            return True
        above = next((i for i in range(line.index - 1, -1, -1) if lines[i].words), None)
        if above is None or not para(above):
            return False
        below = [i for i in range(line.index + 1, min(len(lines), line.index + 1 + reach)) if lines[i].words]
        return any(para(i) for i in below)

    return inside


_PROMPTS = ("newsletter", "share", "cookie", "bio", "bio_about")


def _notice_at(line: Line, pos: int, in_body, footer: int, cfg: BoilerplateConfig) -> bool:
    """A notice or copyright cue found at `pos` of `line` marks the line when the cue opens a clause of the line
    and the line is short or outside the article's body, or, inside a sentence, when the line sits in the page's
    footer (after the last paragraph). Inside a sentence of the article ("Meta updated its
    privacy policy on Tuesday …", "… published without written permission from the family", "原告是涉案作品的
    版权所有者") or opening a longer sentence of the body ("Polityka prywatności Mety budzi wątpliwości UODO,
    który …") the words are the article's own."""
    if not _CLAUSE_BEFORE.search(line.text, 0, pos):
        return line.index >= footer
    return line.n_words <= cfg.body_prompt_words or not in_body(line)


# a share or newsletter cue is also a verb of ordinary prose ("Partager les tâches reste un défi", "شارك في حفل
# الافتتاح ...", "Inscreva-se pela Página do Participante …", "Chia sẻ với VnExpress, ông …"): in the body, a
# prompt is short, and after a share cue come a few words, a separator or a platform name
_PROMPT_REST = regex.compile(r"^\s*(?:[:：|｜\-–—»›>→]|$)")


def _prompt_like(line: Line, m, section: str, in_body, cfg: BoilerplateConfig) -> bool:
    """The cue match `m` opens a share, newsletter or cookie prompt, not a sentence of the article."""
    text = line.text.rstrip()
    if text.endswith(("?", "？", "؟")):
        return False  # "Teilen Sie diese Einschätzung?": a question put to someone
    rest = line.text[m.end() :]
    if section == "share" and not (_PROMPT_REST.match(rest) or _PLATFORM.match(rest.lstrip())):
        few = (
            len(rest.split()) <= cfg.share_rest_words
            if not line.holds_spaceless
            else len(rest.strip()) <= cfg.share_rest_chars
        )
        # after a one-word cue ("Share", "Partager"), a few words must name a platform ("Partager sur
        # Facebook"): "Share prices fell", "Partager les tâches" are prose
        if not few or (
            len(cue_text(m).split()) == 1 and not line.holds_spaceless and not _PLATFORM.search(rest)
        ):
            return False
    # short, it is a prompt wherever it stands; longer, only outside the body (platform names do not count:
    # "Follow us on X, Facebook and Instagram")
    return line.n_words - len(_PLATFORM.findall(line.text)) <= cfg.body_prompt_words or not in_body(line)


# an author bio cue ("Zur Person", "Об авторе") is followed by a separator, the line's end or a name; followed by a
# word in lower case, a comma or a quote it opens a sentence ("Zur Person des Verdächtigen machte die Polizei keine
# Angaben", "Sull'autore, un operaio di 34 anni, …")
# the paragraph under a bio header ("About the author") opens with a name: two capitalised words ("Jane Doe covers …"), or a script without case
_UPPER_START = regex.compile(r"\s*(?:[\p{Lu}\p{Lt}][\p{L}\p{M}'’.\-]*\s+[\p{Lu}\p{Lt}]|\p{Lo})")
_BIO_REST = regex.compile(r"\s*(?:$|[:：|｜\-–—]|[\p{Lu}\p{Lt}\p{Lo}\p{N}])")
_QUOTE_AFTER = regex.compile(r"\s*[\"“”„«»‘’'‚「『]")


def _teaser_header(line: Line, m, in_body, config: Config) -> bool:
    """A teaser cue opening `line` heads a list of other articles: a few words at most follow it, fewer inside
    the body ("Most read" over teasers; "Najczęściej czytane w tym roku" over a listicle's own books, "Δημοφιλή
    πιάτα της κρητικής κουζίνας" over a guide's dishes are the article's own lists)."""
    cfg = config.boilerplate
    rest = line.text[m.end() :]
    inside = in_body(line, reach=config.layout.max_list_items + 1)  # (below a whole list)
    if line.holds_spaceless:
        return len(rest.strip()) <= (cfg.teaser_body_rest_chars if inside else cfg.teaser_rest_chars)
    return len(rest.split()) <= (cfg.teaser_body_rest_words if inside else cfg.teaser_rest_words)


# furniture with a count: "4 Comments", "Comments (12)", "5 min read", "Reading time: 4 minutes"
_COUNT_LEAD = regex.compile(r"\s*\d[\d.,]*\s+")
_COUNT_REST = regex.compile(r"[\s:：(\[]*\d[\d.,]*[\s)\]]*(?:\p{L}{1,10}\.?)?\s*$")


def _furniture_line(cues, line: Line):
    """The match of a furniture cue that is the whole line, but for a count before it or a count (and a unit)
    after it; None otherwise."""
    lead = _COUNT_LEAD.match(line.text) if line.text[:1].isdigit() or line.text[:1].isspace() else None
    text = line.text[lead.end() :] if lead else line.text
    m = match_start(cues, "standalone", text, spaceless=line.holds_spaceless)
    if m is None:
        return None
    rest = text[m.end() :]
    return m if not _LETTER.search(rest) or _COUNT_REST.match(rest) else None


# navigation: "About us | Contact | Privacy | Terms", "Accueil · Actualités · Sport · Culture · Contact"
_NAV_SEP = regex.compile(r"\s+[|｜·•]\s+")
_CRUMB_SEP = regex.compile(r"\s+[›»>]\s+|\s+/\s+")
_ITEM_OK = regex.compile(r"[^.!?。！？]*")


def _nav_line(line: Line, inside, cfg: BoilerplateConfig) -> bool:
    """A line of links: `min_nav_items` or more short items (`min_body_nav_items` inside the article's body:
    `inside()` says) between bars or dots."""
    text = line.text
    if text.count("|") + text.count("｜") + text.count("·") + text.count("•") < cfg.min_nav_items - 1:
        return False  # (most lines: no need to split them, or to find the body)
    items = _NAV_SEP.split(text.strip())
    return (
        len(items) >= cfg.min_nav_items
        and all(1 <= len(it.split()) <= cfg.max_nav_item_words for it in items)
        and all(_ITEM_OK.fullmatch(it) for it in items)
        and (len(items) >= cfg.min_body_nav_items or not inside())
    )


def _breadcrumb(line: Line, cfg: BoilerplateConfig) -> bool:
    """A trail of short sections ("Home › World › Europe", "You are here: Home » Science » Space"); a slash
    needs more parts ("Home / News / Local")."""
    parts = _CRUMB_SEP.split(line.text.strip())
    if len(parts) < cfg.min_crumb_parts or (
        len(parts) < cfg.min_slash_crumb_parts and not regex.search(r"[›»>]", line.text)
    ):
        return False
    return (
        len(parts[0].split()) <= cfg.max_crumb_first_words
        and all(1 <= len(p.split()) <= cfg.max_nav_item_words for p in parts[1:])
        and all(_ITEM_OK.fullmatch(p) for p in parts)
    )


def _menu_run(lines: list[Line], start: int, title: str | None, cfg: BoilerplateConfig) -> list[Line]:
    """The run of menu entries starting at `start` in the page's head: lines of one to `max_menu_entry_words`
    words without figures or sentence marks, `min_menu_entries` or more in a row (never the given title)."""
    run = []
    for ln in lines[start:]:
        if (
            not 1 <= ln.n_words <= cfg.max_menu_entry_words
            or regex.search(r"[\d.!?:]", ln.text)
            or (title and ln.text.strip() == title.strip())
        ):
            break
        run.append(ln)
    return run if len(run) >= cfg.min_menu_entries else []


def _heads_its_paragraph(lines: list[Line], line: Line) -> bool:
    """A furniture word that is the heading of the next paragraph, which opens with the same words: a results
    story's "Advertising" over "Advertising revenue fell 3 per cent", "Print" over "Print circulation fell"."""
    nxt = lines[line.index + 1] if line.index + 1 < len(lines) else None
    k = len(line.words)
    return nxt is not None and k > 0 and nxt.n_words > k and nxt.words[:k] == line.words


def _teaser_paragraph(line: Line, config: Config) -> bool:
    """A run of teasers: headlines printed twice and/or summaries cut off with "[…]"."""
    cfg = config.boilerplate
    reps = tandem_repeats(line, cfg.teaser_min_repeat_words, cfg.teaser_max_repeat_words)
    marks = len(TRUNC_MID.findall(line.text)) if "[" in line.text or "(" in line.text else 0  # "[…]", "(...)"
    if marks >= cfg.min_teasers or (reps and marks):
        return True
    # without cut-off summaries, the doubled units must read as headlines, not as doubled sentences
    heads = [
        r
        for r in reps
        if r[1] <= cfg.max_teaser_headline_words
        and title_case_ratio(line.text[line.tokens[r[0]].start : line.tokens[r[0] + r[1] - 1].end])
        >= config.layout.title_case_share
    ]
    return len(reps) >= cfg.min_doubled_units or len(heads) >= cfg.min_teasers


def _doubled_head(line: Line, cfg: BoilerplateConfig) -> bool:
    """The line opens with a run of words printed twice (a teaser's headline doubled)."""
    reps = tandem_repeats(line, cfg.doubled_head_min_words, cfg.doubled_head_max_words)
    return bool(reps) and reps[0][0] == 0


def _glued_furniture(cues, line: Line, cfg: BoilerplateConfig) -> tuple[int, str] | None:
    """A page-furniture word ("Advertisement", "Publicité") stuck to the end of a sentence."""
    if _GLUED_END_FROM_END.search(line.text) is None:  # (the quick test, as for share runs)
        return None
    m = _GLUED_END.search(line.text)
    if m is None:
        return None
    word = m.group(1)
    f = match_start(cues, "standalone", word)
    if f is None or f.end() != len(word) or len(word.split()) > cfg.max_glued_furniture_words:
        return None
    return m.start(), word


# a word in capitals between two sentences of a paragraph (collapsed <p> tags): "… investors. ADVERTISEMENT President …"
_CAPS_BETWEEN = regex.compile(r"(?<=[.!?\"”’»)])(\s+)(\p{Lu}{2,}(?:\s\p{Lu}{2,}){0,5})(?=\s+[\p{Lu}\"“‘«])")
_CAPS_RUN = regex.compile(r"[.!?\"”’»)]\s+\p{Lu}{4}")


def _furniture_between_sentences(cues, line: Line) -> list[tuple[int, int, str]]:
    """Page furniture in capitals standing between two sentences of a line: (start, end, word), the space
    before it included."""
    if not _CAPS_RUN.search(line.text):
        return []
    out = []
    for m in _CAPS_BETWEEN.finditer(line.text):
        word = m.group(2)
        f = match_start(cues, "standalone", word)
        if f is not None and f.end() == len(word):
            out.append((m.start(1), m.end(2), word))
    return out


_GLUED_END = regex.compile(r"(?<=[.!?\"”’»)])\s*([\p{Lu}][\p{L} ]{1,40})$")
_GLUED_END_FROM_END = regex.compile(_GLUED_END.pattern[:-1] + r"\Z", regex.REVERSE)


def _teaser_run(lines: list[Line], start: int, cfg: BoilerplateConfig) -> list[Line]:
    """`min_teasers` or more lines in a row, each a teaser: headline printed twice, then a summary cut off."""
    run = []
    for line in lines[start : start + cfg.max_teaser_run]:
        if line.n_words <= cfg.max_teaser_words and _doubled_head(line, cfg) and cut_off(line):
            run.append(line)
        else:
            break
    return run if len(run) >= cfg.min_teasers else []


# a line ending in a figure, with at most a short unit after it ("Telkomsel dengan target harga Rp 4.200",
# "大谷翔平（ドジャース） 51本", "Kasulu: vituo 98"): a row of the article's own table, not another article's headline
_STAT_ROW = regex.compile(r"\d[\d.,]*\s*[^\s\d]{0,3}\s*$")


def _stat_rows(run: list[Line], rows: int) -> bool:
    """The first `rows` lines of `run` all end in a figure: rows of a table ("Kasulu: vituo 98"); one headline
    may end in a number ("Apple unveils iPhone 17"), two in a row are a table."""
    return len(run) >= rows and all(_STAT_ROW.search(ln.text) for ln in run[:rows])


def _teaser_items(lines: list[Line], start: int, config: Config) -> list[Line]:
    cfg = config.boilerplate
    items = []
    run = list(list_run(lines, start, config.layout.max_list_items))
    if _stat_rows(run, cfg.table_rows):
        return []  # a table of figures under a heading: the article's own
    for line in run:
        text = regex.sub(rf"^{DECOR}", "", line.text)
        if (
            _teaser_paragraph(line, config)
            or headline_like(text, config.layout.headline_words)
            or (line.n_words <= cfg.max_teaser_words and (cut_off(line) or _doubled_head(line, cfg)))
        ):
            items.append(line)
        else:
            break
    return items


def detect(ctx: Context) -> list[Flag]:
    """Flag boilerplate lines and glued share widgets."""
    config = ctx.config
    cfg = config.boilerplate
    lines = ctx.page.lines
    cues = ctx.cues
    flags: list[Flag] = []
    taken: set[int] = set()
    share_lines: set[int] = set()  # lines flagged as share lines: buttons may follow them
    head = head_end(lines, config.layout.paragraph_words)
    footer = footer_start(lines, config.layout.paragraph_words)
    body_test: list = []

    def in_body(
        line: Line, reach: int = 1
    ) -> bool:  # (the test is made when a cue asks: most pages have none)
        if not body_test:
            body_test.append(_body_of(cues, lines, config))
        return body_test[0](line, reach)

    def add(line: Line, score: float, reason: str, cue: str | None = None) -> None:
        taken.add(line.index)
        flags.append(Flag(line.start, line.end, "boilerplate", score, reason, "boilerplate", cue=cue))

    for line in lines:
        if line.index in taken or not line.words:
            continue
        n = line.n_words
        m = match_start(cues, "teaser", line.text, spaceless=line.holds_spaceless)
        if (
            m is not None
            and _teaser_header(line, m, in_body, config)
            and headline_like(line.text, cfg.max_teaser_header_words)
            and not _stat_rows(lines[line.index + 1 : line.index + 1 + cfg.table_rows], cfg.table_rows)
        ):
            items = list_items_in_head(
                lines,
                line.index,
                _teaser_items(lines, line.index, config),
                ctx.page.title,
                config.layout.paragraph_words,
            )
            add(line, 0.9, f"heads a list of other articles (cue {cue_text(m)!r})", cue_text(m))
            for it in items:
                add(it, 0.85, f"teaser under the list header on line {line.index + 1}", cue_text(m))
            continue
        if _teaser_paragraph(line, config) and n >= cfg.min_teaser_paragraph_words:
            add(line, 0.8, "a run of teasers: headlines printed twice and summaries cut off with '[…]'")
            continue
        run = _teaser_run(lines, line.index, cfg)
        if run:
            for it in run:
                add(
                    it,
                    0.8,
                    f"one of {len(run)} teasers in a row: a headline printed twice, then a summary cut off",
                )
            continue
        m = match_start(cues, "bio", line.text, spaceless=line.holds_spaceless)
        if m is not None and n <= cfg.max_bio_words and _BIO_REST.match(line.text, m.end()):
            add(line, 0.9, f"author bio (cue {cue_text(m)!r})", cue_text(m))
            nxt = lines[line.index + 1] if line.index + 1 < len(lines) else None
            if (
                not _LETTER.search(line.text, m.end())
                and nxt is not None
                and nxt.index not in taken
                and 0 < nxt.n_words <= cfg.max_header_bio_words
                and _UPPER_START.match(nxt.text)
            ):
                # a header on its own line ("About the author"): the bio is the paragraph under it
                add(nxt, 0.85, f"author bio under the header on line {line.index + 1}", cue_text(m))
            continue
        m = match_start(cues, "bio_about", line.text, spaceless=line.holds_spaceless)
        if m is not None and cfg.min_bio_about_words <= n <= cfg.max_bio_words:
            after = regex.match(rf"\s*{_NAME}\s*[:：\-–—]\s+(?=\S)", line.text[m.end() :], regex.V1)
            if after and not _QUOTE_AFTER.match(
                line.text, m.end() + after.end()
            ):  # ("Sobre Pedro: "…"": a quote)
                add(line, 0.9, f"author bio ('{cue_text(m)} <name>:')", cue_text(m))
                continue
        if line.index < head:
            menu = _menu_run(lines, line.index, ctx.page.title, cfg)
            if menu:
                for it in menu:
                    add(it, 0.85, f"a menu of {len(menu)} entries in the page's head")
                continue
            if _breadcrumb(line, cfg):
                add(line, 0.85, "a breadcrumb trail in the page's head")
                continue
        if n <= cfg.max_nav_words and _nav_line(line, lambda: in_body(line), cfg):
            add(line, 0.85, "a line of navigation links")
            continue
        hit = False
        for section, limit in (
            ("newsletter", cfg.max_newsletter_words),
            ("cookie", cfg.max_cookie_words),
            ("share", cfg.max_share_words),
        ):
            m = match_start(cues, section, line.text, spaceless=line.holds_spaceless)
            if m is None:
                continue
            if section == "newsletter" and _PRICE.search(line.text):
                continue  # "Sign up for a Hulu account for $11.99": an offer, not a newsletter prompt
            if not _prompt_like(line, m, section, in_body, cfg):
                continue
            # platform names do not count towards a share line's length ("Follow us on X, Facebook and ...")
            size = n - len(_PLATFORM.findall(line.text)) if section == "share" else n
            if size <= limit:
                add(line, 0.85, f"{section} line (cue {cue_text(m)!r})", cue_text(m))
                if section == "share":
                    share_lines.add(line.index)
                hit = True
                break
        if hit:
            continue
        m = _furniture_line(cues, line)
        if m is not None and not _heads_its_paragraph(lines, line):
            add(line, 0.9, f"page furniture on a line of its own ({cue_text(m)!r})", cue_text(m))
            if (
                match_start(cues, "share", line.text, spaceless=line.holds_spaceless)
                or cue_text(m).casefold() == "share"
            ):
                share_lines.add(line.index)  # ("Share" on its own: its buttons may follow)
            continue
        if n <= cfg.max_notice_words:
            m = search(cues, "notice", line.text, spaceless=line.holds_spaceless)
            if m is not None and _notice_at(line, m.start(), in_body, footer, cfg):
                add(line, 0.85, f"site notice (cue {cue_text(m)!r})", cue_text(m))
                continue
        if n <= cfg.max_copyright_words:
            m = search(cues, "copyright", line.text, spaceless=line.holds_spaceless)
            if m is not None and not _notice_at(line, m.start(), in_body, footer, cfg):
                m = None
            mark = _COPY_MARK.search(line.text)
            if mark is not None and not _notice_at(line, mark.start(), in_body, footer, cfg):
                mark = None
            if m is not None or (mark is not None and n <= cfg.max_copyright_mark_words):
                cue = cue_text(m) if m is not None else mark.group(0)
                add(line, 0.85, f"copyright line (cue {cue!r})", cue)
                continue
        g = _glued_furniture(cues, line, cfg)
        if g is not None:
            flags.append(
                Flag(
                    line.start + g[0],
                    line.end,
                    "boilerplate",
                    0.8,
                    f"page furniture glued to the end of the line ({g[1]!r})",
                    "boilerplate",
                    cue=g[1],
                )
            )
            continue
        for a, b, word in _furniture_between_sentences(cues, line):
            flags.append(
                Flag(
                    line.start + a,
                    line.start + b,
                    "boilerplate",
                    0.8,
                    f"page furniture between two sentences ({word!r})",
                    "boilerplate",
                    cue=word,
                )
            )
        s = _SHARE_RUN.search(line.text) if _SHARE_RUN_FROM_END.search(line.text) else None
        if s is not None and (
            _SHARE_RUN_START.search(s.group(0))
            or len(_WIDGET_SEP.findall(s.group(0))) >= cfg.min_widget_separators
            or (s.start() == 0 and len(_PLATFORM.findall(s.group(0))) >= cfg.min_widget_platforms)
        ):
            start = line.start + s.start()
            prefix = line.text[: s.start()].rstrip()
            if not _LETTER.search(prefix) or (
                len(prefix.split()) <= cfg.max_widget_prefix_words and prefix.endswith((":", "?", "!"))
            ):
                add(line, 0.85, "share widget line")
                share_lines.add(line.index)
            else:
                flags.append(
                    Flag(
                        start,
                        line.end,
                        "boilerplate",
                        0.8,
                        "share widget glued to the end of the line",
                        "boilerplate",
                        cue=s.group(0).strip(),
                    )
                )
    _widget_buttons(lines, flags, taken, share_lines, cfg.max_share_buttons)
    return flags


def _widget_buttons(
    lines: list[Line], flags: list[Flag], taken: set[int], share_lines: set[int], most: int
) -> None:
    """The one-word button lines under a share line ("Share this:" / "Twitter" / "Facebook" / "Email"), up to
    `most` of them."""
    for i in sorted(share_lines):
        line = lines[i]
        for nxt in lines[line.index + 1 : line.index + 1 + most]:
            if nxt.index in taken or not _BUTTONS.match(nxt.text):
                break
            taken.add(nxt.index)
            flags.append(
                Flag(
                    nxt.start,
                    nxt.end,
                    "boilerplate",
                    0.8,
                    f"share button under the share line on line {line.index + 1}",
                    "boilerplate",
                )
            )
