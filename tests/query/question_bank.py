"""A bank of fact-checker questions over the stories in ``stories.py``, each with what a correct answer holds.

Every question is checked by content, not by intent: the names that must be among the top items
(``names``), a fragment some top item's evidence sentence must contain (``sentence``), names that
must not be there (``absent``), or, for a question the graph holds no evidence for, that the answer
says so and offers nothing as if it were the answer (``empty``). Alternatives are separated by "|".
Several paraphrases per shape; the facts were read off the articles, never copied into product code.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.query import Answer

TOP = 3  # names and sentences are looked for among the first TOP items


@dataclass(frozen=True)
class Q:
    question: str
    story: str
    shape: str
    names: tuple[str, ...] = ()
    sentence: str = ""
    absent: tuple[str, ...] = ()
    empty: bool = False
    previous: str = ""  # the question asked just before, for a follow-up ("and who denied it?")


def family(story: str, shape: str, questions: list[str], **expect) -> list[Q]:
    return [Q(q, story, shape, **expect) for q in questions]


def followups(story: str, pairs: list[tuple[str, str]], **expect) -> list[Q]:
    """Follow-ups in a conversation: (previous question, the follow-up) pairs with one expectation."""
    return [Q(q, story, "followup", previous=prev, **expect) for prev, q in pairs]


def _has(haystack: str, alternatives: str) -> bool:
    return any(a.strip().casefold() in haystack.casefold() for a in alternatives.split("|"))


def _shows_evidence(a: Answer) -> bool:
    return any(i.kind not in ("suggestion",) for i in a.items)


NO_EVIDENCE_WORDS = "no claim|no statement|nothing in the graph|no evidence|not in the graph|no article|none"


def failures(a: Answer, q: Q) -> list[str]:
    """Why ``a`` is not a correct answer to ``q`` (empty: it is)."""
    out: list[str] = []
    top = a.items[:TOP]
    if q.empty:
        if _shows_evidence(a):
            out.append("presents items for a question the graph holds no evidence for")
        if not _has(a.answer, NO_EVIDENCE_WORDS):
            out.append("does not say there is no evidence")
        return out
    if not top:
        return ["no items"]
    names = " || ".join(i.name for i in top)
    for want in q.names:
        if not _has(names, want):
            out.append(f"{want!r} not among the top items")
    for bad in q.absent:
        if _has(names, bad):
            out.append(f"{bad!r} among the top items")
    if q.sentence:
        sentences = " || ".join(e.sentence for i in top for e in i.evidence)
        if not _has(sentences, q.sentence):
            out.append(f"no top evidence sentence contains {q.sentence!r}")
    if any(not i.evidence for i in top if i.kind != "cited"):
        out.append("an item without evidence")
    return out


BANK: list[Q] = [
    # ------------------------------------------------------------------ who denied / rejected X
    *family(
        "seeds",
        "deniers",
        [
            "Who denied that Deepseek used smuggled Nvidia chips?",
            "Who denies DeepSeek trained its model on smuggled chips?",
            "Which company rejected the claims that Deepseek used smuggled chips?",
            "Has anyone denied that DeepSeek obtained Nvidia chips through smuggling?",
            "Who dismissed the reports of smuggled Nvidia chips at Deepseek?",
        ],
        names=("Nvidia|the company",),
        sentence="no evidence|denied|dismissed",
    ),
    *family(
        "bbc_greek",
        "deniers",
        [
            "Who denied faking a motorbike crash?",
            "Who has denied claims that he faked a motorbike crash to avoid a doping test?",
            "Who denies faking the road crash?",
            "Which athlete denied faking a crash before the Olympics?",
        ],
        names=("Kenteris",),
        sentence="faked a motorbike crash",
    ),
    *family(
        "bbc_yukos",
        "deniers",
        [
            "Who denied being behind the purchase of the Yukos unit?",
            "Which company denied that it is behind the purchase?",
            "Who has denied that it is behind the purchase of Yugansk?",
        ],
        names=("Gazprom",),
        sentence="behind the purchase",
    ),
    *family(
        "bbc_yukos",
        "deniers",
        [
            "Who denied involvement in any criminal activities?",
            "Who has denied involvement in criminal activity?",
        ],
        names=("Khodorkovsky",),
        sentence="criminal activities",
    ),
    *family(
        "bbc_lse",
        "deniers",
        [
            "Who rejected the Deutsche Boerse's offer?",
            "Who rejected Deutsche Boerse's takeover proposal?",
            "Which exchange rejected the takeover offer from Deutsche Boerse?",
            "Who turned down the Deutsche Boerse bid, saying it undervalued the business?",
        ],
        names=("LSE",),
        sentence="undervalued",
    ),
    *family(
        "bbc_manutd",
        "deniers",
        [
            "Who rejected Glazer's approaches?",
            "Who rejected Mr Glazer's approach out of hand?",
            "Which board rejected the Glazer move because of the debt?",
        ],
        names=("club|board|they",),
        sentence="rejected",
    ),
    *family(
        "reuters_twa",
        "deniers",
        [
            "Who rejected TWA's offer?",
            "Who rejected the TWA's offer?",
            "Who rejected the Trans World Airlines takeover bid?",
            "Which airline rejected the offer from TWA?",
            "Who turned down Icahn's 52 dlr per share offer?",
            "Did USAir reject the TWA offer?",
        ],
        names=("USAir|board",),
        sentence="reject",
    ),
    # ------------------------------------------------------------------ who declined to comment
    *family(
        "seeds",
        "no_comment",
        [
            "Who has not commented on the smuggling reports?",
            "Who declined to comment on the chips story?",
            "Which company has not publicly commented?",
        ],
        names=("Deepseek",),
        sentence="not publicly commented",
    ),
    *family(
        "bbc_yukos",
        "no_comment",
        [
            "Who declined to comment on the reports about China's role?",
            "Which oil firm declined to comment?",
            "Which company declined to comment on the Yukos auction?",
        ],
        names=("Rosneft",),
        sentence="declined to comment",
    ),
    *family(
        "bbc_lse",
        "no_comment",
        [
            "Who declined to comment after the talks with the LSE?",
            "Who refused to comment after the talks ended?",
        ],
        names=("Euronext",),
        sentence="declined to comment",
    ),
    *family(
        "reuters_twa",
        "no_comment",
        [
            "Who declined to comment on the TWA offer?",
            "Who had no comment on TWA's offer?",
            "Which companies would not comment on the offer from Trans World Airlines?",
            "Which firm would not comment on TWA's offer?",
            "Who declined to comment on TWA's lawsuit?",
        ],
        names=("USAir|Norfolk",),
        sentence="no comment|could not comment",
    ),
    *family(
        "reuters_gencorp",
        "no_comment",
        [
            "Who has not commented on the offer for GenCorp?",
            "Who declined to comment on the General Partners offer?",
        ],
        names=("GenCorp",),
        sentence="has not commented",
    ),
    # ------------------------------------------------------------------ follow-ups, read against the previous question
    *followups(
        "seeds",
        [
            ("Who reported that Deepseek used smuggled Nvidia chips?", "And who denied it?"),
            ("Which outlets carried the claim that Deepseek used smuggled Nvidia chips?", "Who denied that?"),
            ("Has Deepseek commented on the reports?", "What about Nvidia?"),
            ("Where did the story about Deepseek's smuggled chips come from?", "Did anyone deny it?"),
        ],
        names=("Nvidia|the company",),
        sentence="no evidence|denied|dismissed",
    ),
    *followups(
        "seeds",
        [("Has Nvidia responded to the smuggling claims?", "And Deepseek?")],
        names=("Deepseek",),
        sentence="not publicly commented",
    ),
    *followups(
        "bbc_greek",
        [
            ("Who said Kenteris faked a motorbike crash?", "And who denied it?"),
            ("Which outlets reported that the sprinter faked a crash to avoid a doping test?", "Who has denied that?"),
        ],
        names=("Kenteris",),
        sentence="faked a motorbike crash",
    ),
    *followups(
        "reuters_twa",
        [
            ("Which outlets reported the TWA offer for USAir?", "Who declined to comment on it?"),
            ("What was said about TWA's bid for USAir?", "And who had no comment on it?"),
        ],
        names=("USAir|Norfolk",),
        sentence="no comment|could not comment|declined",
    ),
    *followups(
        "bbc_yukos",
        [("Who claimed Khodorkovsky was involved in criminal activities?", "Who denied that?")],
        names=("Khodorkovsky",),
        sentence="charges|criminal",
    ),
    # ------------------------------------------------------------------ has X commented / responded?
    *family(
        "reuters_gencorp",
        "has_commented",
        ["Has GenCorp commented on the offer?", "Did GenCorp respond to the offer?"],
        names=("GenCorp",),
        sentence="has not commented",
    ),
    *family(
        "seeds",
        "has_commented",
        ["Has Deepseek commented on the reports?", "Did DeepSeek respond to the smuggling claims?"],
        names=("Deepseek",),
        sentence="not publicly commented",
    ),
    *family(
        "reuters_twa",
        "has_commented",
        ["Has USAir commented on the TWA offer?", "Did USAir respond to TWA's offer?"],
        names=("USAir",),
        sentence="USAir",
    ),
    *family(
        "bbc_yukos",
        "has_commented",
        ["Has Rosneft commented?", "Did Rosneft respond to the reports?"],
        names=("Rosneft",),
        sentence="declined to comment",
    ),
    *family(
        "seeds",
        "has_commented",
        ["Has Nvidia responded to the smuggling claims?", "Did Nvidia comment on the reports about Deepseek?"],
        names=("Nvidia",),
        sentence="no evidence|denied|dismissed",
    ),
    # ------------------------------------------------------------------ what did S say / deny
    *family(
        "bbc_yukos",
        "statements_by",
        ["What did Putin say?", "What has Vladimir Putin said about the Yukos sale?", "What did Putin claim?"],
        names=("market methods|Rosneft|free market|within the rights|trickery",),
        sentence="Putin",
    ),
    *family(
        "bbc_yukos",
        "statements_by",
        ["What did Gref say?", "What did the minister Gref tell?"],
        names=("unjustified|double GDP",),
    ),
    *family(
        "bbc_lse",
        "statements_by",
        ["What did TCI say?", "What has TCI said about the LSE bid?", "What did TCI complain about?"],
        names=("shareholder value|too high|return $500m|shareholders be consulted|exceeds",),
    ),
    *family(
        "bbc_greek",
        "statements_by",
        ["What did Ioannidis say?", "What did the lawyer Gregory Ioannidis say about the charges?"],
        names=("charges|evidence|exonerated|surprising",),
    ),
    *family(
        "bbc_greek",
        "statements_by",
        ["What did Sevastis say?", "What has Vassilis Sevastis said?"],
        names=("won't race again|evidence|prejudge|does not matter",),
    ),
    *family(
        "bbc_manutd",
        "statements_by",
        ["What did David Gill say?", "What did David Gill say about the talks?"],
        names=("definitive proposals",),
    ),
    *family(
        "reuters_texaco",
        "statements_by",
        ["What did Liedtke say?", "What has Liedtke said about Texaco?", "What did Hugh Liedtke say?"],
        names=("Texaco",),
        sentence="Liedtke",
    ),
    *family(
        "reuters_gencorp",
        "statements_by",
        ["What did Gabelli say?", "What has Gabelli said about greenmail?"],
        names=("greenmail",),
    ),
    *family(
        "reuters_dart",
        "statements_by",
        ["What did Comeau say?", "What did Comeau say about Supermarkets General?"],
        names=("supermarket|rumors|earn",),
    ),
    *family(
        "bbc_yukos",
        "denials_by",
        ["What did Gazprom deny?", "What has Gazprom denied?"],
        names=("behind the purchase",),
    ),
    *family(
        "bbc_greek",
        "denials_by",
        ["What did Kenteris deny?", "What has Kenteris denied?"],
        names=("crash",),
        sentence="faked a motorbike crash|road crash",
    ),
    *family(
        "reuters_twa",
        "denials_by",
        ["What did USAir reject?", "What has USAir rejected?"],
        names=("offer",),
    ),
    *family(
        "bbc_lse",
        "denials_by",
        ["What did the LSE reject?", "What has the LSE rejected?"],
        names=("Deutsche Boerse",),
    ),
    # ------------------------------------------------------------------ who said / reported X
    *family(
        "bbc_yukos",
        "claimants",
        [
            "Who said that Baikal was a front for Gazprom?",
            "Who claimed Baikal was a front for gas monopoly Gazprom?",
            "Who reported that Baikal was a front for Gazprom?",
        ],
        names=("newspapers",),
        sentence="front for gas monopoly",
    ),
    *family(
        "bbc_yukos",
        "claimants",
        ["Who said Baikal had bought itself trouble?", "According to whom did Baikal buy itself trouble?"],
        names=("Yukos",),
        sentence="bought itself trouble",
    ),
    *family(
        "bbc_lse",
        "claimants",
        [
            "Who said the offer for the LSE is too high?",
            "Who complained that the offer for the LSE was too high?",
        ],
        names=("TCI",),
        sentence="too high",
    ),
    *family(
        "bbc_manutd",
        "claimants",
        [
            "Who said talks would not resume unless Glazer came up with definitive proposals?",
            "According to whom would talks not resume without definitive proposals?",
        ],
        names=("Gill",),
        sentence="definitive proposals",
    ),
    *family(
        "bbc_greek",
        "claimants",
        [
            "Who said Kenteris and Thanou won't race again?",
            "Who believes Kenteris and Thanou will not race again?",
        ],
        names=("Sevastis",),
        sentence="won't race again",
    ),
    *family(
        "reuters_gencorp",
        "claimants",
        [
            "Who fears greenmail might be a motivation in the offer?",
            "Who said greenmail might be a motivation in the GenCorp offer?",
        ],
        names=("Gabelli",),
        sentence="greenmail",
    ),
    *family(
        "reuters_texaco",
        "claimants",
        [
            "Who said Pennzoil has made Texaco several proposals to settle?",
            "Who claimed that Pennzoil made settlement proposals to Texaco?",
        ],
        names=("Liedtke",),
        sentence="proposals",
    ),
    *family(
        "seeds",
        "claimants",
        [
            "Who claimed that Deepseek used smuggled Nvidia chips?",
            "Who reported that DeepSeek acquired thousands of Nvidia chips through smuggling?",
            "Which sources say Deepseek trained its model on smuggled Nvidia chips?",
        ],
        names=("Bloomberg|The Information|industry sources|reports|Smuggled Circuits|Editorial|high-stakes",),
        sentence="Nvidia",
        absent=("Nvidia (",),
    ),
    # ------------------------------------------------------------------ outlets / where reported
    *family(
        "seeds",
        "outlets",
        [
            "Which outlets reported the story about Deepseek?",
            "Which outlets carried the claim that Deepseek used smuggled Nvidia chips?",
            "Where was the claim that DeepSeek smuggled chips reported?",
            "Which publications covered the Deepseek smuggling story?",
        ],
        names=("Smuggled Circuits|Compute Cold War|Editorial|DeepSeek is once again|high-stakes",),
        sentence="Deepseek|DeepSeek",
    ),
    *family(
        "seeds",
        "outlets",
        [
            "In which outlets was Nvidia's denial reported?",
            "Where was Nvidia's denial reported?",
            "Which articles carried Nvidia's denial?",
        ],
        names=("Smuggled Circuits",),
        sentence="no evidence|denied|dismissed",
        absent=("Nvidia's denial",),
    ),
    *family(
        "bbc_yukos",
        "outlets",
        ["In which outlets was Gazprom's denial reported?", "Where was Gazprom's denial reported?"],
        names=("Mystery surrounds",),
        sentence="behind the purchase",
        absent=("Gazprom's denial",),
    ),
    *family(
        "reuters_twa",
        "outlets",
        [
            "In which outlets was USAir's rejection reported?",
            "Which outlets reported that USAir rejected TWA's offer?",
            "Which outlets reported the story about TWA and USAir?",
        ],
        names=("Reuters",),
        sentence="reject",
    ),
    *family(
        "bbc_manutd",
        "outlets",
        [
            "Which newspapers reported the Glazer bid for Man Utd?",
            "Which outlets reported that Glazer made a new offer?",
        ],
        names=("Sunday Times|Telegraph|Financial Times|Man Utd|Glazer",),
        sentence="Glazer",
    ),
    *family(
        "bbc_lse",
        "outlets",
        ["Which outlets reported the LSE takeover story?", "Which newspapers covered the Deutsche Boerse bid?"],
        names=("Sunday Times|Telegraph|Financial Times|FT|Reuters|LSE|Deutsche",),
        sentence="LSE|Deutsche",
    ),
    *family(
        "seeds",
        "outlets",
        ["What sources did the articles cite about Deepseek?", "Which outlets were cited about the chips?"],
        names=("Bloomberg|The Information|Guardian",),
    ),
    # ------------------------------------------------------------------ what / which <thing>
    *family(
        "bbc_yukos",
        "what_thing",
        [
            "Which company bought the Yukos unit?",
            "Which firm bought Yugansk at the auction?",
            "What company paid for Yugansk?",
            "Which company won the Yukos auction?",
        ],
        names=("Baikal|Rosneft",),
        sentence="Baikal|Rosneft",
    ),
    *family(
        "bbc_yukos",
        "what_thing",
        ["Which state-owned oil firm bought Yukos' key production unit?", "Which state firm took over Yugansk?"],
        names=("Rosneft",),
        sentence="Rosneft",
    ),
    *family(
        "reuters_twa",
        "what_thing",
        [
            "Which airline made an offer for USAir?",
            "Which company bid for USAir?",
            "What airline offered 52 dlrs a share for USAir?",
        ],
        names=("TWA|Trans World",),
        sentence="USAir",
    ),
    *family(
        "reuters_twa",
        "what_thing",
        ["Which airline did USAir agree to buy?", "Which company did USAir take over?"],
        names=("Piedmont",),
        sentence="Piedmont",
    ),
    *family(
        "reuters_dart",
        "what_thing",
        ["Which company made a bid for Supermarkets General?", "Who offered to buy Supermarkets General?"],
        names=("Dart",),
        sentence="Supermarkets",
    ),
    *family(
        "bbc_lse",
        "what_thing",
        ["Which exchanges bid for the LSE?", "Which companies want to buy the London Stock Exchange?"],
        names=("Deutsche Boerse|Euronext",),
        sentence="LSE|London Stock Exchange",
    ),
    *family(
        "reuters_harper",
        "what_thing",
        ["Which company made a bid for Harper and Row?", "Who bid for Harper?"],
        names=("Harcourt|Cross|News Corp|Theodore",),
        sentence="Harper",
    ),
    *family(
        "reuters_gencorp",
        "what_thing",
        ["Which group bid for GenCorp?", "Who made an offer for GenCorp?"],
        names=("General Partners|AFG|Wagner",),
        sentence="GenCorp",
    ),
    *family(
        "seeds",
        "what_thing",
        ["What chips is Deepseek said to have used?", "Which Nvidia products did DeepSeek reportedly use?"],
        names=("Blackwell|H100|Nvidia",),
        sentence="Nvidia",
    ),
    # ------------------------------------------------------------------ is it true / disputed
    *family(
        "bbc_greek",
        "is_true",
        [
            "Is it true that Kenteris faked a motorbike crash?",
            "Is it disputed that Kenteris faked the crash?",
            "Did Kenteris fake a road crash?",
            "Is it true that the sprinter faked a crash to avoid a doping test?",
        ],
        names=("Kenteris",),
        sentence="crash",
    ),
    *family(
        "seeds",
        "is_true",
        [
            "Is it true that Deepseek used smuggled Nvidia chips?",
            "Is the claim that DeepSeek smuggled Nvidia chips disputed?",
            "Is it true that DeepSeek trained on smuggled Nvidia chips?",
            "Was the report that Deepseek used smuggled chips confirmed?",
        ],
        names=("Nvidia|Deepseek|Smuggled Circuits|reports|Bloomberg|sources",),
        sentence="Nvidia",
    ),
    *family(
        "bbc_yukos",
        "is_true",
        [
            "Is it true that Baikal was a front for Gazprom?",
            "Is it disputed that Gazprom was behind Baikal?",
            "Is it accurate that Baikal was a front for Gazprom?",
        ],
        names=("Gazprom|newspapers",),
        sentence="Baikal|purchase",
    ),
    # ------------------------------------------------------------------ origin / first report
    *family(
        "seeds",
        "origin",
        [
            "Where did the claim that DeepSeek used smuggled Blackwell chips originate?",
            "Who first reported that Deepseek used smuggled Nvidia chips?",
            "What was the primary source of the Deepseek smuggling claim?",
        ],
        names=("The Information|Bloomberg|reports|industry sources|Smuggled Circuits|Compute|Editorial|high-stakes",),
        sentence="Nvidia",
    ),
    *family(
        "reuters_twa",
        "origin",
        ["Who first reported the TWA offer for USAir?", "When was TWA's offer for USAir first reported?"],
        names=("Reuters|TWA",),
        sentence="USAir",
    ),
    # ------------------------------------------------------------------ timeline
    *family(
        "reuters_twa",
        "timeline",
        ["Show the timeline of the TWA bid for USAir", "How did the TWA offer for USAir unfold over time?"],
        names=("Reuters|TWA|USAir",),
        sentence="USAir",
    ),
    *family(
        "bbc_greek",
        "timeline",
        ["Show the timeline of Kenteris", "How did the Kenteris story evolve?"],
        names=("Kenteris|Greek",),
        sentence="Kenteris",
    ),
    *family(
        "reuters_texaco",
        "timeline",
        ["Show the chronology of Pennzoil in the news", "Give me the timeline of the Texaco Pennzoil dispute"],
        names=("Pennzoil|Texaco",),
        sentence="Pennzoil|Texaco",
    ),
    # ------------------------------------------------------------------ contested / disagreement
    *family(
        "bbc_greek",
        "contested",
        ["Which claims are contested?", "Which claims have been denied?", "What do the sources disagree about?"],
    ),
    *family(
        "bbc_yukos",
        "contested",
        ["Which claims involving Gazprom have been denied?", "What claims about Gazprom are disputed?"],
        names=("purchase|Baikal",),
        sentence="Gazprom",
    ),
    *family(
        "reuters_twa",
        "contested",
        ["Which claims involving TWA have been rejected?", "What is disputed about the TWA offer?"],
        sentence="TWA",
    ),
    # ------------------------------------------------------------------ articles / mentions
    *family(
        "bbc_greek",
        "articles",
        ["Which articles mention Kenteris?", "Where is Thanou mentioned?", "List the articles about Kenteris"],
        names=("Kenteris|Greek|Thanou",),
        sentence="Kenteris|Thanou",
    ),
    *family(
        "reuters_dart",
        "articles",
        ["Which articles mention Supermarkets General?", "Which stories discuss Dart Group?"],
        names=("SUPERMARKETS|DART",),
        sentence="Supermarkets|Dart",
    ),
    *family(
        "bbc_manutd",
        "articles",
        ["Which articles mention Glazer?", "Which stories cover Manchester United's takeover?"],
        names=("Glazer|Man Utd",),
        sentence="Glazer|United",
    ),
    *family(
        "reuters_harper",
        "articles",
        ["Which articles mention Harcourt Brace Jovanovich?", "Where is Harper and Row mentioned?"],
        names=("HARPER|HARCOURT",),
        sentence="Harper|Harcourt",
    ),
    # ------------------------------------------------------------------ co-mentions / connection
    *family(
        "bbc_yukos",
        "comentions",
        ["Which entities are mentioned together with Yukos?", "What else appears alongside Baikal?"],
        names=("Rosneft|Gazprom|Russia|Khodorkovsky|Yugansk|Baikal|Yukos",),
    ),
    *family(
        "reuters_twa",
        "comentions",
        ["Which companies are mentioned together with USAir?", "Who appears alongside Piedmont?"],
        names=("TWA|Piedmont|Trans World|Norfolk|USAir",),
    ),
    *family(
        "reuters_twa",
        "connection",
        ["How are TWA and USAir connected?", "What is the relationship between TWA and Piedmont?"],
        sentence="TWA|Trans World",
    ),
    *family(
        "bbc_yukos",
        "connection",
        ["How are Yukos and Rosneft connected?", "What links Gazprom and Baikal?"],
        sentence="Rosneft|Baikal|Gazprom",
    ),
    *family(
        "reuters_texaco",
        "connection",
        ["How are Texaco and Pennzoil connected?", "What is the link between Pennzoil and Texaco?"],
        sentence="Texaco",
    ),
    # ------------------------------------------------------------------ claims about E
    *family(
        "bbc_yukos",
        "claims_about",
        ["What claims involve Yukos?", "What is being said about Baikal?", "Tell me about Baikal Finance Group"],
        sentence="Yukos|Baikal",
    ),
    *family(
        "reuters_gencorp",
        "claims_about",
        ["What claims involve GenCorp?", "What is being said about General Partners?"],
        sentence="GenCorp|General Partners",
    ),
    *family(
        "bbc_lse",
        "claims_about",
        ["What claims involve Euronext?", "What is being said about Deutsche Boerse?"],
        sentence="Euronext|Deutsche Boerse",
    ),
    # ------------------------------------------------------------------ unnamed sources
    *family(
        "bbc_yukos",
        "unnamed",
        [
            "What did Russia's newspapers report?",
            "What did the Russian newspapers claim?",
            "What did Russian newspapers report about Baikal?",
        ],
        names=("front for gas monopoly|Baikal",),
    ),
    *family(
        "reuters_gencorp",
        "unnamed",
        ["What did analysts say about GenCorp?", "What do analysts think of the GenCorp bid?"],
        sentence="analyst|GenCorp",
    ),
    *family(
        "reuters_twa",
        "unnamed",
        ["What did analysts say about the TWA offer?", "What did arbitragers say about USAir?"],
        sentence="analyst|arbitrager|USAir|TWA",
    ),
    # ------------------------------------------------------------------ no evidence in the graph
    *family(
        "any",
        "no_evidence",
        [
            "Who denied that Apple bought Tesla?",
            "Who claimed that the moon landing was faked?",
            "Which outlets reported that Microsoft acquired Netflix?",
            "Who declined to comment on the volcano eruption in Iceland?",
            "Who said that penguins can fly?",
            "Is it true that the Eiffel Tower was sold to a bank?",
            "Who rejected the offer for the Brooklyn Bridge?",
            "Which articles mention Zanzibar's pineapple harvest?",
            "Who first reported that dinosaurs were cloned in Peru?",
            "Who denied that the president resigned over the tulip scandal?",
            "Which company bought the Atlantis submarine fleet?",
            "What did Elon Musk say about the Yukos auction?",
        ],
        empty=True,
    ),
]
