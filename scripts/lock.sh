#!/usr/bin/env bash
# Re-pin requirements/*.txt from the ranges in pyproject.toml, in a scratch virtualenv.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
python3 -m venv "$scratch/venv"
pip="$scratch/venv/bin/pip"
deps() { python3 -c "import tomllib,sys; p=tomllib.load(open('pyproject.toml','rb'))['project']; print('\n'.join(p['dependencies'] if sys.argv[1]=='base' else p['optional-dependencies']['dev']))" "$1"; }
"$pip" install --quiet $(deps base)
{ echo "# Pinned with pip freeze; regenerate with \`make lock\` after changing pyproject.toml."; "$pip" freeze --exclude pip --exclude setuptools | sort -f; } > requirements/base.txt
"$pip" install --quiet $(deps dev)
{ echo "-r base.txt"; "$pip" freeze --exclude pip --exclude setuptools | sort -f | grep -vxFf <(tail -n +2 requirements/base.txt); } > requirements/dev.txt
echo "requirements/base.txt and requirements/dev.txt re-pinned."
