package config

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const project = "alex-enterprise"

// load builds the Config of stack dev from short keys; "aws:region" defaults to us-east-1.
// (configtest does the same for other packages, but importing it here would be a cycle.)
func load(t *testing.T, values map[string]string) (*Config, error) {
	t.Helper()
	raw := map[string]string{RegionKey: "us-east-1"}
	for k, v := range values {
		if strings.Contains(k, ":") {
			raw[k] = v
		} else {
			raw[project+":"+k] = v
		}
	}
	return Load(project, "dev", raw)
}

// problems returns the individual errors of a failed Load.
func problemsOf(t *testing.T, err error) []*Error {
	t.Helper()
	var v *ValidationError
	require.ErrorAs(t, err, &v)
	return v.Problems
}

func TestLoadDefaults(t *testing.T) {
	cfg, err := load(t, nil)
	require.NoError(t, err)

	assert.Equal(t, "us-east-1", cfg.Region)
	assert.Equal(t, "aws", cfg.Partition)
	assert.Equal(t, "us-west-2", cfg.Bedrock.Region)
	assert.True(t, cfg.Bedrock.Enabled)
	require.Len(t, cfg.Bedrock.Models, 1)
	assert.Equal(t, "amazon.nova-pro-v1:0", cfg.Bedrock.Models[0].ID)
	assert.False(t, cfg.Bedrock.Models[0].Priced())
	assert.Equal(t, "alex", cfg.NamePrefix)
	assert.Equal(t, []Agent{
		{"planner", "alex-planner"}, {"reporter", "alex-reporter"}, {"charter", "alex-charter"},
		{"retirement", "alex-retirement"}, {"tagger", "alex-tagger"},
	}, cfg.Agents)
	assert.Equal(t, SageMaker{Enabled: true, EndpointName: "alex-embedding-endpoint", VariantName: "AllTraffic",
		Serverless: true}, cfg.SageMaker)
	assert.Equal(t, "-PT6H", cfg.DashboardTimeRange)
	assert.Equal(t, 300, cfg.DashboardPeriodSeconds)
	assert.False(t, cfg.Alarms.Enabled)
	assert.Equal(t, 1000000, cfg.Alarms.BedrockInputTokensPerPeriod)
	assert.Equal(t, "alex-ai-model-usage", cfg.Name("ai-model-usage"))
}

func TestLoadDefaultModelWarnsWithoutGeography(t *testing.T) {
	cfg, err := load(t, nil)
	require.NoError(t, err)
	require.Len(t, cfg.Warnings, 1)
	assert.Contains(t, cfg.Warnings[0], `"amazon.nova-pro-v1:0" has no geography prefix`)
	assert.Contains(t, cfg.Warnings[0], "profile ID")
}

func TestLoadInferenceProfileKeptVerbatim(t *testing.T) {
	cfg, err := load(t, map[string]string{"bedrockModelId": "us.amazon.nova-pro-v1:0", "bedrockRegion": "us-west-2"})
	require.NoError(t, err)
	assert.Equal(t, "us.amazon.nova-pro-v1:0", cfg.Bedrock.Models[0].ID)
	assert.Empty(t, cfg.Warnings)
}

func TestLoadAgentFunctionNames(t *testing.T) {
	cfg, err := load(t, map[string]string{
		"agents":               `["planner", "reporter=reporter-v2", "tagger"]`,
		"lambdaFunctionPrefix": "prod-alex-",
	})
	require.NoError(t, err)
	assert.Equal(t, []Agent{{"planner", "prod-alex-planner"}, {"reporter", "reporter-v2"},
		{"tagger", "prod-alex-tagger"}}, cfg.Agents)
	assert.Equal(t, "/aws/lambda/prod-alex-planner", cfg.Agents[0].LogGroup())
}

