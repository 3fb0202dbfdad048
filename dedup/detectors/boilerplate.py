"""Boilerplate recognisable inside one page: author bios, teaser lists, newsletter, share, cookie and
copyright lines, and share widgets glued to the end of a sentence."""

from __future__ import annotations

import regex

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
PARAGRAPH_WORDS = 12  # a sentence of this many words that no prompt cue opens is a paragraph of the article
LONG_PARAGRAPH_WORDS = 20  # ... and between two paragraphs this long a line is inside the body
BODY_PROMPT_WORDS = (
    8  # inside the article's body, a line opened by a prompt cue is a prompt up to this length
)
_ENDS_SENTENCE = regex.compile(r"[.!?。！？।…][\"'”’»)\]]*\s*$")


def _ends_sentence(text: str) -> bool:
    """The text ends a sentence (its last few characters are looked at, not the whole line)."""
    return bool(_ENDS_SENTENCE.search(text, max(0, len(text.rstrip()) - 6)))


def _body_of(cues, lines: list[Line]):
    """A test of whether a line sits inside the article's body: between two paragraphs of 20 words or more, or
    right between two of 12 or more (a paragraph: a sentence that no newsletter, share, cookie or bio cue opens
    and that, up to 25 words, holds no notice cue). Lines before the first long paragraph or after the last
    one that stand next to other template lines are the page's head or footer."""
    memo: dict[int, bool] = {}

    def para(i: int) -> bool:
        if i not in memo:
            ln = lines[i]
            memo[i] = (
                ln.n_words >= PARAGRAPH_WORDS
                and _ends_sentence(ln.text)
                and not any(match_start(cues, sec, ln.text, spaceless=ln.holds_spaceless) for sec in _PROMPTS)
                and not (ln.n_words <= 25 and search(cues, "notice", ln.text, spaceless=ln.holds_spaceless))
            )
        return memo[i]

    def long_para(ln: Line) -> bool:
        return ln.n_words >= LONG_PARAGRAPH_WORDS and para(ln.index)

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


def _notice_at(line: Line, pos: int, in_body, footer: int) -> bool:
    """A notice or copyright cue found at `pos` of `line` marks the line when the cue opens a clause of the line
    and the line is short or outside the article's body, or, inside a sentence, when the line sits in the page's
    footer (after the last line of 12 words or more). Inside a sentence of the article ("Meta updated its
    privacy policy on Tuesday …", "… published without written permission from the family", "原告是涉案作品的
    版权所有者") or opening a longer sentence of the body ("Polityka prywatności Mety budzi wątpliwości UODO,
    który …") the words are the article's own."""
    if not _CLAUSE_BEFORE.search(line.text, 0, pos):
        return line.index >= footer
    return line.n_words <= BODY_PROMPT_WORDS or not in_body(line)


# a share or newsletter cue is also a verb of ordinary prose ("Partager les tâches reste un défi", "شارك في حفل
# الافتتاح ...", "Inscreva-se pela Página do Participante …", "Chia sẻ với VnExpress, ông …"): in the body, a
# prompt is short, and after a share cue come a few words, a separator or a platform name
_PROMPT_REST = regex.compile(r"^\s*(?:[:：|｜\-–—»›>→]|$)")


def _prompt_like(line: Line, m, section: str, in_body) -> bool:
    """The cue match `m` opens a share, newsletter or cookie prompt, not a sentence of the article."""
    text = line.text.rstrip()
    if text.endswith(("?", "？", "؟")):
        return False  # "Teilen Sie diese Einschätzung?": a question put to someone
    rest = line.text[m.end() :]
    if section == "share" and not (_PROMPT_REST.match(rest) or _PLATFORM.match(rest.lstrip())):
        few = len(rest.split()) <= 3 if not line.holds_spaceless else len(rest.strip()) <= 8
        # after a one-word cue ("Share", "Partager"), a few words must name a platform ("Partager sur
        # Facebook"): "Share prices fell", "Partager les tâches" are prose
        if not few or (
            len(cue_text(m).split()) == 1 and not line.holds_spaceless and not _PLATFORM.search(rest)
        ):
            return False
    # short, it is a prompt wherever it stands; longer, only outside the body (platform names do not count:
    # "Follow us on X, Facebook and Instagram")
    return line.n_words - len(_PLATFORM.findall(line.text)) <= BODY_PROMPT_WORDS or not in_body(line)


