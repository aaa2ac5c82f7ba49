package configs

// The tests load train-mode files, whose sections name registered rules
// and tasks.
import (
	_ "github.com/brainsim/brainsim/analyses"
	_ "github.com/brainsim/brainsim/connectors"
	_ "github.com/brainsim/brainsim/currents"
	_ "github.com/brainsim/brainsim/environments"
	_ "github.com/brainsim/brainsim/models"
	_ "github.com/brainsim/brainsim/plasticity"
	_ "github.com/brainsim/brainsim/receptors"
	_ "github.com/brainsim/brainsim/rules"
	_ "github.com/brainsim/brainsim/tasks"
)
