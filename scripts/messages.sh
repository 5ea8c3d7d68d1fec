#!/usr/bin/env bash
# Refresh and compile Vietnamese catalogues. msgids are English; English needs no catalogue.
# Each app keeps its own catalogue in <app>/locale; templates/ and danvan/ use locale/ ("project").
#   bash scripts/messages.sh                 # every catalogue
#   bash scripts/messages.sh campaigns steering   # only these (use "project" for locale/)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-$PWD/.venv/bin/python}
ALL_APPS=(units accounts campaigns steering models_registry reports reminders notifications awards support operations audit exports)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${ALL_APPS[@]}" project)
for target in "${targets[@]}"; do
  if [ "$target" = project ]; then
    ignore=(--ignore=.venv --ignore=tests --ignore=bench --ignore=staticfiles --ignore=scripts)
    for app in "${ALL_APPS[@]}"; do ignore+=(--ignore="$app"); done
    mkdir -p locale
    "$PY" manage.py makemessages -l vi --no-obsolete --add-location=file "${ignore[@]}" >/dev/null
    (cd locale && "$PY" ../manage.py compilemessages >/dev/null)
    po=locale/vi/LC_MESSAGES/django.po
  else
    mkdir -p "$target/locale"
    (cd "$target" && "$PY" ../manage.py makemessages -l vi --no-obsolete --add-location=file >/dev/null \
      && "$PY" ../manage.py compilemessages >/dev/null)
    po=$target/locale/vi/LC_MESSAGES/django.po
  fi
  count=$(msgattrib --untranslated --no-obsolete "$po" | grep -c '^msgid ' || true)
  [ "$count" -gt 0 ] && count=$((count - 1))  # the header entry
  printf '  %s: %s untranslated\n' "$po" "$count"
done