func TestLoadRejections(t *testing.T) {
	cases := []struct {
		name    string
		values  map[string]string
		key     string
		value   string
		reason  string
		fixPart string
	}{
		{"malformed region", map[string]string{"bedrockRegion": "us-wst-2"},
			"alex-enterprise:bedrockRegion", "us-wst-2", "not an AWS region code", "pulumi config set --stack dev 'bedrockRegion' 'us-west-2'"},
		{"missing main region", map[string]string{RegionKey: ""},
			"aws:region", "", "missing", "pulumi config set --stack dev 'aws:region' 'us-east-1'"},
		{"foundation model ARN", map[string]string{
			"bedrockModelId": "arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-pro-v1:0"},
			"alex-enterprise:bedrockModelId", "arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-pro-v1:0",
			"is a foundation-model ARN", "'bedrockModelId' 'amazon.nova-pro-v1:0'"},
		{"inference profile ARN", map[string]string{
			"bedrockModelId": "arn:aws:bedrock:us-west-2:111122223333:inference-profile/us.amazon.nova-pro-v1:0"},
			"alex-enterprise:bedrockModelId", "arn:aws:bedrock:us-west-2:111122223333:inference-profile/us.amazon.nova-pro-v1:0",
			"is an inference-profile ARN", "'bedrockModelId' 'us.amazon.nova-pro-v1:0'"},
		{"malformed model ID", map[string]string{"bedrockModelId": "Nova Pro"},
			"alex-enterprise:bedrockModelId", "Nova Pro", "not a Bedrock model ID", "'amazon.nova-pro-v1:0'"},
		{"geography contradicts region", map[string]string{"bedrockModelId": "eu.amazon.nova-pro-v1:0",
			"bedrockRegion": "us-west-2"},
			"alex-enterprise:bedrockModelId", "eu.amazon.nova-pro-v1:0", `geography "eu" cannot be called from bedrockRegion us-west-2`,
			"'bedrockRegion' 'eu-central-1'"},
		{"empty agents", map[string]string{"agents": `[]`},
			"alex-enterprise:agents", "[]", "no agents", "--path 'agents[0]' planner"},
		{"duplicate agents", map[string]string{"agents": `["planner", "planner"]`},
			"alex-enterprise:agents[1]", "planner", "duplicate agent name, already agents[0]", "pulumi config rm --stack dev --path 'agents[1]'"},
		{"agent name with space", map[string]string{"agents": `["planner", "the planner"]`},
			"alex-enterprise:agents[1]", "the planner", "agent name must be", "--path 'agents[1]' 'the-planner'"},
		{"function name too long", map[string]string{"agents": `["` + strings.Repeat("a", 64) + `"]`},
			"alex-enterprise:agents[0]", strings.Repeat("a", 64), "at most 64", ""},
		{"prefix applied twice", map[string]string{"agents": `["planner=alex-alex-planner"]`},
			"alex-enterprise:agents[0]", "planner=alex-alex-planner", "repeats lambdaFunctionPrefix", "'planner=alex-planner'"},
		{"name prefix CloudWatch rejects", map[string]string{"namePrefix": "alex prod"},
			"alex-enterprise:namePrefix", "alex prod", "dashboard names accept no other characters", "'namePrefix' 'alex-prod'"},
		{"empty name prefix", map[string]string{"namePrefix": ""},
			"alex-enterprise:namePrefix", "", "dashboard names accept no other characters", "'namePrefix' 'alex-dev'"},
		{"endpoint name", map[string]string{"sagemakerEndpointName": "alex_embedding"},
			"alex-enterprise:sagemakerEndpointName", "alex_embedding", "not a SageMaker endpoint name", ""},
		{"boolean", map[string]string{"bedrockEnabled": "yes"},
			"alex-enterprise:bedrockEnabled", "yes", "must be true or false", "'bedrockEnabled' 'true'"},
		{"integer", map[string]string{"dashboardPeriodSeconds": "5m"},
			"alex-enterprise:dashboardPeriodSeconds", "5m", "must be a whole number", "'300'"},
		{"period not a minute multiple", map[string]string{"dashboardPeriodSeconds": "90"},
			"alex-enterprise:dashboardPeriodSeconds", "90", "multiple of 60", "'300'"},
		{"time range", map[string]string{"dashboardTimeRange": "6h"},
			"alex-enterprise:dashboardTimeRange", "6h", "relative ISO 8601 duration", "'-PT6H'"},
		{"list of strings", map[string]string{"agents": `planner,reporter`},
			"alex-enterprise:agents", "planner,reporter", "must be a list of strings", "--path 'agents[0]'"},
		{"both model forms", map[string]string{"bedrockModelId": "us.amazon.nova-lite-v1:0",
			"bedrockModels": `[{"id": "us.amazon.nova-pro-v1:0"}]`},
			"alex-enterprise:bedrockModelId", "us.amazon.nova-lite-v1:0", "keep one", "pulumi config rm --stack dev bedrockModelId"},
		{"unknown model field", map[string]string{"bedrockModels": `[{"id": "us.amazon.nova-pro-v1:0", "price": 1}]`},
			"alex-enterprise:bedrockModels", `[{"id": "us.amazon.nova-pro-v1:0", "price": 1}]`, `unknown field "price"`,
			"pulumi config set --stack dev --path 'bedrockModels[0].id' 'us.amazon.nova-pro-v1:0'"},
		{"one price only", map[string]string{"bedrockModels": `[{"id": "us.amazon.nova-pro-v1:0", "inputPricePer1kTokens": 0.0008}]`},
			"alex-enterprise:bedrockModels[0]", "us.amazon.nova-pro-v1:0", "sets only one of",
			"pulumi config set --stack dev --path 'bedrockModels[0].outputPricePer1kTokens' PRICE-IN-USD"},
		{"example placeholder in a list", map[string]string{"alarmEmails": `["oncall@alex-finance.io", "ops@example.com"]`},
			"alex-enterprise:alarmEmails[1]", "ops@example.com", "example placeholder",
			"pulumi config set --stack dev --path 'alarmEmails[1]' REAL-VALUE"},
		{"example placeholder in a map", map[string]string{
			"alarmKmsKeys": `{"us-east-1": "arn:aws:kms:us-east-1:123456789012:key/abc"}`},
			"alex-enterprise:alarmKmsKeys.us-east-1", "arn:aws:kms:us-east-1:123456789012:key/abc", "example placeholder",
			"pulumi config set --stack dev --path 'alarmKmsKeys.us-east-1' REAL-VALUE"},
		{"example placeholder in a string", map[string]string{"sagemakerEndpointName": "CHANGE-ME"},
			"alex-enterprise:sagemakerEndpointName", "CHANGE-ME", "example placeholder",
			"pulumi config set --stack dev 'sagemakerEndpointName' REAL-VALUE"},
		{"kms key for a region without alarms", map[string]string{
			"alarmKmsKeys": `{"eu-west-1": "arn:aws:kms:eu-west-1:111122223333:key/abc"}`},
			"alex-enterprise:alarmKmsKeys.eu-west-1", "arn:aws:kms:eu-west-1:111122223333:key/abc",
			"no alarms live in eu-west-1", "pulumi config rm --stack dev --path 'alarmKmsKeys.eu-west-1'"},
		{"duplicate model", map[string]string{"bedrockModels": `[{"id": "us.amazon.nova-pro-v1:0"}, {"id": "us.amazon.nova-pro-v1:0"}]`},
			"alex-enterprise:bedrockModels[1].id", "us.amazon.nova-pro-v1:0", "duplicate model ID",
			"pulumi config rm --stack dev --path 'bedrockModels[1]'"},
		{"misspelled namespace", map[string]string{"alex-enterprse:namePrefix": "alex-qa"},
			"alex-enterprse:namePrefix", "alex-qa", "did you mean alex-enterprise:namePrefix?",
			"rename the key to alex-enterprise:namePrefix in Pulumi.dev.yaml"},
		{"aws managed sns key", map[string]string{"alarmKmsKeys": `{"us-east-1": "alias/aws/sns"}`},
			"alex-enterprise:alarmKmsKeys.us-east-1", "alias/aws/sns", "cannot be used", "pulumi config rm --stack dev --path 'alarmKmsKeys.us-east-1'"},
		{"kms key in other region", map[string]string{
			"alarmKmsKeys": `{"us-west-2": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}`},
			"alex-enterprise:alarmKmsKeys.us-west-2", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
			"can only use a key of its own region", "arn:aws:kms:us-west-2:111122223333:key/"},
		{"datapoints over evaluation periods", map[string]string{"alarmEvaluationPeriods": "2", "alarmDatapointsToAlarm": "3"},
			"alex-enterprise:alarmDatapointsToAlarm", "3", "between 1 and alarmEvaluationPeriods (2)", "'2'"},
		{"high resolution period", map[string]string{"alarmPeriodSeconds": "20"},
			"alex-enterprise:alarmPeriodSeconds", "20", "high-resolution", "'300'"},
		{"window over one day", map[string]string{"alarmPeriodSeconds": "300", "alarmEvaluationPeriods": "300"},
			"alex-enterprise:alarmEvaluationPeriods", "300", "exceeds CloudWatch's limit of 86400 s", "'288'"},
		{"window over seven days", map[string]string{"alarmPeriodSeconds": "3600", "alarmEvaluationPeriods": "200"},
			"alex-enterprise:alarmEvaluationPeriods", "200", "limit of 604800 s", "'168'"},
		{"error rate over 100", map[string]string{"agentErrorRatePercentThreshold": "150"},
			"alex-enterprise:agentErrorRatePercentThreshold", "150", "between 0 and 100", "'5'"},
		{"email", map[string]string{"alarmEmails": `["oncall"]`},
			"alex-enterprise:alarmEmails[0]", "oncall", "not an e-mail address", ""},
		{"https endpoint", map[string]string{"alarmHttpsEndpoints": `["http://hooks.internal/sns"]`},
			"alex-enterprise:alarmHttpsEndpoints[0]", "http://hooks.internal/sns", "must be an https:// URL", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := load(t, tc.values)
			require.Error(t, err)
			var found *Error
			for _, p := range problemsOf(t, err) {
				if p.Key == tc.key {
					found = p
				}
			}
			require.NotNil(t, found, "no problem for key %s in:\n%v", tc.key, err)
			assert.Equal(t, tc.value, found.Value)
			assert.Contains(t, found.Reason, tc.reason)
			assert.Contains(t, found.Fix, tc.fixPart)
			assert.Contains(t, err.Error(), tc.key)
		})
	}
}

