package samplegen

import "errors"

// ErrOptions reports Options that cannot be used: no output directory, or a
// scale that is not a positive finite number.
var ErrOptions = errors.New("invalid sample options")

// ErrCalibration reports that the parameter table cannot be met, for
// example a registered population larger than the residents it belongs to.
// It means models.go was edited into an inconsistent state.
var ErrCalibration = errors.New("sample calibration cannot be met")
