"""The ClaimGraph RDF namespace as an rdflib DefinedNamespace: a mistyped term is an error.

A test keeps this list equal to the terms declared in ``claimgraph.ttl``.
"""

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace


class CG(DefinedNamespace):
    _fail = True
    _NS = Namespace("https://w3id.org/claimgraph/ontology#")

    graphLabel: URIRef
    graphType: URIRef
    graphKey: URIRef
    listValued: URIRef
    EntityRelation: URIRef
    RelationAssertion: URIRef
    evidence: URIRef
    assertion: URIRef
    denial: URIRef
    noComment: URIRef

    Article: URIRef
    Outlet: URIRef
    Entity: URIRef
    Person: URIRef
    Organization: URIRef
    Place: URIRef
    Product: URIRef
    Group: URIRef
    Event: URIRef
    Work: URIRef
    Claim: URIRef
    Statement: URIRef
    Source: URIRef

    publishedBy: URIRef
    mentions: URIRef
    contains: URIRef
    by: URIRef
    about: URIRef
    cites: URIRef
    subject: URIRef
    object: URIRef
    involves: URIRef
    makes: URIRef
    owns: URIRef
    controls: URIRef
    uses: URIRef
    acquires: URIRef
    supplies: URIRef
    sells: URIRef
    investsIn: URIRef
    partnersWith: URIRef
    sues: URIRef
    bans: URIRef
    worksFor: URIRef
    leads: URIRef
    speaksFor: URIRef
    locatedIn: URIRef
    basedIn: URIRef
    reportsFrom: URIRef
    livesIn: URIRef
    comesFrom: URIRef
    killed: URIRef
    bidsFor: URIRef
    memberOf: URIRef
    relatedTo: URIRef
    hardens: URIRef
    softens: URIRef
    dropsSource: URIRef
    ignoresDenial: URIRef
    relays: URIRef

    id: URIRef
    uri: URIRef
    title: URIRef
    published: URIRef
    text: URIRef
    seq: URIRef
    ingestedAt: URIRef
    sourcePath: URIRef
    author: URIRef
    name: URIRef
    normName: URIRef
    aliases: URIRef
    type: URIRef
    count: URIRef
    hedged: URIRef
    cue: URIRef
    cueStart: URIRef
    cueEnd: URIRef
    stance: URIRef
    hedges: URIRef
    sentence: URIRef
    start: URIRef
    end: URIRef
    content: URIRef
    contentStart: URIRef
    contentEnd: URIRef
    sourceText: URIRef
    sourceStart: URIRef
    sourceEnd: URIRef
    speaker: URIRef
    antecedent: URIRef
    article: URIRef
    verb: URIRef
    role: URIRef
    frames: URIRef
    hardened: URIRef
    softened: URIRef
    sourceDrift: URIRef
    afterDenial: URIRef
    unsourced: URIRef
    chain: URIRef
    chainLength: URIRef
    rootSource: URIRef
    rootKind: URIRef
    statementCount: URIRef
    assertedCount: URIRef
    disputedCount: URIRef
    argueCount: URIRef
    claimCount: URIRef


CG_NS = Namespace(str(CG._NS))
