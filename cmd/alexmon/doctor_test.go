package main

import (
	"strings"
	"testing"

	"github.com/alex-enterprise/monitoring/awscheck/awstest"
	"github.com/alex-enterprise/monitoring/catalog"
	"github.com/stretchr/testify/require"
)

func doctorArgs(stack []string, extra ...string) []string {
	return append(append([]string{"doctor"}, stack...), extra...)
}

func TestDoctorGolden(t *testing.T) {
	cases := []struct {
		stack  string
		code   int
		golden string
	}{
		{"healthy", 0, "doctor_healthy.txt"},
		{"f1", exitFindings, "doctor_f1.txt"},
	}
	for _, c := range cases {
		t.Run(c.golden, func(t *testing.T) {
			startAWS(t, awstest.Healthy(), awstest.Options{})
			r := runAlexmon(t, doctorArgs(stackArgs(c.stack))...)
			require.Equal(t, c.code, r.code, "stderr: %s", r.stderr)
			require.Empty(t, r.stderr, "findings go to stdout")
			checkGolden(t, c.golden, r.stdout)
		})
	}
}

func TestDoctorF1FindsProfileInOtherRegion(t *testing.T) {
	s := startAWS(t, awstest.Healthy(), awstest.Options{})
	r := runAlexmon(t, doctorArgs(stackArgs("f1"))...)
	require.Equal(t, exitFindings, r.code)
	require.Contains(t, r.stdout, "FAIL  us-east-1  AWS/Bedrock ModelId=amazon.nova-pro-v1:0  0 of 7 metrics")
	require.Contains(t, r.stdout, "cause:   Bedrock publishes this model in us-west-2 under the inference-profile ID "+
		"us.amazon.nova-pro-v1:0, which the agents pass as modelId")
	require.Contains(t, r.stdout, "pulumi config set --stack f1 'bedrockRegion' 'us-west-2'")
	require.Contains(t, r.stdout, "pulumi config set --stack f1 'bedrockModelId' 'us.amazon.nova-pro-v1:0'")
	require.Contains(t, r.stdout, "Result: 1 of 8 subjects publish no metrics")
	require.Positive(t, s.Count("ListMetrics", awstest.BedrockRegion), "doctor searched the Bedrock profile's region")
	require.Zero(t, s.Count("ListMetrics", "eu-central-1"), "the search stays in the US regions")
}

