// Package report renders result tables for people and for scripts.
//
// # Tables
//
// A Table is a title, snake_case column keys and rows of Go values (strings,
// integers, floats, bools). The same Table renders as
//
//   - table: a box-drawn terminal table (tablewriter) with numbers formatted
//     for reading;
//   - markdown: a GitHub-flavoured Markdown table, numbers formatted as in
//     table, numeric columns right-aligned;
//   - csv: a header row of the column keys, then one record per row, numbers
//     in full precision (NaN as "NaN");
//   - json: one array of objects keyed by the column keys, in column order,
//     numbers as JSON numbers; a cell without a value (nil, NaN) leaves its
//     key out of the row's object, so rows carry no null.
//
// A [MeanSD] cell shows as "mean ± sd" in table and markdown, as the mean
// in csv and json (which give the sd a column of its own); a []float64
// cell as its numbers separated by spaces (json: an array).
//
// # Number formats (table and markdown)
//
// The column key decides how a float is shown:
//
//   - keys ending in _hz, or starting with rate: two decimals (12.35);
//   - keys ending in _per_s: three significant digits, e-notation from 1e6
//     on (1.23e8);
//   - every other float (times such as wall_s, factors such as rtf, cv_isi):
//     three significant digits (0.0123, 1.23, 12.3, 123, 1235), e-notation
//     below 1e-4 and from 1e9 on;
//
// integers get thousands separators (1,234,567); NaN and ±Inf show as "n/a"
// and "inf"/"-inf".
//
// # JSON without NaN trouble
//
// MarshalJSON encodes any value as encoding/json does (struct tags
// honoured) except that non-finite floats become null, so a result with an
// undefined statistic (cv_isi of a silent population) still encodes.
//
// # Figures
//
// The figure functions take plain slices, never experiment types, and
// return a [Figure] (gonum.org/v1/plot panels) that encodes as PNG or SVG:
// [RasterFigure] (spike raster), [RateFigure] (population rate; see
// [BinnedRate]), [TracesFigure] (sampled state), [CurvesFigure] (learning
// curves, with error bars), [ImageGridFigure] (weights, receptive fields,
// generated images; internal/imgrid), [HeatmapFigure] (e.g. a TD error
// over trials × steps, with a colour bar) and [AccuracyPerTaskFigure].
// [Figure.WriteFile] writes atomically
// and picks the format by the extension (.png or .svg). Nothing here
// runs a model: the CLI hands the data of a run to these functions.
package report