func TestLoadUnknownKeyNamesClosest(t *testing.T) {
	_, err := load(t, map[string]string{"bedrockRegoin": "us-west-2", "agent": `["planner"]`})
	problems := problemsOf(t, err)
	require.Len(t, problems, 2)
	assert.Equal(t, "alex-enterprise:agent", problems[0].Key)
	assert.Contains(t, problems[0].Reason, `did you mean "agents"?`)
	assert.Equal(t, "alex-enterprise:bedrockRegoin", problems[1].Key)
	assert.Contains(t, problems[1].Reason, `did you mean "bedrockRegion"?`)
	assert.Equal(t, "pulumi config rm --stack dev 'bedrockRegoin' && pulumi config set --stack dev 'bedrockRegion' 'us-west-2'",
		problems[1].Fix)
	assert.Equal(t, "pulumi config rm --stack dev 'agent' && pulumi config set --stack dev 'agents' 'VALUE'",
		problems[0].Fix, "a list value cannot be passed to config set as text")
}

func TestLoadIgnoresOtherNamespaces(t *testing.T) {
	_, err := load(t, map[string]string{"aws:profile": "alex", "pulumi:disable-default-providers": `["aws"]`})
	require.NoError(t, err)
}

func TestLoadReportsEveryProblem(t *testing.T) {
	_, err := load(t, map[string]string{"bedrockRegion": "mars-1", "namePrefix": "", "agents": "[]"})
	problems := problemsOf(t, err)
	assert.Len(t, problems, 3)
	assert.True(t, strings.HasPrefix(err.Error(), `invalid configuration for stack "dev" (3 problems):`))
	var single *Error
	assert.True(t, errors.As(err, &single))
}

