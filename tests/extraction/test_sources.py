"""Source resolution: pronouns, descriptions, unnamed sources of a kind, speakers for an organisation,
one entity per name, and cues separated from their source by an inserted phrase.

Every sentence here is written for the test in wire-service style; no name comes from a corpus.
"""

from __future__ import annotations

import pytest
from helpers import by_cue, entity, extract, typed

from kg.writer import speaker_text


def _cue_at(ex, cue: str, n: int):
    found = [a for a in ex.attributions if a.cue.text.lower() == cue]
    assert len(found) > n, [a.cue.text for a in ex.attributions]
    return found[n]


def test_he_two_sentences_later_names_the_minister(nlp) -> None:
    text = (
        "Energy minister Tomas Vell said on Monday that output would stay at current levels. "
        "The group meets again in June. "
        "He denied that members were pumping above their agreed ceilings."
    )
    ex = extract(nlp, text)
    a = by_cue(ex, "denied")
    assert a.source is not None and a.source.text == "He"
    assert typed(ex.entities, a.source.entity) == "person:tomas vell" and a.source.form == "pronoun"
    assert a.source_kind == "named"


def test_pronoun_prefers_the_previous_speaker(nlp) -> None:
    text = (
        "Ruth Aldane, the union's negotiator, said talks with Piet Marrow had stalled. "
        "She said a strike could start next week."
    )
    ex = extract(nlp, text)
    a = _cue_at(ex, "said", 1)
    assert a.source is not None and typed(ex.entities, a.source.entity) == "person:ruth aldane"


def test_she_with_two_people_and_no_speaker_stays_unnamed(nlp) -> None:
    text = "A meeting between Ruth Aldane and Piet Marrow ended early. She said no deal was near."
    ex = extract(nlp, text)
    a = by_cue(ex, "said")
    assert a.source is not None and a.source.entity is None and a.source_kind == "anonymous"


@pytest.mark.parametrize(
    ("text", "cue", "n", "source", "eid"),
    [
        (  # "the bank": the bank named before, not the nearer company
            "Ostrava Savings Bank agreed to lend Kelmor Tools 40 mln dlrs, Kelmor Tools said. "
            "The bank said the loan would be repaid over five years.",
            "said",
            1,
            "The bank",
            "organization:ostrava savings bank",
        ),
        (  # "its board": the company itself
            "Brenner Chemical Corp received a takeover offer from a rival on Friday. "
            "Its board rejected the offer as inadequate, Brenner said.",
            "rejected",
            0,
            "Its board",
            "organization:brenner chemical",
        ),
        (  # "the newspaper": the paper named before
            "The Harbour City Herald said on Sunday the two airlines had agreed to merge. "
            "The newspaper said the deal would be announced within days.",
            "said",
            1,
            "The newspaper",
            "outlet:harbour city herald",
        ),
    ],
)
def test_descriptions_resolve_to_a_compatible_earlier_entity(
    nlp, text: str, cue: str, n: int, source: str, eid: str
) -> None:
    ex = extract(nlp, text)
    a = _cue_at(ex, cue, n)
    assert a.source is not None and a.source.text == source
    assert typed(ex.entities, a.source.entity) == eid and a.source_kind == "named"


def test_cue_found_across_an_inserted_phrase(nlp) -> None:
    text = (
        "The Harbour City Herald, quoting officials close to the negotiations, today said "
        "the two airlines had agreed to merge."
    )
    ex = extract(nlp, text)
    a = by_cue(ex, "said")
    assert a.source is not None and typed(ex.entities, a.source.entity) == "outlet:harbour city herald"
    assert a.content.text == "the two airlines had agreed to merge"


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Danish media said the ferry operator would be sold.", "media"),
        ("People familiar with the matter said the ferry operator would be sold.", "people"),
        ("Analysts said the ferry operator would be sold.", "analysts"),
        ("Officials said the ferry operator would be sold.", "officials"),
        ("Industry sources said the ferry operator would be sold.", "sources"),
    ],
)
def test_unnamed_sources_keep_their_kind(nlp, sentence: str, kind: str) -> None:
    ex = extract(nlp, sentence)
    a = by_cue(ex, "said")
    assert a.source is not None and a.source.entity is None
    assert a.source_kind == "anonymous" and a.source.form == "unnamed" and a.source.unnamed_kind == kind
    assert not any(e.type == "Group" and e.name.endswith("media") for e in ex.entities)


