// Package imgrid draws grayscale images (rows of float intensities, such
// as MNIST digits or generated samples) as one PNG grid.
//
// # Layout
//
// Image k of a grid with Cols columns goes to row k / Cols, column
// k % Cols. Images are W×H pixels, separated from each other and from
// the border by Sep pixels of gray SepGray; each pixel is drawn as a
// Scale×Scale block. Intensities are clamped to [0,1] and mapped to
// 0 (black) … 255 (white), so MNIST digits show white on black.
//
// # Use
//
//	err := imgrid.WritePNG("dream.png", images, imgrid.Layout{W: 28, H: 28, Cols: 10})
//
// The file is written atomically (internal/atomicfile): a reader sees the
// old file or the complete new one. Errors name the path.
package imgrid

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"

	"github.com/brainsim/brainsim/internal/atomicfile"
)

// Layout is the geometry of a grid.
type Layout struct {
	W, H int // size of one image in pixels; each image has W·H values, row-major
	// Cols is the number of images per grid row (0: all in one row); the
	// number of rows is ⌈len(images)/Cols⌉, or Rows if that is larger.
	Cols, Rows int
	Sep        int   // separator width in pixels (0: 1; negative: none)
	SepGray    uint8 // separator gray level (0 is black; Render uses 128 when SepGray is 0)
	Scale      int   // pixel magnification (0: 1)
}

func (l Layout) norm(n int) (Layout, error) {
	if l.W < 1 || l.H < 1 {
		return l, fmt.Errorf("image size %d×%d, want positive", l.W, l.H)
	}
	if l.Cols <= 0 {
		l.Cols = max(n, 1)
	}
	l.Rows = max(l.Rows, (n+l.Cols-1)/l.Cols, 1)
	switch {
	case l.Sep == 0:
		l.Sep = 1
	case l.Sep < 0:
		l.Sep = 0
	}
	if l.SepGray == 0 {
		l.SepGray = 128
	}
	if l.Scale <= 0 {
		l.Scale = 1
	}
	return l, nil
}

// Render draws the images into a new gray image. It returns an error if
// the layout is invalid or an image does not have W·H values.
func Render(images [][]float32, l Layout) (*image.Gray, error) {
	g, err := render(images, l)
	if err != nil {
		return nil, fmt.Errorf("imgrid: %w", err)
	}
	return g, nil
}

func render(images [][]float32, l Layout) (*image.Gray, error) {
	l, err := l.norm(len(images))
	if err != nil {
		return nil, err
	}
	cw, ch := l.W*l.Scale+l.Sep, l.H*l.Scale+l.Sep
	g := image.NewGray(image.Rect(0, 0, l.Cols*cw+l.Sep, l.Rows*ch+l.Sep))
	for i := range g.Pix {
		g.Pix[i] = l.SepGray
	}
	for k, img := range images {
		if len(img) != l.W*l.H {
			return nil, fmt.Errorf("image %d has %d values, want %d×%d = %d", k, len(img), l.W, l.H, l.W*l.H)
		}
		x0, y0 := l.Sep+(k%l.Cols)*cw, l.Sep+(k/l.Cols)*ch
		for y := range l.H {
			for x := range l.W {
				v := min(max(img[y*l.W+x], 0), 1)
				c := color.Gray{Y: uint8(v*255 + 0.5)}
				for dy := range l.Scale {
					for dx := range l.Scale {
						g.SetGray(x0+x*l.Scale+dx, y0+y*l.Scale+dy, c)
					}
				}
			}
		}
	}
	return g, nil
}

// WritePNG renders the images (see [Render]) and writes them to path as
// a PNG, atomically. Errors name the path.
func WritePNG(path string, images [][]float32, l Layout) error {
	g, err := render(images, l)
	if err != nil {
		return fmt.Errorf("imgrid: %s: %w", path, err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, g); err != nil {
		return fmt.Errorf("imgrid: %s: encoding PNG: %w", path, err)
	}
	if err := atomicfile.WriteFile(path, buf.Bytes(), atomicfile.DefaultPerm); err != nil {
		return fmt.Errorf("imgrid: writing %s: %w", path, err)
	}
	return nil
}
