"""Curated word lists of general news language (no facts about any one story).

Reporting verbs, stance cues, hedges and the names of well-known news outlets. Everything here
is general knowledge of how news is written; nothing names a person, company or event.
"""

from __future__ import annotations

from extraction import cues


def _names(block: str) -> frozenset[str]:
    """Names separated by '|' (line breaks ignored)."""
    return frozenset(n.strip() for n in block.split("|") if n.strip())


# Verbs whose subject is a source and whose complement is what was said, thought or shown.
SPEECH_VERBS: frozenset[str] = frozenset(
    [
        "say",
        "tell",
        "add",
        "write",
        "report",
        "announce",
        "state",
        "claim",
        "assert",
        "allege",
        "insist",
        "maintain",
        "contend",
        "argue",
        "explain",
        "note",
        "observe",
        "remark",
        "comment",
        "mention",
        "reveal",
        "disclose",
        "confirm",
        "acknowledge",
        "admit",
        "concede",
        "declare",
        "proclaim",
        "tweet",
        "post",
        "testify",
        "suggest",
        "indicate",
        "hint",
        "imply",
        "warn",
        "caution",
        "predict",
        "forecast",
        "estimate",
        "reply",
        "respond",
        "answer",
        "retort",
        "counter",
        "recall",
        "recount",
        "describe",
        "characterize",
        "call",
        "label",
        "dub",
        "brand",
        "quip",
        "joke",
        "boast",
        "brag",
        "complain",
        "lament",
        "grumble",
        "charge",
        "accuse",
        "blame",
        "criticize",
        "criticise",
        "praise",
        "defend",
        "urge",
        "demand",
        "ask",
        "question",
        "wonder",
        "promise",
        "pledge",
        "vow",
        "threaten",
        "reiterate",
        "repeat",
        "stress",
        "emphasize",
        "emphasise",
        "underline",
        "highlight",
        "point",
        "contend",
        "conclude",
        "agree",
        "disagree",
        "deny",
        "reject",
        "dismiss",
        "refute",
        "dispute",
        "rebut",
        "contest",
        "decline",
        "refuse",
        "show",
        "find",
        "cite",
        "quote",
        "inform",
        "advise",
        "recommend",
        "propose",
        "speculate",
        "surmise",
        "assure",
        "reassure",
        "concede",
        "counter",
        "signal",
        "continue",
        "endorse",
        "oppose",
        "support",
        "favor",
        "favour",
        "prefer",
        "thank",
    ]
)

# Verbs of belief and intention: PolNeAR-style attributions of internal state.
COGNITION_VERBS: frozenset[str] = frozenset(
    [
        "think",
        "believe",
        "feel",
        "know",
        "hope",
        "fear",
        "worry",
        "expect",
        "doubt",
        "suspect",
        "assume",
        "guess",
        "reckon",
        "want",
        "plan",
        "intend",
        "seem",
        "appear",
    ]
)

# More reporting, judgment and attitude verbs (Levin's communication, judgment and psych classes) are
# spaCy patterns in data: CUE_VERB may take an object as content, CUE_VERB_CLAUSE only a clause or quote.
CUE_VERBS: frozenset[str] = SPEECH_VERBS | COGNITION_VERBS | cues.words("CUE_VERB") | cues.words("CUE_VERB_CLAUSE")

# Raising verbs: 'X seems to Y' puts X inside what seems so; X is no speaker (unless Y is itself a cue verb).
RAISING_VERBS: frozenset[str] = frozenset(["seem", "appear"])

# Verbs that only attribute when they take a clause or quote (never by object alone).
CLAUSE_ONLY_VERBS: frozenset[str] = frozenset(
    [
        "think",
        "believe",
        "feel",
        "know",
        "hope",
        "worry",
        "doubt",
        "suspect",
        "assume",
        "guess",
        "reckon",
        "seem",
        "appear",
        "add",
        "point",
        "reply",
        "respond",
        "wonder",
        "agree",
        "continue",
        # their objects are rarely what was said ('found the body', 'maintained a lead', 'advised the
        # campaign', 'spoke French', 'threatened the lead'): precision under 0.3 on PolNeAR train
        "find",
        "maintain",
        "advise",
        "speak",
        "threaten",
    ]
) | cues.words("CUE_VERB_CLAUSE")

# Nouns of judging ("Acme's attack on X", "her opposition to Y"): with their speaker named, the object of
# 'of' / 'on' / 'to' is what was said.
JUDGMENT_NOUNS: frozenset[str] = cues.words("CUE_NOUN_JUDGMENT")

# Nouns of commitment ("her promise not to run", "Acme's vow to fight"): with their speaker named, the
# infinitive is what was promised.
COMMITMENT_NOUNS: frozenset[str] = cues.words("CUE_NOUN_COMMITMENT")

# Nouns of asking ("a call for X", "his call to ban Y"): the object of 'for' is what is asked for.
REQUEST_NOUNS: frozenset[str] = cues.words("CUE_NOUN_REQUEST")

