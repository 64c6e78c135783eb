package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	"shequ/pipelines"
)

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// Off a terminal, a long file gets a structured log line every 5 seconds,
// a short one none.
func TestProgressOffTerminal(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	progress := newProgress(&bytes.Buffer{}, log, func() time.Time { return clock })
	p := pipelines.Progress{Source: "census", Period: "2020", File: "big.csv", Total: 1000}
	for i := range 13 { // one event a second for 12 s
		p.Records, p.Bytes = int64(i*4096), int64(i*70)
		progress(p)
		clock = clock.Add(time.Second)
	}
	if got := strings.Count(logs.String(), "msg=reading"); got != 2 {
		t.Errorf("%d progress lines over 12 s, want 2 (at 5 s and 10 s):\n%s", got, logs.String())
	}
	if !strings.Contains(logs.String(), "records=20480") || !strings.Contains(logs.String(), "of=1000") {
		t.Errorf("progress line lacks records or bytes:\n%s", logs.String())
	}
}
