package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPurePackagesAvoidPulumi keeps the config, catalog, dashboard, alarm and plan packages
// free of Pulumi and pulumi-aws, so that their tests compile in seconds instead of minutes.
func TestPurePackagesAvoidPulumi(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not on PATH")
	}
	for _, pkg := range []string{"./config", "./catalog", "./dashboards", "./alarms", "./monitoring"} {
		out, err := exec.Command("go", "list", "-deps", pkg).Output()
		require.NoError(t, err, "go list -deps %s", pkg)
		for _, dep := range strings.Fields(string(out)) {
			assert.False(t, strings.HasPrefix(dep, "github.com/pulumi/"), "%s imports %s", pkg, dep)
		}
	}
}
