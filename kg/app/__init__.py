"""The Streamlit app: thin pages over ``kg.browse``, ``kg.query`` and ``kg.ingest``."""
