package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// runCommand runs alexmon with args and returns its exit status, stdout and stderr.
func runCommand(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	code := run(args, &stdout, &stderr, logger)
	return code, stdout.String(), stderr.String()
}

func render(t *testing.T, args ...string) (string, map[string][]byte) {
	t.Helper()
	out := t.TempDir()
	code, _, stderr := runCommand(t, append([]string{"render", "--project-dir", "../..", "--out", out}, args...)...)
	require.Equal(t, 0, code, stderr)
	files := map[string][]byte{}
	entries, err := os.ReadDir(out)
	require.NoError(t, err)
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(out, e.Name()))
		require.NoError(t, err)
		files[e.Name()] = data
	}
	return out, files
}

func sortedNames(files map[string][]byte) []string {
	var names []string
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// TestRenderGolden compares every rendered file of both stack files with testdata/golden as
// JSON; go test -run TestRenderGolden -update rewrites them.
func TestRenderGolden(t *testing.T) {
	cases := map[string][]string{
		"dev":  {"alarms.json", "alex-dev-agent-performance.json", "alex-dev-ai-model-usage.json", "outputs.json"},
		"prod": {"alarms.json", "alex-agent-performance.json", "alex-ai-model-usage.json", "outputs.json"},
	}
	for stack, want := range cases {
		t.Run(stack, func(t *testing.T) {
			_, files := render(t, "--stack", stack)
			require.Equal(t, want, sortedNames(files))
			dir := filepath.Join("testdata", "golden", stack)
			if *update {
				require.NoError(t, os.RemoveAll(dir))
				require.NoError(t, os.MkdirAll(dir, 0o755))
				for name, data := range files {
					require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
				}
			}
			golden, err := os.ReadDir(dir)
			require.NoError(t, err, "missing golden files: run go test ./cmd/alexmon -run TestRenderGolden -update")
			require.Len(t, golden, len(files), "stale golden files in %s", dir)
			for name, data := range files {
				expected, err := os.ReadFile(filepath.Join(dir, name))
				require.NoError(t, err, "missing golden file %s", name)
				assert.JSONEq(t, string(expected), string(data), "%s/%s differs from the golden file", stack, name)
			}
		})
	}
}

func TestRenderIsByteIdentical(t *testing.T) {
	_, first := render(t, "--stack", "prod")
	for range 5 {
		_, again := render(t, "--stack", "prod")
		require.Equal(t, sortedNames(first), sortedNames(again))
		for name := range first {
			require.Equal(t, first[name], again[name], name)
		}
	}
}

func TestRenderDashboardFileIsDeployedBody(t *testing.T) {
	_, files := render(t, "--stack", "dev")
	body := files["alex-dev-ai-model-usage.json"]
	assert.False(t, bytes.HasSuffix(body, []byte("\n")), "the file holds exactly the body, with nothing added")
	var decoded struct {
		Widgets []json.RawMessage `json:"widgets"`
	}
	require.NoError(t, json.Unmarshal(body, &decoded))
	assert.NotEmpty(t, decoded.Widgets)
}

func TestRenderAccountID(t *testing.T) {
	_, files := render(t, "--stack", "prod", "--account-id", "210987654321")
	alarms := string(files["alarms.json"])
	assert.Contains(t, alarms, "arn:aws:sns:us-west-2:210987654321:alex-alerts")
	assert.NotContains(t, alarms, "123456789012")
	assert.Contains(t, string(files["alex-ai-model-usage.json"]), "arn:aws:cloudwatch:us-west-2:210987654321:alarm:")
}

func TestRenderConfigFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "three-models.yaml")
	require.NoError(t, os.WriteFile(path, []byte(`config:
  aws:region: eu-west-1
  alex-enterprise:namePrefix: alex-eu
  alex-enterprise:bedrockRegion: eu-central-1
  alex-enterprise:bedrockModelId: eu.amazon.nova-pro-v1:0
`), 0o644))
	_, files := render(t, "--stack", "eu", "--config", path)
	assert.Contains(t, files, "alex-eu-ai-model-usage.json")
	assert.Contains(t, string(files["alex-eu-ai-model-usage.json"]), `"region":"eu-central-1"`)
}

func TestRenderBadConfigExitsWithProgramError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.yaml")
	require.NoError(t, os.WriteFile(path, []byte(`config:
  aws:region: us-east-1
  alex-enterprise:bedrockRegoin: us-west-2
  alex-enterprise:bedrockModelId: arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-pro-v1:0
`), 0o644))
	out := t.TempDir()
	code, _, stderr := runCommand(t, "render", "--project-dir", "../..", "--stack", "bad", "--config", path, "--out", out)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, `invalid configuration for stack "bad" (2 problems):`)
	assert.Contains(t, stderr, `did you mean "bedrockRegion"?`)
	assert.Contains(t, stderr, "pulumi config set --stack bad 'bedrockModelId' 'amazon.nova-pro-v1:0'")
	entries, err := os.ReadDir(out)
	require.NoError(t, err)
	assert.Empty(t, entries, "nothing is written for an invalid config")
}

func TestRenderUsageErrors(t *testing.T) {
	code, _, stderr := runCommand(t, "render")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "--stack is required")

	code, _, stderr = runCommand(t, "render", "--stack", "dev", "--bogus")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "flag provided but not defined: -bogus")

	code, _, stderr = runCommand(t, "frobnicate")
	assert.Equal(t, 2, code)
	assert.True(t, strings.Contains(stderr, `unknown command "frobnicate"`))
}
