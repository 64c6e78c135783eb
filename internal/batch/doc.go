// Package batch runs shequ's stages against a warehouse under its lock and
// records each invocation in the warehouse's runs: ingesting files
// (Ingest), rebuilding the database (Build) and the nightly batch from a
// configuration file (Nightly).
package batch
