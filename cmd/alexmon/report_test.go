package main

import (
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/alex-enterprise/monitoring/awscheck"
	"github.com/alex-enterprise/monitoring/awscheck/awstest"
	"github.com/stretchr/testify/require"
)

func reportArgs(stack []string, extra ...string) []string {
	return append(append([]string{"report"}, stack...), extra...)
}

func TestReportGolden(t *testing.T) {
	cases := []struct {
		stack  string
		format string
		golden string
	}{
		{"healthy", "json", "report_healthy.json"},
		{"healthy", "table", "report_healthy.txt"},
		{"healthy", "markdown", "report_healthy.md"},
		{"f1", "json", "report_f1.json"},
		{"f1", "table", "report_f1.txt"},
	}
	for _, c := range cases {
		t.Run(c.golden, func(t *testing.T) {
			startAWS(t, awstest.Healthy(), awstest.Options{})
			r := runAlexmon(t, reportArgs(stackArgs(c.stack), "--format", c.format)...)
			require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
			require.Empty(t, r.stderr)
			checkGolden(t, c.golden, r.stdout)
		})
	}
}

func TestReportHealthyValues(t *testing.T) {
	startAWS(t, awstest.Healthy(), awstest.Options{})
	r := runAlexmon(t, reportArgs(stackArgs("healthy"), "--format", "json", "--since", "7d")...)
	require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
	var report awscheck.Report
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &report))

	require.Equal(t, time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC), report.End, "end is now, truncated to the minute")
	require.Equal(t, 7*24*time.Hour, report.End.Sub(report.Start))
	require.Equal(t, int32(7*86400), report.PeriodSeconds)
	require.Equal(t, awstest.BedrockRegion, report.BedrockRegion)

	require.Len(t, report.Models, 2)
	nova := report.Models[0]
	require.Equal(t, awstest.ProfileID, nova.ModelID)
	require.Equal(t, 1200.0, nova.Invocations)
	require.Equal(t, 2_400_000.0, nova.InputTokens)
	require.Equal(t, 360_000.0, nova.OutputTokens)
	require.Equal(t, 3.0, nova.ClientErrors)
	require.Equal(t, 1.0, nova.ServerErrors)
	require.Equal(t, 2.0, nova.Throttles)
	require.NotNil(t, nova.AverageLatencyMs)
	require.Equal(t, 850.0, *nova.AverageLatencyMs)
	require.NotNil(t, nova.EstimatedCostUSD)
	require.Equal(t, 3.072, *nova.EstimatedCostUSD, "2.4M input tokens at $0.0008/1k plus 360k output at $0.0032/1k")

	haiku := report.Models[1]
	require.Nil(t, haiku.EstimatedCostUSD)
	require.Equal(t, awscheck.NoPriceNote, haiku.CostNote)
	require.Equal(t, 3.072, *report.EstimatedCostUSD)
	require.Equal(t, "excludes 1 model(s) with no price configured", report.CostNote)

	require.Len(t, report.Agents, len(awstest.Agents))
	for i, want := range awstest.Agents {
		got := report.Agents[i]
		require.Equal(t, want.Name, got.Name)
		require.Equal(t, "alex-"+want.Name, got.FunctionName)
		require.Equal(t, want.Invocations, got.Invocations)
		require.Equal(t, want.Errors, got.Errors)
		require.InDelta(t, want.Errors/want.Invocations*100, *got.ErrorRatePercent, 0.005)
		require.Equal(t, want.AvgDurationMs, *got.AverageDurationMs)
		require.Equal(t, want.MaxDurationMs, *got.MaxDurationMs)
	}

	require.NotNil(t, report.SageMaker)
	require.Equal(t, 2000.0, report.SageMaker.Invocations)
	require.Equal(t, 2.0, report.SageMaker.Errors4XX)
	require.Equal(t, 1.0, report.SageMaker.Errors5XX)
	require.Equal(t, 45.0, *report.SageMaker.AverageModelLatencyMs, "45,000 µs")
	require.Empty(t, report.Warnings)
}

