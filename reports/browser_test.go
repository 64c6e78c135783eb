//go:build unix

package reports

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// chromium finds Debian's chromium. Without it the browser test fails on
// CI (CI=true) and is skipped elsewhere.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "headless Chromium is needed to check the HTML report in a browser: install Debian's chromium (apt-get install -y chromium)"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// cdpMessage is a DevTools protocol message: a response (ID set) or an
// event (Method set).
type cdpMessage struct {
	ID        int             `json:"id"`
	Method    string          `json:"method"`
	Params    json.RawMessage `json:"params"`
	Result    json.RawMessage `json:"result"`
	SessionID string          `json:"sessionId"`
	Error     *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// browser is a headless Chromium driven over --remote-debugging-pipe:
// commands go to its fd 3, responses and events come from its fd 4, each
// a JSON text ended by a NUL byte.
type browser struct {
	cmd    *exec.Cmd
	w      *os.File
	msgs   chan cdpMessage
	next   int
	events []cdpMessage // every event seen, in order
	mu     sync.Mutex
	stderr bytes.Buffer
}

// startBrowser starts Chromium with networking off and a fresh profile.
// The test's cleanup closes it, and kills it if it does not go.
func startBrowser(t *testing.T, path string) *browser {
	t.Helper()
	cmdR, cmdW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	respR, respW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	b := &browser{w: cmdW, msgs: make(chan cdpMessage, 256)}
	b.cmd = exec.Command(path,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
		"--disable-sync", "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-dev-shm-usage",
		"--mute-audio", "--hide-scrollbars", "--user-data-dir="+t.TempDir(),
		// Networking off: every request goes to a proxy that is not there,
		// and no host name resolves.
		"--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
		"--enable-logging=stderr", "--v=0",
		"--remote-debugging-pipe", "about:blank")
	b.cmd.ExtraFiles = []*os.File{cmdR, respW} // fd 3 and fd 4 in the child
	b.cmd.Stderr = &lockedWriter{mu: &b.mu, w: &b.stderr}
	if err := b.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	cmdR.Close()
	respW.Close()
	go func() {
		defer close(b.msgs)
		defer respR.Close()
		r := bufio.NewReader(respR)
		for {
			data, err := r.ReadBytes(0)
			if err != nil {
				return
			}
			var m cdpMessage
			if json.Unmarshal(data[:len(data)-1], &m) == nil {
				b.msgs <- m
			}
		}
	}()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		b.call(ctx, "", "Browser.close", nil)
		b.w.Close()
		done := make(chan error, 1)
		go func() { done <- b.cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			b.cmd.Process.Kill()
			<-done
		}
	})
	return b
}

type lockedWriter struct {
	mu *sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (b *browser) log() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.stderr.String()
}

// call sends a command and waits for its response, keeping the events
// that arrive meanwhile.
func (b *browser) call(ctx context.Context, session, method string, params any) (json.RawMessage, error) {
	b.next++
	id := b.next
	if params == nil {
		params = map[string]any{}
	}
	msg := map[string]any{"id": id, "method": method, "params": params}
	if session != "" {
		msg["sessionId"] = session
	}
	data, err := json.Marshal(msg)
	if err != nil {
		return nil, err
	}
	if _, err := b.w.Write(append(data, 0)); err != nil {
		return nil, fmt.Errorf("%s: %w", method, err)
	}
	for {
		select {
		case m, ok := <-b.msgs:
			if !ok {
				return nil, fmt.Errorf("%s: chromium closed the pipe", method)
			}
			if m.Method != "" {
				b.events = append(b.events, m)
				continue
			}
			if m.ID != id {
				continue
			}
			if m.Error != nil {
				return nil, fmt.Errorf("%s: %s (%d)", method, m.Error.Message, m.Error.Code)
			}
			return m.Result, nil
		case <-ctx.Done():
			return nil, fmt.Errorf("%s: %w", method, ctx.Err())
		}
	}
}

