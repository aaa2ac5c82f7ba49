// Package connectors registers the connection rules of simulate mode (the
// rule key of a [projection.connect] table) with package registry:
// all_to_all and one_to_one (fixed.go), probability, fixed_in_degree,
// fixed_out_degree and fixed_total_number (random.go), distance
// (distance.go) and from_list (from_list.go).
//
// Each rule has its parameter struct (the table's keys, with their
// defaults and documentation in struct tags, which `brainsim list
// connectors` prints), its checks, and how it builds the connector of
// package synapse that draws the pairs. A new rule is a new file here (or
// in any package imported for its side effect) and nothing else: the
// config loader, the builder and the CLI know rules only through the
// registry.
package connectors
