package build

import "errors"

// ErrNoCommunities reports a warehouse with no community register: the
// indicators have no communities to be computed for.
var ErrNoCommunities = errors.New("no community register ingested")
