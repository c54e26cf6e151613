#!/bin/sh
# Writes a large article for measuring exports, until the file holds at
# least MB megabytes (500 by default). Nothing it makes is committed.
#
# - by default, the sample article (seeds/election-2016.txt) repeated in
#   numbered parts: dense, a mention every 70 bytes or so;
# - with --news, wire-service prose with an actor's name every 40 words
#   or so: a mention every 300 bytes or so, as in real news.
#
#   scripts/big-article.sh /tmp/big.txt 500
#   scripts/big-article.sh --news /tmp/news.txt 500
#   /usr/bin/time -v aka export --html /tmp/big.txt > /dev/null
set -eu
news=no
if [ "${1:-}" = --news ]; then
    news=yes
    shift
fi
out=${1:?usage: scripts/big-article.sh [--news] OUT [MB]}
mb=${2:-500}
seed=$(dirname "$0")/../seeds/election-2016.txt
block=$(mktemp)
trap 'rm -f "$block"' EXIT
# About one megabyte of text, then that block repeated: whole lines only,
# so the UTF-8 stays whole.
if [ "$news" = yes ]; then
    awk 'BEGIN {
        srand(2016)
        nw = split("the government said on Tuesday that officials had found evidence of a campaign against ministries and banks in several countries according to people familiar with the matter who spoke on condition of anonymity because the investigation is continuing while analysts warned that the attacks could spread to other sectors including energy and shipping", w, " ")
        na = split("Fancy Bear|APT28|Russia|the Kremlin|WikiLeaks|Guccifer 2.0|the DNC|the Department of Homeland Security|The Washington Post|Moscow|Sofacy Group|The Guardian|DCLeaks.com", a, "|")
        size = 0
        para = 0
        while (size < 1048576) {
            para++
            line = "Paragraph " para "."
            for (i = 0; i < 120; i++) {
                word = (rand() < 0.025) ? a[int(rand() * na) + 1] : w[int(rand() * nw) + 1]
                line = line " " word
                if (rand() < 0.06) line = line "."
            }
            line = line ".\n"
            printf "%s\n", line
            size += length(line) + 1
        }
    }' > "$block"
else
    i=0
    while [ "$(wc -c < "$block")" -lt 1048576 ]; do
        i=$((i + 1))
        printf 'Part %d.\n\n' "$i" >> "$block"
        cat "$seed" >> "$block"
        printf '\n\n' >> "$block"
    done
fi
: > "$out"
n=0
while [ "$n" -lt "$mb" ]; do
    cat "$block" >> "$out"
    n=$((n + 1))
done
