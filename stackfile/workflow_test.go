package stackfile

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// workflow is the part of a GitHub Actions workflow that names stacks.
type workflow struct {
	Jobs map[string]struct {
		Strategy struct {
			Matrix map[string]any `yaml:"matrix"`
		} `yaml:"strategy"`
		Steps []struct {
			Run string `yaml:"run"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

var stackArgPattern = regexp.MustCompile(`--stack\s+"?([^"\s]+)"?`)

// TestWorkflowStacksExist checks that every stack the CI workflow previews, checks for drift
// or deploys has a stack file, so a renamed stack cannot leave CI previewing nothing.
func TestWorkflowStacksExist(t *testing.T) {
	data, err := os.ReadFile("../.github/workflows/pulumi.yml")
	require.NoError(t, err)
	var wf workflow
	require.NoError(t, yaml.Unmarshal(data, &wf))

	stacks := map[string]bool{}
	for name, job := range wf.Jobs {
		var matrix []string
		if values, ok := job.Strategy.Matrix["stack"].([]any); ok {
			for _, v := range values {
				matrix = append(matrix, v.(string))
			}
		}
		for _, step := range job.Steps {
			for _, m := range stackArgPattern.FindAllStringSubmatch(step.Run, -1) {
				if m[1] == "${{" || m[1] == "${{matrix.stack}}" {
					require.NotEmpty(t, matrix, "job %s uses matrix.stack without a stack matrix", name)
					for _, s := range matrix {
						stacks[s] = true
					}
					continue
				}
				stacks[m[1]] = true
			}
		}
	}
	var names []string
	for s := range stacks {
		names = append(names, s)
	}
	sort.Strings(names)
	assert.Equal(t, []string{"dev", "prod"}, names, "stacks named by the workflow")
	for _, s := range names {
		_, err := os.Stat(filepath.Join("..", "Pulumi."+s+".yaml"))
		assert.NoError(t, err, "the workflow names stack %s, which has no stack file", s)
	}
}
