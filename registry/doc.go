// Package registry holds brainsim's catalogues of plug-ins: the learning
// rules of train mode and the tasks they run on, the unit models of
// populations (models.go) and the plasticity rules of projections
// (plasticity.go), each registered by name with its own parameter struct
// (defaults, strict decoding of its config section, validation with
// file:line errors) and, for rules, the metrics it reports. Nothing
// outside a plug-in's own file names it: configs decodes a [[rule]],
// [[task]], population or plasticity table into the struct its Params
// function returns, experiment runs or builds it through the registered
// function, and the CLI lists the catalogue (brainsim list rules).
//
// A plug-in registers from an init function of its package:
//
//	func init() {
//		registry.RegisterRule(registry.Rule{
//			Name: "perceptron", Doc: "Rosenblatt's perceptron rule",
//			Needs:  []string{registry.CapPatterns},
//			Params: func() any { return &perceptronParams{Epochs: 100, LR: 0.1} },
//			Train:  trainPerceptron,
//		})
//	}
//
// A parameter struct is a pointer to a struct whose exported fields carry
// `toml:"key"` tags (the keys of the section besides name and rule) and
// may carry `doc:"..."` and `unit:"..."` tags, which brainsim list
// prints. Fields are plain values holding their defaults, or pointers for
// keys whose default depends on other keys (the plug-in's Check fills
// them).
package registry
