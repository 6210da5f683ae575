package config

// Type is the type of a config key as Pulumi.yaml declares it.
type Type string

// The config types that Pulumi.yaml accepts.
const (
	TypeString  Type = "string"
	TypeInteger Type = "integer"
	TypeBoolean Type = "boolean"
	TypeArray   Type = "array"
	TypeObject  Type = "object"
)

// Key describes one key in the project's config namespace. The table of keys is the single
// source for defaults: Load applies them and a test checks that Pulumi.yaml declares the same.
type Key struct {
	Name        string
	Type        Type
	Items       Type // item type of an array key
	Default     any
	Description string
}

// Names of the project's config keys.
const (
	KeyBedrockRegion        = "bedrockRegion"
	KeyBedrockModelID       = "bedrockModelId"
	KeyBedrockModels        = "bedrockModels"
	KeyBedrockEnabled       = "bedrockEnabled"
	KeyNamePrefix           = "namePrefix"
	KeyAgents               = "agents"
	KeyLambdaFunctionPrefix = "lambdaFunctionPrefix"
	KeyAgentDiscovery       = "agentDiscovery"
	KeyLambdaInsights       = "lambdaInsightsEnabled"
	KeySageMakerEnabled     = "sagemakerEnabled"
	KeySageMakerEndpoint    = "sagemakerEndpointName"
	KeySageMakerVariant     = "sagemakerVariantName"
	KeySageMakerServerless  = "sagemakerServerless"
	KeyDashboardTimeRange   = "dashboardTimeRange"
	KeyDashboardPeriod      = "dashboardPeriodSeconds"

	KeyAlarmsEnabled           = "alarmsEnabled"
	KeyAlarmEmails             = "alarmEmails"
	KeyAlarmHTTPSEndpoints     = "alarmHttpsEndpoints"
	KeyAlarmKMSKeys            = "alarmKmsKeys"
	KeyAlarmPeriod             = "alarmPeriodSeconds"
	KeyAlarmEvaluationPeriods  = "alarmEvaluationPeriods"
	KeyAlarmDatapointsToAlarm  = "alarmDatapointsToAlarm"
	KeyBedrockInputTokens      = "bedrockInputTokensPerPeriodThreshold"
	KeyBedrockServerErrors     = "bedrockServerErrorsPerPeriodThreshold"
	KeyBedrockThrottles        = "bedrockThrottlesPerPeriodThreshold"
	KeyBedrockErrorRate        = "bedrockErrorRatePercentThreshold"
	KeyBedrockLatencyP99       = "bedrockLatencyP99MsThreshold"
	KeyAgentErrorRate          = "agentErrorRatePercentThreshold"
	KeyAgentMinInvocations     = "agentErrorRateMinInvocations"
	KeyAgentThrottles          = "agentThrottlesPerPeriodThreshold"
	KeyAgentDurationP99        = "agentDurationP99MsThreshold"
	KeySageMaker5XXErrors      = "sagemaker5xxErrorsPerPeriodThreshold"
	KeySageMakerLatencyP99     = "sagemakerModelLatencyP99MsThreshold"
	KeyAnomalyDetection        = "anomalyDetectionEnabled"
	KeyAnomalyDetectionStddevs = "anomalyDetectionBandStddevs"

	KeyAdoptExisting = "adoptExisting"
	KeyProtect       = "protect"
)

// RegionKey is the provider key that holds the main region.
const RegionKey = "aws:region"

