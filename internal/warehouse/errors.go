package warehouse

import "errors"

// ErrNotWarehouse reports a folder that exists but is not a shequ warehouse.
var ErrNotWarehouse = errors.New("not a shequ warehouse")

// ErrNoWarehouse reports a warehouse folder that does not exist.
var ErrNoWarehouse = errors.New("no warehouse here")

// ErrLocked reports that another shequ run holds the warehouse lock.
var ErrLocked = errors.New("warehouse is in use by another shequ run")