def test_spokesman_for_an_organisation(nlp) -> None:
    ex = extract(nlp, "A spokesman for Talvik Shipping said the vessel had been repaired.")
    a = by_cue(ex, "said")
    assert a.source is not None and typed(ex.entities, a.source.entity) == "organization:talvik shipping"
    assert typed(ex.entities, a.source.speaks_for) == "organization:talvik shipping" and a.source.role == "spokesman"
    names = {e.id: e.name for e in ex.entities}
    assert speaker_text(a.source, names) == "spokesman for Talvik Shipping"


def test_organisation_before_spokesman(nlp) -> None:
    ex = extract(nlp, "A Merrow Brothers spokesman declined to comment on the report.")
    a = by_cue(ex, "declined")
    assert a.source is not None and typed(ex.entities, a.source.speaks_for) == "organization:merrow brothers"
    assert a.source.role == "spokesman" and a.stance == "no_comment"


def test_named_officer_speaks_for_the_bank(nlp) -> None:
    text = (
        "Ostrava Savings Bank reported higher first-quarter profits. "
        "The bank's chief financial officer Irena Kolar said margins would widen this year."
    )
    ex = extract(nlp, text)
    a = by_cue(ex, "said")
    assert a.source is not None and typed(ex.entities, a.source.entity) == "person:irena kolar"
    assert typed(ex.entities, a.source.speaks_for) == "organization:ostrava savings bank"
    assert a.source.role == "chief financial officer"
    rel = [r for r in ex.relations if r.predicate == "SPEAKS_FOR"]
    assert [(typed(ex.entities, r.subject), typed(ex.entities, r.object), r.role) for r in rel] == [
        ("person:irena kolar", "organization:ostrava savings bank", "chief financial officer")
    ]
    names = {e.id: e.name for e in ex.entities}
    assert speaker_text(a.source, names) == "Ostrava Savings Bank (Irena Kolar, chief financial officer)"


def test_short_name_merges_with_the_full_name(nlp) -> None:
    text = (
        "Castellan Petroleum Corp said on Tuesday it would sell its refinery. "
        "Castellan said the sale would close in June."
    )
    ex = extract(nlp, text)
    ent = entity(ex, "organization:castellan petroleum")
    assert "Castellan" in ent.aliases
    assert not any(typed(ex.entities, e.id) == "organization:castellan" for e in ex.entities)
    assert {typed(ex.entities, a.source.entity) for a in ex.attributions if a.source} == {
        "organization:castellan petroleum"
    }


def test_two_companies_sharing_a_word_stay_apart(nlp) -> None:
    text = (
        "Castellan Petroleum Corp and Castellan Capital Ltd said they would not merge. "
        "Castellan said the talks had ended."
    )
    ex = extract(nlp, text)
    ids = {typed(ex.entities, e.id) for e in ex.entities}
    assert {"organization:castellan petroleum", "organization:castellan capital"} <= ids
    a = _cue_at(ex, "said", 1)
    assert a.source is not None and typed(ex.entities, a.source.entity) not in {
        "organization:castellan petroleum",
        "organization:castellan capital",
    }


def test_a_subsidiary_is_not_merged_into_its_parent(nlp) -> None:
    text = (
        "Orlen Motors said its finance arm, Orlen Motors Finance, would issue bonds. "
        "Orlen Motors said demand was strong."
    )
    ex = extract(nlp, text)
    ids = {typed(ex.entities, e.id) for e in ex.entities}
    assert "organization:orlen motors" in ids and "organization:orlen motors finance" in ids


