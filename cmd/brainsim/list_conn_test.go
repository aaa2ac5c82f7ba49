package main

import (
	"strings"
	"testing"
)

// TestListConnectorsAndSynapses: brainsim list connectors, list
// synapses, list environments and list currents print the registry's
// entries with their keys.
func TestListConnectorsAndSynapses(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		what  string
		words []string
	}{
		{"connectors", []string{"rule,key,type,default,description", "\nfixed_in_degree,,,,", ",n,integer,none,", ",out_degree,integer,none,", "\n(every rule),,,,"}},
		{"environments", []string{"kind,key,type,default,description", "\nbandit,,,,", ",arms,integer,10,", "\nimages,,,,", "ends the run"}},
		{"currents", []string{"\nuniform_noise,,,,", ",std,current,none,", ",neurons,array of integers,"}},
		{"synapses", []string{"kind,key,type,default,description", "\nexp_conductance,,,,", ",e_rev,voltage,", "\npulse,,,,", ",weight,value or distribution,none,"}},
	} {
		ra := newRealApp()
		if code := ra.exec("list", c.what, "--format", "csv"); code != 0 {
			t.Fatalf("list %s: exit %d\n%s", c.what, code, ra.errOut.String())
		}
		for _, w := range c.words {
			if !strings.Contains(ra.out.String(), w) {
				t.Errorf("list %s: no %q in\n%s", c.what, w, ra.out.String())
			}
		}
	}
}
