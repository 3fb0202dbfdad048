"""Injected related links: structural cue lines in many languages, and the traps."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dedup
from dedup.cues import _RUN, load_cues
from dedup.detectors.related import _GAP_WORD, _SENTENCE_GAP

BODY = (
    "The council met on Tuesday to discuss the budget for next year and heard from residents.\n\n"
    "{line}\n\n"
    "Members agreed to publish the figures before the next meeting in the spring."
)


def flags_for(line: str):
    text = BODY.format(line=line)
    start = text.index(line)
    return [f for f in dedup.analyze(text).flags if f.start <= start < f.end]


@pytest.mark.parametrize(
    "line",
    [
        "📖 Related: New Movies in Theatre: What Most People Get Wrong",
        "👉 See also: A Simple Favor Is Still the Ultimate Screen Mystery",
        "💡 You might also like: Not the Nine O'Clock News",
        "✨ Don't miss: Kellyanne Conway Age Explained",
        "Read more: The Budget Nobody Wanted",
        "ALSO READ | Why the Council Keeps Missing Deadlines",
        "Lire aussi : La mairie vote son budget",
        "Leia também: Prefeitura aprova orçamento",
        "Lesen Sie auch: Der Stadtrat und das Budget",
        "Lee también: El ayuntamiento aprueba el presupuesto",
        "Pročitajte još: Gradsko vijeće usvojilo proračun",
        "Читайте также: Городской совет принял бюджет",
        "Leggi anche: Il consiglio approva il bilancio",
        "Baca juga: Dewan kota menyetujui anggaran",
        "相关阅读：市议会通过预算",
        "➡️ Lees ook: De gemeenteraad keurt begroting goed",
        "• Czytaj także: Rada miasta przyjęła budżet",
        "**Related:** [The Budget Story](https://example.com/budget)",
    ],
)
def test_cue_lines_are_related_links(line):
    assert [f.label for f in flags_for(line)] == ["related_link"]


@pytest.mark.parametrize(
    "line",
    [
        "Drug-related deaths rose sharply in the county last year, officials said.",
        "🧠 How it works",
        "Check out Role Model's music to get a feel for the vibe of the film.",
        "Related to this, the mayor promised a review of spending before the summer.",
        "See also the detailed report published by the auditors last week, which runs to 80 pages.",
    ],
)
def test_traps_are_content(line):
    assert flags_for(line) == []


def test_bare_cue_header_takes_its_list():
    text = (
        "A long paragraph about the budget and what it means for the town's residents this year.\n\n"
        "Related articles\n\nThe Budget Vote Explained\n\nWhy Taxes Went Up Again\n\n"
        "The council will meet again in May to review the spending plans in detail."
    )
    report = dedup.analyze(text)
    assert [f.label for f in report.flags] == ["related_link"] * 3
    assert "The council will meet again" in report.clean


def test_every_related_cue_literal_matches_in_a_line():
    """Each phrase of every language file matches at the start of a decorated cue line (no silent losses)."""
    cues = load_cues()
    for lang, phrase, _ in cues.phrases["related"]:
        line = f"📌 {phrase}: Ein Titel Der Anderen Seite"
        assert cues.patterns["related"].match(line), (lang, phrase)


def test_user_cue_file_is_added(tmp_path):
    f = tmp_path / "eo.txt"  # (a language no shipped file covers: Esperanto)
    f.write_text("[related]\nlegu ankaŭ\n", encoding="utf-8")
    line = "Legu ankaŭ: La parlamento aprobis la buĝeton"
    assert dedup.clean(BODY.format(line=line)).count("Legu ankaŭ") == 1
    out = dedup.clean(BODY.format(line=line), config=dedup.Config(cue_files=(str(f),)))
    assert "Legu ankaŭ" not in out


@pytest.mark.parametrize(
    "line",
    [
        "[Related] Council Publishes the Figures Behind Next Year's Budget",
        "【延伸阅读】市议会公布明年预算的详细数字",
        "Trending Now: Council Publishes the Figures Behind Next Year's Budget",
    ],
)
def test_bracketed_cues_and_list_headers_used_inline(line):
    assert [f.label for f in flags_for(line)] == ["related_link"]


def test_cue_glued_after_a_sentence_inside_a_paragraph():
    para = (
        "Residents asked for more money for the library and the swimming pool. READ MORE: Council Publishes "
        "the Figures Behind Next Year's Budget"
    )
    r = dedup.analyze(BODY.format(line=para))
    assert [f.label for f in r.flags] == ["related_link"]
    assert "the swimming pool.\n\n" in r.clean and "READ MORE" not in r.clean


@pytest.mark.parametrize(
    "glued",
    [
        " 📖 Related: Mayor faces recall vote over budget row",  # decorated, headline in sentence case
        " Read more: Mayor faces recall vote over budget row",  # capitalised cue, capitalised headline
        "Read more: Mayor Faces Recall Vote Over Budget Row",  # glued without a space
        " Lee también: El Gobierno sube el precio de la luz",  # sentence case, another language
    ],
)
def test_glued_cue_and_headline_at_the_end_of_a_paragraph(glued):
    para = "Residents asked for more money for the library and the swimming pool."
    r = dedup.analyze(BODY.format(line=para + glued))
    assert [f.label for f in r.flags] == ["related_link"]
    assert r.clean == BODY.format(line=para)


def test_a_glued_title_cased_headline_ends_where_a_sentence_in_lower_case_begins():
    para = (
        "Residents asked for more money for the library. RELATED: Lagarde Faces Calls to Quit Under the plan "
        "the bank will also review its targets."
    )
    r = dedup.analyze(BODY.format(line=para))
    assert "Under the plan the bank will also review its targets." in r.clean and "Lagarde" not in r.clean


@pytest.mark.parametrize(
    "para",
    [
        "Residents asked for more money for the library. Related: the bank also cut its growth forecast for "
        "next year.",
        "Residents asked for more money. See also the statement by the bank, which was published on Friday.",
    ],
)
def test_a_cue_word_opening_a_sentence_in_lower_case_is_prose(para):
    assert dedup.clean(BODY.format(line=para)) == BODY.format(line=para)


def test_prose_read_more_after_a_sentence_is_kept():
    para = (
        "Residents asked for more money for the library. Read more: the report says the council should act "
        "before the winter and fix the roads near the school."
    )
    assert dedup.clean(BODY.format(line=para)) == BODY.format(line=para)


def test_short_product_lines_under_a_cue_are_not_a_link_list():
    text = BODY.format(line="Don't Miss\n\nApple AirPods\n\nWireless Charging Case\n\nSony Headphones")
    r = dedup.analyze(text)
    assert "Apple AirPods" in r.clean and "Sony Headphones" in r.clean


@pytest.mark.parametrize(
    "line",
    [
        "Lasiet arī: Zemes nogruvums Norvēģijā aprok vairākas mājas",
        "Prečítajte si aj: Parlament schválil nový rozpočet na budúci rok",
        "Прочетете още: Парламентът прие бюджета за следващата година",
    ],
)
def test_cue_lines_in_more_languages(line):
    assert [f.label for f in flags_for(line)] == ["related_link"]


def test_headline_with_abbreviations_after_a_cue():
    line = "📖 Read more: N. Korea slams S. Korea for joint military drill, warns of consequences"
    assert [f.label for f in flags_for(line)] == ["related_link"]


def test_safety_valve_keeps_sure_cue_lines_removed_on_a_short_article():
    text = (
        "Short Note\n\nThe council met briefly on Tuesday.\n\n"
        "📖 Related: Council Publishes the Figures Behind Next Year's Budget\n\n"
        "📖 Related: Mayor Opens the New Library on the Market Square\n\n"
        "👉 See also: Record Crowds Expected at the Summer Festival This Year\n\n"
        "📖 Related: Police Close the Bridge After a Lorry Hits the Railings"
    )
    r = dedup.analyze(text)
    assert r.clean == "Short Note\n\nThe council met briefly on Tuesday."


def test_a_tight_list_ends_with_its_paragraph():
    text = (
        "Council Budget\n\nThe council met on Tuesday to discuss the budget for next year.\n\n"
        "Related stories:\n• Mayor Opens the New Library on the Market Square\n"
        "• Record Crowds Expected at the Summer Festival This Year\n\n"
        "Raspberry Pi - Various Usage\n\nThe board can run a small web server for the school."
    )
    r = dedup.analyze(text)
    assert "Raspberry Pi - Various Usage" in r.clean and "Mayor Opens" not in r.clean


_GAP_PIECES = st.sampled_from(
    [
        "Word",
        "next",
        "Read more",
        ".",
        "!",
        "?",
        "。",
        "”",
        ")",
        " ",
        "  ",
        "\t",
        "-",
        "…",
        "é",
        "\u0301",
        "1",
        "»",
        '"',
        "(",
        "中",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_GAP_PIECES, max_size=30))
def test_gap_words_are_the_first_words_after_every_sentence_gap(pieces):
    """The glued-cue prefilter sees exactly the words that open the tail after some sentence gap."""
    text = "".join(pieces)
    firsts = set()
    for g in _SENTENCE_GAP.finditer(text):
        m = _RUN.search(text, g.end())
        if m is not None:
            firsts.add(m.group())
    assert set(_GAP_WORD.findall(text)) == firsts
    # and where they start: the first word after every gap is one of the gap words (the glued-cue scan checks
    # only the gaps followed by a gap word that can open a cue)
    starts = {
        _RUN.search(text, g.end()).start()
        for g in _SENTENCE_GAP.finditer(text)
        if _RUN.search(text, g.end()) is not None
    }
    assert {m.start(1) for m in _GAP_WORD.finditer(text)} == starts


def _glued_reference(ctx):
    """`_glued` as it was before its gap filter: `may_start` at every sentence gap of every long line (what
    makes a glued cue and where its headline ends is `glued_head`, shared)."""
    from dedup.cues import cue_text, has_separator, match_start, may_start
    from dedup.detectors.related import glued_head

    out = []
    for line in ctx.page.lines:
        if line.n_words < 8:
            continue
        spaceless = False if line.holds_spaceless is False else None
        for g in _SENTENCE_GAP.finditer(line.text):
            if not may_start(ctx.cues, "related", line.text, g.end(), spaceless=spaceless):
                continue
            rest = line.text[g.end() :]
            m = match_start(ctx.cues, "related", rest, spaceless=spaceless)
            if m is None or not has_separator(m):
                continue
            end = glued_head(line.text, g.end(), m, ctx.config)
            if end is not None:
                out.append((line.start + g.start(), line.start + end, cue_text(m)))
                break
    return out


def test_glued_scan_tries_the_gaps_every_gap_would_give():
    """Every related phrase of every language glued after a sentence (and in the middle of CJK text): the
    filtered scan finds the cue where a check of every gap finds it."""
    from dedup.config import Config
    from dedup.detectors import Context
    from dedup.detectors.related import _glued
    from dedup.text.segment import segment

    cues = load_cues()
    lines = []
    for i, (_, phrase, _) in enumerate(cues.phrases["related"]):
        lead = (
            "据报道，市议会周二讨论了预算。"
            if i % 3 == 0
            else "The council met on Tuesday and heard from many residents about the budget. "
        )
        cue = phrase.upper() if i % 2 else phrase[:1].upper() + phrase[1:]  # (a glued cue must stand out)
        lines.append(f"{lead}{cue}: Council Publishes the Figures Behind Next Year's Budget Plan")
    page = segment("\n\n".join(lines))
    ctx = Context.build(page, Config())
    reference = _glued_reference(ctx)
    assert len(reference) > len(lines) // 3  # (most phrases take a separator and make a cue)
    assert [(f.start, f.end, f.cue) for f in _glued(ctx, set())] == reference


def test_lines_that_do_not_say_whether_they_hold_cjk_are_checked():
    """A Line built elsewhere (cjk unknown) finds the same cues as one from segment()."""
    from dedup.pipeline import analyze_page
    from dedup.text.segment import Line, segment

    assert Line(0, 0, 1, "x", 0, ("x",), "x").holds_spaceless is None  # not known unless segmentation says

    text = (
        BODY.format(line="【関連記事】中古スマホ販売で気をつけたい3つの法律")
        + "\n\n相关阅读：外国专家谈合作与发展"
    )
    page = segment(text)
    expected = analyze_page(page).flags
    assert any(f.label == "related_link" for f in expected)
    unknown = segment(text)
    for line in unknown.lines:
        line.holds_spaceless = None
    assert analyze_page(unknown).flags == expected


@pytest.mark.parametrize(
    "line",
    [
        "यह भी पढ़ें- बिजली की दरों में बढ़ोतरी पर सरकार ने दी सफाई",  # the Hindi cue with a hyphen glued to it
        "اقرأ أيضًا: الحكومة تعلن خطة جديدة لخفض أسعار الكهرباء",  # tanwin before the alif (Unicode order)
        "Read more- Mayor Faces Recall Vote Over Budget Row",
    ],
)
def test_cue_spellings_seen_on_real_sites(line):
    assert [f.label for f in flags_for(line)] == ["related_link"]


def test_a_hyphen_glued_to_a_word_after_a_cue_makes_a_compound():
    assert (
        flags_for("Related-party transactions rose by a third in the year to March, the filing shows.") == []
    )


@pytest.mark.parametrize(
    "line",
    [
        "Next: add the eggs one at a time and beat well after each addition.",
        "More: the ministry will publish the full data on Friday.",
    ],
)
def test_a_cue_word_before_a_sentence_in_lower_case_is_prose(line):
    assert flags_for(line) == []


def test_a_cue_ending_a_paragraph_announces_the_headline_on_the_next_line():
    para = "Residents asked for more money for the library and the swimming pool. Read more:"
    r = dedup.analyze(BODY.format(line=f"{para}\nCouncil Publishes the Figures Behind the Budget"))
    assert r.clean == BODY.format(
        line="Residents asked for more money for the library and the swimming pool."
    )
    line = f"{para}\nThe council will meet again on Monday to discuss the plan."  # a sentence, not a headline
    assert dedup.analyze(BODY.format(line=line)).flags == []


def test_a_sentence_ending_in_a_danda_is_no_headline():
    line = "यह भी देखें कि पिछले पांच वर्षों में छात्रवृत्ति पाने वाले छात्रों की संख्या लगातार घटी है।"
    assert flags_for(line) == []
    assert [f.label for f in flags_for("यह भी देखें: छात्रवृत्ति योजना में बड़े बदलाव की तैयारी")] == ["related_link"]


def test_a_japanese_cue_carried_on_by_a_particle_is_prose():
    assert flags_for("続きを読むのが楽しみな漫画のように、大谷の物語はまだまだ続く") == []
    assert [f.label for f in flags_for("続きを読む：大谷翔平が50本塁打を達成")] == ["related_link"]


def test_a_related_heading_in_the_page_head_does_not_take_the_headline():
    t = "Council Publishes the Figures Behind Next Year's Budget"
    text = f"Related\n\n{t}\n\nBy Jane Roe\n\n" + BODY.format(line="The mayor thanked staff.")
    r = dedup.analyze(text)
    assert t in r.clean and "By Jane Roe" in r.clean
