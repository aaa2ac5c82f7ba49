// Package analyses holds the measurements of simulate-mode runs
// ([[analysis]] tables; registry.Analysis): they watch populations
// through cortex probes while the run goes and give result tables and
// figures at the end.
//
//   - waves: travelling waves on a sheet (Davis et al. 2021): the
//     generalized phase of an LFP proxy pooled over patches of the
//     sheet, the fraction of points with significant waves against a
//     shuffled surrogate, and the phase speed.
package analyses
