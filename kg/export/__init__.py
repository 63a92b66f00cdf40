"""RDF / JSON-LD / ClaimReview export and SHACL validation.

* ``mapping``: property graph -> triples (IRIs, literals, the core and interop layers);
* ``reader``: paginated read-only queries that yield chunks of nodes with their relationships;
* ``rdf``: streaming N-Triples / Turtle / JSON-LD writers and ``parse_rdf``;
* ``claimreview``: schema.org ``Claim`` JSON-LD per claim;
* ``validate``: pyshacl against ``ontology/shapes.ttl``;
* ``importer``: ``kg import-rdf``, the inverse of the core layer;
* ``cli``: ``kg export``, ``kg validate``, ``kg import-rdf``.
"""