func TestDoctorMismatches(t *testing.T) {
	cases := []struct {
		name  string
		lines []string
		fail  string // the subject line that fails
		cause string
		fix   string
	}{
		{
			name:  "function prefix",
			lines: []string{"alex-enterprise:lambdaFunctionPrefix: alex-prod-"},
			fail:  "FAIL  us-east-1  AWS/Lambda FunctionName=alex-prod-planner  0 of 5 metrics",
			cause: `cause:   the planner agent's function publishes as alex-planner: the deployed functions use the prefix "alex-", not lambdaFunctionPrefix "alex-prod-"`,
			fix:   "fix:     pulumi config set --stack mismatch 'lambdaFunctionPrefix' 'alex-'",
		},
		{
			name:  "explicit function name",
			lines: []string{`alex-enterprise:agents: ["planner=planner-fn", "reporter", "charter", "retirement", "tagger"]`},
			fail:  "FAIL  us-east-1  AWS/Lambda FunctionName=planner-fn  0 of 5 metrics",
			cause: "cause:   the planner agent's function publishes as alex-planner, not as planner-fn",
			fix:   "fix:     pulumi config set --stack mismatch --path 'agents[0]' 'planner=alex-planner'",
		},
		{
			name:  "function not deployed",
			lines: []string{`alex-enterprise:agents: ["planner", "reporter", "charter", "retirement", "tagger", "auditor"]`},
			fail:  "FAIL  us-east-1  AWS/Lambda FunctionName=alex-auditor  0 of 5 metrics",
			cause: "cause:   no function named alex-auditor published metrics in us-east-1 in the last 14 days: it is " +
				"not deployed in us-east-1 under that name, or was not invoked; functions with prefix \"alex-\" there: " +
				"alex-charter, alex-planner, alex-reporter, alex-retirement, alex-tagger",
		},
		{
			name:  "variant name",
			lines: []string{"alex-enterprise:sagemakerVariantName: variant-1"},
			fail:  "FAIL  us-east-1  AWS/SageMaker EndpointName=alex-embedding-endpoint,VariantName=variant-1  0 of 7 metrics",
			cause: "cause:   endpoint alex-embedding-endpoint publishes under VariantName AllTraffic, not variant-1",
			fix:   "fix:     pulumi config set --stack mismatch 'sagemakerVariantName' 'AllTraffic'",
		},
		{
			name:  "endpoint that does not exist",
			lines: []string{"alex-enterprise:sagemakerEndpointName: alex-embeddings"},
			fail:  "FAIL  us-east-1  AWS/SageMaker EndpointName=alex-embeddings,VariantName=AllTraffic  0 of 7 metrics",
			cause: "cause:   no endpoint named alex-embeddings published metrics in us-east-1 in the last 14 days: it " +
				"does not exist in us-east-1, or received no invocations; endpoints that publish there: alex-embedding-endpoint",
			fix: "fix:     pulumi config set --stack mismatch 'sagemakerEndpointName' 'alex-embedding-endpoint'",
		},
		{
			name:  "model called from another region",
			lines: []string{"alex-enterprise:bedrockRegion: us-east-2"},
			fail:  "FAIL  us-east-2  AWS/Bedrock ModelId=us.amazon.nova-pro-v1:0  0 of 7 metrics",
			cause: "cause:   Bedrock publishes model us.amazon.nova-pro-v1:0 in us-west-2, the region the agents call, not in us-east-2",
			fix:   "fix:     pulumi config set --stack mismatch 'bedrockRegion' 'us-west-2'",
		},
		{
			name:  "model that nobody calls",
			lines: []string{"alex-enterprise:bedrockModelId: us.meta.llama3-3-70b-instruct-v1:0"},
			fail:  "FAIL  us-west-2  AWS/Bedrock ModelId=us.meta.llama3-3-70b-instruct-v1:0  0 of 7 metrics",
			cause: "cause:   no Bedrock metrics under ModelId us.meta.llama3-3-70b-instruct-v1:0 in us-west-2 in the last " +
				"14 days; models that publish there: us.amazon.nova-pro-v1:0, us.anthropic.claude-3-5-haiku-20241022-v1:0",
		},
		{
			name:  "Lambda Insights not installed",
			lines: []string{"alex-enterprise:lambdaInsightsEnabled: true"},
			fail:  "FAIL  us-east-1  LambdaInsights function_name=alex-planner  0 of 2 metrics",
			cause: "cause:   no Lambda Insights metrics at all in us-east-1 in the last 14 days: the extension layer is not installed on the functions, or they were not invoked",
			fix:   "fix:     pulumi config set --stack mismatch 'lambdaInsightsEnabled' 'false'",
		},
		{
			name:  "discovery prefix",
			lines: []string{"alex-enterprise:agentDiscovery: true", "alex-enterprise:lambdaFunctionPrefix: prod-"},
			fail:  "FAIL  us-east-1  AWS/Lambda FunctionName=prod-*  0 of 1 metrics",
			cause: `cause:   no function whose name starts with "prod-" published metrics in us-east-1 in the last 14 days; the planner agent's function publishes as alex-planner`,
			fix:   "fix:     pulumi config set --stack mismatch 'lambdaFunctionPrefix' 'alex-'",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			startAWS(t, awstest.Healthy(), awstest.Options{})
			r := runAlexmon(t, doctorArgs(writeStack(t, "mismatch", c.lines...))...)
			require.Equal(t, exitFindings, r.code, "stdout:\n%s\nstderr: %s", r.stdout, r.stderr)
			require.Empty(t, r.stderr)
			require.Contains(t, r.stdout, c.fail)
			require.Contains(t, r.stdout, c.cause)
			if c.fix != "" {
				require.Contains(t, r.stdout, c.fix)
			}
		})
	}
}

func TestDoctorDiscoveryFindsFunctions(t *testing.T) {
	startAWS(t, awstest.Healthy(), awstest.Options{})
	r := runAlexmon(t, doctorArgs(writeStack(t, "discovery", "alex-enterprise:agentDiscovery: true"))...)
	require.Equal(t, 0, r.code, "stdout:\n%s", r.stdout)
	require.Contains(t, r.stdout, "ok    us-east-1  AWS/Lambda FunctionName=alex-*  1 of 1 metrics")
	require.Contains(t, r.stdout, "5 functions found: alex-charter, alex-planner, alex-reporter, alex-retirement, alex-tagger")
}

func TestDoctorMissingMetricIsWarning(t *testing.T) {
	world := awstest.Healthy().Without(func(s awstest.Series) bool {
		return s.Name == catalog.LambdaThrottles.Name && s.Dimensions[0].Value == "alex-tagger"
	})
	startAWS(t, world, awstest.Options{})
	r := runAlexmon(t, doctorArgs(stackArgs("healthy"))...)
	require.Equal(t, 0, r.code, "a metric without datapoints beside others leaves the exit status 0")
	require.Contains(t, r.stdout, "WARN  us-east-1  AWS/Lambda FunctionName=alex-tagger  4 of 5 metrics")
	require.Contains(t, r.stdout, "      missing: Throttles\n")
	require.Contains(t, r.stdout, "(9 subjects, 1 with warnings)")
}

