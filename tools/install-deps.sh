#!/bin/sh
# Installs the Debian packages listed in packages.txt that are not yet installed.
# Idempotent; runs apt-get as root directly or through sudo.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
pkgs=$(sed -e 's/#.*//' "$here/packages.txt" | tr -s ' \n' '  ')
missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
# Debian's nodejs ships without npm (a separate package); a Node.js from elsewhere brings its own.
if ! command -v npm >/dev/null 2>&1 && ! dpkg-query -W -f='${Status}' npm 2>/dev/null | grep -q "install ok installed"; then
	missing="$missing npm"
fi
[ -z "$missing" ] && exit 0
echo "install-deps: installing:$missing"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