# Nouns of saying and thinking ("Acme's claim that ...", "the ministry's warning about ...").
CUE_NOUNS: frozenset[str] = cues.words("CUE_NOUN") | JUDGMENT_NOUNS | COMMITMENT_NOUNS | REQUEST_NOUNS

# Nouns naming where a finding is stated: "In a CBS News poll, X leads" (the poll is the source, "in" the cue).
SOURCE_NOUNS: frozenset[str] = cues.words("CUE_SOURCE_NOUN")

# Denial verbs, denial / debunking / no-comment phrases and hedges are spaCy patterns kept as data
# (extraction/data/stance_patterns.jsonl, loaded by extraction.cues); these are their one-word forms.
DENIAL_VERBS: frozenset[str] = cues.words("DENY_VERB")
SOURCELESS_CUES: frozenset[str] = cues.words("SOURCELESS")

# Common nouns that refer back to an organisation ("the company said").
ORG_ANAPHORS: frozenset[str] = frozenset(
    [
        "company",
        "firm",
        "startup",
        "group",
        "business",
        "maker",
        "manufacturer",
        "giant",
        "chipmaker",
        "organisation",
        "organization",
        "agency",
        "department",
        "ministry",
        "government",
        "administration",
        "bank",
        "lab",
        "carrier",
        "retailer",
    ]
)

# Well-known news outlets and wire services (general knowledge).
OUTLET_NAMES: frozenset[str] = _names(
    """Reuters|Associated Press|AP|AFP|Agence France-Presse|Bloomberg|Bloomberg News|BBC|BBC News|CNN|CNBC|
    MSNBC|Fox News|NBC|NBC News|ABC News|CBS News|NPR|PBS|Al Jazeera|Sky News|The Guardian|Guardian|
    The Observer|The Times|The Sunday Times|The Independent|The Telegraph|Daily Telegraph|Financial Times|FT|
    The Economist|Daily Mail|The Sun|Daily Mirror|Evening Standard|The New York Times|New York Times|
    The Washington Post|Washington Post|The Wall Street Journal|Wall Street Journal|WSJ|USA Today|
    Los Angeles Times|Chicago Tribune|Boston Globe|New York Post|The New Yorker|The Atlantic|Politico|Axios|
    The Hill|Vox|Slate|Salon|HuffPost|Huffington Post|BuzzFeed News|Breitbart|Business Insider|Insider|
    Forbes|Fortune|Time|Newsweek|Bloomberg Businessweek|Barron's|MarketWatch|Yahoo Finance|Yahoo News|
    Google News|TechCrunch|The Verge|Wired|Ars Technica|Engadget|CNET|ZDNet|VentureBeat|The Information|
    Semafor|Quartz|ProPublica|The Intercept|Nikkei|Nikkei Asia|South China Morning Post|SCMP|Xinhua|
    Global Times|China Daily|Caixin|People's Daily|Times of India|The Times of India|Hindustan Times|
    The Hindu|Deutsche Welle|DW|Der Spiegel|Le Monde|El País|Kyodo|Yonhap|Korea Herald|Straits Times|
    The Straits Times|Sydney Morning Herald|ABC|The Australian|Globe and Mail|CBC|CBC News|Haaretz|
    Jerusalem Post|Times of Israel|TASS|RIA Novosti|Interfax|Dow Jones|Digitimes|DigiTimes|Tom's Hardware|
    TechRadar|The Register|PCMag|Gizmodo|Mashable|Fast Company|
    The Daily Beast|Mother Jones|National Review|Daily Caller|Washington Examiner|Western Journal|
    Los Angeles Times|Miami Herald|Seattle Times|Denver Post|Houston Chronicle|Dallas Morning News"""
)

# A proper name ending in one of these is very likely a news outlet ("The Denver Post").
OUTLET_SUFFIXES: frozenset[str] = frozenset(
    [
        "Times",
        "Post",
        "Journal",
        "Herald",
        "Tribune",
        "Gazette",
        "Chronicle",
        "Telegraph",
        "Guardian",
        "Observer",
        "Independent",
        "Examiner",
        "Inquirer",
        "Register",
        "Courier",
        "Dispatch",
        "Star",
        "Sun",
        "Mirror",
        "Express",
        "Standard",
        "Press",
        "News",
        "Daily",
        "Weekly",
        "Review",
        "Monitor",
        "Reporter",
        "Bulletin",
        "Insider",
        "Wire",
        "Today",
    ]
)

# Outlet names that are also ordinary words: only outlets in reporting context ("by Time").
AMBIGUOUS_OUTLETS: frozenset[str] = _names(
    """Time|Fortune|Insider|Wired|Salon|Slate|Quartz|The Sun|The Hill|The Information|The Times|The Atlantic|
    The Independent|The Observer|The Guardian|Guardian|The Australian|The Hindu|The Register|The Verge|ABC|AP|
    FT|DW|Vox|Mashable|Politico|Axios|Semafor|The Economist|The Telegraph|Daily Mail|Global Times"""
)

