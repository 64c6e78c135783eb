package decode

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// workbookReader reads the rows of one or more sheets of a workbook.
type workbookReader struct {
	path   string
	file   *excelize.File
	pkg    *workbookPackage
	sheets []sheetPart // the sheets to read, in workbook order
	next   int         // index in sheets of the sheet to open after the current one

	sheet  string         // current sheet
	rows   *excelize.Rows // current sheet's iterator; nil between sheets
	row    int            // current row number
	broken *LineError     // where the current sheet's XML breaks, or nil
	merges []mergedRange  // current sheet's merged ranges not yet reached, sorted by first row
	active []*mergedRange // merged ranges that cover the current row
	err    error          // final error, returned by every later call
}

// mergedRange is a merged range of cells, 1-based and inclusive, with the
// value of its top-left cell once that row has been read.
type mergedRange struct {
	col1, row1, col2, row2 int
	value                  string
}

// xmlInMemory is the largest worksheet or shared-string table excelize
// keeps in memory (its UnzipXMLSizeLimit); larger ones go to temporary
// files. See the package documentation.
const xmlInMemory = 1 << 20

// openWorkbook opens an .xlsx or .xlsm file.
func openWorkbook(path string, opts Options) (*workbookReader, error) {
	osf, st, err := openFile(path)
	if err != nil {
		return nil, err
	}
	pkg, err := openPackage(path, osf, st.Size())
	if err != nil {
		osf.Close()
		return nil, err
	}
	r := &workbookReader{path: path, pkg: pkg}
	if opts.Sheet != "" {
		i := slices.IndexFunc(pkg.sheets, func(s sheetPart) bool { return s.name == opts.Sheet })
		if i < 0 {
			i = slices.IndexFunc(pkg.sheets, func(s sheetPart) bool { return strings.EqualFold(s.name, opts.Sheet) })
		}
		if i < 0 {
			osf.Close()
			names := make([]string, len(pkg.sheets))
			for i, s := range pkg.sheets {
				names[i] = s.name
			}
			return nil, fmt.Errorf("%s: %w: %q (sheets: %s)", path, ErrSheetNotFound, opts.Sheet, quoteAll(names))
		}
		r.sheets = pkg.sheets[i : i+1]
	} else {
		for _, s := range pkg.sheets {
			if !s.hidden {
				r.sheets = append(r.sheets, s)
			}
		}
	}
	f, err := excelize.OpenFile(path, excelize.Options{
		ShortDatePattern:  "yyyy-mm-dd",
		CultureInfo:       excelize.CultureNameZhCN,
		UnzipXMLSizeLimit: xmlInMemory,
	})
	if err != nil {
		if f != nil {
			f.Close() // removes what it unpacked
		}
		osf.Close()
		if machineError(err) {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return nil, &UnreadableError{Path: path, Problem: ProblemDamaged, Err: err}
	}
	r.file = f
	return r, nil
}

// Next returns the next row: see Reader.
func (r *workbookReader) Next() (Record, error) {
	for r.err == nil {
		if r.rows == nil {
			if r.next == len(r.sheets) {
				r.err = io.EOF
				break
			}
			s := r.sheets[r.next]
			r.next++
			if r.err = r.openSheet(s); r.err != nil {
				break
			}
		}
		if !r.rows.Next() {
			err := r.rows.Error()
			cerr := r.rows.Close()
			r.rows = nil
			switch {
			case r.broken != nil:
				r.err = r.broken
			case err != nil:
				r.err = r.damaged(r.row+1, err)
			case cerr != nil:
				r.err = fmt.Errorf("%s sheet %q: %w", r.path, r.sheet, cerr)
			}
			continue
		}
		r.row++
		if r.broken != nil && r.row >= r.broken.Line {
			r.err = r.broken
			break
		}
		cells, err := r.rows.Columns()
		if err != nil {
			r.err = r.damaged(r.row, err)
			break
		}
		return Record{Sheet: r.sheet, Line: r.row, Cells: trimCells(r.fill(cells))}, nil
	}
	return Record{}, r.err
}

// openSheet starts reading sheet s: its merged ranges and whether its XML
// breaks come from a pass over its part, its rows from excelize.
func (r *workbookReader) openSheet(s sheetPart) error {
	r.sheet, r.row, r.broken, r.merges, r.active = s.name, 0, nil, nil, nil
	if s.part == nil {
		return r.damaged(1, errors.New("the workbook names no part for this sheet"))
	}
	scan, err := scanSheet(s.part)
	if err != nil {
		return fmt.Errorf("%s sheet %q: %w", r.path, r.sheet, err)
	}
	r.merges = scan.merges
	if scan.err != nil {
		problem, cause := ProblemDamaged, scan.err // a bad merged range, say
		if se := (*xml.SyntaxError)(nil); errors.As(cause, &se) {
			problem, cause = ProblemBrokenSheet, errors.New(se.Msg) // the row says where
		}
		r.broken = &LineError{Path: r.path, Sheet: r.sheet, Line: scan.broken,
			Err: &UnreadableError{Problem: problem, Err: cause}}
	}
	rows, err := r.file.Rows(r.sheet)
	if err != nil {
		return r.damaged(1, err)
	}
	r.rows = rows
	return nil
}

// damaged is the error for content of the current sheet that excelize
// cannot read, at row line.
func (r *workbookReader) damaged(line int, err error) error {
	return &LineError{Path: r.path, Sheet: r.sheet, Line: line, Err: &UnreadableError{Problem: ProblemDamaged, Err: err}}
}

// fill copies the top-left value of every merged range that covers the
// current row into each of its cells in that row.
func (r *workbookReader) fill(cells []string) []string {
	r.active = slices.DeleteFunc(r.active, func(m *mergedRange) bool { return m.row2 < r.row })
	for len(r.merges) > 0 && r.merges[0].row1 <= r.row {
		m := &r.merges[0]
		r.merges = r.merges[1:]
		if m.row2 < r.row {
			continue // its rows were never read
		}
		if m.row1 == r.row && m.col1 <= len(cells) {
			m.value = cells[m.col1-1]
		}
		r.active = append(r.active, m)
	}
	for _, m := range r.active {
		if len(cells) < m.col2 {
			cells = append(cells, make([]string, m.col2-len(cells))...)
		}
		for c := m.col1; c <= m.col2; c++ {
			cells[c-1] = m.value
		}
	}
	return cells
}

// Format reports "xlsx".
func (r *workbookReader) Format() string { return "xlsx" }

// Position implements Reader: a workbook does not tell how far it is read.
func (r *workbookReader) Position() (done, total int64) { return 0, 0 }

// Encoding reports "xlsx": workbooks carry their own encoding.
func (r *workbookReader) Encoding() string { return EncodingXLSX }

// Close closes the workbook and removes excelize's temporary files.
// Calling it again does nothing.
func (r *workbookReader) Close() error {
	if r.file == nil {
		return nil
	}
	var errs []error
	if r.rows != nil {
		if err := r.rows.Close(); err != nil && r.rows.Error() == nil {
			errs = append(errs, err) // else the sheet's own error, which Next returns
		}
		r.rows = nil
	}
	errs = append(errs, r.file.Close(), r.pkg.file.Close())
	r.file = nil
	if r.err == nil {
		r.err = fmt.Errorf("%s: %w", r.path, fs.ErrClosed)
	}
	return errors.Join(errs...)
}

// quoteAll lists names for an error message: "Sheet1", "人口".
func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
