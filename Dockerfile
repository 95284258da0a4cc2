# basewatch: the map and API, with the bundled articles ingested at build time.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite:////srv/basewatch/basewatch.db

WORKDIR /srv/basewatch
COPY pyproject.toml README.md ./
COPY app ./app
COPY templates ./templates
COPY static ./static
COPY data ./data
RUN pip install --no-cache-dir -e . \
    && basewatch ingest --quiet

EXPOSE 8000
CMD ["basewatch", "serve", "--host", "0.0.0.0", "--port", "8000"]
