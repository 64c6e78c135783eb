package decode

import (
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
	sheets []string // the sheets to read, in workbook order
	next   int      // index in sheets of the sheet to open after the current one

	sheet  string         // current sheet
	rows   *excelize.Rows // current sheet's iterator; nil between sheets
	row    int            // current row number
	loaded bool           // merges has been loaded for the current sheet
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

// openWorkbook opens an .xlsx or .xlsm file.
func openWorkbook(path string, opts Options) (*workbookReader, error) {
	f, err := excelize.OpenFile(path, excelize.Options{
		ShortDatePattern: "yyyy-mm-dd",
		CultureInfo:      excelize.CultureNameZhCN,
	})
	if err != nil {
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
			return nil, err // names the path, wraps fs.ErrNotExist when missing
		}
		return nil, fmt.Errorf("%s: not a readable workbook: %w", path, err)
	}
	r := &workbookReader{path: path, file: f}
	all := f.GetSheetList()
	if opts.Sheet != "" {
		i := slices.Index(all, opts.Sheet)
		if i < 0 {
			i = slices.IndexFunc(all, func(s string) bool { return strings.EqualFold(s, opts.Sheet) })
		}
		if i < 0 {
			f.Close()
			return nil, fmt.Errorf("%s: %w: %q (sheets: %s)", path, ErrSheetNotFound, opts.Sheet, quoteAll(all))
		}
		r.sheets = []string{all[i]}
		return r, nil
	}
	for _, name := range all {
		visible, err := f.GetSheetVisible(name)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s sheet %q: %w", path, name, err)
		}
		if visible {
			r.sheets = append(r.sheets, name)
		}
	}
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
			r.sheet = r.sheets[r.next]
			r.next++
			rows, err := r.file.Rows(r.sheet)
			if err != nil {
				r.err = fmt.Errorf("%s sheet %q: %w", r.path, r.sheet, err)
				break
			}
			r.rows, r.row, r.loaded, r.merges, r.active = rows, 0, false, nil, nil
		}
		if !r.rows.Next() {
			err := r.rows.Error()
			if cerr := r.rows.Close(); err == nil {
				err = cerr
			}
			r.rows = nil
			if err != nil {
				r.err = &LineError{Path: r.path, Sheet: r.sheet, Line: r.row + 1, Err: err}
			}
			continue
		}
		r.row++
		if !r.loaded {
			// Looked up at the first row, so that chart sheets, which have
			// no rows and no merged cells, are passed over.
			if err := r.loadMerges(); err != nil {
				r.err = fmt.Errorf("%s sheet %q: %w", r.path, r.sheet, err)
				break
			}
		}
		cells, err := r.rows.Columns()
		if err != nil {
			r.err = &LineError{Path: r.path, Sheet: r.sheet, Line: r.row, Err: err}
			break
		}
		return Record{Sheet: r.sheet, Line: r.row, Cells: trimCells(r.fill(cells))}, nil
	}
	return Record{}, r.err
}

// loadMerges reads the current sheet's merged ranges.
func (r *workbookReader) loadMerges() error {
	cells, err := r.file.GetMergeCells(r.sheet, true)
	if err != nil {
		return err
	}
	r.merges = make([]mergedRange, 0, len(cells))
	for _, c := range cells {
		if len(c) == 0 {
			continue
		}
		first, last, _ := strings.Cut(c[0], ":")
		col1, row1, err := excelize.CellNameToCoordinates(first)
		if err != nil {
			return fmt.Errorf("merged range %q: %w", c[0], err)
		}
		col2, row2 := col1, row1
		if last != "" {
			if col2, row2, err = excelize.CellNameToCoordinates(last); err != nil {
				return fmt.Errorf("merged range %q: %w", c[0], err)
			}
		}
		r.merges = append(r.merges, mergedRange{
			col1: min(col1, col2), row1: min(row1, row2),
			col2: max(col1, col2), row2: max(row1, row2),
		})
	}
	slices.SortFunc(r.merges, func(a, b mergedRange) int { return a.row1 - b.row1 })
	r.loaded = true
	return nil
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
		errs = append(errs, r.rows.Close())
		r.rows = nil
	}
	errs = append(errs, r.file.Close())
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