func TestReportRequestCount(t *testing.T) {
	t.Run("one request per region", func(t *testing.T) {
		s := startAWS(t, awstest.Healthy(), awstest.Options{})
		r := runAlexmon(t, reportArgs(stackArgs("healthy"), "--format", "json")...)
		require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
		require.Equal(t, 1, s.Count("GetMetricData", awstest.BedrockRegion), "2 models x 8 queries")
		require.Equal(t, 1, s.Count("GetMetricData", awstest.MainRegion), "5 agents x 5 queries + 5 SageMaker queries")
		require.Equal(t, 2, s.Count("GetMetricData", ""))
		require.Contains(t, r.stdout, `"getMetricDataRequests": 2`)
	})

	// Each agent adds 5 queries to the 5 SageMaker queries of us-east-1.
	for _, c := range []struct {
		agents, requests int
	}{{99, 1}, {100, 2}, {200, 3}} {
		t.Run(fmt.Sprintf("%d agents", c.agents), func(t *testing.T) {
			agents := make([]string, c.agents)
			for i := range agents {
				agents[i] = fmt.Sprintf("%q", fmt.Sprintf("agent%03d", i))
			}
			stack := writeStack(t, "many", "alex-enterprise:agents: ["+strings.Join(agents, ", ")+"]")
			s := startAWS(t, awstest.Healthy(), awstest.Options{})
			r := runAlexmon(t, reportArgs(stack, "--format", "json")...)
			require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
			require.Equal(t, c.requests, s.Count("GetMetricData", awstest.MainRegion),
				"%d queries, at most 500 per request", c.agents*5+5)
			require.Equal(t, 1, s.Count("GetMetricData", awstest.BedrockRegion))
		})
	}

	t.Run("pages follow NextToken", func(t *testing.T) {
		// With one datapoint per series, 10 datapoints per page make 2 pages of the 16
		// Bedrock queries in us-west-2 and 3 pages of the 30 queries in us-east-1.
		s := startAWS(t, awstest.Healthy(), awstest.Options{DatapointsPerPage: 10})
		r := runAlexmon(t, reportArgs(stackArgs("healthy"), "--format", "json")...)
		require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
		require.Equal(t, 2, s.Count("GetMetricData", awstest.BedrockRegion))
		require.Equal(t, 3, s.Count("GetMetricData", awstest.MainRegion))
		var report awscheck.Report
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &report))
		require.Equal(t, 5, report.GetMetricDataRequests)
		require.Equal(t, 2_400_000.0, report.Models[0].InputTokens)
		require.Equal(t, 45.0, *report.SageMaker.AverageModelLatencyMs)
	})
}

func TestReportSendsBedrockQueriesToBedrockRegion(t *testing.T) {
	s := startAWS(t, awstest.Healthy(), awstest.Options{})
	stack := writeStack(t, "nosm", "alex-enterprise:sagemakerEnabled: false", "alex-enterprise:agents: []",
		"alex-enterprise:agentDiscovery: true")
	r := runAlexmon(t, reportArgs(stack, "--format", "json")...)
	require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
	require.Equal(t, 1, s.Count("GetMetricData", awstest.BedrockRegion))
	require.Equal(t, 0, s.Count("GetMetricData", awstest.MainRegion), "no agents and no endpoint: nothing to ask there")
}

func TestReportFailures(t *testing.T) {
	cases := []struct {
		name   string
		faults []awstest.Fault
		want   string
		// requests is the number of GetMetricData requests the server receives.
		requests int
	}{
		{
			name:     "throttled after retries",
			faults:   []awstest.Fault{{Kind: awstest.FaultThrottle, Operation: "GetMetricData"}},
			want:     "alexmon report: CloudWatch GetMetricData in us-east-1: throttled after 3 attempts (Throttling: Rate exceeded); wait a minute and run again, or raise the API's request quota",
			requests: 3,
		},
		{
			name:     "access denied in the Bedrock region",
			faults:   []awstest.Fault{{Kind: awstest.FaultAccessDenied, Operation: "GetMetricData", Region: awstest.BedrockRegion}},
			want:     "alexmon report: CloudWatch GetMetricData in us-west-2: access denied (AccessDenied: User: arn:aws:iam::111122223333:user/alexmon-test is not authorized to perform: cloudwatch:GetMetricData because no identity-based policy allows the cloudwatch:GetMetricData action); allow cloudwatch:GetMetricData for the caller's IAM identity",
			requests: 2, // us-east-1 succeeds first, then us-west-2 fails without retries
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := startAWS(t, awstest.Healthy(), awstest.Options{Faults: c.faults})
			r := runAlexmon(t, reportArgs(stackArgs("healthy"))...)
			require.Equal(t, 1, r.code)
			require.Empty(t, r.stdout)
			require.Equal(t, c.want, oneLine(t, r))
			require.Equal(t, c.requests, s.Count("GetMetricData", ""))
		})
	}
}