def test_a_unit_named_for_a_country_is_not_the_parent(nlp) -> None:
    text = "Kestrel USA filed for bankruptcy in Houston on Monday. Kestrel said the filing would not affect output."
    ex = extract(nlp, text)
    a = by_cue(ex, "said")
    assert a.source is not None and typed(ex.entities, a.source.entity) != "organization:kestrel usa"


def test_a_description_with_a_noun_modifier_needs_that_word_in_the_name(nlp) -> None:
    text = (
        "The Norrvik Port Authority ignored two warnings, according to papers seen by the Baltic Herald. "
        "The harbour board denied that it had received any warning."
    )
    ex = extract(nlp, text)
    a = by_cue(ex, "denied")
    assert a.source is not None and a.source.text == "The harbour board"
    assert a.source.entity is None, "no entity named with 'harbour': the board stays unresolved rather than wrong"


def test_she_takes_the_one_woman_the_article_marks_by_title(nlp) -> None:
    text = "Mr. Marrow met Mrs. Aldane on Monday to discuss the strike. She said no deal was near."
    ex = extract(nlp, text)
    a = by_cue(ex, "said")
    assert a.source is not None and a.source.entity is not None
    assert "aldane" in a.source.entity


def test_he_takes_the_man_whose_own_statement_used_he(nlp) -> None:
    text = (
        "Piet Marrow said he was not ready to sign. Ruth Aldane said she would wait. "
        "He said the union had asked too much."
    )
    ex = extract(nlp, text)
    a = _cue_at(ex, "said", 2)
    assert a.source is not None and a.source.text == "He"
    assert a.source.entity is not None and "marrow" in a.source.entity


def test_a_stock_code_the_parser_hangs_on_the_cue_is_not_the_source(nlp) -> None:
    # the parser reads 'KSLG.F' and '>' as further subjects of 'said'; the speaker is the company
    ex = extract(nlp, "Kessler GmbH <KSLG.F> said it has reached agreement to buy a stake in Ober Werke.")
    a = by_cue(ex, "said")
    assert a.source is not None and a.source.text == "Kessler GmbH"
    assert typed(ex.entities, a.source.entity) == "organization:kessler"


@pytest.mark.parametrize(
    "text",
    [
        "Borden Plastics Inc (BPL.N) said it would sell its film unit to a group of investors.",
        "<Hollis Marine Ltd> said it would sell its film unit to a group of investors.",
    ],
)
def test_a_source_ends_before_a_stock_code_or_bracket(nlp, text: str) -> None:
    a = by_cue(extract(nlp, text), "said")
    assert a.source is not None and not set(a.source.text) & set("<>()"), a.source.text


def test_the_name_beside_a_possessed_head_is_the_source(nlp) -> None:
    """'Its rival Dunmore Systems said': Dunmore Systems, not the company 'Its' refers to."""
    text = "Kelvara Inc said it would cut 200 jobs. Its rival Dunmore Systems said the market was shrinking."
    ex = extract(nlp, text)
    a = _cue_at(ex, "said", 1)
    assert a.source is not None and typed(ex.entities, a.source.entity) == "organization:dunmore systems"


@pytest.mark.parametrize(
    ("second", "source"),
    [
        ("Its rival said the market was shrinking.", "Its rival"),  # another party than the possessor
        ("The ministry said the market was shrinking.", "The ministry"),  # a public body, never a company
    ],
)
def test_a_description_that_fits_no_earlier_entity_stays_unnamed(nlp, second: str, source: str) -> None:
    ex = extract(nlp, "Kelvara Inc. said on Monday it would cut 200 jobs. " + second)
    assert typed(ex.entities, _cue_at(ex, "said", 0).source.entity) == "organization:kelvara"
    a = _cue_at(ex, "said", 1)
    assert a.source is not None and a.source.text == source and a.source.entity is None
