package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

// leftovers lists the entries of dir other than want.
func leftovers(t *testing.T, dir string, want ...string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	keep := map[string]bool{}
	for _, w := range want {
		keep[w] = true
	}
	var extra []string
	for _, e := range entries {
		if !keep[e.Name()] {
			extra = append(extra, e.Name())
		}
	}
	return extra
}

func TestWriteFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "a.txt")
	if err := WriteFile(path, []byte("hello\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "hello\n" {
		t.Errorf("content: got %q, want %q", got, "hello\n")
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("perm: got %v, want %v", st.Mode().Perm(), os.FileMode(0o600))
	}
	if extra := leftovers(t, dir, "a.txt"); len(extra) > 0 {
		t.Errorf("temporary files left: %v", extra)
	}

	// Overwrite.
	if err := WriteFile(path, []byte("bye"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, _ = os.ReadFile(path)
	if string(got) != "bye" {
		t.Errorf("after overwrite: got %q, want %q", got, "bye")
	}
}

func TestWriteFileMissingDir(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "no", "such", "a.txt")
	if err := WriteFile(path, []byte("x"), 0o644); err == nil {
		t.Error("got nil error for a missing directory")
	}
}

func TestCreateCommit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "s.csv")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Abort()
	if f.Name() != path {
		t.Errorf("Name: got %q, want %q", f.Name(), path)
	}
	if _, err := f.WriteString("step,neuron\n"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("1,2\n")); err != nil {
		t.Fatal(err)
	}
	// Before Commit the reader still sees the old content.
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("before commit: got %q, want %q", got, "old")
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "step,neuron\n1,2\n" {
		t.Errorf("after commit: got %q", got)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != DefaultPerm {
		t.Errorf("perm: got %v, want %v", st.Mode().Perm(), DefaultPerm)
	}
	if err := f.Commit(); err == nil {
		t.Error("second Commit: got nil error")
	}
	if _, err := f.Write([]byte("x")); err == nil {
		t.Error("Write after Commit: got nil error")
	}
	f.Abort() // no-op after Commit
	if _, err := os.Stat(path); err != nil {
		t.Errorf("Abort after Commit removed the file: %v", err)
	}
	if extra := leftovers(t, dir, "s.csv"); len(extra) > 0 {
		t.Errorf("temporary files left: %v", extra)
	}
}

func TestAbort(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "r.json")
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("partial")
	f.Abort()
	f.Abort()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("destination exists after Abort (err %v)", err)
	}
	if extra := leftovers(t, dir); len(extra) > 0 {
		t.Errorf("temporary files left: %v", extra)
	}
	if err := f.Commit(); err == nil {
		t.Error("Commit after Abort: got nil error")
	}
}

func TestCreateRelative(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := WriteFile("plain.txt", []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "plain.txt")); string(got) != "x" {
		t.Errorf("got %q, want %q", got, "x")
	}
}

// TestKeepReopen: a pending write kept by one "process" (Keep, Release)
// is continued by another from the size it kept (Reopen cuts what was
// written after it) and committed whole.
func TestKeepReopen(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "spikes.csv")
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("a,b\n1,2\n")
	tmp, size, err := f.Keep()
	if err != nil || size != 8 {
		t.Fatalf("Keep: %d bytes, %v", size, err)
	}
	f.WriteString("written after the checkpoint\n")
	f.Release()
	if _, err := os.Stat(path); err == nil {
		t.Fatal("released, not committed, yet the destination exists")
	}
	g, err := Reopen(tmp, path, size)
	if err != nil {
		t.Fatal(err)
	}
	g.WriteString("3,4\n")
	if err := g.Commit(); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	if string(got) != "a,b\n1,2\n3,4\n" {
		t.Fatalf("committed %q", got)
	}
	if _, err := Reopen(tmp, filepath.Join(t.TempDir(), "x"), 0); err == nil {
		t.Error("Reopen into another folder: no error")
	}
}
