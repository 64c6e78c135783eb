package nationalgen

import "fmt"

// OptionsError reports Options that cannot be used: what is wrong with
// which field.
type OptionsError struct {
	Field, Value, Reason string
}

func (e *OptionsError) Error() string {
	return fmt.Sprintf("nationalgen: %s %q: %s", e.Field, e.Value, e.Reason)
}
