#!/usr/bin/env bash
# Every benchmark of issue 10 in one go, against throwaway PostgreSQL + Redis on loopback.
#
#   bash bench/run_all.sh [--national] [--quick]
#
# Province scale always; --national adds a 30,090-organisation database (seeding it takes 3–10
# minutes on this machine). --quick shortens wrk runs (5 s a page, 20 s of journey).
# Ports: DANVAN_PG_PORT (55512) and DANVAN_REDIS_PORT (56459) unless set.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DANVAN_SERVICES_DIR:-}" ]; then
  export SKIP_BROWSER=1 DANVAN_PG_PORT="${DANVAN_PG_PORT:-55512}" \
    DANVAN_REDIS_PORT="${DANVAN_REDIS_PORT:-56459}"
  exec bash scripts/with-services.sh bash "$0" "$@"
fi
PY=.venv/bin/python
# A benchmark that misses its target exits 1: note it and go on with the others.
MISSED=0
run() { "$@" || { echo "(exit $?: target missed or failed)"; MISSED=1; }; }
NATIONAL=0 DURATION=15 JOURNEY=60
for arg in "$@"; do
  case "$arg" in
    --national) NATIONAL=1 ;;
    --quick) DURATION=5 JOURNEY=20 ;;
    *) echo "unknown argument $arg" >&2; exit 2 ;;
  esac
done

echo "== pages, province scale"
run $PY bench/pages.py --scale province --duration "$DURATION" --journey "$JOURNEY"
echo "== profile of one request per page, province scale"
$PY bench/profile_pages.py --top 0 --requests 3 | sed -n '/^| page/,$p'
if [ "$NATIONAL" = 1 ]; then
  NATIONAL_URL="${DATABASE_URL%/*}/danvan_national"
  "$DANVAN_PG_BIN/psql" -q "host=127.0.0.1 port=$DANVAN_PG_PORT user=danvan password=danvan dbname=danvan" \
    -c "CREATE DATABASE danvan_national" 2>/dev/null || true
  echo "== pages, national scale"
  DATABASE_URL="$NATIONAL_URL" run $PY bench/pages.py --scale national --duration "$DURATION" \
    --journey "$JOURNEY" --no-weight
  echo "== profile of one request per page, national scale"
  DATABASE_URL="$NATIONAL_URL" $PY bench/profile_pages.py --top 0 --requests 3 | sed -n '/^| page/,$p'
  echo "== review-queue Excel export, national scale (the real export path)"
  DATABASE_URL="$NATIONAL_URL" run $PY bench/excel_export.py --queue
fi
echo "== Excel export of 100,000 registrations"
run $PY bench/excel_export.py
echo "== bloc summary PDF"
run $PY bench/summary_pdf.py
echo "== reminder fan-out (its own database)"
"$DANVAN_PG_BIN/psql" -q "host=127.0.0.1 port=$DANVAN_PG_PORT user=danvan password=danvan dbname=danvan" \
  -c "CREATE DATABASE danvan_fanout" 2>/dev/null || true
DATABASE_URL="${DATABASE_URL%/*}/danvan_fanout" run $PY bench/reminders_fanout.py
exit "$MISSED"
