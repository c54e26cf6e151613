#!/bin/sh
# Writes a large article for measuring exports: the sample article
# (seeds/election-2016.txt) repeated, numbered parts, until the file holds
# at least MB megabytes (500 by default). Nothing it makes is committed.
#
#   scripts/big-article.sh /tmp/big.txt 500
#   /usr/bin/time -v aka export --html /tmp/big.txt > /dev/null
set -eu
out=${1:?usage: scripts/big-article.sh OUT [MB]}
mb=${2:-500}
seed=$(dirname "$0")/../seeds/election-2016.txt
block=$(mktemp)
trap 'rm -f "$block"' EXIT
# About one megabyte of parts: whole copies only, so the UTF-8 stays whole.
i=0
while [ "$(wc -c < "$block")" -lt 1048576 ]; do
    i=$((i + 1))
    printf 'Part %d.\n\n' "$i" >> "$block"
    cat "$seed" >> "$block"
    printf '\n\n' >> "$block"
done
: > "$out"
n=0
while [ "$n" -lt "$mb" ]; do
    cat "$block" >> "$out"
    n=$((n + 1))
done
