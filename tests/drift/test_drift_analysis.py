"""Drift findings from statement records alone (no store): hedges, sources, chains, denials."""

from __future__ import annotations

from kg.drift import Said, analyse


def said(sid: str, article: str, day: str, *, hedges=(), stance="asserts", kind="outlet", outlet="", **kw) -> Said:
    outlet = outlet or f"outlet:{article}"
    return Said(
        id=sid,
        stance=stance,
        hedges=list(hedges),
        kind=kind,
        article=article,
        published=day,
        seq=0,
        start=kw.pop("start", 0),
        outlet_id=outlet,
        outlet=outlet.split(":")[-1],
        **kw,
    )


def test_hedged_then_plain_hardens_and_points_at_the_first_hedged_report() -> None:
    found = analyse(
        "c",
        [
            said("s3", "c", "2024-01-03"),
            said("s1", "a", "2024-01-01", hedges=["allegedly"]),
            said("s2", "b", "2024-01-02", hedges=["reportedly"]),
        ],
    )
    assert found.hardened and not found.softened
    assert found.links == [("HARDENS", "s3", "s1")]


def test_plain_then_hedged_softens() -> None:
    found = analyse("c", [said("s1", "a", "2024-01-01"), said("s2", "b", "2024-01-02", hedges=["may"])])
    assert found.softened and not found.hardened
    assert found.links == [("SOFTENS", "s2", "s1")]


def test_same_hedging_throughout_is_stable() -> None:
    hedged = analyse(
        "c", [said("s1", "a", "2024-01-01", hedges=["may"]), said("s2", "b", "2024-01-02", hedges=["may"])]
    )
    plain = analyse("c", [said("s1", "a", "2024-01-01"), said("s2", "b", "2024-01-02")])
    for found in (hedged, plain):
        assert not (found.hardened or found.softened or found.links)


def test_hedge_dropped_inside_one_article_is_not_drift() -> None:
    found = analyse("c", [said("s1", "a", "2024-01-01", hedges=["allegedly"]), said("s2", "a", "2024-01-01", start=90)])
    assert not found.hardened


def test_undated_articles_follow_ingestion_order() -> None:
    first = Said("s1", "asserts", ["reportedly"], "outlet", "a", "", 5, 0, "o:a", "A")
    later = Said("s2", "asserts", [], "outlet", "b", "", 9, 0, "o:b", "B")
    assert analyse("c", [later, first]).links == [("HARDENS", "s2", "s1")]
    assert analyse("c", [Said(**{**later.__dict__, "seq": 1}), first]).links == [("SOFTENS", "s1", "s2")]


def test_denials_do_not_count_as_statements_of_the_claim() -> None:
    found = analyse(
        "c",
        [
            said("s1", "a", "2024-01-01", hedges=["allegedly"]),
            said("d", "b", "2024-01-02", stance="denies", kind="named"),
        ],
    )
    assert not found.hardened and not found.after_denial


def test_repeat_after_a_denial_without_mentioning_it() -> None:
    found = analyse(
        "c",
        [
            said("s1", "a", "2024-01-01"),
            said("d", "b", "2024-01-02", stance="denies", kind="named", by_id="e:acme", by_name="Acme"),
            said("s2", "c", "2024-01-03"),
            said("s3", "d", "2024-01-04"),
            said("d2", "d", "2024-01-04", stance="denies", start=50),  # this article mentions the dispute
        ],
    )
    assert found.after_denial
    assert [x for x in found.links if x[0] == "IGNORES_DENIAL"] == [("IGNORES_DENIAL", "s2", "d")]


def test_unnamed_source_then_own_voice_is_source_drift() -> None:
    found = analyse(
        "c",
        [
            said(
                "s1",
                "a",
                "2024-01-01",
                kind="anonymous",
                by_id="src:1",
                by_name="people familiar",
                by_labels=["Source"],
            ),
            said("s2", "b", "2024-01-02", kind="outlet"),
        ],
    )
    assert found.source_drift and ("DROPS_SOURCE", "s2", "s1") in found.links
    assert found.unsourced and found.root_kind == "unnamed"


def test_own_voice_from_the_start_is_not_laundering() -> None:
    found = analyse("c", [said("s1", "a", "2024-01-01"), said("s2", "b", "2024-01-02", kind="anonymous")])
    assert not found.source_drift


def test_citation_chain_runs_through_stored_reports_to_the_root() -> None:
    found = analyse(
        "c",
        [
            said(
                "a1",
                "a",
                "2024-01-01",
                outlet="o:wire",
                kind="anonymous",
                by_id="src:x",
                by_name="people familiar with the matter",
                by_labels=["Source"],
            ),
            said("b1", "b", "2024-01-02", outlet="o:daily", cited_ids=["o:wire"], cited_names=["wire"]),
            said("c1", "c", "2024-01-03", outlet="o:blog", cited_ids=["o:daily"], cited_names=["daily"]),
        ],
    )
    assert found.chain == ["blog", "daily", "wire", "people familiar with the matter"]
    assert found.chain_length == 3 and found.root_kind == "unnamed" and found.unsourced
    assert {x for x in found.links if x[0] == "RELAYS"} == {("RELAYS", "b1", "a1"), ("RELAYS", "c1", "b1")}


