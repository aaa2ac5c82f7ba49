package report

import (
	"bytes"
	"image"
	"image/png"
	"testing"
)

// TestContinualFigure renders two methods headless and checks the PNG's
// size and that it is not blank (many distinct colours, dark pixels).
func TestContinualFigure(t *testing.T) {
	s := ContinualSeries{Name: "sequential", PerTask: [][]float64{{1, 0, 0}, {0.2, 0.9, 0}, {0.1, 0.3, 0.95}}, Seen: []float64{1, 0.55, 0.45}}
	b, err := ContinualFigure([]ContinualSeries{s, s})
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if w, h := img.Bounds().Dx(), img.Bounds().Dy(); w < 400 || h < 200 {
		t.Errorf("image %d×%d, want at least 400×200", w, h)
	}
	if c, dark := colours(img); c < 5 || dark < 500 {
		t.Errorf("%d colours, %d dark pixels: looks blank", c, dark)
	}
	if _, err := ContinualFigure(nil); err == nil {
		t.Error("no series: no error")
	}
}

// colours counts the distinct colours and the dark pixels of img.
func colours(img image.Image) (int, int) {
	seen := map[[3]uint32]bool{}
	dark := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[[3]uint32{r, g, bl}] = true
			if r+g+bl < 3*0x4000 {
				dark++
			}
		}
	}
	return len(seen), dark
}
