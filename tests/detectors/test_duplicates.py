"""Duplicate paragraphs: exact repeats, restatements, truncated copies; templated lists are not duplicates."""

from __future__ import annotations

import dedup

A = (
    "The city council approved the new transport plan on Monday after a long debate about costs, "
    "routes and the impact on local businesses along the main road into the centre."
)
B = (
    "Opponents argued that the plan would raise fares for commuters and that the consultation had been "
    "too short to hear from the people most affected by the changes."
)
C = "Construction is expected to start next spring and to last about two years, officials said."


def test_exact_repeat_later_copy_goes():
    r = dedup.analyze(f"{A}\n\n{B}\n\n{A}\n\n{C}")
    assert [f.label for f in r.flags] == ["near_duplicate"]
    assert r.clean == f"{A}\n\n{B}\n\n{C}"
    assert r.flags[0].ref_start == 0


def test_lightly_edited_restatement():
    edited = A.replace("approved", "passed").replace("long debate", "lengthy debate")
    assert [f.label for f in dedup.analyze(f"{A}\n\n{B}\n\n{C}\n\n{edited}").flags] == ["near_duplicate"]


def test_truncated_restatement_of_two_paragraphs():
    restated = (
        "The city council has approved the new transport plan on Monday after a long debate about "
        "costs and routes. Opponents argued that the plan would raise fares for commuters and that [...]"
    )
    r = dedup.analyze(f"{A}\n\n{B}\n\n{C}\n\n{restated}")
    assert [f.label for f in r.flags] == ["near_duplicate"]
    assert "restates lines 1-3" in r.flags[0].reason


def test_sentences_reordered():
    a1, a2 = (
        "The museum reopened its east wing after three years of repairs to the roof and the walls.",
        "Visitors can now see the restored collection of maps, letters and paintings from the old port.",
    )
    text = f"{a1} {a2}\n\n{B}\n\n{a2} {a1}"
    assert [f.label for f in dedup.analyze(text).flags] == ["near_duplicate"]


def test_short_repeats_are_kept():
    text = f"{A}\n\nYes.\n\n{B}\n\nYes."
    assert dedup.clean(text) == text


def test_templated_list_is_not_a_duplicate():
    rows = [
        f"{m} is currently streaming on Netflix and available to digitally rent on Google Play and YouTube."
        for m in ("Lady Bird", "The Square", "Get Out", "Columbus", "Dunkirk")
    ]
    text = "\n\n".join([A] + rows)
    assert dedup.clean(text) == text


def test_same_topic_different_text_is_kept():
    other = (
        "Local shop owners said they welcomed the plan but feared months of roadworks outside their "
        "doors, and asked the council for help with lost trade during construction."
    )
    text = f"{A}\n\n{other}\n\n{C}"
    assert dedup.clean(text) == text


def test_question_put_to_each_interviewee_is_structure():
    q = "What got you started in the kitchen?"
    answers = [
        "My grandmother taught me to bake bread when I was seven years old, in her tiny flat.",
        "I started cooking at university because the canteen food was so bad that I had no choice.",
        "Honestly, I learned from videos during lockdown, like everyone else I know from work.",
    ]
    text = "Three Home Cooks\n\n" + "\n\n".join(f"{q}\n\n{a}" for a in answers)
    assert dedup.clean(text) == text


def test_fragment_slot_between_different_lines_is_kept():
    sig = "— The City Council (@CityCouncil) October 9, 2018"
    text = (
        f"Council Tweets\n\n{A}\n\nThe vote on the plan passes with a large majority this morning\n\n"
        f"{sig}\n\n{B}\n\nWork on the first stage of the new route starts in the spring\n\n{sig}\n\n{C}"
    )
    assert dedup.clean(text) == text


def test_a_repeated_sentence_paragraph_is_still_a_copy():
    s = "Sasse said the charges against the two staffers were long overdue."
    r = dedup.analyze(f"Title Here\n\n{A}\n\n{s}\n\n{B}\n\n{s}\n\n{C}")
    assert [f.label for f in r.flags] == ["near_duplicate"]


