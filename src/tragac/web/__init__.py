"""The analyst web application: FastAPI + Jinja2 + htmx pages and the /api/v1 JSON API over the store."""
