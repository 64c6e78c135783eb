package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"shequ/internal/warehouse"
)

// batchReport is what `--json` prints of a run, in the parts these tests read.
type batchReport struct {
	Files []struct {
		Source, Period, File, Status string
		Accepted                     int64
	}
	Removed []string
}

// shequIn runs the binary in folder dir and returns stdout, stderr and the
// exit code.
func shequIn(t *testing.T, dir string, args ...string) (string, string, int) {
	t.Helper()
	cmd := execCommand(args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run shequ %v: %v", args, err)
	}
	return out.String(), errb.String(), code
}

// mustReport runs the binary in dir with --json and decodes its report.
func mustReport(t *testing.T, dir string, args ...string) batchReport {
	t.Helper()
	out, stderr, code := shequIn(t, dir, append(args, "--json")...)
	if code != 0 {
		t.Fatalf("shequ %v: exit %d\n%s", args, code, stderr)
	}
	var rep batchReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("shequ %v --json: %v\n%s", args, err, out)
	}
	return rep
}

// statuses lists "file status" for each file of a report.
func statuses(rep batchReport) []string {
	var out []string
	for _, f := range rep.Files {
		out = append(out, f.File+" "+f.Status)
	}
	return out
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// rowsOf runs a query whose rows have one text column "r".
func rowsOf(t *testing.T, wh, sql string) []string {
	t.Helper()
	var out []string
	for _, r := range query(t, wh, sql) {
		out = append(out, fmt.Sprint(r["r"]))
	}
	return out
}

// TestSameNameInTwoFolders: two census files named 人口.csv, one in d1 and
// one in d2, are two files, whether `shequ ingest` or `shequ run` takes
// them. Both are kept, counted and queryable; ingesting one again
// replaces its own rows only; a key they share is a cross-file duplicate;
// a configuration that stops listing one removes it.
func TestSameNameInTwoFolders(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"reg.csv":     "社区代码,社区名称\n440305006002,水湾\n440305006003,五湾\n440305006004,赤湾\n440305006005,沿山\n",
		"d1/人口.csv":   "社区代码,常住人口,户数\n440305006002,100,40\n440305006003,200,80\n",
		"d2/人口.csv":   "社区代码,常住人口,户数\n440305006004,300,120\n440305006005,400,160\n",
		"both.yaml":   "warehouse: wh\nsources:\n  - source: communities\n    period: \"2020\"\n    files: [reg.csv]\n  - source: census\n    period: \"2020\"\n    files: [\"d*/人口.csv\"]\nreports:\n  skip: true\n",
		"d2only.yaml": "warehouse: wh\nsources:\n  - source: communities\n    period: \"2020\"\n    files: [reg.csv]\n  - source: census\n    period: \"2020\"\n    files: [d2/人口.csv]\nreports:\n  skip: true\n",
	})
	wh := filepath.Join(dir, "wh")
	ingest := func(args ...string) batchReport {
		t.Helper()
		return mustReport(t, dir, append([]string{"ingest", "--warehouse", "wh", "--source", "census", "--period", "2020"}, args...)...)
	}
	census := func() []string {
		t.Helper()
		mustShequ(t, "build", "--warehouse", wh)
		return rowsOf(t, wh, `SELECT community_code || ' ' || resident || ' ' || source_file AS r FROM census ORDER BY community_code`)
	}
	mustReport(t, dir, "ingest", "--warehouse", "wh", "--source", "communities", "--period", "2020", "reg.csv")

	// Both files in one ingest: two files, both ingested, both kept.
	rep := ingest("d1/人口.csv", "d2/人口.csv")
	if diff := cmp.Diff([]string{"d1/人口.csv ingested", "d2/人口.csv ingested"}, statuses(rep)); diff != "" {
		t.Errorf("ingest of both (-want +got):\n%s", diff)
	}
	// The four rows as written in the two files; source_file tells the two
	// files apart by their paths, as their names are the same.
	want := []string{"440305006002 100 d1/人口.csv", "440305006003 200 d1/人口.csv",
		"440305006004 300 d2/人口.csv", "440305006005 400 d2/人口.csv"}
	if diff := cmp.Diff(want, census()); diff != "" {
		t.Errorf("census after ingesting both (-want +got):\n%s", diff)
	}
	files := rowsOf(t, wh, `SELECT path || ' ' || file || ' ' || accepted AS r FROM ingest_files WHERE source = 'census' ORDER BY path`)
	if diff := cmp.Diff([]string{"d1/人口.csv 人口.csv 2", "d2/人口.csv 人口.csv 2"}, files); diff != "" {
		t.Errorf("ingest_files (-want +got):\n%s", diff)
	}

	// d1 corrected: 水湾 110 residents. Ingesting it again replaces d1's
	// rows and leaves d2's.
	writeFiles(t, dir, map[string]string{"d1/人口.csv": "社区代码,常住人口,户数\n440305006002,110,40\n440305006003,200,80\n"})
	rep = ingest("d1/人口.csv")
	if diff := cmp.Diff([]string{"d1/人口.csv ingested"}, statuses(rep)); diff != "" {
		t.Errorf("ingest of d1 again (-want +got):\n%s", diff)
	}
	want[0] = "440305006002 110 d1/人口.csv"
	if diff := cmp.Diff(want, census()); diff != "" {
		t.Errorf("census after ingesting d1 again (-want +got):\n%s", diff)
	}

	// Unchanged, d1 is skipped; with --force it is read again, to the same rows.
	if diff := cmp.Diff([]string{"d1/人口.csv unchanged"}, statuses(ingest("d1/人口.csv"))); diff != "" {
		t.Errorf("ingest of d1 unchanged (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"d1/人口.csv ingested"}, statuses(ingest("--force", "d1/人口.csv"))); diff != "" {
		t.Errorf("ingest --force of d1 unchanged (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, census()); diff != "" {
		t.Errorf("census after ingest --force (-want +got):\n%s", diff)
	}

	// The configuration finds the same two files, by a pattern and from
	// another working folder: the same identity, so both are unchanged.
	rep = mustReport(t, t.TempDir(), "run", "--config", filepath.Join(dir, "both.yaml"))
	wantStatus := []string{filepath.Join(dir, "reg.csv") + " unchanged", filepath.Join(dir, "d1/人口.csv") + " unchanged",
		filepath.Join(dir, "d2/人口.csv") + " unchanged"}
	if diff := cmp.Diff(wantStatus, statuses(rep)); diff != "" || len(rep.Removed) > 0 {
		t.Errorf("run over both (-want +got):\n%s\nremoved: %v", diff, rep.Removed)
	}

	// d2 now also lists 五湾, which d1 has: the build takes neither row
	// (d1 line 3, d2 line 4) and names both files by their paths.
	writeFiles(t, dir, map[string]string{"d2/人口.csv": "社区代码,常住人口,户数\n440305006004,300,120\n440305006005,400,160\n440305006003,210,81\n"})
	ingest("d2/人口.csv")
	if diff := cmp.Diff([]string{"440305006002 110 d1/人口.csv", "440305006004 300 d2/人口.csv", "440305006005 400 d2/人口.csv"}, census()); diff != "" {
		t.Errorf("census with 五湾 in both files (-want +got):\n%s", diff)
	}
	quar := rowsOf(t, wh, `SELECT file || ' ' || line || ' ' || rule || ' ' || contains(message_en, 'd1/人口.csv, d2/人口.csv') AS r FROM quarantine ORDER BY file, line`)
	if diff := cmp.Diff([]string{"d1/人口.csv 3 duplicate_key true", "d2/人口.csv 4 duplicate_key true"}, quar); diff != "" {
		t.Errorf("quarantine (-want +got):\n%s", diff)
	}

	// A configuration that lists d2 only removes d1, and only d1.
	rep = mustReport(t, dir, "run", "--config", "d2only.yaml")
	if diff := cmp.Diff([]string{"census 2020 d1/人口.csv"}, rep.Removed); diff != "" {
		t.Errorf("removed (-want +got):\n%s", diff)
	}
	// d2 is alone with its name now: its rows carry the name only.
	want = []string{"440305006003 210 人口.csv", "440305006004 300 人口.csv", "440305006005 400 人口.csv"}
	if diff := cmp.Diff(want, rowsOf(t, wh, `SELECT community_code || ' ' || resident || ' ' || source_file AS r FROM census ORDER BY community_code`)); diff != "" {
		t.Errorf("census after d1 was withdrawn (-want +got):\n%s", diff)
	}
}

// rawOf returns the warehouse-relative raw and quarantine Parquet of the
// input named file (base name) in source and period, read from its
// manifest.
func rawOf(t *testing.T, wh, source, period, file string) (raw, quar string) {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(wh, "ingest", source, "period="+period, "*.json"))
	for _, p := range paths {
		var m struct {
			FileID string `json:"file_id"`
			File   string `json:"file"`
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		if m.File == file {
			return "raw/" + source + "/period=" + period + "/" + m.FileID + ".parquet",
				"quarantine/" + source + "/period=" + period + "/" + m.FileID + ".parquet"
		}
	}
	t.Fatalf("no manifest of %s in %s %s", file, source, period)
	return "", ""
}

func sha256File(t *testing.T, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// TestTamperedRawLayer changes the raw Parquet of a built warehouse of the
// sample exports behind shequ's back: a researcher overwrites the 2020
// community register with a query's COPY (36 of its 161 communities, those
// of Shenzhen: Pingshan 24 + the virtual one + Zhaoshang 11), another file
// is cut short, a third deleted. The build refuses, naming each, and
// publishes nothing; the next run reads those three exports again (their
// sha256 is unchanged) and the census has its 161 communities a period.
func TestTamperedRawLayer(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end run over the sample exports")
	}
	dir := copyDir(t, "../../testdata/exports")
	cfg := filepath.Join(dir, "shequ.yaml")
	mustShequ(t, "run", "--config", cfg)
	wh := filepath.Join(dir, "warehouse")
	dbBefore := sha256File(t, filepath.Join(wh, "shequ.duckdb"))

	register, _ := rawOf(t, wh, "communities", "2020", "社区名录.csv")
	tianning, _ := rawOf(t, wh, "census", "2015", "人口_天宁区.csv")
	staff, _ := rawOf(t, wh, "staff", "2020", "社区工作力量.csv")
	db, err := warehouse.OpenDB("", false)
	if err != nil {
		t.Fatal(err)
	}
	p := warehouse.QuoteString(filepath.Join(wh, register))
	if _, err := db.Exec(`COPY (SELECT * FROM read_parquet(` + p + `) WHERE community_code LIKE '4403%') TO ` + p + ` (FORMAT parquet)`); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM read_parquet(` + p + `)`).Scan(&n); err != nil || n != 36 {
		t.Fatalf("the overwritten register has %d rows (%v), want 36", n, err)
	}
	db.Close()
	st, err := os.Stat(filepath.Join(wh, tianning))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(filepath.Join(wh, tianning), st.Size()/2); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(wh, staff)); err != nil {
		t.Fatal(err)
	}

	_, stderr, code := shequ(t, "build", "--warehouse", wh)
	if code != exitBadInput {
		t.Errorf("build over the changed files: exit %d, want %d\n%s", code, exitBadInput, stderr)
	}
	for _, want := range []string{
		"3 Parquet file(s) of the warehouse do not match their manifests",
		register + " (communities 2020, from " + filepath.Join(dir, "2020", "社区名录.csv") + ")",
		"36 rows in its footer, the manifest counts 161",
		tianning + " (census 2015, from " + filepath.Join(dir, "2015", "人口_天宁区.csv") + "): size " + fmt.Sprint(st.Size()/2) + " bytes, the manifest records " + fmt.Sprint(st.Size()),
		staff + " (staff 2020, from " + filepath.Join(dir, "2020", "社区工作力量.csv") + "): the file is missing",
		"shequ ingest --warehouse " + wh + " --source staff --period 2020 " + filepath.Join(dir, "2020", "社区工作力量.csv"),
		"nothing was published",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("build's message does not say %q:\n%s", want, stderr)
		}
	}
	if got := sha256File(t, filepath.Join(wh, "shequ.duckdb")); got != dbBefore {
		t.Errorf("the refused build replaced shequ.duckdb")
	}

	out, stderr, code := shequ(t, "run", "--config", cfg, "--json")
	if code != 0 {
		t.Fatalf("run after the changes: exit %d\n%s", code, stderr)
	}
	var rep batchReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	var again []string
	for _, f := range rep.Files {
		switch f.Status {
		case "ingested":
			again = append(again, f.Source+" "+f.Period+" "+filepath.Base(f.File))
		case "unchanged":
		default:
			t.Errorf("%s: status %s", f.File, f.Status)
		}
	}
	sort.Strings(again)
	if diff := cmp.Diff([]string{"census 2015 人口_天宁区.csv", "communities 2020 社区名录.csv", "staff 2020 社区工作力量.csv"}, again); diff != "" {
		t.Errorf("files read again (-want +got):\n%s", diff)
	}
	if got := strings.Count(stderr, "no longer matches its manifest"); got != 3 {
		t.Errorf("%d warnings that a Parquet no longer matches its manifest, want 3:\n%s", got, stderr)
	}
	got := rowsOf(t, wh, `SELECT period || ' ' || count(*) AS r FROM communities GROUP BY period ORDER BY period`)
	if diff := cmp.Diff([]string{"2015 161", "2020 161"}, got); diff != "" {
		t.Errorf("communities per period (-want +got):\n%s", diff)
	}
	mustShequ(t, "build", "--warehouse", wh)
}

// legacyID is how warehouses written before file identifiers took the path
// named a file: "f" and the first 8 bytes of the sha256 of its base name.
func legacyID(name string) string {
	sum := sha256.Sum256([]byte(name))
	return "f" + hex.EncodeToString(sum[:8])
}

// makeLegacy turns a warehouse into one written before Parquet digests and
// path identifiers: each file renamed to its name-only identifier, and the
// manifests without digests.
func makeLegacy(t *testing.T, wh string) {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(wh, "ingest", "*", "period=*", "*.json"))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		old, id := m["file_id"].(string), legacyID(m["file"].(string))
		m["file_id"] = id
		delete(m, "raw_parquet")
		delete(m, "quarantine_parquet")
		data, err = json.MarshalIndent(m, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(filepath.Dir(p), id+".json"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(filepath.Join(wh, "ingest"), filepath.Dir(p))
		for _, layer := range []string{"raw", "quarantine"} {
			from := filepath.Join(wh, layer, rel, old+".parquet")
			if _, err := os.Stat(from); err == nil {
				if err := os.Rename(from, filepath.Join(wh, layer, rel, id+".parquet")); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// TestLegacyManifests: a warehouse written before digests and path
// identifiers builds with one warning that its files cannot be verified;
// `shequ ingest` of one of its files replaces that file's entry; the next
// `shequ run` reads every file again, records digests and leaves no entry
// of the old kind and nothing counted twice.
func TestLegacyManifests(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"reg.csv": "社区代码,社区名称\n440305006002,水湾\n440305006003,五湾\n",
		// c1 line 3 has a negative count: quarantined, so c1 has a quarantine file.
		"c1.csv": "社区代码,常住人口,户数\n440305006002,100,40\n440305006003,-5,80\n",
		"c2.csv": "社区代码,常住人口,户数\n440305006003,200,80\n",
		"s.yaml": "warehouse: wh\nsources:\n  - source: communities\n    period: \"2020\"\n    files: [reg.csv]\n" +
			"  - source: census\n    period: \"2020\"\n    files: [c1.csv, c2.csv]\nreports:\n  skip: true\n",
	})
	wh := filepath.Join(dir, "wh")
	mustReport(t, dir, "run", "--config", "s.yaml")
	makeLegacy(t, wh)
	ids := func() []string {
		paths, _ := filepath.Glob(filepath.Join(wh, "*", "*", "period=*", "*"))
		var out []string
		for _, p := range paths {
			rel, _ := filepath.Rel(wh, p)
			out = append(out, rel)
		}
		sort.Strings(out)
		return out
	}
	// The three files under their name-only identifiers.
	legacy := []string{
		"ingest/census/period=2020/" + legacyID("c1.csv") + ".json", "ingest/census/period=2020/" + legacyID("c2.csv") + ".json",
		"ingest/communities/period=2020/" + legacyID("reg.csv") + ".json",
		"quarantine/census/period=2020/" + legacyID("c1.csv") + ".parquet",
		"raw/census/period=2020/" + legacyID("c1.csv") + ".parquet", "raw/census/period=2020/" + legacyID("c2.csv") + ".parquet",
		"raw/communities/period=2020/" + legacyID("reg.csv") + ".parquet",
	}
	sort.Strings(legacy)
	if diff := cmp.Diff(legacy, ids()); diff != "" {
		t.Fatalf("the legacy warehouse (-want +got):\n%s", diff)
	}
	census := func() []string {
		t.Helper()
		return rowsOf(t, wh, `SELECT community_code || ' ' || resident || ' ' || source_file AS r FROM census ORDER BY community_code`)
	}
	// 水湾 from c1, 五湾 from c2 (c1's is quarantined).
	want := []string{"440305006002 100 c1.csv", "440305006003 200 c2.csv"}

	_, stderr, code := shequ(t, "build", "--warehouse", wh)
	if code != 0 {
		t.Fatalf("build of the legacy warehouse: exit %d\n%s", code, stderr)
	}
	if n := strings.Count(stderr, "were ingested before shequ recorded the checksum of their Parquet"); n != 1 || !strings.Contains(stderr, "3 input file(s)") {
		t.Errorf("build said %d times that files are unverifiable, want once, for 3 files:\n%s", n, stderr)
	}
	if diff := cmp.Diff(want, census()); diff != "" {
		t.Errorf("census of the legacy warehouse (-want +got):\n%s", diff)
	}

	// Ingesting c2 replaces its old entry: no second copy of 五湾.
	rep := mustReport(t, dir, "ingest", "--warehouse", "wh", "--source", "census", "--period", "2020", "c2.csv")
	if diff := cmp.Diff([]string{"c2.csv ingested"}, statuses(rep)); diff != "" {
		t.Errorf("ingest of c2 (-want +got):\n%s", diff)
	}
	mustShequ(t, "build", "--warehouse", wh)
	if diff := cmp.Diff(want, census()); diff != "" {
		t.Errorf("census after c2 was ingested again (-want +got):\n%s", diff)
	}

	// The run reads the two files still under the old identifiers again
	// (c2 is unchanged since), removes nothing, and the build has nothing
	// left it cannot verify.
	out, stderr, code := shequIn(t, dir, "run", "--config", "s.yaml", "--json")
	if code != 0 {
		t.Fatalf("run: exit %d\n%s", code, stderr)
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	wantStatus := []string{"reg.csv ingested", "c1.csv ingested", "c2.csv unchanged"}
	if diff := cmp.Diff(wantStatus, statuses(rep)); diff != "" || len(rep.Removed) > 0 {
		t.Errorf("run (-want +got):\n%s\nremoved: %v", diff, rep.Removed)
	}
	if strings.Contains(stderr, "were ingested before shequ recorded") {
		t.Errorf("the run's build still finds unverifiable files:\n%s", stderr)
	}
	for _, p := range ids() {
		if id := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(p), ".json"), ".parquet"); len(id) != 33 {
			t.Errorf("%s: an identifier of %d characters is left, want 33 (f and 32 hex digits)", p, len(id))
		}
	}
	if got := len(ids()); got != 7 {
		t.Errorf("%d files in the warehouse's layers, want 7 (3 manifests, 3 raw, 1 quarantine)", got)
	}
	if diff := cmp.Diff(want, census()); diff != "" {
		t.Errorf("census after the run (-want +got):\n%s", diff)
	}

	// --force reads every listed file again.
	rep = mustReport(t, dir, "run", "--config", "s.yaml", "--force")
	for _, s := range statuses(rep) {
		if !strings.HasSuffix(s, " ingested") {
			t.Errorf("run --force: %s, want every file ingested", s)
		}
	}
}