# an author bio cue ("Zur Person", "Об авторе") is followed by a separator, the line's end or a name; followed by a
# word in lower case, a comma or a quote it opens a sentence ("Zur Person des Verdächtigen machte die Polizei keine
# Angaben", "Sull'autore, un operaio di 34 anni, …")
BIO_MAX_WORDS = 80  # the paragraph under a bio header ("About the author") is the bio up to this length
# ... and opens with a name: two capitalised words ("Jane Doe covers …"), or a script without case
_UPPER_START = regex.compile(r"\s*(?:[\p{Lu}\p{Lt}][\p{L}\p{M}'’.\-]*\s+[\p{Lu}\p{Lt}]|\p{Lo})")
_BIO_REST = regex.compile(r"\s*(?:$|[:：|｜\-–—]|[\p{Lu}\p{Lt}\p{Lo}\p{N}])")
_QUOTE_AFTER = regex.compile(r"\s*[\"“”„«»‘’'‚「『]")


def _teaser_header(line: Line, m, in_body) -> bool:
    """A teaser cue opening `line` heads a list of other articles: a few words at most follow it, fewer inside
    the body ("Most read" over teasers; "Najczęściej czytane w tym roku" over a listicle's own books, "Δημοφιλή
    πιάτα της κρητικής κουζίνας" over a guide's dishes are the article's own lists)."""
    rest = line.text[m.end() :]
    inside = in_body(line, reach=16)
    if line.holds_spaceless:
        return len(rest.strip()) <= (4 if inside else 8)
    return len(rest.split()) <= (2 if inside else 4)


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


def _nav_line(line: Line, inside) -> bool:
    """A line of links: 4 or more short items (6 inside the article's body: `inside()` says) between bars or
    dots."""
    text = line.text
    if text.count("|") + text.count("｜") + text.count("·") + text.count("•") < 3:
        return False  # (most lines: no need to split them, or to find the body)
    items = _NAV_SEP.split(text.strip())
    return (
        len(items) >= 4
        and all(1 <= len(it.split()) <= 3 for it in items)
        and all(_ITEM_OK.fullmatch(it) for it in items)
        and (len(items) >= 6 or not inside())
    )


def _breadcrumb(line: Line) -> bool:
    """A trail of short sections ("Home › World › Europe", "You are here: Home » Science » Space"); a slash
    needs three parts ("Home / News / Local")."""
    parts = _CRUMB_SEP.split(line.text.strip())
    if len(parts) < 2 or (len(parts) < 3 and not regex.search(r"[›»>]", line.text)):
        return False
    return (
        len(parts[0].split()) <= 5
        and all(1 <= len(p.split()) <= 3 for p in parts[1:])
        and all(_ITEM_OK.fullmatch(p) for p in parts)
    )


MENU_RUN = 4  # this many lines of one or two words in a row, before the first paragraph, are a menu


def _menu_run(lines: list[Line], start: int, title: str | None) -> list[Line]:
    """The run of menu entries starting at `start` in the page's head: lines of one or two words without
    figures or sentence marks, `MENU_RUN` or more in a row (never the given title)."""
    run = []
    for ln in lines[start:]:
        if (
            not 1 <= ln.n_words <= 2
            or regex.search(r"[\d.!?:]", ln.text)
            or (title and ln.text.strip() == title.strip())
        ):
            break
        run.append(ln)
    return run if len(run) >= MENU_RUN else []


def _heads_its_paragraph(lines: list[Line], line: Line) -> bool:
    """A furniture word that is the heading of the next paragraph, which opens with the same words: a results
    story's "Advertising" over "Advertising revenue fell 3 per cent", "Print" over "Print circulation fell"."""
    nxt = lines[line.index + 1] if line.index + 1 < len(lines) else None
    k = len(line.words)
    return nxt is not None and k > 0 and nxt.n_words > k and nxt.words[:k] == line.words


