package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
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
				assertSameJSON(t, expected, data, stack+"/"+name)
			}
		})
	}
}

// assertSameJSON compares two JSON documents. Dashboard bodies are compared widget by widget,
// so that a failure shows the widget that changed rather than the whole body.
func assertSameJSON(t *testing.T, expected, actual []byte, name string) {
	t.Helper()
	var want, got struct {
		Widgets []json.RawMessage `json:"widgets"`
	}
	if json.Unmarshal(expected, &want) != nil || json.Unmarshal(actual, &got) != nil || want.Widgets == nil {
		assert.JSONEq(t, string(expected), string(actual), "%s differs from the golden file", name)
		return
	}
	for i := range min(len(want.Widgets), len(got.Widgets)) {
		assert.JSONEq(t, string(want.Widgets[i]), string(got.Widgets[i]), "%s: widget %d differs from the golden file",
			name, i)
	}
	assert.Len(t, got.Widgets, len(want.Widgets), "%s: number of widgets", name)
	var wantRest, gotRest map[string]any
	require.NoError(t, json.Unmarshal(expected, &wantRest))
	require.NoError(t, json.Unmarshal(actual, &gotRest))
	delete(wantRest, "widgets")
	delete(gotRest, "widgets")
	assert.Equal(t, wantRest, gotRest, "%s differs from the golden file outside the widgets", name)
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

// TestRenderScale renders a stack with 500 agents and three priced models: every dashboard
// stays within CloudWatch's limits, every agent is on some dashboard, every dashboard is in the
// outputs, and each priced model gets cost series.
func TestRenderScale(t *testing.T) {
	var agents []string
	for i := range 500 {
		agents = append(agents, fmt.Sprintf("      - agent-%03d", i))
	}
	path := filepath.Join(t.TempDir(), "Pulumi.scale.yaml")
	require.NoError(t, os.WriteFile(path, []byte(`config:
  aws:region: us-east-1
  alex-enterprise:namePrefix: alex-scale
  alex-enterprise:alarmsEnabled: true
  alex-enterprise:bedrockModels:
    - id: us.amazon.nova-pro-v1:0
      inputPricePer1kTokens: 0.0008
      outputPricePer1kTokens: 0.0032
    - id: us.amazon.nova-lite-v1:0
      inputPricePer1kTokens: 0.00006
      outputPricePer1kTokens: 0.00024
    - id: us.anthropic.claude-3-5-haiku-20241022-v1:0
      inputPricePer1kTokens: 0.0008
      outputPricePer1kTokens: 0.004
  alex-enterprise:agents:
`+strings.Join(agents, "\n")+"\n"), 0o644))
	_, files := render(t, "--stack", "scale", "--config", path)

	var outputs struct {
		DashboardNames map[string]string `json:"dashboard_names"`
		DashboardURLs  map[string]string `json:"dashboard_urls"`
		AlarmNames     []string          `json:"alarm_names"`
	}
	require.NoError(t, json.Unmarshal(files["outputs.json"], &outputs))
	require.Greater(t, len(outputs.DashboardNames), 2)
	require.Len(t, outputs.DashboardURLs, len(outputs.DashboardNames))

	seen := map[string]bool{}
	costLabels := map[string]bool{}
	for key, name := range outputs.DashboardNames {
		data, ok := files[name+".json"]
		require.True(t, ok, "dashboard %s (%s) listed in outputs but not rendered", name, key)
		assert.Contains(t, outputs.DashboardURLs[key], "#dashboards:name="+name)
		var body struct {
			Widgets []struct {
				Properties struct {
					Metrics [][]any `json:"metrics"`
				} `json:"properties"`
			} `json:"widgets"`
		}
		require.NoError(t, json.Unmarshal(data, &body))
		assert.LessOrEqual(t, len(body.Widgets), 500, name)
		metrics := 0
		for _, w := range body.Widgets {
			assert.LessOrEqual(t, len(w.Properties.Metrics), 500, name)
			metrics += len(w.Properties.Metrics)
			for _, row := range w.Properties.Metrics {
				if len(row) >= 4 && row[0] == "AWS/Lambda" {
					seen[row[3].(string)] = true
				}
				if options, ok := row[len(row)-1].(map[string]any); ok {
					if label, ok := options["label"].(string); ok && strings.HasSuffix(label, " estimated cost") {
						costLabels[label] = true
					}
				}
			}
		}
		assert.LessOrEqual(t, metrics, 2500, name)
	}
	assert.Len(t, seen, 500, "every agent is on some dashboard")
	assert.Equal(t, map[string]bool{
		"Cumulative estimated cost":                                  true,
		"us.amazon.nova-pro-v1:0 estimated cost":                     true,
		"us.amazon.nova-lite-v1:0 estimated cost":                    true,
		"us.anthropic.claude-3-5-haiku-20241022-v1:0 estimated cost": true,
	}, costLabels)

	var alarms []struct {
		AlarmName string   `json:"AlarmName"`
		AlarmRule string   `json:"AlarmRule"`
		Metrics   []any    `json:"Metrics"`
		Actions   []string `json:"AlarmActions"`
	}
	require.NoError(t, json.Unmarshal(files["alarms.json"], &alarms))
	assert.Len(t, alarms, len(outputs.AlarmNames))
	for _, a := range alarms {
		assert.LessOrEqual(t, len(a.Metrics), 20, a.AlarmName)
		assert.LessOrEqual(t, len(a.AlarmRule), 10240, a.AlarmName)
		assert.LessOrEqual(t, strings.Count(a.AlarmRule, "ALARM("), 100, a.AlarmName)
	}
}

func TestRenderRejectsAccountID(t *testing.T) {
	for _, account := range []string{"", "1234", "abcdefghijkl", "1234567890123"} {
		code, _, stderr := runCommand(t, "render", "--project-dir", "../..", "--stack", "prod",
			"--out", t.TempDir(), "--account-id", account)
		assert.Equal(t, 2, code, account)
		assert.Contains(t, stderr, fmt.Sprintf("--account-id %q is not a 12-digit AWS account ID", account))
	}
}

func TestRenderRemovesStaleDashboards(t *testing.T) {
	out := t.TempDir()
	stale := filepath.Join(out, "alex-dev-agent-performance-2.json")
	other := filepath.Join(out, "notes.json")
	require.NoError(t, os.WriteFile(stale, []byte("{}"), 0o644))
	require.NoError(t, os.WriteFile(other, []byte("{}"), 0o644))

	code, _, stderr := runCommand(t, "render", "--project-dir", "../..", "--stack", "dev", "--out", out)
	require.Equal(t, 0, code, stderr)
	assert.NoFileExists(t, stale, "a page the new render does not write is removed")
	assert.FileExists(t, other, "files that are not dashboards of this prefix stay")
	assert.FileExists(t, filepath.Join(out, "alex-dev-agent-performance.json"))
}

func TestRenderHelpDescribesCommand(t *testing.T) {
	code, _, _ := runCommand(t, "render", "-h")
	assert.Equal(t, 0, code)
}
