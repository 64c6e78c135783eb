package census2020

import "errors"

// ErrCorrupt reports that the embedded census table could not be read or
// holds a value that is not a number where a count is expected. It means the
// binary was built from a damaged checkout.
var ErrCorrupt = errors.New("embedded census data is unreadable")
