"""Relation patterns as data: word classes and dependency paths between two entity mentions.

Read by ``extraction/relations.py`` (compiled into one spaCy DependencyMatcher) and by the query
layer (the same word classes name the relations in questions). Nothing here names a story.

A path is written as edges between named nodes, ``;``-separated: ``A >dep B`` (B is A's child
with dependency ``dep``), ``A <dep B`` (A is B's child with dependency ``dep``), ``A >> B`` (B is
a descendant of A). ``B:CLASS`` restricts B's lemma to a word class below, ``B:of|for`` to the
lemmas listed, ``dep1|dep2`` allows several dependencies. ``S`` and ``O`` are the subject and
object entity mentions, ``T`` a role noun (kept as the relation's role), ``V`` the verb or noun
whose lemma is kept as the relation's ``verb``. ``A . B``: B is the word right after A.
A constraint in capitals that is a part of speech (``O:PROPN``) restricts that instead. Which
predicate a match yields depends on the types of S and O (``types``): a pair not listed is not a
relation. ``new`` gives the type of a proper noun the NER missed at S or O (else it is no entity).
``weak`` rules have no trigger word: when the pair classifier is built, it may overrule them.
"""

from __future__ import annotations

# Word classes (lemmas, lower case).
WORDS: dict[str, tuple[str, ...]] = {
    "LEADER": (
        "ceo",
        "chief",
        "chairman",
        "chairwoman",
        "chair",
        "president",
        "founder",
        "co-founder",
        "cofounder",
        "head",
        "director",
        "boss",
        "leader",
        "chancellor",
        "commander",
        "owner",
        "publisher",
        "coo",
        "cfo",
        "cto",
    ),
    "ROLE": (
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "representative",
        "official",
        "officer",
        "executive",
        "employee",
        "staffer",
        "worker",
        "manager",
        "engineer",
        "scientist",
        "researcher",
        "analyst",
        "economist",
        "professor",
        "lecturer",
        "teacher",
        "lawyer",
        "attorney",
        "counsel",
        "adviser",
        "advisor",
        "consultant",
        "editor",
        "reporter",
        "correspondent",
        "columnist",
        "writer",
        "producer",
        "aide",
        "secretary",
        "minister",
        "ambassador",
        "governor",
        "mayor",
        "senator",
        "congressman",
        "congresswoman",
        "lawmaker",
        "legislator",
        "commissioner",
        "administrator",
        "superintendent",
        "dean",
        "coach",
        "player",
        "captain",
        "partner",
        "agent",
        "trustee",
        "treasurer",
        "general",
        "deputy",
        "assistant",
        "associate",
        "specialist",
        "expert",
        "physicist",
        "chemist",
        "biologist",
        "historian",
        "linguist",
        "curator",
        "designer",
        "architect",
        "technician",
        "policeman",
        "policewoman",
        "detective",
        "sheriff",
        "prosecutor",
        "judge",
        "justice",
        "pilot",
        "doctor",
        "physician",
        "surgeon",
        "nurse",
        "psychiatrist",
        "psychologist",
        "fellow",
        "vice",
        "head",
        "chief",
        "ceo",
        "chairman",
        "chairwoman",
        "chair",
        "president",
        "founder",
        "co-founder",
        "director",
        "boss",
        "leader",
        "chancellor",
        "commander",
        "publisher",
        "coo",
        "cfo",
        "cto",
        "strategist",
        "negotiator",
        "envoy",
        "delegate",
        "diplomat",
        "auditor",
        "accountant",
        "banker",
        "trader",
        "broker",
        "investigator",
        "inspector",
        "regulator",
        "sergeant",
        "lieutenant",
        "colonel",
        "major",
        "soldier",
        "programmer",
        "developer",
        "developer",
        "statistician",
        "epidemiologist",
        "geologist",
        "astronomer",
        "mathematician",
        "sociologist",
        "anthropologist",
        "archaeologist",
        "zoologist",
        "botanist",
        "student",
    ),
    "RESIDENT": ("resident", "native", "citizen", "inhabitant", "mayor", "governor", "senator", "congressman"),
    "WORK_VERB": ("work", "serve", "teach", "report", "write"),
    "WORK_PREP": ("for", "at", "with"),
    "JOIN_VERB": ("join",),
    "LEAD_VERB": ("lead", "head", "chair", "run", "found", "co-found", "manage", "direct"),
    "HIRE_VERB": ("hire", "appoint", "name", "employ", "recruit", "elect", "promote"),
    "KILL_VERB": (
        "kill",
        "murder",
        "assassinate",
        "shoot",
        "slay",
        "stab",
        "strangle",
        "execute",
        "behead",
        "poison",
        "gun",
        "bludgeon",
        "lynch",
        "massacre",
        "slaughter",
        "smother",
        "behead",
        "kidnap",
    ),
    "KILLER_NOUN": ("assassin", "killer", "murderer", "slayer", "gunman", "executioner"),
    "KILLING_NOUN": (
        "killing",
        "murder",
        "assassination",
        "shooting",
        "slaying",
        "death",
        "execution",
        "stabbing",
        "strangling",
        "strangulation",
        "beating",
    ),
    "ACCUSE_VERB": (
        "convict",
        "charge",
        "accuse",
        "arrest",
        "sentence",
        "indict",
        "try",
        "jail",
        "imprison",
        "suspect",
        "acquit",
        "blame",
        "hang",
        "execute",
        "prosecute",
        "confess",
        "admit",
    ),
    "BASE_VERB": ("base", "headquarter", "headquartered", "locate", "found"),
    "SEAT_NOUN": ("headquarters", "headquarter", "hq", "seat", "home"),
    "LIVE_VERB": ("live", "reside", "settle", "dwell", "stay", "grow", "retire", "move"),
    "BORN_VERB": ("bear", "born", "raise"),
    "ORIGIN_VERB": ("hail", "come"),
    "ACQUIRE_VERB": ("acquire", "buy", "purchase", "absorb"),
    "BID_VERB": ("bid",),
    "BID_NOUN": ("bid", "offer", "approach", "takeover", "tender"),
    "ACQUISITION_NOUN": ("acquisition", "purchase", "takeover", "buyout"),
    "MAKE_VERB": ("make", "manufacture", "produce", "build", "develop", "design", "fabricate"),
    "MAKER_NOUN": ("maker", "manufacturer", "producer", "developer", "designer", "builder"),
    "OWN_VERB": ("own",),
    "OWNED": ("own", "owned", "control", "controlled", "back", "backed", "run"),
    "UNIT_NOUN": ("subsidiary", "unit", "division", "affiliate", "arm", "subsidiary", "branch", "brand"),
    "SUE_VERB": ("sue", "countersue"),
    "LAWSUIT_NOUN": ("lawsuit", "suit", "complaint", "action", "case", "claim"),
    "FILE_VERB": ("file", "bring", "launch", "lodge", "bring"),
    "MEMBER_NOUN": ("member", "ally", "signatory"),
    "PLAN_VERB": ("plan", "agree", "offer", "seek", "try", "want", "propose", "aim", "intend", "move", "bid", "hope"),
    "SECOND_IN_LINE": ("deputy", "vice", "assistant", "associate", "acting", "former", "ex", "junior"),
    "CHIEF_OF": ("executive", "officer"),  # "chief executive", "chief operating officer"; not "chief economist"
    "BROADCAST": ("radio", "television", "tv", "network", "broadcasting", "channel"),  # "Havana Radio Reloj"
    "MODAL": ("would", "will", "could", "may", "might", "shall", "'ll", "wo"),
}
# What may follow "City, Region" (besides the sentence's end) for the first to be in the second.
REGION_END = frozenset(["(", ")", "-", "--", "—", "–", "_", ",", ";", ":", "."])