// wait waits for an event of a session.
func (b *browser) wait(ctx context.Context, session, method string) error {
	for _, e := range b.events {
		if e.Method == method && e.SessionID == session {
			return nil
		}
	}
	for {
		select {
		case m, ok := <-b.msgs:
			if !ok {
				return errors.New("chromium closed the pipe")
			}
			if m.Method != "" {
				b.events = append(b.events, m)
				if m.Method == method && m.SessionID == session {
					return nil
				}
			}
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: %w", method, ctx.Err())
		}
	}
}

// pageCheck is what the page reports about itself once loaded.
type pageCheck struct {
	Charts  []string             `json:"charts"`
	Sizes   map[string][]float64 `json:"sizes"`
	Scripts int                  `json:"scripts"`
	Title   string               `json:"title"`
	Height  float64              `json:"height"`
	Text    int                  `json:"text"`
	Sheets  int                  `json:"sheets"`
	// Sections maps each section's id to the length of its text.
	Sections map[string]int `json:"sections"`
}

const pageCheckJS = `(async () => {
  await document.fonts.ready;
  const svgs = [...document.querySelectorAll('svg[data-chart]')];
  const sizes = {};
  for (const s of svgs) { const r = s.getBoundingClientRect(); sizes[s.dataset.chart] = [r.width, r.height]; }
  return JSON.stringify({
    charts: svgs.map(s => s.dataset.chart).sort(),
    sizes: sizes,
    scripts: document.scripts.length,
    title: document.title,
    height: document.documentElement.scrollHeight,
    text: document.body.innerText.length,
    sheets: document.styleSheets.length,
    sections: Object.fromEntries([...document.querySelectorAll('section[id]')].map(s => [s.id, s.innerText.length])),
  });
})()`