func TestReportRecoversFromOneThrottle(t *testing.T) {
	s := startAWS(t, awstest.Healthy(), awstest.Options{Faults: []awstest.Fault{
		{Kind: awstest.FaultThrottle, Operation: "GetMetricData", Region: awstest.BedrockRegion, Times: 1},
	}})
	r := runAlexmon(t, reportArgs(stackArgs("healthy"), "--format", "json")...)
	require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
	require.Equal(t, 2, s.Count("GetMetricData", awstest.BedrockRegion), "one throttled attempt and its retry")
	require.Contains(t, r.stdout, `"inputTokens": 2400000`)
}

func TestReportTimeout(t *testing.T) {
	startAWS(t, awstest.Healthy(), awstest.Options{Faults: []awstest.Fault{{Kind: awstest.FaultHang}}})
	started := time.Now()
	r := runAlexmon(t, reportArgs(stackArgs("healthy"), "--timeout", "300ms")...)
	require.Less(t, time.Since(started), 10*time.Second)
	require.Equal(t, 1, r.code)
	require.Equal(t, "alexmon report: CloudWatch GetMetricData in us-east-1: timed out waiting for a response; "+
		"--timeout 300ms ran out: raise it or check network access to the endpoint", oneLine(t, r))
}

func TestReportNoCredentials(t *testing.T) {
	s := startAWS(t, awstest.Healthy(), awstest.Options{})
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	r := runAlexmon(t, reportArgs(stackArgs("healthy"))...)
	require.Equal(t, 1, r.code)
	line := oneLine(t, r)
	require.True(t, strings.HasPrefix(line,
		"alexmon report: CloudWatch GetMetricData in us-east-1: no AWS credentials found ("), line)
	require.True(t, strings.HasSuffix(line,
		"); set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run aws sso login"), line)
	require.Equal(t, 0, s.Count("GetMetricData", ""), "nothing is sent unsigned")
}

func TestReportNoEndpoint(t *testing.T) {
	startAWS(t, awstest.Healthy(), awstest.Options{})
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	address := listener.Addr().String()
	require.NoError(t, listener.Close())
	t.Setenv("AWS_ENDPOINT_URL", "http://"+address)

	r := runAlexmon(t, reportArgs(stackArgs("healthy"))...)
	require.Equal(t, 1, r.code)
	require.Equal(t, "alexmon report: CloudWatch GetMetricData in us-east-1: endpoint unreachable (dial tcp "+address+
		": connect: connection refused); check the region, any AWS_ENDPOINT_URL setting and network access", oneLine(t, r))
}

func TestReportUsageErrors(t *testing.T) {
	cases := map[string][]string{
		"unknown format":   {"--format", "xml"},
		"since not a time": {"--since", "yesterday"},
		"since too long":   {"--since", "456d"},
		"since too short":  {"--since", "30s"},
		"zero timeout":     {"--timeout", "0s"},
	}
	for name, extra := range cases {
		t.Run(name, func(t *testing.T) {
			s := startAWS(t, awstest.Healthy(), awstest.Options{})
			r := runAlexmon(t, reportArgs(stackArgs("healthy"), extra...)...)
			require.Equal(t, 2, r.code)
			require.Contains(t, oneLine(t, r), "alexmon report: usage error: --")
			require.Empty(t, s.Calls())
		})
	}
}
