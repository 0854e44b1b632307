// Command summary reads `go test -json` from standard input, passes the
// tests' output through, and ends with a table of every test and subtest
// and its result. It exits 1 when any failed or the package did not build.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

type event struct {
	Action  string
	Package string
	Test    string
	Elapsed float64
	Output  string
}

func main() {
	type result struct {
		name, action string
		secs         float64
	}
	var results []result
	failed := false
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			fmt.Println(sc.Text()) // a build error, as go test printed it
			failed = true
			continue
		}
		switch e.Action {
		case "output":
			fmt.Print(e.Output)
		case "pass", "fail", "skip":
			if e.Action == "fail" {
				failed = true
			}
			if e.Test != "" {
				results = append(results, result{e.Test, e.Action, e.Elapsed})
			}
		}
	}
	fmt.Println("\ninterop summary")
	fmt.Printf("%-60s %-6s %s\n", "test", "result", "seconds")
	for _, r := range results {
		fmt.Printf("%-60s %-6s %.1f\n", r.name, strings.ToUpper(r.action), r.secs)
	}
	if failed || len(results) == 0 {
		fmt.Println("interop: FAILED")
		os.Exit(1)
	}
}
