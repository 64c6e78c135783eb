package decode

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/richardlehane/mscfb"
	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html/charset"
)

// compoundSignature starts every OLE compound file: an encrypted workbook
// (its package sealed in an EncryptedPackage stream) or an Excel 97-2003
// .xls (a Workbook or Book stream).
var compoundSignature = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// zipSignature starts a zip archive whose first entry is a file, as every
// workbook's does.
var zipSignature = []byte("PK\x03\x04")

// workbookPackage is the zip archive of a workbook, read beside excelize:
// it says what is wrong with a file that is not a readable workbook, and
// gives each sheet's part so that its merged ranges can be read by
// streaming, without excelize loading the worksheet.
type workbookPackage struct {
	file   *os.File
	sheets []sheetPart // in workbook order
}

// sheetPart is a sheet of the workbook and the zip entry that holds it.
type sheetPart struct {
	name   string
	hidden bool      // state "hidden" or "veryHidden"
	part   *zip.File // nil when the workbook names no part for the sheet
}

// openPackage checks that f, the file named file of size bytes, is a workbook
// and lists its sheets. Every error for a file that is not a readable
// workbook is an *UnreadableError; others are the machine's. The package
// keeps f, which the caller closes.
func openPackage(file string, f *os.File, size int64) (*workbookPackage, error) {
	if size == 0 {
		return nil, &UnreadableError{Path: file, Problem: ProblemEmpty}
	}
	head := make([]byte, min(size, 512))
	if _, err := f.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	if bytes.HasPrefix(head, compoundSignature) {
		return nil, compoundProblem(file, f)
	}
	zr, err := zip.NewReader(f, size)
	if err != nil {
		if machineError(err) {
			return nil, err
		}
		if bytes.HasPrefix(head, zipSignature) {
			return nil, &UnreadableError{Path: file, Problem: ProblemTruncated, Err: err}
		}
		return nil, &UnreadableError{Path: file, Problem: ProblemNotWorkbook, Err: describeText(head)}
	}
	parts := make(map[string]*zip.File, len(zr.File))
	for _, zf := range zr.File {
		parts[partName(zf.Name)] = zf
	}
	lookup := func(name string) *zip.File {
		if zf, ok := parts[name]; ok {
			return zf
		}
		for n, zf := range parts {
			if strings.EqualFold(n, name) {
				return zf
			}
		}
		return nil
	}
	damaged := func(err error) error {
		if machineError(err) {
			return err
		}
		return &UnreadableError{Path: file, Problem: ProblemDamaged, Err: err}
	}

	// The workbook part is the package's officeDocument, as excelize finds it.
	var wbPath string
	if zf := lookup("_rels/.rels"); zf != nil {
		rels, err := readRelationships(zf)
		if err != nil {
			return nil, damaged(err)
		}
		for _, r := range rels {
			if strings.HasSuffix(r.typ, "/officeDocument") {
				wbPath = partName(r.target)
				break
			}
		}
	}
	wbPart := lookup(wbPath)
	if wbPath == "" || wbPart == nil {
		return nil, &UnreadableError{Path: file, Problem: ProblemNoWorkbook}
	}
	root, sheets, err := readWorkbook(wbPart)
	if err != nil {
		return nil, damaged(err)
	}
	if root != "workbook" {
		return nil, &UnreadableError{Path: file, Problem: ProblemNoWorkbook,
			Err: fmt.Errorf("its main part %s is a %s", wbPath, root)}
	}
	dir := path.Dir(wbPath)
	relsPath := path.Join(dir, "_rels", path.Base(wbPath)+".rels")
	targets := map[string]string{}
	if zf := lookup(relsPath); zf != nil {
		rels, err := readRelationships(zf)
		if err != nil {
			return nil, damaged(err)
		}
		for _, r := range rels {
			targets[r.id] = r.target
		}
	}
	for i, s := range sheets {
		target, ok := targets[s.id]
		if !ok {
			continue
		}
		if strings.HasPrefix(target, "/") {
			sheets[i].part = lookup(partName(target))
		} else {
			sheets[i].part = lookup(path.Join(dir, target))
		}
	}
	// excelize reads the shared strings from this fixed name; one that is
	// too large to hold goes to a temporary file, where excelize stops
	// silently at broken XML, so it is checked here.
	if zf := lookup("xl/sharedStrings.xml"); zf != nil {
		if _, err := scanXML(zf, nil); err != nil {
			return nil, damaged(fmt.Errorf("shared strings %s: %w", zf.Name, err))
		}
	}
	p := &workbookPackage{file: f}
	for _, s := range sheets {
		p.sheets = append(p.sheets, s.sheetPart)
	}
	return p, nil
}