func TestLoadBedrockDisabledSkipsModelChecks(t *testing.T) {
	cfg, err := load(t, map[string]string{"bedrockEnabled": "false", "bedrockModelId": "arn:aws:bedrock:x",
		RegionKey: "cn-north-1"})
	require.NoError(t, err)
	assert.False(t, cfg.Bedrock.Enabled)
	assert.False(t, cfg.BedrockRegionDiffers())
}

func TestLoadSeveralPricedModels(t *testing.T) {
	cfg, err := load(t, map[string]string{"bedrockModels": `[
		{"id": "us.amazon.nova-pro-v1:0", "inputPricePer1kTokens": 0.0008, "outputPricePer1kTokens": 0.0032},
		{"id": "us.anthropic.claude-3-5-haiku-20241022-v1:0"}]`})
	require.NoError(t, err)
	require.Len(t, cfg.Bedrock.Models, 2)
	assert.True(t, cfg.Bedrock.Models[0].Priced())
	assert.InDelta(t, 0.0032, *cfg.Bedrock.Models[0].OutputPricePer1kTokens, 1e-12)
	assert.False(t, cfg.Bedrock.Models[1].Priced())
}

func TestParseModelID(t *testing.T) {
	cases := []struct {
		id, geography, base string
	}{
		{"amazon.nova-pro-v1:0", "", "amazon.nova-pro-v1:0"},
		{"us.amazon.nova-pro-v1:0", "us", "amazon.nova-pro-v1:0"},
		{"global.anthropic.claude-sonnet-4-5-20250929-v1:0", "global", "anthropic.claude-sonnet-4-5-20250929-v1:0"},
		{"us-gov.anthropic.claude-3-haiku-20240307-v1:0", "us-gov", "anthropic.claude-3-haiku-20240307-v1:0"},
		{"amazon.titan-text-express-v1:0:8k", "", "amazon.titan-text-express-v1:0:8k"},
	}
	for _, tc := range cases {
		got, err := ParseModelID(tc.id)
		require.NoError(t, err, tc.id)
		assert.Equal(t, tc.geography, got.Geography, tc.id)
		assert.Equal(t, tc.base, got.BaseModel, tc.id)
	}
}

