package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// failpointEnv names the environment variable that arms a failpoint, for
// the crash and concurrency tests: "NAME" or "NAME#N" kills the process
// with SIGKILL at the first (or Nth) time the run reaches NAME;
// "NAME:pause=FILE" creates FILE.reached there and waits until FILE exists.
// Names: ingest:rowgroup (after each row group of accepted rows written),
// ingest:file, build:done, commit:journal, commit:op, commit:cleanup,
// recover:op and recover:cleanup (the next writer completing a committed
// run; see internal/warehouse/tx.go), and reports:write (before each
// workbook and HTML report that shequ run writes after its commit).
const failpointEnv = "SHEQU_FAILPOINT"

// newFailpoint parses the variable's value; nil when it is empty.
func newFailpoint(spec string) (func(string), error) {
	if spec == "" {
		return nil, nil
	}
	name, pause, _ := strings.Cut(spec, ":pause=")
	name, nth, _ := strings.Cut(name, "#")
	n := 1
	if nth != "" {
		var err error
		if n, err = strconv.Atoi(nth); err != nil || n < 1 {
			return nil, fmt.Errorf("%s=%q: the count after # must be a positive number", failpointEnv, spec)
		}
	}
	hits := 0
	return func(at string) {
		if at != name {
			return
		}
		hits++
		if hits != n {
			return
		}
		if pause == "" {
			_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {} // SIGKILL cannot be caught: the process ends here
		}
		_ = os.WriteFile(pause+".reached", nil, 0o644)
		for {
			if _, err := os.Stat(pause); err == nil {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}, nil
}
