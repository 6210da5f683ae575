package main

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/alex-enterprise/monitoring/awscheck/awstest"
	"github.com/stretchr/testify/require"
)

// fixedNow is the clock of every report test, so that windows and golden files are stable.
var fixedNow = time.Date(2026, 3, 2, 12, 0, 30, 0, time.UTC)

// awsVariables are the environment variables that steer the SDK's default configuration.
// Tests clear them all, so that a developer's or CI's AWS setup never leaks in.
var awsVariables = []string{
	"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
	"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE",
	"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_CLOUDWATCH", "AWS_ENDPOINT_URL_SNS", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
	"AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN",
	"AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME",
	"AWS_EC2_METADATA_DISABLED", "AWS_EC2_METADATA_SERVICE_ENDPOINT",
	"AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE", "AWS_CA_BUNDLE",
}

// isolateAWS clears the SDK's environment, points the shared config files at missing
// paths and turns off the instance metadata service. The SDK then has no credentials and no
// endpoint override until a test sets them.
func isolateAWS(t *testing.T) {
	t.Helper()
	for _, name := range awsVariables {
		t.Setenv(name, "") // restores the old value when the test ends
		require.NoError(t, os.Unsetenv(name))
	}
	dir := t.TempDir()
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "missing-config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "missing-credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

// startAWS starts the fake CloudWatch and SNS on 127.0.0.1 and points the SDK's default
// configuration at it through AWS_ENDPOINT_URL, with static test credentials.
func startAWS(t *testing.T, world awstest.World, options awstest.Options) *awstest.Server {
	t.Helper()
	isolateAWS(t)
	s := awstest.Start(t, world, options)
	t.Setenv("AWS_ENDPOINT_URL", s.URL)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDALEXMONTEST")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "alexmon-test-secret")
	return s
}

// result is the outcome of one alexmon run.
type result struct {
	code   int
	stdout string
	stderr string // the command's own error output
	log    string // slog records
}

// runAlexmon runs alexmon with args, a fixed clock and the repository's Pulumi.yaml.
func runAlexmon(t *testing.T, args ...string) result {
	t.Helper()
	previous := now
	now = func() time.Time { return fixedNow }
	t.Cleanup(func() { now = previous })

	var stdout, stderr, log bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	code := run(append(args, "--project-dir", "../.."), &stdout, &stderr, logger)
	return result{code: code, stdout: stdout.String(), stderr: stderr.String(), log: log.String()}
}

// stackArgs returns the flags that select a stack file under testdata/stacks.
func stackArgs(name string) []string {
	return []string{"--stack", name, "--config", filepath.Join("testdata", "stacks", name+".yaml")}
}

// baseStack is a stack file that matches the Healthy account with one unpriced model.
const baseStack = `config:
  aws:region: us-east-1
  alex-enterprise:bedrockRegion: us-west-2
  alex-enterprise:bedrockModelId: us.amazon.nova-pro-v1:0
`

// writeStack writes baseStack with lines under config:, each replacing the base line of the
// same key, and returns the flags that select the file.
func writeStack(t *testing.T, name string, lines ...string) []string {
	t.Helper()
	text := baseStack
	for _, line := range lines {
		key, _, _ := strings.Cut(line, ": ")
		var remaining []string
		for _, existing := range strings.SplitAfter(text, "\n") {
			if !strings.HasPrefix(existing, "  "+key+": ") {
				remaining = append(remaining, existing)
			}
		}
		text = strings.Join(remaining, "") + "  " + line + "\n"
	}
	path := filepath.Join(t.TempDir(), "Pulumi."+name+".yaml")
	require.NoError(t, os.WriteFile(path, []byte(text), 0o600))
	return []string{"--stack", name, "--config", path}
}

// checkGolden compares got with testdata/golden/name, or rewrites the file under -update
// (the flag that render_test.go declares). JSON files are compared as JSON.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file; run go test ./cmd/alexmon/ -run %s -update", t.Name())
	if strings.HasSuffix(name, ".json") {
		require.JSONEq(t, string(want), got)
		return
	}
	require.Equal(t, string(want), got)
}

// oneLine checks that the command's error output is exactly one line and returns it.
func oneLine(t *testing.T, r result) string {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	require.Len(t, lines, 1, "error output:\n%s", r.stderr)
	require.NotContains(t, r.stderr, "goroutine", "error output holds a stack trace")
	return lines[0]
}
