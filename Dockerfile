# Reglab production image: gunicorn + WhiteNoise, run as a non-root user.
#   docker compose up            (web, worker, PostgreSQL; see docs/deploy.md)
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    REGLAB_DATA_DIR=/data \
    REGLAB_STATIC_ROOT=/app/static \
    REGLAB_BACKUP_DIR=/backups

# pg_dump/pg_restore for `reglab backup` on PostgreSQL (Debian bookworm ships 15, like the compose database).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install . \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin reglab \
    && mkdir -p /data/media /backups /app/static

# Static files are collected at build time (hashed names + compressed copies for WhiteNoise); the key is a
# throw-away value that only this step sees. `serve --production` collects again at start (a no-op unless
# the code changed), so the folder belongs to the runtime user.
RUN REGLAB_SECRET_KEY=collectstatic-build-only REGLAB_DEBUG=0 DJANGO_SETTINGS_MODULE=reglab.settings \
        python -m django collectstatic --noinput --verbosity 0 \
    && chown -R reglab:reglab /data /backups /app/static

USER reglab
EXPOSE 8000
VOLUME ["/data", "/backups"]
CMD ["reglab", "serve", "--production", "0.0.0.0:8000"]
