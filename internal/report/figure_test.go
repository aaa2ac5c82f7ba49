package report

import "image"

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
