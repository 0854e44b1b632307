#!/bin/bash
# make libfuzzer-import: what `make libfuzzer` runs found becomes committed
# corpus. For each target (TARGETS, a grep -E pattern), libFuzzer's merge
# keeps, of the inputs in LIBFUZZER_WORKDIR/corpus/<target>, a minimal set
# that reaches coverage the committed corpus (the seed zip the last build
# wrote) does not, and seedcorpus -import writes those into the target's
# package's testdata/fuzz/<target> as native corpus files. Inputs larger than
# IMPORT_MAX_LEN bytes are left out, and the merge counts edges only
# (-use_counters=0; with hit counts it keeps six times as many inputs), to
# keep the repository small. Run it after `make libfuzzer` on the current
# tree: merged against an older build's seed zips, it re-imports inputs the
# committed corpus already covers.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${LIBFUZZER_WORKDIR:-$root/.work/libfuzzer}
TARGETS=${TARGETS:-.}
IMPORT_MAX_LEN=${IMPORT_MAX_LEN:-4096}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"
go build -o "$tmp/seedcorpus" ./internal/fuzzcorpus/cmd/seedcorpus
for bin in "$work"/out/Fuzz*; do
	t=$(basename "$bin")
	case $t in *.zip) continue ;; esac
	echo "$t" | grep -qE "$TARGETS" || continue
	[ -d "$work/corpus/$t" ] || continue
	mkdir -p "$tmp/$t/merged" "$tmp/$t/found"
	(cd "$tmp/$t/merged" && unzip -qo "$work/out/${t}_seed_corpus.zip")
	ls "$tmp/$t/merged" | sort > "$tmp/$t/seeds.txt"
	find "$work/corpus/$t" -type f -size -$((IMPORT_MAX_LEN + 1))c -exec cp {} "$tmp/$t/found/" \;
	"$bin" -merge=1 -use_counters=0 -rss_limit_mb=2560 -timeout=25 "$tmp/$t/merged" "$tmp/$t/found" > "$tmp/$t/merge.log" 2>&1 ||
		{ tail -20 "$tmp/$t/merge.log"; exit 1; }
	new=$(ls "$tmp/$t/merged" | sort | comm -13 "$tmp/$t/seeds.txt" -)
	if [ -z "$new" ]; then
		echo "$t: nothing new"
		continue
	fi
	pkg=./fuzz
	grep -qs "^func $t(" internal/cli/*_test.go && pkg=./internal/cli
	# shellcheck disable=SC2046 # file names are hex digests
	"$tmp/seedcorpus" -pkg "$pkg" -import "$t" -out "$pkg/testdata/fuzz/$t" $(printf "$tmp/$t/merged/%s\n" $new)
done
