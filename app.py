"""ClaimGraph's Streamlit app: ``streamlit run app.py`` (``make run`` serves it on port 8501)."""

from kg.app.main import main

# Streamlit runs this file as ``__main__``. A process spawned later from the same interpreter (a
# spawn-context pool, a Dask worker) re-imports it as ``__mp_main__``: it must not run the app there.
if __name__ == "__main__":
    main()
