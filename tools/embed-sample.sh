#!/bin/sh
# embed-sample.sh OUT.c TEMPLATES.json SAMPLE.json COEFFICIENTS.json: the built-in data:
# the sample cycle for 'cnap init --sample' and the coefficient master.
set -eu
out=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp "$2" "$dir/2023-templates.json"
cp "$3" "$dir/2023-sample.json"
cp "$4" "$dir/coefficients.json"
"$(dirname "$0")/embed.sh" "$out" cnap_sample_data "$dir/2023-templates.json" "$dir/2023-sample.json" "$dir/coefficients.json"
