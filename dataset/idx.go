package dataset

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// IDX is the content of an IDX file of unsigned bytes (type 0x08): the
// sizes of its dimensions, outermost first, and the elements row-major.
type IDX struct {
	Dims []int
	Data []byte
}

// idxMaxElems bounds the element count a header may announce (4 GiB of
// bytes would be far beyond any data set this package serves).
const idxMaxElems = 1 << 32

// ReadIDX reads an IDX file of unsigned bytes from r, gzip-compressed or
// not (recognized by the gzip magic bytes 1f 8b). The format: two zero
// bytes, the element type (only 0x08, unsigned byte, is supported), the
// number of dimensions, one big-endian uint32 size per dimension, then
// the elements. A short file, an unsupported type, a bad gzip stream or
// bytes after the data are errors; ReadIDX never panics.
func ReadIDX(r io.Reader) (IDX, error) {
	br := bufio.NewReader(r)
	if head, err := br.Peek(2); err == nil && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return IDX{}, fmt.Errorf("bad gzip stream: %w", err)
		}
		defer zr.Close()
		br = bufio.NewReader(zr)
	}
	var magic [4]byte
	if _, err := io.ReadFull(br, magic[:]); err != nil {
		return IDX{}, fmt.Errorf("truncated header: %w", noEOF(err))
	}
	if magic[0] != 0 || magic[1] != 0 {
		return IDX{}, fmt.Errorf("bad magic number %#08x: the first two bytes must be zero", binary.BigEndian.Uint32(magic[:]))
	}
	if magic[2] != 0x08 {
		return IDX{}, fmt.Errorf("unsupported element type %#02x (only 0x08, unsigned byte, is supported)", magic[2])
	}
	nd := int(magic[3])
	if nd == 0 {
		return IDX{}, fmt.Errorf("bad magic number %#08x: zero dimensions", binary.BigEndian.Uint32(magic[:]))
	}
	sizes := make([]byte, 4*nd)
	if _, err := io.ReadFull(br, sizes); err != nil {
		return IDX{}, fmt.Errorf("truncated header (%d dimensions announced): %w", nd, noEOF(err))
	}
	dims := make([]int, nd)
	total := int64(1)
	for i := range dims {
		dims[i] = int(binary.BigEndian.Uint32(sizes[4*i:]))
		if dims[i] != 0 && total > idxMaxElems/int64(dims[i]) {
			return IDX{}, fmt.Errorf("sizes %v announce more than %d elements", dims[:i+1], int64(idxMaxElems))
		}
		total *= int64(dims[i])
	}
	// Read through a LimitReader so that a header announcing more data
	// than the file holds costs no more memory than the file itself.
	data, err := io.ReadAll(io.LimitReader(br, total))
	if err != nil {
		return IDX{}, fmt.Errorf("reading data: %w", err)
	}
	if int64(len(data)) != total {
		return IDX{}, fmt.Errorf("truncated data: sizes %v need %d bytes, got %d", dims, total, len(data))
	}
	// Reading to EOF also makes gzip verify its checksum.
	extra, err := io.Copy(io.Discard, br)
	if err != nil {
		return IDX{}, fmt.Errorf("after the data: %w", err)
	}
	if extra > 0 {
		return IDX{}, fmt.Errorf("%d bytes after the data announced by sizes %v", extra, dims)
	}
	return IDX{Dims: dims, Data: data}, nil
}

// noEOF turns io.EOF into io.ErrUnexpectedEOF: inside a header, any end
// of file is unexpected.
func noEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// ReadIDXFile reads the IDX file at path (see ReadIDX); its errors name
// the file.
func ReadIDXFile(path string) (IDX, error) {
	f, err := os.Open(path)
	if err != nil {
		return IDX{}, fmt.Errorf("dataset: %w", err)
	}
	defer f.Close()
	m, err := ReadIDX(f)
	if err != nil {
		return IDX{}, fmt.Errorf("dataset: %s: %w", path, err)
	}
	return m, nil
}

// WriteIDX writes m to w as an uncompressed IDX file of unsigned bytes.
// It returns an error if the sizes do not fit the format (1 to 255
// dimensions, each below 2^32) or do not match len(m.Data).
func WriteIDX(w io.Writer, m IDX) error {
	if len(m.Dims) == 0 || len(m.Dims) > 255 {
		return fmt.Errorf("dataset: WriteIDX: %d dimensions, want 1 to 255", len(m.Dims))
	}
	buf := []byte{0, 0, 0x08, byte(len(m.Dims))}
	total := 1
	for _, d := range m.Dims {
		if d < 0 || int64(d) > 1<<32-1 {
			return fmt.Errorf("dataset: WriteIDX: size %d outside [0,2^32)", d)
		}
		buf = binary.BigEndian.AppendUint32(buf, uint32(d))
		total *= d
	}
	if total != len(m.Data) {
		return fmt.Errorf("dataset: WriteIDX: sizes %v need %d bytes, data has %d", m.Dims, total, len(m.Data))
	}
	if _, err := w.Write(buf); err != nil {
		return fmt.Errorf("dataset: WriteIDX: %w", err)
	}
	if _, err := w.Write(m.Data); err != nil {
		return fmt.Errorf("dataset: WriteIDX: %w", err)
	}
	return nil
}
