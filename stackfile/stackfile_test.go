package stackfile

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/alex-enterprise/monitoring/config"
)

func TestPulumiYAMLDeclaresEveryKeyWithCodeDefault(t *testing.T) {
	project, err := workspace.LoadProject("../Pulumi.yaml")
	require.NoError(t, err)
	require.Equal(t, "alex-enterprise", project.Name.String())
	require.Equal(t, "go", project.Runtime.Name())
	require.Len(t, project.Config, len(config.Keys), "Pulumi.yaml and config.Keys declare different key sets")

	for _, key := range config.Keys {
		declared, ok := project.Config[key.Name]
		if !assert.True(t, ok, "Pulumi.yaml does not declare %s", key.Name) {
			continue
		}
		assert.Equal(t, string(key.Type), declared.TypeName(), key.Name)
		assert.NotEmpty(t, declared.Description, key.Name)
		if key.Items != "" {
			require.NotNil(t, declared.Items, key.Name)
			assert.Equal(t, string(key.Items), declared.Items.Type, key.Name)
		}
		want, err := json.Marshal(key.Default)
		require.NoError(t, err)
		got, err := json.Marshal(declared.Default)
		require.NoError(t, err, key.Name)
		assert.JSONEq(t, string(want), string(got), "default of %s", key.Name)
	}
}

func TestLoadBothStackFiles(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			s, err := Load("..", stack, "")
			require.NoError(t, err)
			require.Equal(t, "alex-enterprise", s.Project)
			cfg, err := config.Load(s.Project, s.Name, s.Config)
			require.NoError(t, err)
			assert.Equal(t, "us-east-1", cfg.Region)
			assert.Equal(t, "us-west-2", cfg.Bedrock.Region)
			assert.Equal(t, "us.amazon.nova-pro-v1:0", cfg.Bedrock.Models[0].ID)
		})
	}
}

func TestLoadAppliesProjectDefaults(t *testing.T) {
	s, err := Load("..", "dev", "")
	require.NoError(t, err)
	assert.Equal(t, "alex-dev", s.Config["alex-enterprise:namePrefix"])
	assert.JSONEq(t, `["planner","reporter","charter","retirement","tagger"]`, s.Config["alex-enterprise:agents"])
	assert.Equal(t, "true", s.Config["alex-enterprise:bedrockEnabled"])
	assert.Equal(t, "300", s.Config["alex-enterprise:dashboardPeriodSeconds"])
	assert.JSONEq(t, `{}`, s.Config["alex-enterprise:alarmKmsKeys"])
}

func TestLoadRejectsEveryWrongType(t *testing.T) {
	path := filepath.Join(t.TempDir(), "Pulumi.bad.yaml")
	require.NoError(t, os.WriteFile(path, []byte("config:\n  aws:region: us-east-1\n"+
		"  alex-enterprise:agents: planner\n  alex-enterprise:alarmsEnabled: yes please\n"+
		"  alex-enterprise:alarmEvaluationPeriods: three\n"), 0o644))
	_, err := Load("..", "bad", path)
	var v *config.ValidationError
	require.ErrorAs(t, err, &v)
	require.Len(t, v.Problems, 3, "every mismatch is reported, not only the first")
	assert.Equal(t, &config.Error{Key: "alex-enterprise:agents", Value: "planner",
		Reason: "must be of type array<string>, as Pulumi.yaml declares (pulumi preview rejects it too)",
		Fix:    "pulumi config set --stack bad --path 'agents[0]' VALUE, one index per entry"}, v.Problems[0])
	assert.Equal(t, "alex-enterprise:alarmEvaluationPeriods", v.Problems[1].Key)
	assert.Equal(t, "three", v.Problems[1].Value)
	assert.Equal(t, "pulumi config set --stack bad 'alarmEvaluationPeriods' '3'", v.Problems[1].Fix)
	assert.Equal(t, "alex-enterprise:alarmsEnabled", v.Problems[2].Key)
	assert.Equal(t, "yes please", v.Problems[2].Value)
	assert.Equal(t, "pulumi config set --stack bad 'alarmsEnabled' 'false'", v.Problems[2].Fix)
}

func TestLoadRejectsSecrets(t *testing.T) {
	path := filepath.Join(t.TempDir(), "Pulumi.secret.yaml")
	require.NoError(t, os.WriteFile(path, []byte("config:\n  aws:region: us-east-1\n"+
		"  alex-enterprise:alarmHttpsEndpoints:\n    secure: v1:abc\n"), 0o644))
	_, err := Load("..", "secret", path)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "alex-enterprise:alarmHttpsEndpoints")
	assert.Contains(t, err.Error(), "cannot be decrypted offline")
}

func TestLoadMissingStackFile(t *testing.T) {
	_, err := Load("..", "nosuchstack", "")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Pulumi.nosuchstack.yaml")
}

// TestReadmeConfigTable keeps the README's config table in step with config.Keys.
func TestReadmeConfigTable(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	for _, key := range config.Keys {
		def, err := json.Marshal(key.Default)
		require.NoError(t, err)
		typ := string(key.Type)
		if key.Items != "" {
			typ = "array<" + string(key.Items) + ">"
		}
		row := fmt.Sprintf("| `%s` | %s | `%s` | %s |", key.Name, typ, def, key.Description)
		assert.True(t, strings.Contains(string(readme), row), "README lacks the config row:\n%s", row)
	}
}
