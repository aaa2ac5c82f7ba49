package synapse

// RowOf exposes row to the external tests: the bounds of row i of p (a
// view's part of it for a view).
func RowOf(p *Projection, i int) (lo, hi int) { return p.row(i) }
