package batch

import (
	"errors"
	"io/fs"

	"shequ/pipelines/decode"
)

// isDecodeProblem reports errors in reading an input file.
func isDecodeProblem(err error) bool {
	var le *decode.LineError
	return errors.As(err, &le) || errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) ||
		errors.Is(err, decode.ErrUnsupportedFormat) || errors.Is(err, decode.ErrSheetNotFound) ||
		errors.Is(err, decode.ErrUnknownEncoding) || errors.Is(err, decode.ErrInvalidDelimiter)
}
