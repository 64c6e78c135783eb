package batch

import (
	"errors"
	"io/fs"

	"shequ/pipelines/decode"
)

// isDecodeProblem reports errors in reading an input file: the file is at
// fault (missing, unreadable, not what its name says, broken), not the
// machine or the warehouse.
func isDecodeProblem(err error) bool {
	var le *decode.LineError
	return errors.As(err, &le) || errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) ||
		errors.Is(err, decode.ErrUnreadable) ||
		errors.Is(err, decode.ErrUnsupportedFormat) || errors.Is(err, decode.ErrSheetNotFound) ||
		errors.Is(err, decode.ErrUnknownEncoding) || errors.Is(err, decode.ErrInvalidDelimiter)
}
