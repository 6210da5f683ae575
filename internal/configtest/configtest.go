// Package configtest builds configs for tests from short keys, so that each test states only
// the keys it cares about.
package configtest

import (
	"strings"
	"testing"

	"github.com/alex-enterprise/monitoring/config"
)

// Project is the project name the tests load config under.
const Project = "alex-enterprise"

// Raw returns a raw engine config with aws:region us-east-1 and the given values. Keys without
// a namespace, such as agents, are put in the project's namespace, so values must not name one
// key in both forms.
func Raw(values map[string]string) map[string]string {
	raw := map[string]string{config.RegionKey: "us-east-1"}
	for k, v := range values {
		if strings.Contains(k, ":") {
			raw[k] = v
		} else {
			raw[Project+":"+k] = v
		}
	}
	return raw
}

// Load returns the validated config of stack for Raw(values) and fails the test on an error.
func Load(t testing.TB, stack string, values map[string]string) *config.Config {
	t.Helper()
	cfg, err := config.Load(Project, stack, Raw(values))
	if err != nil {
		t.Fatalf("loading config: %v", err)
	}
	return cfg
}