// Keys lists every key of the project's config namespace, in the order Pulumi.yaml declares them.
var Keys = []Key{
	{KeyBedrockRegion, TypeString, "", "us-west-2",
		"Region whose bedrock-runtime endpoint the agents call; Bedrock metrics and alarms live there."},
	{KeyBedrockModelID, TypeString, "", "amazon.nova-pro-v1:0",
		"Model or inference profile ID exactly as the agents pass it (one-model form of bedrockModels)."},
	{KeyBedrockModels, TypeArray, TypeObject, []any{},
		"Models to monitor: objects with id and optional inputPricePer1kTokens and outputPricePer1kTokens in USD."},
	{KeyBedrockEnabled, TypeBoolean, "", true,
		"Whether the agents call Bedrock; false drops every Bedrock widget and alarm."},
	{KeyNamePrefix, TypeString, "", "alex",
		"Prefix of every dashboard, alarm, topic and key name."},
	{KeyAgents, TypeArray, TypeString, []any{"planner", "reporter", "charter", "retirement", "tagger"},
		"Agent names in display order; an entry name=function-name sets the Lambda function name explicitly."},
	{KeyLambdaFunctionPrefix, TypeString, "", "alex-",
		"Prefix added to an agent name to form its Lambda function name."},
	{KeyAgentDiscovery, TypeBoolean, "", false,
		"Chart every function whose name contains lambdaFunctionPrefix (a SEARCH token match) instead of the agents list."},
	{KeyLambdaInsights, TypeBoolean, "", false,
		"Whether the Lambda Insights extension is installed; memory then comes from LambdaInsights metrics."},
	{KeySageMakerEnabled, TypeBoolean, "", true,
		"Whether to monitor the SageMaker embedding endpoint."},
	{KeySageMakerEndpoint, TypeString, "", "alex-embedding-endpoint",
		"Name of the SageMaker endpoint that produces embeddings."},
	{KeySageMakerVariant, TypeString, "", "AllTraffic",
		"Production variant of the endpoint; SageMaker publishes metrics per endpoint and variant."},
	{KeySageMakerServerless, TypeBoolean, "", true,
		"Whether the endpoint is serverless (cold starts) rather than instance-backed (CPU and memory)."},
	{KeyDashboardTimeRange, TypeString, "", "-PT6H",
		"Default time range of the dashboards, an ISO 8601 duration such as -PT6H or -P7D."},
	{KeyDashboardPeriod, TypeInteger, "", 300,
		"Default period of dashboard graphs in seconds, a multiple of 60."},

	{KeyAlarmsEnabled, TypeBoolean, "", false,
		"Whether to create alarms, SNS topics and KMS keys."},
	{KeyAlarmEmails, TypeArray, TypeString, []any{},
		"E-mail addresses subscribed to the alert topics; each must confirm its subscription."},
	{KeyAlarmHTTPSEndpoints, TypeArray, TypeString, []any{},
		"HTTPS endpoints subscribed to the alert topics."},
	{KeyAlarmKMSKeys, TypeObject, "", map[string]any{},
		"Existing customer-managed KMS key ARN per region for the alert topics; other regions get a new key."},
	{KeyAlarmPeriod, TypeInteger, "", 300,
		"Alarm period in seconds, a multiple of 60 (the metrics are published per minute)."},
	{KeyAlarmEvaluationPeriods, TypeInteger, "", 3,
		"Number of periods each alarm evaluates."},
	{KeyAlarmDatapointsToAlarm, TypeInteger, "", 2,
		"Breaching periods out of alarmEvaluationPeriods that set an alarm off."},
	{KeyBedrockInputTokens, TypeInteger, "", 1000000,
		"Input tokens per alarm period and model above which the token alarm fires."},
	{KeyBedrockServerErrors, TypeInteger, "", 5,
		"Bedrock server errors per alarm period and model above which the alarm fires."},
	{KeyBedrockThrottles, TypeInteger, "", 10,
		"Bedrock throttled calls per alarm period and model above which the alarm fires."},
	{KeyBedrockErrorRate, TypeInteger, "", 5,
		"Bedrock error rate in percent (client and server errors over invocations) above which the alarm fires."},
	{KeyBedrockLatencyP99, TypeInteger, "", 30000,
		"Bedrock p99 invocation latency in ms above which the alarm fires."},
	{KeyAgentErrorRate, TypeInteger, "", 5,
		"Agent error rate in percent above which the alarm fires."},
	{KeyAgentMinInvocations, TypeInteger, "", 10,
		"Invocations per alarm period an agent needs before its error-rate alarm can fire."},
	{KeyAgentThrottles, TypeInteger, "", 0,
		"Agent throttles per alarm period above which the alarm fires."},
	{KeyAgentDurationP99, TypeInteger, "", 60000,
		"Agent p99 duration in ms above which the alarm fires."},
	{KeySageMaker5XXErrors, TypeInteger, "", 5,
		"SageMaker 5XX errors per alarm period above which the alarm fires."},
	{KeySageMakerLatencyP99, TypeInteger, "", 2000,
		"SageMaker p99 model latency in ms (converted to microseconds for the alarm) above which it fires."},
	{KeyAnomalyDetection, TypeBoolean, "", false,
		"Whether to add anomaly-detection alarms on Bedrock token usage."},
	{KeyAnomalyDetectionStddevs, TypeInteger, "", 2,
		"Width of the anomaly-detection band in standard deviations."},

	{KeyAdoptExisting, TypeBoolean, "", false,
		"Adopt existing dashboards, alarms and topics of the same names (pulumi.Import) instead of creating them."},
	{KeyProtect, TypeBoolean, "", false,
		"Protect dashboards, topics and keys from deletion."},
}

// LookupKey returns the declaration of the named key.
func LookupKey(name string) (Key, bool) {
	for _, k := range Keys {
		if k.Name == name {
			return k, true
		}
	}
	return Key{}, false
}
