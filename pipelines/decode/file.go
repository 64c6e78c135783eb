package decode

import (
	"fmt"
	"os"
)

// openRegular opens the file at path for reading; a folder is refused.
func openRegular(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err // an *fs.PathError: names the path, wraps fs.ErrNotExist
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if st.IsDir() {
		f.Close()
		return nil, fmt.Errorf("%s: %w: it is a folder", path, ErrUnsupportedFormat)
	}
	return f, nil
}