func TestGeographyMatchesRegion(t *testing.T) {
	assert.True(t, GeographyMatchesRegion("us", "us-east-1"))
	assert.False(t, GeographyMatchesRegion("us", "us-gov-west-1"))
	assert.True(t, GeographyMatchesRegion("us-gov", "us-gov-west-1"))
	assert.True(t, GeographyMatchesRegion("eu", "eu-west-3"))
	assert.False(t, GeographyMatchesRegion("eu", "us-west-2"))
	assert.True(t, GeographyMatchesRegion("apac", "ap-south-1"))
	assert.True(t, GeographyMatchesRegion("jp", "ap-northeast-1"))
	assert.True(t, GeographyMatchesRegion("global", "eu-central-1"))
	assert.False(t, GeographyMatchesRegion("global", "cn-north-1"))
}

func TestPartitions(t *testing.T) {
	cfg, err := load(t, map[string]string{RegionKey: "cn-north-1", "bedrockRegion": "cn-northwest-1"})
	require.NoError(t, err)
	assert.Equal(t, "aws-cn", cfg.Partition)

	_, err = load(t, map[string]string{RegionKey: "us-gov-west-1", "bedrockRegion": "us-west-2"})
	problems := problemsOf(t, err)
	require.Len(t, problems, 1)
	assert.Contains(t, problems[0].Reason, "one stack cannot span partitions")
}

func TestLoadWarnsDiscoveryWithoutAgentAlarms(t *testing.T) {
	cfg, err := load(t, map[string]string{"agentDiscovery": "true", "agents": "[]", "alarmsEnabled": "true",
		"bedrockModelId": "us.amazon.nova-pro-v1:0"})
	require.NoError(t, err)
	require.Len(t, cfg.Warnings, 1)
	assert.Contains(t, cfg.Warnings[0], "alarms cannot use SEARCH, so no agent has alarms")
}

func TestLoadReportsPlaceholderOnce(t *testing.T) {
	_, err := load(t, map[string]string{"sagemakerEndpointName": "<value>"})
	problems := problemsOf(t, err)
	require.Len(t, problems, 1, "an invalid name that is also a placeholder is one problem")
	assert.Contains(t, problems[0].Reason, "not a SageMaker endpoint name")
}
