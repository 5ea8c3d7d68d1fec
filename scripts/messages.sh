#!/usr/bin/env bash
# Refresh and compile the Vietnamese translations. Each app keeps its own catalogue in
# <app>/locale; templates/ and danvan/ use the project catalogue in locale/.
# msgids are English; English needs no catalogue.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
APPS=(units campaigns models_registry reports notifications)
ignore=(--ignore=.venv --ignore=tests --ignore=bench --ignore=staticfiles)
for app in "${APPS[@]}"; do
  [ -d "$app" ] || continue
  ignore+=(--ignore="$app")
  mkdir -p "$app/locale"
  (cd "$app" && "../$PY" ../manage.py makemessages -l vi --no-obsolete --add-location=file >/dev/null)
done
mkdir -p locale
"$PY" manage.py makemessages -l vi --no-obsolete --add-location=file "${ignore[@]}" >/dev/null
"$PY" manage.py compilemessages --ignore=.venv >/dev/null
echo "Catalogues refreshed; untranslated entries:"
for po in locale/vi/LC_MESSAGES/django.po */locale/vi/LC_MESSAGES/django.po; do
  [ -f "$po" ] || continue
  printf '  %s: %s\n' "$po" "$(msgattrib --untranslated --no-obsolete "$po" | grep -c '^msgid ' || true)"
done
