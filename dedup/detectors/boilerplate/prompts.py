"""Prompts: newsletter, share and cookie lines, share widgets (a run of share words filling a line or glued to
the end of a sentence), and the one-word share buttons under a share line."""

from __future__ import annotations

import regex

from ...config import BoilerplateConfig
from ...cues import cue_text, match_start
from ...text.segment import Line
from ..layout import Layout
from .scan import LETTER, Scan

_SHARE_WORD = (
    r"(?:Share(?:\s+(?:this|on|via|to))?(?:\s+(?:article|story|post|page))?|Tweet|Pin(?:\s+it)?|Email|"
    r"E-mail|Print|Copy\s+link|Facebook|Twitter|LinkedIn|WhatsApp|Reddit|Pinterest|Telegram|"
    r"Send|SMS|Messenger|Flipboard|Tumblr|Threads|Bluesky|Mastodon|X|Partager|Teilen|Compartir|"
    r"Compartilhar|Condividi|Delen|Udostępnij|Поделиться|"
    r"Like(?:\s+this)?|Loading(?:\.{3}|…)?)"
)  # (WordPress: "Share this:TwitterFacebookLike this:Like Loading...")
# two or more share-widget words in a row at the end of a line, possibly glued to the sentence
_SHARE_RUN = regex.compile(rf"(?:(?<=[.!?\"”’)\]])|\s+|^)(?:{_SHARE_WORD}\s*[|·•/,:]?\s*){{2,}}$", regex.V1)
# one share word and what follows it, ending at the end of the text (searched backwards, with an `endpos`):
# `_share_run` reads a run of share words from its end one word at a time, in linear time (`_SHARE_RUN`
# searched from the start of the line reads the rest of a long run from each of its words, and a reverse
# search of the whole pattern also grows with the square of the run: seconds for a few thousand "Share")
_SHARE_UNIT_END = regex.compile(rf"{_SHARE_WORD}\s*+[|·•/,:]?+\s*+\Z", regex.V1 | regex.REVERSE)
_SPACES_END = regex.compile(r"\s+\Z", regex.REVERSE)
_SHARE_RUN_START = regex.compile(
    r"(?:Share|Tweet|Partager|Teilen|Compartir|Compartilhar|Condividi|Delen|"
    r"Udostępnij|Поделиться)"
)
_WIDGET_SEP = regex.compile(r"\s[·|•]\s|\s/\s")
_BUTTONS = regex.compile(rf"^\s*(?:{_SHARE_WORD}|More|Like this)\s*+[:.…]*+\s*+$", regex.V1)
_PLATFORM = regex.compile(
    r"\b(?:Facebook|Twitter|X|Instagram|LinkedIn|WhatsApp|YouTube|TikTok|Pinterest|Telegram|"
    r"Reddit|Threads|Bluesky|Mastodon|Snapchat|Flipboard|Tumblr|Messenger|Email|E-mail)\b"
)
_PRICE = regex.compile(r"[$€£¥₹]\s?\d|\d\s?(?:€|\$|USD|EUR|GBP)\b")
# a share or newsletter cue is also a verb of ordinary prose ("Partager les tâches reste un défi", "شارك في
# حفل الافتتاح ...", "Inscreva-se pela Página do Participante …", "Chia sẻ với VnExpress, ông …"): in the
# body, a prompt is short, and after a share cue come a few words, a separator or a platform name
_PROMPT_REST = regex.compile(r"^\s*(?:[:：|｜\-–—»›>→]|$)")


