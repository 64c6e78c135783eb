package main

import (
	"bytes"
	"fmt"
	"os"

	"shequ/internal/batch"
)

// env assembles what the batch stages need.
func (f *factory) env() (batch.Env, error) {
	set, err := f.schemas()
	if err != nil {
		return batch.Env{}, err
	}
	cat, err := f.catalog()
	if err != nil {
		return batch.Env{}, err
	}
	// The division codes take a fifth of a second to load: they load
	// beside the run's first steps, and only a file that is read waits.
	go f.divisions()
	return batch.Env{Schemas: set, Divisions: f.divisions, Catalog: cat, Now: f.now, Log: f.log, Version: version, Failpoint: f.failpoint,
		Progress: newProgress(f.stderr, f.log, f.now)}, nil
}

// piiKeyEnv names the environment variable holding the key for hashing
// direct identifiers when no key file is configured.
const piiKeyEnv = "SHEQU_PII_KEY"

// piiKey reads the key for hashing direct identifiers: from file when one
// is named (surrounding white space trimmed), else from SHEQU_PII_KEY. No
// key is not an error here: only a file with an identifier column needs
// one, and the ingest says so.
func piiKey(file string) ([]byte, error) {
	if file == "" {
		return []byte(os.Getenv(piiKeyEnv)), nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, &inputError{fmt.Errorf("personal-data key file: %w", err)}
	}
	return bytes.TrimSpace(data), nil
}
