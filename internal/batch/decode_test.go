package batch

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
	"testing"

	"shequ/pipelines/decode"
)

// TestIsDecodeProblem checks which errors of an ingest make the batch
// report the file and go on (true) rather than stop (false).
func TestIsDecodeProblem(t *testing.T) {
	encrypted := &decode.UnreadableError{Path: "c.xlsx", Problem: decode.ProblemEncrypted}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"encrypted workbook", encrypted, true},
		{"wrapped by the ingest", fmt.Errorf("census 2020: %w", encrypted), true},
		{"folder", &decode.UnreadableError{Path: "x.csv", Problem: decode.ProblemFolder}, true},
		{"symlink loop", &decode.UnreadableError{Path: "x.csv", Problem: decode.ProblemSymlinkLoop, Err: syscall.ELOOP}, true},
		{"broken sheet", &decode.LineError{Path: "c.xlsx", Sheet: "人口", Line: 3,
			Err: &decode.UnreadableError{Problem: decode.ProblemBrokenSheet}}, true},
		{"missing", &fs.PathError{Op: "stat", Path: "x.csv", Err: syscall.ENOENT}, true},
		{"unsupported", fmt.Errorf("x.xls: %w", decode.ErrUnsupportedFormat), true},
		{"disk error", &fs.PathError{Op: "read", Path: "x.csv", Err: syscall.EIO}, false},
		{"warehouse", errors.New("staging: no space left on device"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isDecodeProblem(tt.err); got != tt.want {
				t.Errorf("isDecodeProblem(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}