def prompt_line(scan: Scan, line: Line) -> bool:
    """A line opened by a newsletter, cookie or share cue that reads as a prompt (`_prompt_like`), of at most
    `boilerplate.max_newsletter_words`, `boilerplate.max_cookie_words` or `boilerplate.max_share_words` words
    (platform names not counted in a share line)."""
    cfg = scan.cfg
    for section, limit in (
        ("newsletter", cfg.max_newsletter_words),
        ("cookie", cfg.max_cookie_words),
        ("share", cfg.max_share_words),
    ):
        m = match_start(scan.cues, section, line.text, spaceless=line.holds_spaceless)
        if m is None:
            continue
        if section == "newsletter" and _PRICE.search(line.text):
            continue  # "Sign up for a Hulu account for $11.99": an offer, not a newsletter prompt
        if not _prompt_like(line, m, section, scan.layout, cfg):
            continue
        # platform names do not count towards a share line's length ("Follow us on X, Facebook and ...")
        size = line.n_words - len(_PLATFORM.findall(line.text)) if section == "share" else line.n_words
        if size <= limit:
            scan.add(line, 0.85, f"{section} line (cue {cue_text(m)!r})", cue_text(m))
            if section == "share":
                scan.share_lines.add(line.index)
            return True
    return False


def share_widget(scan: Scan, line: Line) -> bool:
    """A run of share words at the end of a line ("Share this:FacebookTwitter", "Tweet · Pin · Email"): with
    a share verb, `boilerplate.min_widget_separators` separators, or filling the line with
    `boilerplate.min_widget_platforms` platform names. It takes the line when nothing or a short prompt
    (`boilerplate.max_widget_prefix_words`) precedes it; else it is cut from the end of the sentence."""
    cfg = scan.cfg
    s = _share_run(line.text)
    if s is None or not (
        _SHARE_RUN_START.search(s.group(0))
        or len(_WIDGET_SEP.findall(s.group(0))) >= cfg.min_widget_separators
        or (s.start() == 0 and len(_PLATFORM.findall(s.group(0))) >= cfg.min_widget_platforms)
    ):
        return False
    prefix = line.text[: s.start()].rstrip()
    if not LETTER.search(prefix) or (
        len(prefix.split()) <= cfg.max_widget_prefix_words and prefix.endswith((":", "?", "!"))
    ):
        scan.add(line, 0.85, "share widget line")
        scan.share_lines.add(line.index)
        return True
    scan.cut(
        line.start + s.start(), line.end, 0.8, "share widget glued to the end of the line", s.group(0).strip()
    )
    return False


def _share_run(text: str) -> regex.Match | None:
    """`_SHARE_RUN.search(text)` in linear time: the words of the run are read from the end of the line, one
    at a time (read from the right, a run parses one way only), then the leftmost of them where the pattern
    can start (after a sentence mark or spaces, or at the start of the line) with another word after it is
    matched once. tests/detectors/boilerplate/test_prompts.py compares both on random runs."""
    starts: list[int] = []
    end = len(text)
    while end > 0 and (unit := _SHARE_UNIT_END.search(text, 0, end)) is not None:
        starts.append(unit.start())
        end = unit.start()
    for start in reversed(starts[1:]):  # (left to right, each with at least one word after it)
        spaces = _SPACES_END.search(text, 0, start)
        m = _SHARE_RUN.match(text, spaces.start() if spaces is not None else start)
        if m is not None:
            return m  # (the others fail at once: no boundary before them)
    return None


def share_buttons(scan: Scan) -> None:
    """The one-word button lines under a share line ("Share this:" / "Twitter" / "Facebook" / "Email"), up to
    `boilerplate.max_share_buttons` of them."""
    lines = scan.lines
    for i in sorted(scan.share_lines):
        line = lines[i]
        for nxt in lines[line.index + 1 : line.index + 1 + scan.cfg.max_share_buttons]:
            if nxt.index in scan.taken or not _BUTTONS.match(nxt.text):
                break
            scan.add(nxt, 0.8, f"share button under the share line on line {line.number}")


def _prompt_like(line: Line, m: regex.Match, section: str, layout: Layout, cfg: BoilerplateConfig) -> bool:
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
    return line.n_words - len(_PLATFORM.findall(line.text)) <= cfg.body_prompt_words or not layout.in_body(
        line
    )
