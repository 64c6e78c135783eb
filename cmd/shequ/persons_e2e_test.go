package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shequ/internal/warehouse"
)

// TestPersonLevelCensus ingests a person-level census extract end to end:
// the community totals come out as counted independently from the file,
// and no 身份证号, name or phone number is left anywhere shequ writes.
func TestPersonLevelCensus(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end run with a person-level file")
	}
	dir := t.TempDir()
	mustShequ(t, "gen", "--out", dir, "--persons", "400")
	persons := filepath.Join(dir, "persons", "人口个案.csv")
	register := filepath.Join(dir, "2020", "社区名录.csv")
	keyFile := filepath.Join(dir, "pii.key")
	if err := os.WriteFile(keyFile, []byte("a secret of more than enough bytes for hashing\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "persons.yaml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf(`warehouse: wh
pii_key_file: pii.key
sources:
  - source: communities
    period: "2021"
    files: [%q]
  - source: census_persons
    period: "2021"
    files: [%q]
`, register, persons)), 0o644); err != nil {
		t.Fatal(err)
	}

	// Without a key the file is refused with a clear message.
	noKey := filepath.Join(dir, "nokey.yaml")
	text, _ := os.ReadFile(cfg)
	if err := os.WriteFile(noKey, []byte(strings.Replace(string(text), "pii_key_file: pii.key\n", "", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	cmdNoKey := []string{"run", "--config", noKey}
	_, stderr, code := shequEnv(t, []string{piiKeyEnv + "="}, cmdNoKey...)
	if code != exitBadInput || !strings.Contains(stderr, "SHEQU_PII_KEY") {
		t.Errorf("run without a key: exit %d, stderr %q; want exit %d naming SHEQU_PII_KEY", code, stderr, exitBadInput)
	}

	_, logs, code := shequEnv(t, nil, "run", "--config", cfg)
	if code != 0 {
		t.Fatalf("run: exit %d\n%s", code, logs)
	}
	wh := filepath.Join(dir, "wh")

	// Count the file independently: residents, registered, households and
	// age bands at 2021-12-31 per community.
	f, err := os.Open(persons)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Line 1 is the synthetic-data mark of shequ gen, one field alone;
	// line 2 the header; the persons follow.
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 3 || len(recs[0]) != 1 || !strings.HasPrefix(recs[0][0], "【模拟数据 SYNTHETIC】") || recs[1][0] != "身份证号" {
		t.Fatalf("the file opens %q; want the synthetic-data mark, then the header", recs[:min(len(recs), 2)])
	}
	recs = recs[1:]
	for _, r := range recs {
		if len(r) != len(recs[0]) {
			t.Fatalf("a record of %d fields under a header of %d", len(r), len(recs[0]))
		}
	}
	type counts struct{ resident, registered, age0, age15, age60 int }
	want := map[string]*counts{}
	households := map[string]map[string]bool{}
	var secrets []string
	end := time.Date(2021, 12, 31, 0, 0, 0, 0, time.UTC)
	for _, r := range recs[1:] {
		id, name, phone, code, birth, hukou, hh := r[0], r[1], r[2], r[3], r[5], r[6], r[7]
		secrets = append(secrets, id, name, phone)
		c := want[code]
		if c == nil {
			c = &counts{}
			want[code] = c
			households[code] = map[string]bool{}
		}
		c.resident++
		if hukou == "户籍" {
			c.registered++
		}
		households[code][hh] = true
		b, err := time.Parse("2006-01-02", birth)
		if err != nil {
			t.Fatal(err)
		}
		age := end.Year() - b.Year() // full years: every birthday has passed by 31 December
		if end.Month() < b.Month() || (end.Month() == b.Month() && end.Day() < b.Day()) {
			age--
		}
		switch {
		case age < 15:
			c.age0++
		case age < 60:
			c.age15++
		default:
			c.age60++
		}
	}
	rows := query(t, wh, `SELECT community_code, resident, registered, households, age_0_14, age_15_59, age_60_plus
		FROM census WHERE period = '2021' ORDER BY community_code`)
	if len(rows) != len(want) {
		t.Errorf("census has %d communities for 2021, the file %d", len(rows), len(want))
	}
	for _, r := range rows {
		code := r["community_code"].(string)
		w := want[code]
		if w == nil {
			t.Errorf("census has %s, which the file does not", code)
			continue
		}
		got := fmt.Sprint(r["resident"], r["registered"], r["households"], r["age_0_14"], r["age_15_59"], r["age_60_plus"])
		exp := fmt.Sprint(w.resident, w.registered, len(households[code]), w.age0, w.age15, w.age60)
		if got != exp {
			t.Errorf("%s: resident registered households age bands = %s, want %s", code, got, exp)
		}
	}

	// No identifier, name or phone anywhere: not in any table of the
	// database, not in the Parquet (raw and quarantine, read as text), not
	// in the manifests or run records, not in the log.
	var dump strings.Builder
	for _, table := range []string{"census_persons", "census", "quarantine", "ingest_files", "runs", "indicator_values"} {
		dump.WriteString(mustShequ(t, "query", "--warehouse", wh, "--format", "csv", "SELECT * FROM "+table))
	}
	// The Parquet is read with DuckDB itself: shequ query reads no files.
	duck := openDuckDB(t)
	for _, layer := range []string{"raw", "quarantine"} {
		glob := filepath.Join(wh, layer, "*", "*", "*.parquet")
		if m, _ := filepath.Glob(glob); len(m) > 0 {
			out := filepath.Join(t.TempDir(), layer+".csv")
			if _, err := duck.ExecContext(context.Background(), "COPY (SELECT * FROM read_parquet("+warehouse.QuoteString(glob)+
				", union_by_name = true)) TO "+warehouse.QuoteString(out)); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			dump.Write(data)
		}
	}
	_ = filepath.Walk(wh, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && strings.HasSuffix(p, ".json") {
			data, _ := os.ReadFile(p)
			dump.Write(data)
		}
		return nil
	})
	dump.WriteString(logs)
	all := dump.String()
	if !strings.Contains(all, recs[1][3]) {
		t.Fatalf("the dump does not even hold a community code: the check would prove nothing")
	}
	for _, s := range secrets {
		if s != "" && strings.Contains(all, s) {
			t.Errorf("personal data %q found in the warehouse or the log", s)
		}
	}
}

// shequEnv runs the binary with extra environment variables.
func shequEnv(t *testing.T, env []string, args ...string) (string, string, int) {
	t.Helper()
	cmd := execCommand(args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(interface{ ExitCode() int }); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run shequ %v: %v", args, err)
	}
	return out.String(), errb.String(), code
}
