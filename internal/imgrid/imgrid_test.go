package imgrid

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRenderLayout(t *testing.T) {
	imgs := [][]float32{
		{0, 1, 0.5, 2, -1, 1}, // 3×2, out-of-range values are clamped
		{1, 1, 1, 1, 1, 1},
		{0, 0, 0, 0, 0, 0},
	}
	g, err := Render(imgs, Layout{W: 3, H: 2, Cols: 2, Sep: 1})
	if err != nil {
		t.Fatal(err)
	}
	// 2 columns × (3+1) + 1 wide, 2 rows × (2+1) + 1 high.
	if b := g.Bounds(); b.Dx() != 9 || b.Dy() != 7 {
		t.Fatalf("size %v, want 9×7", b.Size())
	}
	cases := []struct {
		x, y int
		want uint8
	}{
		{0, 0, 128},                         // separator
		{1, 1, 0}, {2, 1, 255}, {3, 1, 128}, // image 0, row 0
		{1, 2, 255}, {2, 2, 0}, {3, 2, 255}, // image 0, row 1 (clamped)
		{5, 1, 255}, {1, 4, 0}, {5, 4, 128}, // images 1 and 2, empty cell
		{4, 1, 128}, // separator between columns
	}
	for _, c := range cases {
		if got := g.GrayAt(c.x, c.y).Y; got != c.want {
			t.Errorf("pixel (%d,%d) = %d, want %d", c.x, c.y, got, c.want)
		}
	}
}

func TestScale(t *testing.T) {
	g, err := Render([][]float32{{1}}, Layout{W: 1, H: 1, Scale: 3, Sep: -1})
	if err != nil {
		t.Fatal(err)
	}
	if b := g.Bounds(); b.Dx() != 3 || b.Dy() != 3 {
		t.Fatalf("size %v, want 3×3", b.Size())
	}
}

func TestWritePNG(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "grid.png")
	imgs := make([][]float32, 10)
	for i := range imgs {
		imgs[i] = make([]float32, 28*28)
		imgs[i][i] = 1
	}
	if err := WritePNG(p, imgs, Layout{W: 28, H: 28, Cols: 5, Sep: 2}); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("decoding %s: %v", p, err)
	}
	if b := img.Bounds(); b.Dx() != 5*30+2 || b.Dy() != 2*30+2 {
		t.Errorf("size %v, want 152×62", b.Size())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only grid.png (no temporary files)", len(entries))
	}
}

func TestErrorsNamePath(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-such-dir", "grid.png")
	err := WritePNG(missing, [][]float32{{1}}, Layout{W: 1, H: 1})
	if err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("error %v, want one naming %s", err, missing)
	}
	err = WritePNG("bad.png", [][]float32{{1, 2}}, Layout{W: 1, H: 1})
	if err == nil || !strings.Contains(err.Error(), "bad.png") || !strings.Contains(err.Error(), "image 0") {
		t.Errorf("error %v, want one naming bad.png and image 0", err)
	}
	if _, err := Render(nil, Layout{}); err == nil {
		t.Error("Render with a 0×0 image size: no error")
	}
}