def test_a_named_source_anywhere_means_sourced() -> None:
    found = analyse(
        "c",
        [
            said("s1", "a", "2024-01-01", kind="named", by_id="e:acme", by_name="Acme", by_labels=["Entity"]),
            said("s2", "b", "2024-01-02", kind="anonymous", by_name="insiders", by_labels=["Source"]),
        ],
    )
    assert not found.unsourced
    assert found.root_source in {"Acme", "insiders"}


def test_cycles_in_citations_end() -> None:
    found = analyse(
        "c",
        [
            said("a1", "a", "2024-01-01", outlet="o:a", cited_ids=["o:b"], cited_names=["b"]),
            said("b1", "b", "2024-01-02", outlet="o:b", cited_ids=["o:a"], cited_names=["a"]),
        ],
    )
    assert len(found.chain) <= 4


def test_unnamed_sources_then_a_named_source_hardens_but_hearsay_twice_does_not() -> None:
    """The attribution hedges too: "according to people familiar" then a named source's plain words."""
    familiar = dict(kind="anonymous", by_labels=["Source"], by_type="people")
    first = said("s1", "a", "2024-01-01", **familiar)
    found = analyse("c", [first, said("s2", "b", "2024-01-02", kind="named", by_id="e:x", by_labels=["Entity"])])
    assert found.hardened and found.links[0] == ("HARDENS", "s2", "s1")
    assert not analyse("c", [first, said("s2", "b", "2024-01-02", **familiar)]).hardened


def test_an_unresolved_speaker_is_no_hedge() -> None:
    """'he said' with 'he' not linked to a name is a Source of no kind: not hearsay."""
    he = dict(kind="anonymous", by_labels=["Source"], by_type="unnamed")
    found = analyse("c", [said("s1", "a", "2024-01-01", **he), said("s2", "b", "2024-01-02")])
    assert not found.hardened


def test_a_hedge_on_any_statement_of_a_sentence_hedges_the_sentence() -> None:
    found = analyse(
        "c",
        [
            said("s1", "a", "2024-01-01", hedges=["may"]),
            said("s2", "b", "2024-01-02", hedges=["is expected to"], start=10),
            said("s3", "b", "2024-01-02", start=10),  # the same sentence read twice
        ],
    )
    assert not found.hardened


def test_a_sentence_that_also_disputes_the_claim_does_not_carry_it() -> None:
    found = analyse(
        "c",
        [
            said("s1", "a", "2024-01-01", hedges=["allegedly"]),
            said("s2", "b", "2024-01-02", kind="named", start=10),
            said("s3", "b", "2024-01-02", kind="named", stance="denies", start=10),
        ],
    )
    assert not found.hardened


def test_an_unresolved_speaker_neither_hardens_nor_breaks_a_run() -> None:
    """Unnamed sources of no known kind are no evidence either way: "analysts said" then a Source the
    extractor could not type is not a hardening, and one between a hedged and a firm report does
    not hide it."""
    he = dict(kind="anonymous", by_labels=["Source"], by_type="unnamed")
    familiar = dict(kind="anonymous", by_labels=["Source"], by_type="analysts")
    assert not analyse("c", [said("s1", "a", "2024-01-01", **familiar), said("s2", "b", "2024-01-02", **he)]).hardened
    found = analyse(
        "c",
        [
            said("s1", "a", "2024-01-01", hedges=["may"]),
            said("s2", "b", "2024-01-02", **he),
            said("s3", "c", "2024-01-03", kind="named"),
        ],
    )
    assert found.hardened and found.links[0] == ("HARDENS", "s3", "s1")


def test_a_hedged_and_a_firm_wording_compare_without_the_hedge() -> None:
    """Drift checks that the two ends of a step say the same thing; the hedge words (and a content
    running on past a paragraph break) are not part of what is said."""
    hedged = said("s1", "a", "2024-01-01", hedges=["may"], content="it may downgrade 700 mln dlrs of debt of Acme Corp")
    firm = said(
        "s2",
        "b",
        "2024-01-02",
        content=(
            "it downgraded 700 mln dlrs of debt of Acme Corp\n\n"
            "Cut were the parent's senior notes, subordinated debt and commercial paper of its credit unit"
        ),
    )
    other = said("s3", "b", "2024-01-02", content="it raised the price it pays for crude oil by one dlr a barrel")
    assert analyse("c", [hedged, firm]).hardened
    assert not analyse("c", [hedged, other]).hardened


