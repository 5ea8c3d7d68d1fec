FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements/ requirements/
RUN pip install --no-cache-dir -r requirements/base.txt
COPY . .
ENV DJANGO_SETTINGS_MODULE=danvan.settings.production PYTHONUNBUFFERED=1
RUN DJANGO_SECRET_KEY=build DJANGO_ALLOWED_HOSTS=x DATABASE_URL=sqlite:////tmp/x REDIS_URL=redis://x \
    python manage.py compilemessages --ignore=.venv >/dev/null
EXPOSE 8000
