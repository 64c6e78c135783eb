package divisions

import "errors"

// ErrCorrupt reports that the embedded division data could not be read.
// It means the binary was built from a damaged checkout.
var ErrCorrupt = errors.New("embedded division data is unreadable")
