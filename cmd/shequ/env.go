package main

import (
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
	div, err := f.divisions()
	if err != nil {
		return batch.Env{}, err
	}
	return batch.Env{Schemas: set, Divisions: div, Catalog: cat, Now: f.now, Log: f.log, Version: version, Failpoint: f.failpoint}, nil
}
