package warehouse

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestCreateOpen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "wh")
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	w, err := Create(dir, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(w.Dir); err != nil {
		t.Errorf("Open after Create: %v", err)
	}
	// Create on an existing warehouse opens it.
	if _, err := Create(dir, now); err != nil {
		t.Errorf("Create on existing warehouse: %v", err)
	}
}

func TestOpenRefuses(t *testing.T) {
	base := t.TempDir()
	notWH := filepath.Join(base, "docs")
	if err := os.MkdirAll(notWH, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(notWH, "letter.txt"), []byte("hi"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, dir string
		want      error
	}{
		{"missing", filepath.Join(base, "nope"), ErrNoWarehouse},
		{"foreign folder", notWH, ErrNotWarehouse},
		{"a file", filepath.Join(notWH, "letter.txt"), ErrNotWarehouse},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Open(tc.dir); !errors.Is(err, tc.want) {
				t.Errorf("Open(%s) = %v, want %v", tc.dir, err, tc.want)
			}
		})
	}
	if _, err := Create(notWH, time.Now()); !errors.Is(err, ErrNotWarehouse) {
		t.Errorf("Create on a foreign non-empty folder = %v, want ErrNotWarehouse", err)
	}
}

func TestLock(t *testing.T) {
	w, err := Create(filepath.Join(t.TempDir(), "wh"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	unlock, err := w.Lock()
	if err != nil {
		t.Fatal(err)
	}
	// flock locks are per open file description, so a second Lock in the
	// same process conflicts like another process would.
	if _, err := w.Lock(); !errors.Is(err, ErrLocked) {
		t.Errorf("second Lock = %v, want ErrLocked", err)
	}
	unlock()
	unlock2, err := w.Lock()
	if err != nil {
		t.Errorf("Lock after unlock: %v", err)
	} else {
		unlock2()
	}
}

func TestQuote(t *testing.T) {
	if got, want := QuoteString("it's"), `'it''s'`; got != want {
		t.Errorf("QuoteString = %s, want %s", got, want)
	}
	if got, want := QuoteIdent(`a"b`), `"a""b"`; got != want {
		t.Errorf("QuoteIdent = %s, want %s", got, want)
	}
}