def _teaser_paragraph(line: Line) -> bool:
    """A run of teasers: headlines printed twice and/or summaries cut off with "[…]"."""
    reps = tandem_repeats(line, 4)
    marks = len(TRUNC_MID.findall(line.text)) if "[" in line.text or "(" in line.text else 0  # "[…]", "(...)"
    if marks >= 2 or (reps and marks):
        return True
    # without cut-off summaries, the doubled units must read as headlines, not as doubled sentences
    heads = [
        r
        for r in reps
        if r[1] <= 20
        and title_case_ratio(line.text[line.tokens[r[0]].start : line.tokens[r[0] + r[1] - 1].end]) >= 0.6
    ]
    return len(reps) >= 3 or len(heads) >= 2


def _doubled_head(line: Line) -> bool:
    """The line opens with a run of words printed twice (a teaser's headline doubled)."""
    reps = tandem_repeats(line, 3, 30)
    return bool(reps) and reps[0][0] == 0


def _glued_furniture(cues, line: Line) -> tuple[int, str] | None:
    """A page-furniture word ("Advertisement", "Publicité") stuck to the end of a sentence."""
    if _GLUED_END_FROM_END.search(line.text) is None:  # (the quick test, as for share runs)
        return None
    m = _GLUED_END.search(line.text)
    if m is None:
        return None
    word = m.group(1)
    f = match_start(cues, "standalone", word)
    if f is None or f.end() != len(word) or len(word.split()) > 4:
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


def _teaser_run(lines: list[Line], start: int) -> list[Line]:
    """Two or more lines in a row, each a teaser: headline printed twice, then a summary cut off."""
    run = []
    for line in lines[start : start + 16]:
        if line.n_words <= 120 and _doubled_head(line) and cut_off(line):
            run.append(line)
        else:
            break
    return run if len(run) >= 2 else []


# a line ending in a figure, with at most a short unit after it ("Telkomsel dengan target harga Rp 4.200",
# "大谷翔平（ドジャース） 51本", "Kasulu: vituo 98"): a row of the article's own table, not another article's headline
_STAT_ROW = regex.compile(r"\d[\d.,]*\s*[^\s\d]{0,3}\s*$")


def _stat_rows(run: list[Line]) -> bool:
    """The first two lines of `run` both end in a figure: rows of a table ("Kasulu: vituo 98"); one headline
    may end in a number ("Apple unveils iPhone 17"), two in a row are a table."""
    return len(run) >= 2 and all(_STAT_ROW.search(ln.text) for ln in run[:2])


def _teaser_items(lines: list[Line], start: int) -> list[Line]:
    items = []
    run = list(list_run(lines, start, 15))
    if _stat_rows(run):
        return []  # a table of figures under a heading: the article's own
    for line in run:
        text = regex.sub(rf"^{DECOR}", "", line.text)
        if (
            _teaser_paragraph(line)
            or headline_like(text, 25)
            or (line.n_words <= 120 and (cut_off(line) or _doubled_head(line)))
        ):
            items.append(line)
        else:
            break
    return items


