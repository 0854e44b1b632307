#!/bin/bash
# make libfuzzer: builds every native fuzz target as a libFuzzer binary
# without Docker, by running .clusterfuzzlite/build.sh (the OSS-Fuzz build
# script, unchanged) with Debian's clang and go-118-fuzz-build from the Go
# module proxy, then runs each target for FUZZTIME on its seed corpus.
#
# The build rewrites the package it builds, and leaves it rewritten when a
# build fails, so it runs on a scratch copy of the working tree (tracked
# and untracked files, ignored ones left out): the tree is never altered.
# Binaries, the growing corpora and crash inputs stay in LIBFUZZER_WORKDIR
# (default .work/libfuzzer, ignored by git), so runs continue each other.
#
# Environment: FUZZTIME (30s; s, m or h), TARGETS (a grep -E pattern over
# the target names; all by default), LIBFUZZER_FLAGS (more libFuzzer flags,
# e.g. "-fork=8" or "-jobs=8 -workers=8" on a machine with more cores),
# LIBFUZZER_BUILD_ONLY=1 to build without running,
# GO118FUZZBUILD_VERSION (the pinned go-118-fuzz-build).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
FUZZTIME=${FUZZTIME:-30s}
TARGETS=${TARGETS:-.}
LIBFUZZER_FLAGS=${LIBFUZZER_FLAGS:-}
export GO118FUZZBUILD_VERSION=${GO118FUZZBUILD_VERSION:-v0.0.0-20250520111509-a70c2aa677fa}
work=${LIBFUZZER_WORKDIR:-$root/.work/libfuzzer}

case $FUZZTIME in
*h) secs=$((${FUZZTIME%h} * 3600)) ;;
*m) secs=$((${FUZZTIME%m} * 60)) ;;
*s) secs=${FUZZTIME%s} ;;
*) secs=$FUZZTIME ;;
esac

# clang with libFuzzer's runtime (Debian: clang only recommends
# libclang-rt-14-dev, which holds it). Installed when missing and apt-get
# can; otherwise the run stops here and says what is missing.
probe() {
	echo 'extern "C" int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' |
		clang++ -fsanitize=fuzzer -x c++ - -o /dev/null 2>/dev/null
}
if ! command -v clang++ >/dev/null || ! probe; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang libclang-rt-14-dev >/dev/null
	fi
	if ! probe; then
		echo "make libfuzzer: needs clang++ with libFuzzer (Debian: apt-get install clang libclang-rt-14-dev)" >&2
		exit 1
	fi
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/src/rtmpcodec" "$scratch/work" "$scratch/bin" "$work/out" "$work/corpus" "$work/crashes"
(cd "$root" && git ls-files -z --cached --others --exclude-standard |
	while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
	tar --null -T - -cf -) | tar -C "$scratch/src/rtmpcodec" -xf -
GOBIN="$scratch/bin" go install "github.com/AdamKorcz/go-118-fuzz-build@$GO118FUZZBUILD_VERSION"

export SRC=$scratch/src OUT=$work/out WORK=$scratch/work
export CXX=${CXX:-clang++} CXXFLAGS=${CXXFLAGS:-} LIB_FUZZING_ENGINE=${LIB_FUZZING_ENGINE:--fsanitize=fuzzer}
export PATH="$root/tools/libfuzzer:$scratch/bin:$PATH"
rm -f "$OUT"/Fuzz*
start=$(date +%s)
bash "$SRC/rtmpcodec/.clusterfuzzlite/build.sh"
built=$(cd "$OUT" && ls Fuzz* | grep -v '\.zip$' || true)
want=$(cd "$SRC/rtmpcodec" && go test ./fuzz ./internal/cli -list '^Fuzz' | grep '^Fuzz')
missing=$(comm -13 <(echo "$built" | sort) <(echo "$want" | sort))
if [ -n "$missing" ]; then
	echo "make libfuzzer: not built: $missing" >&2
	exit 1
fi
echo "make libfuzzer: built $(echo "$built" | wc -l) targets in $(($(date +%s) - start)) s into $OUT"
[ "${LIBFUZZER_BUILD_ONLY:-}" = 1 ] && exit 0

status=0
failed=()
for t in $(echo "$built" | grep -E "$TARGETS"); do
	seeds="$scratch/seeds/$t"
	mkdir -p "$seeds" "$work/corpus/$t"
	(cd "$seeds" && unzip -qo "$OUT/${t}_seed_corpus.zip")
	log="$scratch/$t.log"
	# The first corpus directory collects what the run finds; -timeout and
	# -rss_limit_mb are OSS-Fuzz's defaults.
	# shellcheck disable=SC2086
	if timeout $((secs + 300)) "$OUT/$t" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2560 \
		-print_final_stats=1 -artifact_prefix="$work/crashes/$t-" $LIBFUZZER_FLAGS \
		"$work/corpus/$t" "$seeds" >"$log" 2>&1; then
		execs=$(grep -h 'stat::number_of_executed_units' "$log" | awk '{s += $2} END {print s + 0}')
		echo "== $t: ${secs}s, $execs execs, corpus $(ls "$work/corpus/$t" | wc -l) inputs"
	else
		echo "== $t: FAILED (log follows; the input is under $work/crashes)"
		tail -n 60 "$log"
		status=1
		# The input itself, for a log that is all a CI run leaves: decode it
		# and import it with seedcorpus -import (see the README).
		failed+=("$t: $(grep -h -m1 '^Base64: ' "$log" || echo "no base64 in the log (libFuzzer prints inputs of up to 256 bytes); see $work/crashes")")
	fi
done
# Last, so that the tail of a long log names what failed.
if [ ${#failed[@]} -gt 0 ]; then
	echo "make libfuzzer: ${#failed[@]} target(s) failed:"
	printf '  %s\n' "${failed[@]}"
fi
exit $status
