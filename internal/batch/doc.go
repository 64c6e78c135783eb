// Package batch runs shequ's stages against a warehouse under its lock and
// records each invocation in the warehouse's runs: ingesting files
// (Ingest), rebuilding the database (Build) and the nightly batch from a
// configuration file (Nightly).
//
// Nightly commits its database first and writes the reports after, outside
// the lock (Reports): it hands the run's report to Env.OnCommit in
// between, so the command can print its summary before the reports, which
// on a national warehouse take longer than the build. A report that cannot
// be written does not undo the commit; Nightly returns a *ReportsError.
// Each phase of a run logs its time and the process's peak memory so far.
package batch