def detect(ctx: Context) -> list[Flag]:
    """Flag boilerplate lines and glued share widgets."""
    cfg = ctx.config
    lines = ctx.page.lines
    cues = ctx.cues
    flags: list[Flag] = []
    taken: set[int] = set()
    share_lines: set[int] = set()  # lines flagged as share lines: buttons may follow them
    head, footer = head_end(lines), footer_start(lines)
    body_test: list = []

    def in_body(
        line: Line, reach: int = 1
    ) -> bool:  # (the test is made when a cue asks: most pages have none)
        if not body_test:
            body_test.append(_body_of(cues, lines))
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
            and _teaser_header(line, m, in_body)
            and headline_like(line.text, 10)
            and not _stat_rows(lines[line.index + 1 : line.index + 3])
        ):
            items = list_items_in_head(lines, line.index, _teaser_items(lines, line.index), ctx.page.title)
            add(line, 0.9, f"heads a list of other articles (cue {cue_text(m)!r})", cue_text(m))
            for it in items:
                add(it, 0.85, f"teaser under the list header on line {line.index + 1}", cue_text(m))
            continue
        if _teaser_paragraph(line) and n >= 20:
            add(line, 0.8, "a run of teasers: headlines printed twice and summaries cut off with '[…]'")
            continue
        run = _teaser_run(lines, line.index)
        if run:
            for it in run:
                add(
                    it,
                    0.8,
                    f"one of {len(run)} teasers in a row: a headline printed twice, then a summary cut off",
                )
            continue
        m = match_start(cues, "bio", line.text, spaceless=line.holds_spaceless)
        if m is not None and n <= 150 and _BIO_REST.match(line.text, m.end()):
            add(line, 0.9, f"author bio (cue {cue_text(m)!r})", cue_text(m))
            nxt = lines[line.index + 1] if line.index + 1 < len(lines) else None
            if (
                not _LETTER.search(line.text, m.end())
                and nxt is not None
                and nxt.index not in taken
                and 0 < nxt.n_words <= BIO_MAX_WORDS
                and _UPPER_START.match(nxt.text)
            ):
                # a header on its own line ("About the author"): the bio is the paragraph under it
                add(nxt, 0.85, f"author bio under the header on line {line.index + 1}", cue_text(m))
            continue
        m = match_start(cues, "bio_about", line.text, spaceless=line.holds_spaceless)
        if m is not None and n >= 8 and n <= 150:
            after = regex.match(rf"\s*{_NAME}\s*[:：\-–—]\s+(?=\S)", line.text[m.end() :], regex.V1)
            if after and not _QUOTE_AFTER.match(
                line.text, m.end() + after.end()
            ):  # ("Sobre Pedro: "…"": a quote)
                add(line, 0.9, f"author bio ('{cue_text(m)} <name>:')", cue_text(m))
                continue
        if line.index < head:
            menu = _menu_run(lines, line.index, ctx.page.title)
            if menu:
                for it in menu:
                    add(it, 0.85, f"a menu of {len(menu)} entries in the page's head")
                continue
            if _breadcrumb(line):
                add(line, 0.85, "a breadcrumb trail in the page's head")
                continue
        if n <= 40 and _nav_line(line, lambda: in_body(line)):
            add(line, 0.85, "a line of navigation links")
            continue
        hit = False
        for section, limit in (
            ("newsletter", cfg.boilerplate.max_newsletter_words),
            ("cookie", 60),
            ("share", 12),
        ):
            m = match_start(cues, section, line.text, spaceless=line.holds_spaceless)
            if m is None:
                continue
            if section == "newsletter" and _PRICE.search(line.text):
                continue  # "Sign up for a Hulu account for $11.99": an offer, not a newsletter prompt
            if not _prompt_like(line, m, section, in_body):
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
        if n <= 25:
            m = search(cues, "notice", line.text, spaceless=line.holds_spaceless)
            if m is not None and _notice_at(line, m.start(), in_body, footer):
                add(line, 0.85, f"site notice (cue {cue_text(m)!r})", cue_text(m))
                continue
        if n <= 30:
            m = search(cues, "copyright", line.text, spaceless=line.holds_spaceless)
            if m is not None and not _notice_at(line, m.start(), in_body, footer):
                m = None
            mark = _COPY_MARK.search(line.text)
            if mark is not None and not _notice_at(line, mark.start(), in_body, footer):
                mark = None
            if m is not None or (mark is not None and n <= 25):
                cue = cue_text(m) if m is not None else mark.group(0)
                add(line, 0.85, f"copyright line (cue {cue!r})", cue)
                continue
        g = _glued_furniture(cues, line)
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
            or len(_WIDGET_SEP.findall(s.group(0))) >= 2
            or (s.start() == 0 and len(_PLATFORM.findall(s.group(0))) >= 3)
        ):
            start = line.start + s.start()
            prefix = line.text[: s.start()].rstrip()
            if not _LETTER.search(prefix) or (len(prefix.split()) <= 8 and prefix.endswith((":", "?", "!"))):
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
    _widget_buttons(lines, flags, taken, share_lines)
    return flags


def _widget_buttons(lines: list[Line], flags: list[Flag], taken: set[int], share_lines: set[int]) -> None:
    """The one-word button lines under a share line ("Share this:" / "Twitter" / "Facebook" / "Email")."""
    for i in sorted(share_lines):
        line = lines[i]
        for nxt in lines[line.index + 1 : line.index + 12]:
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
