#!/bin/bash -eu
# Builds every native fuzz target (./fuzz, ./internal/cli) as a libFuzzer
# binary, with its seed corpus, the way OSS-Fuzz and ClusterFuzzLite build
# a Go project: run in the gcr.io/oss-fuzz-base/base-builder-go image with
# the repository in $SRC/rtmpcodec, it writes $OUT/<target> and
# $OUT/<target>_seed_corpus.zip.
# `make libfuzzer` runs this same file outside Docker (tools/libfuzzer).
#
# The targets are listed by `go test -list`, so a new target needs no edit
# here; each is built by the image's compile_native_go_fuzzer
# (go-118-fuzz-build, main branch), whose harness splits an input into the
# target's arguments as internal/fuzzcorpus frames the seeds.
cd "$SRC/rtmpcodec"

# The harness replaces package testing with go-118-fuzz-build's; the build
# needs that package in go.mod. This edits the image's copy only.
go get "github.com/AdamKorcz/go-118-fuzz-build/testing@${GO118FUZZBUILD_VERSION:-v0.0.0-20250520111509-a70c2aa677fa}"

for pkg in fuzz internal/cli; do
	# Seeds: every target's f.Add seeds and testdata/fuzz files, framed.
	go run ./internal/fuzzcorpus/cmd/seedcorpus -pkg "./$pkg" -zip "$OUT"
	for target in $(go test "./$pkg" -list '^Fuzz' | grep '^Fuzz'); do
		compile_native_go_fuzzer "github.com/rtmpcodec/rtmpcodec/$pkg" "$target" "$target"
	done
done
