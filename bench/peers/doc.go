// Package peers runs the inputs of issue 8 through other Go RTMP/AMF0
// implementations and through rtmpcodec, in one process, so that `make
// bench-peers` can print one benchstat table of ratios.
//
// It is a separate module so that the main module never depends on the
// peers; a replace directive points it at the working tree, so the
// rtmpcodec rows measure the code next to it, not a published version.
//
// Every implementation gets the same bytes (inputs.go) and is driven the
// way its own code drives it, with whatever reuse its API offers (a reused
// output buffer, a reused decoder or chunk reader); nothing is forced on a
// peer that its API does not expose. Whether each one decodes an input and
// whether its re-encoding is byte-exact is checked outside the timed loops
// (Exactness, printed by cmd/exactness and pinned by TestExactness).
//
// Benchmark names are BenchmarkX/in=<input>/impl=<implementation>, so that
// `benchstat -col /impl` lines the implementations up as columns.
package peers