PERSON_ORG = "Person Organization"
PERSON_PLACE = "Person Place"
ORG_PLACE = "Organization Place"
PLACE_PLACE = "Place Place"
PERSON_PERSON = "Person Person"
ORG_ORG = "Organization Organization"

# Each rule: predicate per "subject type, object type", then the paths that express it.
# ``SUBJ`` in a path stands for the ways a verb gets its subject: nsubj, the head of a relative
# clause ("X, who works for Y"), or the subject of the verb it complements ("X agreed to buy Y").
RULES: list[dict] = [
    # ---- a person and an organisation (or a place) through a role noun ----
    {
        "name": "role_apposition",  # "John Smith, chief executive of Acme" / "a spokeswoman for Acme"
        "new": {"S": "Person", "O": "Organization"},
        "types": {PERSON_ORG: "WORKS_FOR", PERSON_PLACE: "LIVES_IN"},
        "paths": [
            "S >appos T:ROLE; T >prep P:of|for|at|with|in|from; P >pobj O",
            "S >appos T:ROLE; T >prep P1:of|for|at|with; P1 >pobj X; X >prep P2:of|for|at|with; P2 >pobj O",
            "S >appos T:ROLE; T >compound|poss|nmod O",
            "T:ROLE >appos S; T >compound|poss|nmod O",
            "T:ROLE >appos S; T >prep P:of|for|at|with; P >pobj O",
        ],
    },
    {
        "name": "role_title",  # "Acme spokesman John Smith", "Acme's chief executive John Smith"
        "new": {"O": "Organization"},
        "types": {PERSON_ORG: "WORKS_FOR", PERSON_PLACE: "LIVES_IN"},
        "paths": [
            "S >compound T:ROLE; T >compound|poss|nmod O",
            "S >compound T:ROLE; S >compound O",
            "S >compound T:ROLE; T >compound X; X >compound|poss O",
            "S >compound T:ROLE; T >prep P:of|for|at|with; P >pobj O",
        ],
    },
    {
        "name": "role_copula",  # "Smith is the president of Acme", "Smith became Acme's spokesman"
        "new": {"S": "Person", "O": "Organization"},
        "types": {PERSON_ORG: "WORKS_FOR", PERSON_PLACE: "LIVES_IN"},
        "paths": [
            "V >nsubj S; V >attr T:ROLE; T >prep P:of|for|at|with; P >pobj O",
            "V >nsubj S; V >attr T:ROLE; T >poss|compound O",
            "V >nsubjpass S; V >oprd T:ROLE; T >prep P:of|for|at; P >pobj O",
        ],
    },
    {
        "name": "resident",  # "a resident of Ocala", "a native of Ohio"
        "new": {"S": "Person", "O": "Place"},
        "types": {PERSON_PLACE: "LIVES_IN"},
        "paths": [
            "S >appos T:RESIDENT; T >prep P:of; P >pobj O",
            "V >nsubj S; V >attr T:RESIDENT; T >prep P:of; P >pobj O",
        ],
    },
    {
        "name": "city_region",  # "DAYTON, Ohio (AP)", "in Boston, Massachusetts." (relations.py, no path)
        "types": {PLACE_PLACE: "LOCATED_IN"},
        "paths": [],
    },
    {
        "name": "dateline",  # "BANGKOK, Thailand (AP)", "Beijing XINHUA in English" (relation_datelines.py)
        "types": {"Outlet Place": "REPORTS_FROM", "Organization Place": "BASED_IN"},
        "paths": [],
    },
    {
        "name": "x_of_y",  # "Wang of the Institute", "Dumas of France", "Acme Co. of McCook", "Beta in Boston"
        "weak": True,
        "types": {PERSON_ORG: "WORKS_FOR", PERSON_PLACE: "LIVES_IN", ORG_PLACE: "BASED_IN", PLACE_PLACE: "LOCATED_IN"},
        "paths": ["S >prep P:of|at|from|with; P >pobj O"],
    },
    {
        "name": "x_in_y",
        "weak": True,
        "types": {ORG_PLACE: "BASED_IN", PLACE_PLACE: "LOCATED_IN"},
        "paths": ["S >prep P:in; P >pobj O"],
    },
    {
        "name": "place_apposition",  # "Troy, Mich.", "Boston, Massachusetts"
        "weak": True,
        "new": {"O": "Place"},
        "types": {PLACE_PLACE: "LOCATED_IN"},
        "paths": ["S >appos|npadvmod O", "S >conj O; O >punct C:,"],
    },
    {
        "name": "possessive",  # "France's Dumas", "Japan's Sony", "Acme's Smith"
        "weak": True,
        "types": {PERSON_PLACE: "LIVES_IN", ORG_PLACE: "BASED_IN", PLACE_PLACE: "LOCATED_IN", PERSON_ORG: "WORKS_FOR"},
        "paths": ["S >poss O"],
    },
    {
        "name": "place_modifier",  # "the Boston firm Acme", "Tempe surgeon Richard Roe"
        "weak": True,
        "types": {PERSON_PLACE: "LIVES_IN", ORG_PLACE: "BASED_IN"},
        "paths": [
            "S >compound O",
            "S >compound X; X >compound O",
            "X >appos S; X >compound|amod O",
            "S >appos X:NOUN; X >compound O",  # "Acme, a Boston construction firm"
        ],
    },
    # ---- work, lead, hire ----
    {
        "name": "works_for",  # "X works for Y", "X, who works at Y"
        "new": {"S": "Person", "O": "Organization"},
        "types": {PERSON_ORG: "WORKS_FOR"},
        "paths": ["V:WORK_VERB SUBJ S; V >prep P:WORK_PREP; P >pobj O"],
    },
    {
        "name": "joins",
        "new": {"O": "Organization"},
        "types": {PERSON_ORG: "WORKS_FOR", ORG_ORG: "MEMBER_OF", "Place Organization": "MEMBER_OF"},
        "paths": ["V:JOIN_VERB SUBJ S; V >dobj O"],
    },
    {
        "name": "leads",  # "X heads Y", "X founded Y"
        "new": {"O": "Organization"},
        "types": {PERSON_ORG: "LEADS"},
        "paths": ["V:LEAD_VERB SUBJ S; V >dobj O"],
    },
    {
        "name": "hired",  # "Y hired X", "X was appointed by Y"
        "new": {"O": "Organization"},
        "types": {PERSON_ORG: "WORKS_FOR"},
        "paths": ["V:HIRE_VERB >dobj S; V >nsubj O", "V:HIRE_VERB >nsubjpass S; V >agent A; A >pobj O"],
    },
    {
        "name": "member",  # "X, a member of Y", "X is a member of Y"
        "new": {"O": "Organization"},
        "types": {PERSON_ORG: "MEMBER_OF", ORG_ORG: "MEMBER_OF", "Place Organization": "MEMBER_OF"},
        "paths": [
            "S >appos T:MEMBER_NOUN; T >prep P:of; P >pobj O",
            "V >nsubj S; V >attr T:MEMBER_NOUN; T >prep P:of; P >pobj O",
        ],
    },
    # ---- killing ----
    {
        "name": "kills",  # "X killed Y", "Y was shot by X", "the man who killed Y"
        "new": {"S": "Person", "O": "Person"},
        "types": {PERSON_PERSON: "KILLED"},
        "paths": [
            "V:KILL_VERB SUBJ S; V >dobj O",
            "V:KILL_VERB >nsubjpass O; V >agent A; A >pobj S",
            "O >relcl V:KILL_VERB; V >agent A; A >pobj S",
            "V:KILL_VERB SUBJ S; V >prt R; V >dobj O",
        ],
    },
    {
        "name": "killer_of",  # "Y's assassin, X", "X, the killer of Y", "assassin X"
        "new": {"S": "Person", "O": "Person"},
        "types": {PERSON_PERSON: "KILLED"},
        "paths": [
            "V:KILLER_NOUN >poss O; V >appos S",
            "S >appos V:KILLER_NOUN; V >poss|compound O",
            "S >appos V:KILLER_NOUN; V >prep P:of; P >pobj O",
            "V:KILLER_NOUN >prep P:of; P >pobj O; V >appos S",
            "S >compound V:KILLER_NOUN; V >poss O",
            "X >nsubj S; X >attr V:KILLER_NOUN; V >poss O",
            "X >nsubj S; X >attr V:KILLER_NOUN; V >prep P:of; P >pobj O",
        ],
    },
    {
        "name": "charged_with_killing",  # "X was convicted of Y's murder", "the killing of Y by X"
        "new": {"S": "Person", "O": "Person"},
        "types": {PERSON_PERSON: "KILLED"},
        "paths": [
            "C:ACCUSE_VERB >nsubjpass|nsubj S; C >prep P; P >pobj V:KILLING_NOUN; V >poss O",
            "C:ACCUSE_VERB >nsubjpass|nsubj S; C >prep P; P >pobj V:KILLING_NOUN; V >prep Q:of; Q >pobj O",
            "C:ACCUSE_VERB >nsubjpass|nsubj S; C >prep P; P >pobj N; N >prep Q:of|in; Q >pobj V:KILLING_NOUN;"
            " V >poss O",
            "C:ACCUSE_VERB >nsubjpass|nsubj S; C >prep P; P >pobj N; N >prep Q:of|in; Q >pobj V:KILLING_NOUN;"
            " V >prep R:of; R >pobj O",
            "V:KILLING_NOUN >prep P:of; P >pobj O; V >prep A:by; A >pobj S",
            "V:KILLING_NOUN >poss O; V >prep A:by; A >pobj S",
        ],
    },
    # ---- organisations and places ----
    {
        "name": "place_in_name",  # "the U.S. Congress", "the Chinese Government" (relations.py, no path)
        "types": {ORG_PLACE: "BASED_IN"},
        "paths": [],
    },
    {
        "name": "based_in",  # "X is based in Y", "X, headquartered in Y", "Y-based X"
        "new": {"S": "Organization", "O": "Place"},
        "types": {ORG_PLACE: "BASED_IN", PERSON_PLACE: "LIVES_IN"},
        "paths": [
            "V:BASE_VERB >nsubjpass S; V >prep P:in|at|near|outside; P >pobj O",
            "S >acl V:BASE_VERB; V >prep P:in|at|near|outside; P >pobj O",
            "X >appos S; X >acl V:BASE_VERB; V >prep P:in|at|near|outside; P >pobj O",
            "S >amod V:BASE_VERB; V >npadvmod|compound O",
            "X >amod V:BASE_VERB; V >npadvmod|compound O; X >appos|compound S",
            "X >amod V:BASE_VERB; V >npadvmod|compound O; S >appos|compound X",
            "T:SEAT_NOUN >compound|poss S; T >prep P:in|at|near; P >pobj O",  # "Acme's headquarters in Y"
        ],
    },
    {
        "name": "lives_in",  # "X lives in Y", "X, who now lives in Y"
        "new": {"S": "Person", "O": "Place"},
        "types": {PERSON_PLACE: "LIVES_IN"},
        "paths": ["V:LIVE_VERB SUBJ S; V >prep P:in|at|near; P >pobj O"],
    },
    {
        "name": "born_in",  # "X was born in Y", "X hails from Y", "Y-born X"
        "new": {"S": "Person", "O": "Place"},
        "types": {PERSON_PLACE: "FROM"},
        "paths": [
            "V:BORN_VERB >nsubjpass S; V >prep P:in|at|near; P >pobj O",
            "S >acl V:BORN_VERB; V >prep P:in|at|near; P >pobj O",
            "V:ORIGIN_VERB SUBJ S; V >prep P:from; P >pobj O",
            "V:be >nsubj S; V >prep P:from; P >pobj O",
            "S >amod V:BORN_VERB; V >npadvmod|compound O",
            "S >appos X; X >amod V:BORN_VERB; V >npadvmod|compound O",
        ],
    },
    # ---- deals, ownership, products, lawsuits ----
    {
        "name": "acquires",  # "X bought Y"; "X will buy Y" / "X agreed to buy Y" is a bid (see BIDS_FOR)
        "new": {"S": "Organization", "O": "Organization"},
        "types": {ORG_ORG: "ACQUIRES", "Person Organization": "ACQUIRES", "Organization Product": "ACQUIRES"},
        "paths": [
            "V:ACQUIRE_VERB SUBJ S; V >dobj O",
            "V:ACQUIRE_VERB SUBJ S; V . O:PROPN",
            "V:ACQUIRE_VERB >nsubjpass O; V >agent A; A >pobj S",
            "V:take SUBJ S; V >prt R:over; V >dobj O",
            "V:ACQUISITION_NOUN >poss S; V >prep P:of; P >pobj O",
        ],
    },
    {
        "name": "bids_for",  # "X bid for Y", "X made an offer for Y", "X's bid for Y"
        "new": {"S": "Organization", "O": "Organization"},
        "types": {ORG_ORG: "BIDS_FOR", "Person Organization": "BIDS_FOR"},
        "paths": [
            "V:BID_VERB SUBJ S; V >prep P:for; P >pobj O",
            "X SUBJ S; X >dobj V:BID_NOUN; V >prep P:for; P >pobj O",
            "V:BID_NOUN >poss|compound S; V >prep P:for; P >pobj O",
        ],
    },
    {
        "name": "owns",  # "X owns Y", "Y, a unit of X", "X-owned Y", "Y, owned by X"
        "new": {"S": "Organization", "O": "Organization"},
        "types": {
            ORG_ORG: "OWNS",
            "Person Organization": "OWNS",
            "Organization Product": "OWNS",
            "Place Organization": "OWNS",
        },
        "paths": [
            "V:OWN_VERB SUBJ S; V >dobj O",
            "O >appos T:UNIT_NOUN; T >prep P:of; P >pobj S",
            "O >appos T:UNIT_NOUN; T >poss|compound S",
            "O >acl V:OWNED; V >agent A; A >pobj S",
            "O >amod V:OWNED; V >npadvmod|compound S",
            "X >amod V:OWNED; V >npadvmod|compound S; X >appos|compound O",
        ],
    },
    {
        "name": "makes",  # "X makes Y", "Y, made by X", "X, the maker of Y"
        "new": {"O": "Product"},
        "types": {"Organization Product": "MAKES", "Person Product": "MAKES"},
        "paths": [
            "V:MAKE_VERB SUBJ S; V >dobj O",
            "O >acl V:MAKE_VERB; V >agent A; A >pobj S",
            "S >appos T:MAKER_NOUN; T >prep P:of; P >pobj O",
        ],
    },
    {
        "name": "sues",  # "X sued Y", "Y was sued by X", "X filed a lawsuit against Y"
        "new": {"S": "Organization", "O": "Organization"},
        "types": {ORG_ORG: "SUES", PERSON_ORG: "SUES", "Organization Person": "SUES", PERSON_PERSON: "SUES"},
        "paths": [
            "V:SUE_VERB SUBJ S; V >dobj O",
            "V:SUE_VERB >nsubjpass O; V >agent A; A >pobj S",
            "F:FILE_VERB SUBJ S; F >dobj V:LAWSUIT_NOUN; V >prep P:against; P >pobj O",
        ],
    },
]