// TestBrowser opens the HTML report in headless Chromium with networking
// off and checks that it renders: no failed request, no request at all
// other than the file itself, no console error or exception, every
// expected chart drawn at a visible size, and that it prints (A4, PDF).
// It saves a screenshot of the top of the Chinese report: under
// testdata/screenshot.png with -update, in the test's artifact directory
// otherwise (go test -artifacts keeps it).
func TestBrowser(t *testing.T) {
	path := chromium(t)
	db := openDB(t, dbPath)
	want := expectedCharts(t, db)
	for _, lang := range []string{LangZh, LangEn} {
		t.Run(lang, func(t *testing.T) {
			res := write(t, db, Options{Lang: lang})
			abs, err := filepath.Abs(res.HTML)
			if err != nil {
				t.Fatal(err)
			}
			pageURL := (&url.URL{Scheme: "file", Path: abs}).String()
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			b := startBrowser(t, path)
			must := func(r json.RawMessage, err error) json.RawMessage {
				t.Helper()
				if err != nil {
					t.Fatalf("%v\nchromium log:\n%s", err, b.log())
				}
				return r
			}
			s := openPage(ctx, t, b, pageURL)
			var pc pageCheck
			evaluate(ctx, t, b, s, pageCheckJS, &pc)
			if !slices.Equal(pc.Charts, want) {
				t.Errorf("charts in the page %q, want %q", pc.Charts, want)
			}
			for id, wh := range pc.Sizes {
				if len(wh) != 2 || wh[0] < 200 || wh[1] < 60 {
					t.Errorf("chart %s is drawn %v px: not visible", id, wh)
				}
			}
			// The sections on change, uncertainty, streets and place are
			// there and say something.
			for _, id := range []string{"change", "intervals", "streets", "map"} {
				if pc.Sections[id] < 200 {
					t.Errorf("section %s: %d characters of text", id, pc.Sections[id])
				}
			}
			if pc.Scripts != 0 {
				t.Errorf("%d scripts in the page", pc.Scripts)
			}
			if !strings.Contains(pc.Title, "2020") || pc.Text < 2000 || pc.Height < 3000 {
				t.Errorf("the page does not look rendered: %+v", pc)
			}
			shot := must(b.call(ctx, s, "Page.captureScreenshot", map[string]any{"format": "png"}))
			var png struct {
				Data []byte `json:"data"`
			}
			if err := json.Unmarshal(shot, &png); err != nil || len(png.Data) < 1000 {
				t.Fatalf("screenshot: %v (%d bytes)", err, len(png.Data))
			}
			pdf := must(b.call(ctx, s, "Page.printToPDF", map[string]any{"printBackground": true, "preferCSSPageSize": true}))
			var printed struct {
				Data []byte `json:"data"`
			}
			if err := json.Unmarshal(pdf, &printed); err != nil || !bytes.HasPrefix(printed.Data, []byte("%PDF")) {
				t.Errorf("print to PDF: %v (%.8q)", err, printed.Data)
			}
			checkEvents(t, b.events, s, pageURL)
			if lang != LangZh {
				return
			}
			dst := filepath.Join(t.ArtifactDir(), "screenshot.png")
			if *update {
				if len(png.Data) > 300<<10 {
					t.Fatalf("screenshot is %d KB; keep testdata under 300 KB", len(png.Data)>>10)
				}
				dst = filepath.Join("testdata", "screenshot.png")
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(dst, png.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("screenshot: %s (%d KB)", dst, len(png.Data)>>10)
		})
	}
}

// checkEvents fails the test on a failed request, a request for anything
// but the page itself, an exception or a console error.
func checkEvents(t *testing.T, events []cdpMessage, session, pageURL string) {
	t.Helper()
	requests := 0
	for _, e := range events {
		if e.SessionID != session {
			continue
		}
		switch e.Method {
		case "Network.requestWillBeSent":
			var p struct {
				Request struct {
					URL string `json:"url"`
				} `json:"request"`
			}
			json.Unmarshal(e.Params, &p)
			requests++
			if p.Request.URL != pageURL && !strings.HasPrefix(p.Request.URL, "data:") {
				t.Errorf("the page requested %s", p.Request.URL)
			}
		case "Network.loadingFailed":
			t.Errorf("failed request: %s", e.Params)
		case "Runtime.exceptionThrown":
			t.Errorf("exception: %s", e.Params)
		case "Runtime.consoleAPICalled":
			var p struct {
				Type string `json:"type"`
			}
			json.Unmarshal(e.Params, &p)
			if p.Type == "error" || p.Type == "assert" || p.Type == "warning" {
				t.Errorf("console %s: %s", p.Type, e.Params)
			}
		case "Log.entryAdded":
			var p struct {
				Entry struct {
					Level string `json:"level"`
				} `json:"entry"`
			}
			json.Unmarshal(e.Params, &p)
			if p.Entry.Level == "error" || p.Entry.Level == "warning" {
				t.Errorf("log %s: %s", p.Entry.Level, e.Params)
			}
		}
	}
	if requests == 0 {
		t.Error("no request seen: the network events were not recorded")
	}
}

// TestBrowserCatchesFailures makes sure the browser test would notice: a
// page that loads an image from the network and logs an error fails the
// same checks.
func TestBrowserCatchesFailures(t *testing.T) {
	path := chromium(t)
	page := filepath.Join(t.TempDir(), "bad.html")
	html := `<!DOCTYPE html><html><head><meta charset="utf-8"><title>bad</title></head><body>
<img src="http://example.com/logo.png"><script>console.error("boom")</script></body></html>`
	if err := os.WriteFile(page, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	pageURL := (&url.URL{Scheme: "file", Path: page}).String()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	b := startBrowser(t, path)
	var target struct {
		TargetID string `json:"targetId"`
	}
	r, err := b.call(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"})
	if err != nil {
		t.Fatal(err)
	}
	json.Unmarshal(r, &target)
	var attached struct {
		SessionID string `json:"sessionId"`
	}
	r, err = b.call(ctx, "", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true})
	if err != nil {
		t.Fatal(err)
	}
	json.Unmarshal(r, &attached)
	s := attached.SessionID
	for _, m := range []string{"Page.enable", "Network.enable", "Runtime.enable", "Log.enable"} {
		if _, err := b.call(ctx, s, m, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := b.call(ctx, s, "Page.navigate", map[string]any{"url": pageURL}); err != nil {
		t.Fatal(err)
	}
	if err := b.wait(ctx, s, "Page.loadEventFired"); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, e := range b.events {
		if e.SessionID == s {
			got[e.Method] = true
		}
	}
	for _, m := range []string{"Network.requestWillBeSent", "Network.loadingFailed", "Runtime.consoleAPICalled"} {
		if !got[m] {
			t.Errorf("no %s event for a page that should fail", m)
		}
	}
}
