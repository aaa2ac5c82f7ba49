package dataset

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func idxBytes(t testing.TB, m IDX) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteIDX(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func gzipBytes(t testing.TB, p []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write(p); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestIDXRoundTrip(t *testing.T) {
	t.Parallel()
	m := IDX{Dims: []int{3, 2, 4}, Data: make([]byte, 24)}
	for i := range m.Data {
		m.Data[i] = byte(i * 11)
	}
	raw := idxBytes(t, m)
	if want := []byte{0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 4}; !bytes.Equal(raw[:16], want) {
		t.Fatalf("header % x, want % x", raw[:16], want)
	}
	dir := t.TempDir()
	for name, content := range map[string][]byte{"plain-idx3-ubyte": raw, "gz-idx3-ubyte.gz": gzipBytes(t, raw)} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := ReadIDXFile(p)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !slices.Equal(got.Dims, m.Dims) || !bytes.Equal(got.Data, m.Data) {
			t.Errorf("%s: read %v % x, want %v % x", name, got.Dims, got.Data, m.Dims, m.Data)
		}
	}
	// An empty dimension is legal and holds no data.
	if got, err := ReadIDX(bytes.NewReader(idxBytes(t, IDX{Dims: []int{0, 5}}))); err != nil || len(got.Data) != 0 {
		t.Errorf("empty IDX: %v %v", got, err)
	}
}

func TestIDXCorrupt(t *testing.T) {
	t.Parallel()
	good := idxBytes(t, IDX{Dims: []int{2, 3}, Data: []byte{1, 2, 3, 4, 5, 6}})
	gz := gzipBytes(t, good)
	badCRC := slices.Clone(gz)
	badCRC[len(badCRC)-8] ^= 0xff // the CRC-32 in the gzip trailer
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty file", nil, "truncated header"},
		{"short magic", []byte{0, 0, 8}, "truncated header"},
		{"nonzero magic", []byte{1, 0, 8, 1, 0, 0, 0, 0}, "bad magic"},
		{"float type", []byte{0, 0, 0x0d, 1, 0, 0, 0, 0}, "unsupported element type 0x0d"},
		{"zero dims", []byte{0, 0, 8, 0}, "zero dimensions"},
		{"short sizes", []byte{0, 0, 8, 2, 0, 0, 0, 2, 0, 0}, "truncated header (2 dimensions"},
		{"short data", good[:len(good)-1], "truncated data: sizes [2 3] need 6 bytes, got 5"},
		{"trailing data", append(slices.Clone(good), 9), "1 bytes after the data"},
		{"huge sizes", []byte{0, 0, 8, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, "announce more than"},
		{"truncated gzip", gz[:len(gz)-10], "unexpected EOF"},
		{"gzip checksum", badCRC, "checksum"},
		{"bad gzip header", []byte{0x1f, 0x8b, 0, 0}, "bad gzip stream"},
	}
	dir := t.TempDir()
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(dir, "f"+string(rune('a'+i)))
			if err := os.WriteFile(p, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := ReadIDXFile(p)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), p) {
				t.Errorf("ReadIDXFile = %v, want an error naming %s and containing %q", err, p, tt.want)
			}
		})
	}
	if _, err := ReadIDXFile(filepath.Join(dir, "missing")); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("missing file: %v", err)
	}
}

func TestWriteIDXErrors(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	for _, m := range []IDX{{}, {Dims: []int{2}, Data: []byte{1}}, {Dims: []int{-1}}} {
		if err := WriteIDX(&b, m); err == nil {
			t.Errorf("WriteIDX(%v) succeeded", m)
		}
	}
}

// FuzzReadIDX checks that ReadIDX never panics and that what it accepts
// survives a write/read round trip.
func FuzzReadIDX(f *testing.F) {
	good := idxBytes(f, IDX{Dims: []int{2, 3}, Data: []byte{1, 2, 3, 4, 5, 6}})
	f.Add(good)
	f.Add(gzipBytes(f, good))
	f.Add([]byte{0, 0, 8, 1, 0, 0, 0, 1, 7})
	f.Add([]byte{0, 0, 8, 2, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ReadIDX(bytes.NewReader(data))
		if err != nil {
			return
		}
		again, err := ReadIDX(bytes.NewReader(idxBytes(t, m)))
		if err != nil || !slices.Equal(again.Dims, m.Dims) || !bytes.Equal(again.Data, m.Data) {
			t.Fatalf("round trip of %v: %v", m.Dims, err)
		}
	})
}