# The ways a verb V gets its subject S (expanded where a path says ``V SUBJ S``).
SUBJECT_LINKS: tuple[str, ...] = (
    "V >nsubj S",
    "S >relcl V",
    "V <xcomp H; H >nsubj S",
    "V <conj H; H >nsubj S",
)

# Leader roles turn WORKS_FOR into LEADS; a modal or a plan turns ACQUIRES into BIDS_FOR.
LEADER_ROLES = frozenset(WORDS["LEADER"])
NOT_LEADER = frozenset(WORDS["SECOND_IN_LINE"])
CHIEF_OF = frozenset(WORDS["CHIEF_OF"])
PENDING_MARKERS = frozenset(WORDS["MODAL"]) | frozenset(WORDS["PLAN_VERB"])

# Any other entity-verb-entity link: the verb's lemma types it (else RELATED_TO, verb kept).
VERB_TYPES: dict[str, str] = {
    **dict.fromkeys(WORDS["MAKE_VERB"] + ("launch", "release", "unveil"), "MAKES"),
    **dict.fromkeys(WORDS["OWN_VERB"], "OWNS"),
    **dict.fromkeys(["control", "operate", "run"], "CONTROLS"),
    **dict.fromkeys(["use", "utilize", "utilise", "deploy", "adopt", "rely"], "USES"),
    **dict.fromkeys(WORDS["ACQUIRE_VERB"] + ("obtain",), "ACQUIRES"),
    **dict.fromkeys(["supply", "provide", "ship", "deliver"], "SUPPLIES"),
    **dict.fromkeys(["sell", "export"], "SELLS"),
    **dict.fromkeys(["invest", "fund", "back", "finance"], "INVESTS_IN"),
    **dict.fromkeys(["partner", "collaborate", "ally", "team"], "PARTNERS_WITH"),
    **dict.fromkeys(WORDS["SUE_VERB"], "SUES"),
    **dict.fromkeys(["ban", "block", "prohibit", "restrict", "sanction", "blacklist"], "BANS"),
}