def test_list_siblings_do_not_make_a_restatement():
    items = [
        "Victor N. Burton: Dealing in methamphetamine, possession of methamphetamine, visiting a common "
        "nuisance, held in jail in lieu of $268,500 bond.",
        "Christopher D. Battin: Dealing in cocaine or a narcotic drug, possession of methamphetamine, "
        "possession of a controlled substance, held in jail in lieu of $25,000 bond.",
        "Amber L. Smith: Possession of methamphetamine, visiting a common nuisance, dealing in a narcotic "
        "drug, held in jail in lieu of $268,500 bond.",
    ]
    text = "Police Blotter\n\n" + "\n\n".join(items)
    assert dedup.clean(text) == text


def test_paragraphs_of_the_same_shape_with_other_figures_are_kept():
    # regional figures, one paragraph per region: the same words, other facts
    rows = [("North East", "4.9", "5.3"), ("North West", "4.1", "4.4"), ("Yorkshire", "4.5", "4.8")]
    paras = [
        f"In the {r}, the unemployment rate was {a} per cent in the three months to June, down from {b} per "
        "cent a year earlier, according to the Office for National Statistics."
        for r, a, b in rows
    ]
    text = (
        "Unemployment falls in the north\n\n" + "\n\n".join(paras) + "\n\nThe national rate was 4.2 per cent."
    )
    assert dedup.analyze(text).flags == []


def test_a_restatement_with_the_same_figures_still_goes():
    a = (
        "The unemployment rate in the North East was 4.9 per cent in the three months to June, down from "
        "5.3 per cent a year earlier, according to the Office for National Statistics on Tuesday."
    )
    b = (
        "In the North East the unemployment rate was 4.9 per cent in the three months to June, down from "
        "5.3 per cent a year before, the Office for National Statistics said on Tuesday."
    )
    r = dedup.analyze(f"Unemployment falls\n\n{a}\n\nThe minister welcomed the figures.\n\n{b}")
    assert [f.label for f in r.flags] == ["near_duplicate"]


def test_the_same_answer_to_another_question_is_kept():
    text = (
        "Declaring your income\n\nDo pensioners have to declare?\nYes, if their income is above the annual "
        "limit set by law.\n\nDo heirs have to declare?\nYes, if their income is above the annual limit set "
        "by law."
    )
    assert dedup.analyze(text).flags == []


def test_a_paragraph_pasted_again_and_again_keeps_its_first_copy():
    """A short line printed three times or more is a label of the page's template, but copies stacked one
    under the other are a paragraph pasted again and again (10,000 copies used to be all kept)."""
    para = "The council approved the new budget on Tuesday after a long debate about schools."
    r = dedup.analyze(
        "Budget passes\n\n" + "\n\n".join([para] * 5), config=dedup.Config(detectors=("duplicates",))
    )
    assert [f.reason for f in r.flags] == ["repeats line 3 word for word"] * 4
    assert r.clean == "Budget passes\n\n" + para


def test_a_repeated_line_of_code_is_kept():
    # a listing shown in parts, then whole: its lines repeat, and the text around them differs
    first = 'resource "aws_vpc" "demo_vpc" {\ncidr_block = "10.0.0.0/16"\ntags = {'
    whole = (
        'variable "region" {\ntype = string\n}\n'
        'resource "aws_vpc" "demo_vpc" {\ncidr_block = "10.0.0.0/16"\nenable_dns = true'
    )
    r = dedup.analyze(f"{A}\n\n{first}\n\n{B}\n\n{whole}\n\n{C}")
    assert r.flags == []


def test_a_copied_run_of_prose_fragments_is_still_a_copy_not_code():
    line = "The council members and the mayor of the city at the vote"
    assert dedup.analyze(f"Title Here\n{A}\n{line}\n{B}\n{C}\n{line}\n{B}").clean.count(line) == 1
    code = 'cidr_block = "10.0.0.0/16"'
    assert dedup.analyze(f"Title Here\n{A}\n{code}\n{B}\n{C}\n{code}\n{B}").clean.count(code) == 2


def test_rows_of_a_table_sharing_cells_are_not_restatements():
    rows = [
        f"User limits\t\t{cell}\t\tUser-based pricing; costs grow with users and features as the team"
        " scales up\t\tPermission-based licences let a business add and update seats as its teams grow"
        " over the year"
        for cell in ("Caps on billable clients", "Unlimited users on all plans", "Free core features only")
    ]
    r = dedup.analyze("\n\n".join([A, rows[0], B, rows[1], C, rows[2]]))
    assert r.flags == []
