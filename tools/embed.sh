#!/bin/sh
# embed.sh OUT.c SYMBOL FILE...: writes a C file holding FILE... as
# NUL-terminated byte arrays in a table `SYMBOL` of struct cnap_embedded
# (see src/base/embedded.h), named by their base names, in argument order.
set -eu
out=$1; sym=$2; shift 2
{
	echo '#include "base/embedded.h"'
	i=0
	for f in "$@"; do
		echo "static const unsigned char ${sym}_$i[] = {"
		xxd -i < "$f"
		echo ', 0x00 };'
		i=$((i + 1))
	done
	echo "const struct cnap_embedded ${sym}[] = {"
	i=0
	for f in "$@"; do
		echo "	{ \"$(basename "$f")\", ${sym}_$i, sizeof(${sym}_$i) - 1 },"
		i=$((i + 1))
	done
	echo "	{ 0, 0, 0 }"
	echo "};"
} > "$out"
