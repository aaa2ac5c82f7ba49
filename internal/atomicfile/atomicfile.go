// Package atomicfile writes files so that a reader sees either the old
// content or the complete new content, never a half-written file: data goes
// to a temporary file in the destination's directory, which is synced and
// then renamed over the destination.
//
// # Use
//
// For data already in memory:
//
//	err := atomicfile.WriteFile("results.json", data, 0o644)
//
// For streamed data, Create, write, then Commit; a deferred Abort cleans up
// on every error path and does nothing after a successful Commit:
//
//	f, err := atomicfile.Create("spikes.csv")
//	if err != nil { return err }
//	defer f.Abort()
//	... write to f ...
//	return f.Commit()
package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
)

// DefaultPerm is the permission Create gives the file it commits.
const DefaultPerm os.FileMode = 0o644

// File is a pending atomic write. Write to it, then Commit to move it into
// place or Abort to discard it. A File is not safe for concurrent use.
type File struct {
	tmp  *os.File
	path string
	perm os.FileMode
	done bool // committed or aborted
}

// Create starts an atomic write of path with permission DefaultPerm.
func Create(path string) (*File, error) {
	return CreatePerm(path, DefaultPerm)
}

// CreatePerm starts an atomic write of path; the committed file gets perm
// (applied as given: the umask is not consulted).
func CreatePerm(path string, perm os.FileMode) (*File, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, err
	}
	return &File{tmp: tmp, path: path, perm: perm}, nil
}

// Reopen continues a pending atomic write of path whose temporary file tmp
// was left by an earlier process (a run resumed from a checkpoint): the
// file is cut to size bytes, and writes go on at its end.
func Reopen(tmp, path string, size int64) (*File, error) {
	if filepath.Dir(tmp) != filepath.Dir(path) {
		return nil, errors.New("atomicfile: " + tmp + " is not in the directory of " + path)
	}
	f, err := OpenAt(tmp, size)
	if err != nil {
		return nil, err
	}
	return &File{tmp: f, path: path, perm: DefaultPerm}, nil
}

// OpenAt opens the file name for writing, cut to size bytes, positioned
// at its end: a file an earlier process was writing, continued from a
// place it recorded.
func OpenAt(name string, size int64) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	if err := f.Truncate(size); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.Seek(size, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// Keep syncs the temporary file to disk and returns its name and size,
// so that Reopen can continue it after this process ends; the file stays
// pending.
func (f *File) Keep() (tmp string, size int64, err error) {
	if f.done {
		return "", 0, os.ErrClosed
	}
	if err := f.tmp.Sync(); err != nil {
		return "", 0, err
	}
	size, err = f.tmp.Seek(0, io.SeekCurrent)
	return f.tmp.Name(), size, err
}

// Release closes the temporary file without removing it (to be continued
// by Reopen in another process); the File is done.
func (f *File) Release() {
	if f.done {
		return
	}
	f.done = true
	f.tmp.Close()
}

// Name returns the destination path.
func (f *File) Name() string { return f.path }

// Retarget changes the destination to path, which must be in the same
// directory (the rename stays atomic); for a file whose name is known only
// once it is written.
func (f *File) Retarget(path string) error {
	if filepath.Dir(path) != filepath.Dir(f.path) {
		return errors.New("atomicfile: " + path + " is not in the directory of " + f.path)
	}
	f.path = path
	return nil
}

// Write writes to the temporary file.
func (f *File) Write(p []byte) (int, error) {
	if f.done {
		return 0, os.ErrClosed
	}
	return f.tmp.Write(p)
}

// WriteAt writes p at offset off of the temporary file (to fill in a
// header once the length of what follows is known).
func (f *File) WriteAt(p []byte, off int64) (int, error) {
	if f.done {
		return 0, os.ErrClosed
	}
	return f.tmp.WriteAt(p, off)
}

// WriteString writes s to the temporary file.
func (f *File) WriteString(s string) (int, error) {
	if f.done {
		return 0, os.ErrClosed
	}
	return f.tmp.WriteString(s)
}

// Commit syncs the temporary file to disk and renames it to the destination,
// replacing any file there. On error the temporary file is removed and the
// destination is left as it was.
func (f *File) Commit() error {
	if f.done {
		return errors.New("atomicfile: " + f.path + ": already committed or aborted")
	}
	f.done = true
	tmpName := f.tmp.Name()
	err := f.tmp.Chmod(f.perm)
	if err == nil {
		err = f.tmp.Sync()
	}
	if cerr := f.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmpName, f.path)
	}
	if err != nil {
		os.Remove(tmpName)
		return err
	}
	syncDir(filepath.Dir(f.path))
	return nil
}

// Abort discards the pending write. It is a no-op after Commit or Abort, so
// it can be deferred right after Create.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.tmp.Close()
	os.Remove(f.tmp.Name())
}

// WriteFile writes data to path atomically with permission perm (applied as
// given: the umask is not consulted).
func WriteFile(path string, data []byte, perm os.FileMode) error {
	f, err := CreatePerm(path, perm)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write(data); err != nil {
		return err
	}
	return f.Commit()
}

// syncDir makes a rename durable. Errors are ignored: some systems cannot
// sync a directory, and the rename itself has already succeeded.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}
