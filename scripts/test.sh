#!/usr/bin/env bash
# The whole test suite against throwaway PostgreSQL and Redis (see scripts/with-services.sh).
# Extra arguments go to pytest, e.g. `bash scripts/test.sh tests/units -x`.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=danvan.settings.test
export DANVAN_ARTIFACTS="${DANVAN_ARTIFACTS:-$PWD/test-artifacts}"

if [ -z "${DANVAN_SERVICES_DIR:-}" ]; then
  if [ ! -x .venv/bin/python ] || [ requirements/dev.txt -nt .venv/.installed ] \
    || [ requirements/base.txt -nt .venv/.installed ]; then
    python3 -m venv .venv
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -r requirements/dev.txt
    touch .venv/.installed
  fi
  echo "== ruff"
  .venv/bin/ruff check .
  .venv/bin/ruff format --check .
  # Start PostgreSQL and Redis, then come back here with DANVAN_SERVICES_DIR set.
  exec bash scripts/with-services.sh bash "$0" "$@"
fi

mkdir -p "$DANVAN_ARTIFACTS/screenshots"
echo "== migrations match the models"
.venv/bin/python manage.py makemigrations --check --dry-run
echo "== pytest"
.venv/bin/python -m pytest "$@"
