package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/pprof"
	"sync"
	"syscall"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/spf13/cobra"

	"shequ/indicators"
	"shequ/internal/divisions"
	"shequ/schemas"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

// factory holds what commands need from the outside world. It is built once
// in run; commands never reach for globals.
type factory struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	now            func() time.Time
	log            *slog.Logger
	// alloc gives the Arrow buffers of shequ query's writers.
	alloc memory.Allocator

	divOnce sync.Once
	div     *divisions.Index
	divErr  error
	level   *slog.LevelVar // of log
	// stopProfile ends the CPU profile of --cpuprofile, nil without one.
	stopProfile func()
	failpoint   func(string) // nil except in crash tests (SHEQU_FAILPOINT)
}

func (f *factory) schemas() (*schemas.Set, error) { return schemas.Load() }

func (f *factory) catalog() (*indicators.Catalog, error) {
	set, err := f.schemas()
	if err != nil {
		return nil, err
	}
	return indicators.Load(tableNames(set))
}

// tableNames are the tables an indicator may depend on.
func tableNames(set *schemas.Set) []string {
	return append(set.Sources(), "community_register", "models", "community_scopes", "resident_points")
}

// divisions loads the division codes once; it is safe for concurrent use.
func (f *factory) divisions() (*divisions.Index, error) {
	f.divOnce.Do(func() { f.div, f.divErr = divisions.Load() })
	return f.div, f.divErr
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	level := new(slog.LevelVar)
	f := &factory{
		stdin: stdin, stdout: stdout, stderr: stderr, now: time.Now, level: level, alloc: memory.DefaultAllocator,
		log: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})),
	}
	fp, err := newFailpoint(os.Getenv(failpointEnv))
	if err != nil {
		fmt.Fprintf(stderr, "shequ: %v\n", err)
		return exitUsage
	}
	f.failpoint = fp
	root := newRootCmd(f)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err = root.ExecuteContext(ctx)
	if f.stopProfile != nil {
		f.stopProfile()
	}
	if err != nil {
		fmt.Fprintf(stderr, "shequ: %v\n", err)
		if _, ok := err.(*usageError); ok {
			fmt.Fprintln(stderr, "run 'shequ --help' for usage")
		}
	}
	return exitCode(err)
}

func newRootCmd(f *factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "shequ",
		Short: "Community public-service indicators from street and district exports",
		Long: `shequ (社区) ingests the exports that street and district offices produce —
census tables, grid ledgers, service facilities, staff, funding — into a
Parquet warehouse, and computes per-community coverage indicators and
equalization (基本公共服务均等化) measures in DuckDB, comparing governance
models such as Pingshan (坪山), Tianning (天宁) and Zhaoshang (招商).

Start with 'shequ demo', which generates sample exports and runs the whole
pipeline on them.`,
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err} })
	logLevel := root.PersistentFlags().String("log-level", "info", "log detail on standard error: debug (timings of each step), info, warn or error")
	cpuProfile := root.PersistentFlags().String("cpuprofile", "", "write a CPU profile of the command to this file (for go tool pprof)")
	_ = root.PersistentFlags().MarkHidden("cpuprofile")
	root.PersistentPreRunE = func(*cobra.Command, []string) error {
		if err := f.level.UnmarshalText([]byte(*logLevel)); err != nil {
			return &usageError{fmt.Errorf("--log-level %q: want debug, info, warn or error", *logLevel)}
		}
		if *cpuProfile != "" {
			out, err := os.Create(*cpuProfile)
			if err != nil {
				return err
			}
			if err := pprof.StartCPUProfile(out); err != nil {
				out.Close()
				return err
			}
			f.stopProfile = func() { pprof.StopCPUProfile(); out.Close() }
		}
		return nil
	}
	root.AddCommand(
		newGenCmd(f),
		newIngestCmd(f),
		newBuildCmd(f),
		newRunCmd(f),
		newQueryCmd(f),
		newDemoCmd(f),
		newIndicatorsCmd(f),
		newStandardsCmd(f),
		newEqualizationCmd(f),
		newQuarantineCmd(f),
		newReportCmd(f),
	)
	return root
}

// args wraps a cobra argument check so its error counts as a usage error.
func args(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, a []string) error {
		if err := check(cmd, a); err != nil {
			return &usageError{err}
		}
		return nil
	}
}

// requireFlags reports missing required flags as a usage error.
func requireFlags(cmd *cobra.Command, names ...string) error {
	for _, n := range names {
		if !cmd.Flags().Changed(n) {
			return &usageError{fmt.Errorf("%s: --%s is required", cmd.CommandPath(), n)}
		}
	}
	return nil
}