// partName is the name of a zip entry or a relationship's target as a part
// name: forward slashes, no leading slash, cleaned.
func partName(name string) string {
	name = strings.TrimPrefix(path.Clean("/"+strings.ReplaceAll(name, `\`, "/")), "/")
	if name == "." {
		return ""
	}
	return name
}

// machineError reports errors of the machine rather than of the file's
// content: those of reading the file or a temporary file.
func machineError(err error) bool {
	var pe *fs.PathError
	var errno syscall.Errno
	return errors.As(err, &pe) || errors.As(err, &errno)
}

// compoundProblem says which kind of compound file f is: an encrypted
// workbook has EncryptionInfo and EncryptedPackage streams, an .xls a
// Workbook (Excel 97-2003) or Book (Excel 5/95) stream. A compound file
// whose directory cannot be read is said to be one or the other.
func compoundProblem(path string, f *os.File) error {
	doc, err := mscfb.New(f)
	if err != nil {
		return &UnreadableError{Path: path, Problem: ProblemEncryptedOrOldExcel}
	}
	var encrypted, xls bool
	for _, e := range doc.File {
		if len(e.Path) != 0 {
			continue // not at the top level
		}
		switch e.Name {
		case "EncryptionInfo", "EncryptedPackage":
			encrypted = true
		case "Workbook", "Book":
			xls = true
		}
	}
	switch {
	case encrypted && !xls:
		return &UnreadableError{Path: path, Problem: ProblemEncrypted}
	case xls && !encrypted:
		return &UnreadableError{Path: path, Problem: ProblemOldExcel}
	}
	return &UnreadableError{Path: path, Problem: ProblemEncryptedOrOldExcel}
}

// describeText says what a file that is not a zip archive looks like, from
// its first bytes, when that can be told: markup or plain text. It returns
// nil otherwise.
func describeText(head []byte) error {
	t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF")), " \t\r\n")
	if len(t) == 0 {
		return nil
	}
	if t[0] == '<' {
		return errors.New("it holds HTML or XML text: a web page or an XML export saved under a workbook's name?")
	}
	// A cut through the last character of the prefix does not count.
	for cut := 0; cut < utf8.UTFMax && cut < len(t); cut++ {
		if utf8.Valid(t[:len(t)-cut]) {
			if bytes.ContainsFunc(t[:len(t)-cut], func(r rune) bool { return r < ' ' && r != '\t' && r != '\r' && r != '\n' }) {
				return nil
			}
			return errors.New("it holds plain text: a CSV file saved under a workbook's name?")
		}
	}
	return nil
}

// relationship is one entry of a relationships part.
type relationship struct{ id, typ, target string }

// readRelationships reads a relationships part (*.rels).
func readRelationships(zf *zip.File) ([]relationship, error) {
	var rels []relationship
	_, err := scanXML(zf, func(tok xml.Token, parent string) error {
		t, ok := tok.(xml.StartElement)
		if !ok || t.Name.Local != "Relationship" {
			return nil
		}
		var r relationship
		for _, a := range t.Attr {
			switch a.Name.Local {
			case "Id":
				r.id = a.Value
			case "Type":
				r.typ = a.Value
			case "Target":
				r.target = a.Value
			}
		}
		rels = append(rels, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", zf.Name, err)
	}
	return rels, nil
}

// workbookSheet is a sheet of workbook.xml with its relationship id.
type workbookSheet struct {
	sheetPart
	id string
}

// readWorkbook reads the workbook part: the local name of its root element
// and its sheets, in order.
func readWorkbook(zf *zip.File) (root string, sheets []workbookSheet, err error) {
	root, err = scanXML(zf, func(tok xml.Token, parent string) error {
		t, ok := tok.(xml.StartElement)
		if !ok || t.Name.Local != "sheet" || parent != "sheets" {
			return nil
		}
		var s workbookSheet
		for _, a := range t.Attr {
			switch {
			case a.Name.Local == "name" && a.Name.Space == "":
				s.name = a.Value
			case a.Name.Local == "state" && a.Name.Space == "":
				s.hidden = a.Value != "" && a.Value != "visible"
			case a.Name.Local == "id" && a.Name.Space != "": // r:id
				s.id = a.Value
			}
		}
		sheets = append(sheets, s)
		return nil
	})
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", zf.Name, err)
	}
	return root, sheets, nil
}

// scanXML reads the XML part zf as a stream of tokens, checking that it is
// well formed as far as excelize's readers need (a root element, every
// element closed by its own end tag, no bad character or entity), and
// calls visit, when not nil, with each start and end element and
// the local name of the element around it ("" for the root). It returns
// the local name of the root element, and the error where the XML breaks:
// a *xml.SyntaxError, a decompression error or visit's. Errors reading the
// file itself are the machine's (see machineError).
func scanXML(zf *zip.File, visit func(tok xml.Token, parent string) error) (root string, err error) {
	rc, err := zf.Open()
	if err != nil {
		return "", err
	}
	defer rc.Close()
	d := xml.NewDecoder(bufio.NewReaderSize(rc, 64<<10))
	d.CharsetReader = charset.NewReaderLabel // as excelize
	syntax := func(msg string) error {
		line, _ := d.InputPos()
		return &xml.SyntaxError{Msg: msg, Line: line}
	}
	var stack []xml.Name
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			switch {
			case len(stack) > 0:
				return root, syntax("unexpected end of the part inside <" + qualified(stack[len(stack)-1]) + ">")
			case root == "":
				return root, syntax("no root element")
			}
			return root, nil
		}
		if err != nil {
			return root, err
		}
		parent := ""
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case len(stack) > 0:
				parent = stack[len(stack)-1].Local
			case root == "":
				root = t.Name.Local
			}
			stack = append(stack, t.Name)
		case xml.EndElement:
			if len(stack) == 0 || stack[len(stack)-1] != t.Name {
				open := "no element"
				if len(stack) > 0 {
					open = "<" + qualified(stack[len(stack)-1]) + ">"
				}
				return root, syntax(fmt.Sprintf("</%s> closes %s", qualified(t.Name), open))
			}
			stack = stack[:len(stack)-1]
			if len(stack) > 0 {
				parent = stack[len(stack)-1].Local
			}
		default:
			continue
		}
		if visit != nil {
			if err := visit(tok, parent); err != nil {
				return root, err
			}
		}
	}
}

// qualified writes an element name as it appears in the XML.
func qualified(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

// sheetScan is what one pass over a worksheet part finds.
type sheetScan struct {
	merges []mergedRange // sorted by first row
	broken int           // the row where the XML breaks, or the one after the last row when it breaks after them; 0 if it does not
	err    error         // why it breaks
}

// scanSheet reads a worksheet part as a stream: its merged ranges (in the
// <mergeCells> element after <sheetData>, in any order) and whether, and at
// which row, its XML breaks. Only the merged ranges are kept, so memory
// does not grow with the rows. The error is the machine's; a broken part
// is reported in the result.
func scanSheet(zf *zip.File) (sheetScan, error) {
	var s sheetScan
	row, last := 0, 0 // the row being read (0 between rows) and the last row met
	_, err := scanXML(zf, func(tok xml.Token, parent string) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Local == "row" && parent == "sheetData":
				// Numbered as excelize numbers them: by r, else the next.
				row = last + 1
				for _, a := range t.Attr {
					if a.Name.Local == "r" && a.Name.Space == "" {
						if n, err := strconv.Atoi(a.Value); err == nil && n > 0 {
							row = n
						}
					}
				}
				last = row
			case t.Name.Local == "mergeCell" && parent == "mergeCells":
				for _, a := range t.Attr {
					if a.Name.Local == "ref" && a.Name.Space == "" {
						m, err := parseRange(a.Value)
						if err != nil {
							return err
						}
						s.merges = append(s.merges, m)
					}
				}
			}
		case xml.EndElement:
			if t.Name.Local == "row" && parent == "sheetData" {
				row = 0
			}
		}
		return nil
	})
	if err != nil {
		if machineError(err) {
			return sheetScan{}, err
		}
		s.broken, s.err = last+1, err
		if row != 0 {
			s.broken = row
		}
	}
	slices.SortStableFunc(s.merges, func(a, b mergedRange) int { return a.row1 - b.row1 })
	return s, nil
}

// parseRange reads a merged range's reference, "A1:E1" (or a single cell).
func parseRange(ref string) (mergedRange, error) {
	first, last, _ := strings.Cut(ref, ":")
	col1, row1, err := excelize.CellNameToCoordinates(first)
	if err != nil {
		return mergedRange{}, fmt.Errorf("merged range %q: %w", ref, err)
	}
	col2, row2 := col1, row1
	if last != "" {
		if col2, row2, err = excelize.CellNameToCoordinates(last); err != nil {
			return mergedRange{}, fmt.Errorf("merged range %q: %w", ref, err)
		}
	}
	return mergedRange{
		col1: min(col1, col2), row1: min(row1, row2),
		col2: max(col1, col2), row2: max(row1, row2),
	}, nil
}