# A place inside an organisation's name ("the U.S. Congress", "University of Texas"): the NER tags
# the whole name ORG; a leading run of proper nouns (or the words after INNER_PLACE_LINK) is the
# place when the article also names it as a place. "the Chinese Government" with "China" in the
# sentence: a title-case adjective made of the place's name (all but its last letter, at least
# DEMONYM_STEM letters) and a suffix.
INNER_PLACE_LINK = "of"
DEMONYM_STEM = 4

# ---- Datelines and source lines (spaCy Matcher token patterns, read by relation_datelines.py) ----
# A wire story's dateline names where it was filed from: "BANGKOK, Thailand (AP) _", "Sofia,
# February 15 (BTA) --", "Moscow April 25 TASS --" (REPORTS_FROM). A press digest's source line names
# where the outlet publishes: "OW1102132994 Beijing XINHUA in English 1313 GMT", "Paris AFP in
# English", a line "Moscow IZVESTIYA" (BASED_IN). Each pattern is a string of symbols: C the place
# (capitalised words), R the region after a comma, O the outlet, MD / DM a date ("February 15",
# "29 Apr"), K a digest's document code, N the place and the outlet together (split by the place
# the NER found, else where capitals begin), ^ / $ the sentence's start / end (checked after
# matching); any other symbol is the word itself. Where patterns overlap, the one listed first wins.
_CAPITALISED = r"^(?:[A-Z](?!\w*\d{3})[\w&.'-]*|-)$"  # not a document code
DATELINE_TOKENS: dict[str, list[dict]] = {
    "C": [{"TEXT": {"REGEX": _CAPITALISED}, "OP": "+"}],
    "R": [{"TEXT": {"REGEX": _CAPITALISED}, "OP": "+"}],
    "O": [{"TEXT": {"REGEX": _CAPITALISED}, "OP": "+"}],
    "N": [{"TEXT": {"REGEX": _CAPITALISED}, "OP": "+"}],
    "MD": [{"IS_TITLE": True}, {"IS_DIGIT": True}],
    "DM": [{"IS_DIGIT": True}, {"IS_TITLE": True}],
    "K": [{"SHAPE": {"IN": ["XXdddd", "ddXXddddX", "dddXddddX", "ddXddddX", "dddXXddddX", "ddddX"]}}],
    "L": [{"LOWER": "in"}, {"IS_TITLE": True}],
}
DATELINES: list[dict] = [
    {"predicate": "BASED_IN", "patterns": ["K N L", "K N", "^ N $"]},
    {
        "predicate": "REPORTS_FROM",
        "patterns": [
            "C , R , MD ( O )",
            "C , R , DM ( O )",
            "C , R ( O )",
            "C , MD ( O )",
            "C , DM ( O )",
            "C MD ( O )",
            "C DM ( O )",
            "C ( O )",
            "C , MD O --",
            "C , DM O --",
            "C MD O --",
            "C DM O --",
        ],
    },
]
DATELINE_SCAN = 80  # tokens from the document's start: datelines and source lines open a story
DATELINE_WINDOW = 16  # tokens a dateline or source line spans at most
DATELINE_SHORT = 12  # a sentence this short may be a source line alone ("Moscow IZVESTIYA")
