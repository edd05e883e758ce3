#!/usr/bin/env bash
# Runs every test of the repository. On a fresh machine it first installs what the tests need:
# Debian's redis-server (integration tests start their own on a free loopback port), Debian's chromium
# (the browser tests drive it with Playwright) and the npm packages of the Node-based checks, from their
# committed lock files.
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v chromium >/dev/null 2>&1 || missing+=(chromium) # the browser tests drive Debian's Chromium (no browser download)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]} with apt"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Node packages used by tests (each folder has a committed package-lock.json); the browser tests build samples/web.
for dir in tests/client tests/contract tests/deploy tests/oidc samples/web; do
  if [ -f "$dir/package-lock.json" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done

dotnet test Gateway.sln --nologo "$@"
