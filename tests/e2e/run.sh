#!/bin/sh
# run.sh: the end-to-end tests, TAP on stdout (meson test 'e2e').
# Works in a copy under the build directory so node_modules never lands in the
# source tree; `npm ci` runs only when package-lock.json changed. playwright-core
# drives Debian's chromium (/usr/bin/chromium): it never downloads a browser.
set -eu
# playwright-core 1.65 needs Node.js 20 or newer (Debian 12's own nodejs is 18).
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 20 ]; then
	echo "not ok 1 - the browser tests need Node.js >= 20 (found $(node --version 2>/dev/null || echo none))"
	echo "1..1"
	exit 1
fi
src=$(cd "$(dirname "$0")" && pwd)
export E2E_SRC="$src" # mail.test.js runs tests/mail/smtp_sink.py from the sources
work=${E2E_WORK:-$src/../../build-check/tests/e2e/work}
mkdir -p "$work"
cp "$src/package.json" "$src/package-lock.json" "$src"/*.js "$work/"
cd "$work"
if ! cmp -s package-lock.json node_modules/.cnap-installed-lock 2>/dev/null; then
	npm ci --no-audit --no-fund --prefer-offline >&2
	cp package-lock.json node_modules/.cnap-installed-lock
fi
exec node --test --test-reporter=tap --test-concurrency=1 cycle.test.js security.test.js data.test.js defects.test.js editions.test.js survey_text.test.js survey_read.test.js survey_pdf.test.js search.test.js years.test.js users.test.js org.test.js mail.test.js
