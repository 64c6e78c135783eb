package decode

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// Stat returns the size of the export file at path after checking that it
// is one: a regular file that can be opened for reading. A missing file is
// an error wrapping fs.ErrNotExist that names the path; a folder, a device
// or pipe, a symbolic-link loop or a file that may not be opened is an
// *UnreadableError (wrapping ErrUnreadable, and fs.ErrPermission for the
// last) that names the path and says what to do. Other errors are the
// machine's and are returned as the operating system gave them.
//
// Open makes the same checks; Stat lets a caller check a file, and learn
// its size, before deciding to read it.
func Stat(path string) (int64, error) {
	f, st, err := openFile(path)
	if err != nil {
		return 0, err
	}
	if err := f.Close(); err != nil {
		return 0, err
	}
	return st.Size(), nil
}

// openFile opens the export file at path for reading, with the checks and
// errors of Stat. The caller must close the file.
func openFile(path string) (*os.File, fs.FileInfo, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, nil, pathProblem(path, err)
	}
	switch {
	case st.IsDir():
		return nil, nil, &UnreadableError{Path: path, Problem: ProblemFolder}
	case !st.Mode().IsRegular():
		return nil, nil, &UnreadableError{Path: path, Problem: ProblemNotRegular}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, pathProblem(path, err)
	}
	return f, st, nil
}

// pathProblem turns the error of opening or looking up path into an
// *UnreadableError when the file is at fault; a missing file and the
// machine's own errors come back as they are.
func pathProblem(path string, err error) error {
	cause := err
	if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
		cause = pe.Err // the path is said once, by the UnreadableError
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return err
	case errors.Is(err, syscall.ELOOP):
		return &UnreadableError{Path: path, Problem: ProblemSymlinkLoop, Err: cause}
	case errors.Is(err, fs.ErrPermission):
		return &UnreadableError{Path: path, Problem: ProblemPermission, Err: cause}
	}
	return err
}
