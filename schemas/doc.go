// Package schemas holds the declared sources that shequ ingests. Each source
// is one YAML file in this folder (census.yaml, facilities.yaml, …) listing
// its columns with type, Chinese and English header aliases, range rules and
// descriptions, plus row rules that compare columns.
//
// The files are embedded in the binary and loaded strictly: an unknown key,
// a duplicate column, an unknown type, a key that does not fit the type or
// a rule naming a missing column is an error, and Load reports every
// problem at once.
//
// # Columns
//
// type is text, code (Length ASCII digits), int, float, enum (one of
// values), date (a calendar day; a month alone such as 2015年12月 is its
// first day; a year alone such as 2015 is refused, though Excel would read
// it as a serial), datetime (a day and a time of day, no time zone) or
// resident_id (a 公民身份号码 with a valid ISO 7064 MOD 11-2 check digit).
//
// Numbers take min and max, allow_wan (a 万 suffix in a cell, or 「(万人)」
// in the header, multiplies by 10,000), allow_percent (floats: "12.5%" is
// 0.125, and 「(%)」 in the header makes 12.5 mean 12.5%) and unit (the
// unit figures are given in). A unit in a header that contradicts the
// column fails the file with a message saying what to do, rather than
// store figures off by a factor: 万 where the column does not allow it, a
// magnitude other than 万 (千人, 亿元), % where the column takes no
// percentages, or a unit other than the declared one (「费用(平方米)」 for
// a column in 元). Units are compared only where unit is declared.
//
// # Personal data
//
// pii marks a direct identifier. pii: hash (text, code or resident_id;
// resident_id requires it) stores the hex HMAC-SHA-256 of the canonical
// value under the run's key, so the same person links across files and
// runs without the number being kept; pii: drop (names, phone numbers)
// is never read and is stored as NULL, so the declared shape of the table
// stays the same. Neither kind may be named in a rule, and a dropped
// column cannot be required or part of the key. Quarantine shows such a
// value as 「[身份证号 18位, 已隐藏]」: the header and the length, nothing
// of the value.
//
// # Keys
//
// key names the columns that identify a row within a file. When two or
// more rows of a file that pass every other rule share a key, every one of
// them is quarantined with rule duplicate_key, each naming the lines of
// the others: neither row can be trusted over the other, so none is kept,
// even when they are identical copies — the office must say which one it
// means. A row rejected for another rule is quarantined for that rule and
// does not count, so a file that repeats a community to correct a broken
// row keeps the corrected one.
//
// # Row rules
//
// A rule is "left op right" between two numeric columns or two date or
// datetime columns (a date is midnight when compared with a datetime), or
// "sum op right" with sum listing numeric columns (age bands against the
// resident population). tolerance, with op "=" between numbers only, is
// the difference allowed as a fraction of the right side. A row where an
// operand is empty passes: missing values are the business of required.
//
// Besides the declared rules, code columns named street_code (9 digits)
// and district_code (6 digits) must be the first digits of the row's
// 12-digit community_code (rule code_prefix); their canonical names are
// the declaration.
//
// # Labels
//
// Every column and every rule has label_zh and label_en: a short name for
// tables and reports (「建筑面积（平方米）」 / "floor area (m²)";
// 「户籍人口不超过常住人口」 for a rule: what it requires), as against the
// description, which explains, and a rule's message, which says what is
// wrong with a row that breaks it. BuiltinRules labels the rules the ingest
// and the build apply to every source (required, type, range, field_count,
// duplicate_key, …); a declared rule may not take one of their ids.
// Set.ColumnLabel and Set.RuleLabel give the label of a column or rule id as
// a quarantine row names it, falling back to the name or id.
//
// # Tables
//
// tables.go declares every table of shequ.duckdb once (Set.Tables): its
// name, what one row is (Chinese and English, for the README), its comment
// and its columns in order, each with its DuckDB type, as duckdb_columns()
// writes it, and its comment. A source's table (Schema.Table, named by
// TableName: communities' rows are community_register) is derived from its
// declaration: period, the declared columns with SQLType, then the lineage
// (LineageColumns); row_zh and row_en may say what its row is. From the
// declarations come the DDL of the tables the build creates empty, the
// COMMENT on every table and column, the Parquet schema of the quarantine
// files (Quarantine), the table lists of `shequ query --help`, `shequ
// build --help` and the README (regenerated with go test ./schemas -run
// TestREADMETables -update), and the check at the end of every build that
// each table has exactly its declared columns. Names are lowercase
// identifiers (letters, digits, _), checked when a schema loads.
package schemas