def test_wordings_naming_nobody_in_common_are_not_compared() -> None:
    """Two companies' boilerplate grouped as one claim: no drift between them, while a restatement
    naming the same company (its speaker standing for "its") still hardens."""
    generic = analyse(
        "c",
        [
            said(
                "s1",
                "a",
                "2024-01-01",
                hedges=["may"],
                content="Proceeds may be used for capital spending and general corporate purposes",
            ),
            said(
                "s2",
                "b",
                "2024-01-02",
                content="Proceeds will be used for capital spending and general corporate purposes",
            ),
        ],
    )
    assert not (generic.hardened or generic.softened or generic.links)
    named = analyse(
        "c",
        [
            said("s1", "a", "2024-01-01", hedges=["may"], content="the Ostrava Gazette may close its Brno office"),
            said("s2", "b", "2024-01-02", content="it closed its Brno office", by_name="Ostrava Gazette"),
        ],
    )
    assert named.links == [("HARDENS", "s2", "s1")]


def test_two_names_in_common_make_two_wordings_one_claim() -> None:
    """A restatement naming the same two people counts as the same wording even when the matcher
    scores the rest of it apart."""
    found = analyse(
        "c",
        [
            said(
                "s1", "a", "2024-01-01", content="The bid is being led by his daughters, Ilse and Marta", kind="named"
            ),
            said(
                "s2",
                "b",
                "2024-01-02",
                hedges=["reportedly"],
                content="The approach by the owner of the Lakeside Rovers club is reportedly led by Ilse and Marta",
            ),
        ],
    )
    assert found.links == [("SOFTENS", "s2", "s1")]


def test_an_unhedged_statement_by_an_untyped_source_can_be_softened() -> None:
    """Softening counts hedge words only: "A report said X" (a source of unknown kind) then "X is
    said to ..." softens, while the same untyped source neither hardens nor breaks a hardening run."""
    untyped = {"kind": "anonymous", "by_labels": ["Source"], "by_type": "unnamed"}
    found = analyse(
        "c", [said("s1", "a", "2024-01-01", **untyped), said("s2", "b", "2024-01-02", hedges=["is said to"])]
    )
    assert found.links == [("SOFTENS", "s2", "s1")]
    found = analyse("c", [said("s1", "a", "2024-01-01", hedges=["may"]), said("s2", "b", "2024-01-02", **untyped)])
    assert not found.links


def test_a_statement_of_another_claim_hardens_only_when_one_speaker_restates_it() -> None:
    """``related`` holds the statements of claims with the same subject and object: the same named
    speaker's firm restatement hardens its earlier hedged one; another speaker's does not."""
    agency = {"kind": "named", "by_id": "kestrel ratings", "by_name": "Kestrel Ratings"}
    hedged = said("h", "a", "2024-01-01", hedges=["may"], content="it may upgrade debt of Ostrava Telephone", **agency)
    firm = said("f", "b", "2024-01-09", content="it raised debentures of Ostrava Telephone", **agency)
    assert analyse("firm", [firm], [hedged]).links == [("HARDENS", "f", "h")]
    assert analyse("hedged", [hedged], [firm]).links == []  # the link starts at the later statement
    other = said("o", "b", "2024-01-09", content="it raised debentures of Ostrava Telephone", kind="named", by_id="x")
    assert analyse("other", [other], [hedged]).links == []


def test_another_speaker_retelling_a_claim_of_a_rare_entity_softens_it() -> None:
    """``echoed`` holds statements of claims sharing only a rare entity: another speaker's wording
    counts when it names the same people twice and retells it in the same words."""
    paper = {"kind": "named", "by_id": "the ledger", "by_name": "The Ledger"}
    firm = said(
        "f", "a", "2024-01-01", content="Mr Orlov's bid is being led by Mr Orlov's two sons, Ivo and Emil", **paper
    )
    hedged = said(
        "h",
        "b",
        "2024-01-05",
        hedges=["reportedly"],
        content="The approach by the tycoon is being led by his two sons, Ivo and Emil",
    )
    assert analyse("hedged", [hedged], echoed=[firm]).links == [("SOFTENS", "h", "f")]
    assert analyse("hedged", [hedged], [firm]).links == []  # not the same speaker: no restatement


def test_two_common_names_without_common_words_are_no_echo() -> None:
    firm = said(
        "f", "a", "2024-01-01", content="Japanese firms want to export to Europe from the U.S.", kind="named", by_id="x"
    )
    hedged = said(
        "h",
        "b",
        "2024-01-05",
        hedges=["may"],
        content="the yen's rise against the U.S. dollar may hide Japanese buying",
    )
    assert analyse("hedged", [hedged], echoed=[firm]).links == []
