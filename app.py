"""ClaimGraph's Streamlit app: ``streamlit run app.py`` (``make run`` serves it on port 8501)."""

from kg.app.main import main

main()
