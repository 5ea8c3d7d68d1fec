# The application image: web (gunicorn), Celery workers and beat (docker-compose.yml).
FROM python:3.11-slim-bookworm

# WeasyPrint's libraries and fonts for the PDFs; pg_dump/pg_restore for `manage.py backup`.
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation postgresql-client \
    && rm -rf /var/lib/apt/lists/*

# A fixed, unprivileged user: nothing in the container runs as root.
RUN groupadd --system --gid 10001 danvan \
    && useradd --system --uid 10001 --gid danvan --home-dir /app --no-create-home danvan

WORKDIR /app
COPY requirements/ requirements/
RUN pip install --no-cache-dir -r requirements/base.txt
COPY . .

ENV DJANGO_SETTINGS_MODULE=danvan.settings.production \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_MEDIA_ROOT=/app/media

# Static files collected into the image (the web service refreshes the shared volume at start);
# the translation catalogues (.mo) are committed. The media and static folders belong to the
# app user so named volumes created from them are writable by it.
RUN DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    REDIS_URL=redis://localhost:6379/0 python manage.py collectstatic --noinput -v 0 \
    && mkdir -p /app/media /backups \
    && chown -R danvan:danvan /app/media /app/staticfiles /backups

USER danvan
EXPOSE 8000
CMD ["gunicorn", "-c", "gunicorn.conf.py"]