# Nouns that describe an organisation ("the startup X", "X, a chipmaker", "firms like X").
ORG_NOUNS: frozenset[str] = frozenset(
    [
        "company",
        "companies",
        "firm",
        "firms",
        "startup",
        "startups",
        "start-up",
        "chipmaker",
        "chipmakers",
        "maker",
        "makers",
        "manufacturer",
        "manufacturers",
        "developer",
        "developers",
        "giant",
        "giants",
        "corporation",
        "conglomerate",
        "provider",
        "providers",
        "supplier",
        "suppliers",
        "vendor",
        "vendors",
        "lab",
        "labs",
        "laboratory",
        "business",
        "businesses",
        "enterprise",
        "player",
        "players",
        "rival",
        "rivals",
        "competitor",
        "competitors",
        "brand",
        "brands",
        "retailer",
        "retailers",
        "bank",
        "banks",
        "operator",
        "operators",
        "designer",
        "designers",
        "automaker",
        "carrier",
        "insurer",
        "airline",
        "platform",
        "group",
    ]
)

# Heads that an organisation has and a place does not ("X's CEO", "X chips", "X's stock").
ORG_ATTRIBUTE_NOUNS: frozenset[str] = frozenset(
    [
        "ceo",
        "cfo",
        "cto",
        "founder",
        "co-founder",
        "chairman",
        "chairwoman",
        "executive",
        "executives",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "stock",
        "shares",
        "share",
        "investors",
        "board",
        "employees",
        "staff",
        "engineers",
        "chip",
        "chips",
        "gpu",
        "gpus",
        "processor",
        "processors",
        "accelerator",
        "accelerators",
        "hardware",
        "software",
        "products",
        "product",
        "platform",
        "ecosystem",
        "headquarters",
        "statement",
        "denial",
        "earnings",
        "revenue",
        "profits",
        "subsidiary",
    ]
)

# Countries, major cities and regions: a place keeps its type whatever the context votes.
PLACE_NAMES: frozenset[str] = _names(
    """Afghanistan|Albania|Algeria|Argentina|Armenia|Australia|Austria|Azerbaijan|Bahrain|Bangladesh|Belarus|
    Belgium|Bolivia|Bosnia|Brazil|Bulgaria|Cambodia|Cameroon|Canada|Chile|China|Colombia|Congo|Croatia|Cuba|
    Cyprus|Czech Republic|Czechia|Denmark|Ecuador|Egypt|Estonia|Ethiopia|Finland|France|Georgia|Germany|Ghana|
    Greece|Hong Kong|Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Japan|Jordan|Kazakhstan|
    Kenya|Korea|North Korea|South Korea|Kuwait|Latvia|Lebanon|Libya|Lithuania|Luxembourg|Macau|Malaysia|Mexico|
    Moldova|Mongolia|Morocco|Myanmar|Nepal|Netherlands|New Zealand|Nigeria|Norway|Oman|Pakistan|Palestine|Panama|
    Peru|Philippines|Poland|Portugal|Qatar|Romania|Russia|Rwanda|Saudi Arabia|Serbia|Singapore|Slovakia|Slovenia|
    Somalia|South Africa|Spain|Sri Lanka|Sudan|Sweden|Switzerland|Syria|Taiwan|Thailand|Tunisia|Turkey|Uganda|
    Ukraine|United Arab Emirates|United Kingdom|United States|Uruguay|Uzbekistan|Venezuela|Vietnam|Yemen|
    Zimbabwe|Europe|Asia|Africa|America|North America|South America|Latin America|Middle East|Scotland|Wales|
    England|Beijing|Shanghai|Shenzhen|Taipei|Tokyo|Seoul|Delhi|New Delhi|Mumbai|Moscow|Kyiv|Kiev|London|Paris|
    Berlin|Brussels|Rome|Madrid|Washington|New York|California|Texas|Florida|Silicon Valley|Geneva|Dubai|
    Singapore|Sydney|Toronto|Ottawa|Mexico City|Brasilia|Tehran|Baghdad|Jerusalem|Tel Aviv|Gaza|Cairo|Istanbul|
    Ankara|Hanoi|Bangkok|Jakarta|Manila|Kuala Lumpur|Islamabad|Karachi|Lagos|Nairobi|Johannesburg|Westminster"""
)

# Common acronyms and words the small NER model tags as names although they name no one thing.
NOT_ENTITIES: frozenset[str] = _names(
    """AI|A.I.|GPU|GPUs|CPU|CPUs|LLM|LLMs|CEO|CFO|CTO|GDP|IPO|ML|API|APIs|PC|PCs|TV|FAQ|FAQs|Q&A|PR|HR|IT|
    R&D|ESG|EV|EVs|5G|4G|AGI|NLP|OS|UI|URL|PDF|USB|SSD|RAM|Internet|Web|Artificial Intelligence|
    Artificial General Intelligence|Large Language Models|Machine Learning|Covid|COVID|Covid-19|COVID-19"""
)
