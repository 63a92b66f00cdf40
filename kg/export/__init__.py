"""RDF / JSON-LD / ClaimReview export and SHACL validation."""
