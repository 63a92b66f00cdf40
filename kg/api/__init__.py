"""The HTTP API (``kg serve``): FastAPI over the same read models, question answering, ingestion
and export the CLI uses. ``app.create_app`` builds it; ``serve.run`` runs it under uvicorn."""