func TestDoctorTopics(t *testing.T) {
	t.Run("found by name", func(t *testing.T) {
		s := startAWS(t, awstest.Healthy(), awstest.Options{})
		r := runAlexmon(t, doctorArgs(stackArgs("healthy"))...)
		require.Equal(t, 0, r.code)
		require.Contains(t, r.stdout, "WARN  us-east-1  "+awstest.TopicMain+"  2 subscriptions, 1 pending confirmation")
		require.Contains(t, r.stdout, "pending: email cto@alex.test: the recipient must open the link")
		require.Contains(t, r.stdout, "WARN  us-west-2  "+awstest.TopicBedrock+"  2 subscriptions, 1 pending confirmation")
		require.Contains(t, r.stdout, "pending: https https://alerts.alex.test/sns: the endpoint must visit the SubscribeURL")
		require.Equal(t, 1, s.Count("ListTopics", awstest.MainRegion))
		require.Equal(t, 1, s.Count("ListTopics", awstest.BedrockRegion))
		require.Equal(t, 3, s.Count("GetSubscriptionAttributes", ""), "one call per subscription with an ARN")
	})

	t.Run("given by ARN", func(t *testing.T) {
		s := startAWS(t, awstest.Healthy(), awstest.Options{})
		r := runAlexmon(t, doctorArgs(stackArgs("healthy"), "--topic-arn", awstest.TopicBedrock)...)
		require.Equal(t, 0, r.code)
		require.Contains(t, r.stdout, awstest.TopicBedrock)
		require.NotContains(t, r.stdout, awstest.TopicMain)
		require.Zero(t, s.Count("ListTopics", ""))
	})

	t.Run("missing topic", func(t *testing.T) {
		world := awstest.Healthy()
		world.Topics = world.Topics[:1]
		startAWS(t, world, awstest.Options{})
		r := runAlexmon(t, doctorArgs(stackArgs("healthy"))...)
		require.Equal(t, 0, r.code, "topics do not decide the exit status")
		require.Contains(t, r.stdout, "WARN  us-west-2  alex-alerts  0 subscriptions, 0 pending confirmation\n"+
			"      problem: no topic named alex-alerts in us-west-2, so alarms there notify nobody")
	})

	t.Run("no alarms", func(t *testing.T) {
		startAWS(t, awstest.Healthy(), awstest.Options{})
		r := runAlexmon(t, doctorArgs(stackArgs("f1"))...)
		require.Contains(t, r.stdout, "Alert topics:\nnone: the stack declares no alarms\n")
	})

	t.Run("invalid ARN", func(t *testing.T) {
		startAWS(t, awstest.Healthy(), awstest.Options{})
		r := runAlexmon(t, doctorArgs(stackArgs("healthy"), "--topic-arn", "alex-alerts")...)
		require.Equal(t, 2, r.code)
		require.Contains(t, oneLine(t, r), `"alex-alerts" is not an SNS topic ARN`)
	})
}

func TestDoctorFailures(t *testing.T) {
	cases := []struct {
		name   string
		faults []awstest.Fault
		want   string
	}{
		{
			name:   "ListMetrics access denied",
			faults: []awstest.Fault{{Kind: awstest.FaultAccessDenied, Operation: "ListMetrics"}},
			want: "alexmon doctor: CloudWatch ListMetrics in us-west-2: access denied (AccessDenied: User: " +
				"arn:aws:iam::111122223333:user/alexmon-test is not authorized to perform: cloudwatch:ListMetrics " +
				"because no identity-based policy allows the cloudwatch:ListMetrics action); allow " +
				"cloudwatch:ListMetrics for the caller's IAM identity",
		},
		{
			name:   "ListMetrics throttled",
			faults: []awstest.Fault{{Kind: awstest.FaultThrottle, Operation: "ListMetrics", Region: awstest.MainRegion}},
			want: "alexmon doctor: CloudWatch ListMetrics in us-east-1: throttled after 3 attempts (Throttling: " +
				"Rate exceeded); wait a minute and run again, or raise the API's request quota",
		},
		{
			name:   "SNS access denied",
			faults: []awstest.Fault{{Kind: awstest.FaultAccessDenied, Operation: "ListSubscriptionsByTopic"}},
			want: "alexmon doctor: SNS ListSubscriptionsByTopic in us-east-1: access denied (AuthorizationError: " +
				"User: arn:aws:iam::111122223333:user/alexmon-test is not authorized to perform: " +
				"SNS:ListSubscriptionsByTopic on resource: arn:aws:sns:us-east-1:111122223333:*); allow " +
				"sns:ListSubscriptionsByTopic for the caller's IAM identity",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			startAWS(t, awstest.Healthy(), awstest.Options{Faults: c.faults})
			r := runAlexmon(t, doctorArgs(stackArgs("healthy"))...)
			require.Equal(t, 1, r.code)
			require.Empty(t, r.stdout, "nothing is printed before a failed call")
			require.Equal(t, c.want, oneLine(t, r))
		})
	}
}

func TestDoctorTimeout(t *testing.T) {
	startAWS(t, awstest.Healthy(), awstest.Options{Faults: []awstest.Fault{{Kind: awstest.FaultHang, Operation: "ListTopics"}}})
	r := runAlexmon(t, doctorArgs(stackArgs("healthy"), "--timeout", "500ms")...)
	require.Equal(t, 1, r.code)
	line := oneLine(t, r)
	require.True(t, strings.HasPrefix(line, "alexmon doctor: SNS ListTopics in us-east-1: timed out"), line)
	require.True(t, strings.HasSuffix(line, "--timeout 500ms ran out: raise it or check network access to the endpoint"), line)
}
