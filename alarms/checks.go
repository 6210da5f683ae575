package alarms

import (
	"github.com/alex-enterprise/monitoring/config"
	"github.com/alex-enterprise/monitoring/dashboards"
)

// Check is the condition an alarm watches. It is the part of the alarm name between the
// stack's name prefix and the subject, as in alex-agent-error-rate-planner.
type Check string

// Checks. No check followed by "-" starts another check followed by "-", so two alarms of
// different checks never get the same name.
const (
	CheckBedrockInputTokens        Check = "bedrock-input-tokens"
	CheckBedrockInputTokensAnomaly Check = "bedrock-input-token-anomaly"
	CheckBedrockServerErrors       Check = "bedrock-server-errors"
	CheckBedrockThrottles          Check = "bedrock-throttles"
	CheckBedrockErrorRate          Check = "bedrock-error-rate"
	CheckBedrockLatencyP99         Check = "bedrock-latency-p99"
	CheckAgentErrorRate            Check = "agent-error-rate"
	CheckAgentThrottles            Check = "agent-throttles"
	CheckAgentDurationP99          Check = "agent-duration-p99"
	CheckSageMaker5XXErrors        Check = "sagemaker-5xx-errors"
	CheckSageMakerLatencyP99       Check = "sagemaker-model-latency-p99"
	CheckSystemHealth              Check = "system-health"
)

// Values of TreatMissingData (PutMetricAlarm).
const (
	MissingDataMissing      = "missing"
	MissingDataNotBreaching = "notBreaching"
	MissingDataBreaching    = "breaching"
	MissingDataIgnore       = "ignore"
)

// Comparison operators of PutMetricAlarm. The last three apply only to anomaly-detection
// alarms.
const (
	GreaterThanThreshold                     = "GreaterThanThreshold"
	GreaterThanOrEqualToThreshold            = "GreaterThanOrEqualToThreshold"
	LessThanThreshold                        = "LessThanThreshold"
	LessThanOrEqualToThreshold               = "LessThanOrEqualToThreshold"
	LessThanLowerOrGreaterThanUpperThreshold = "LessThanLowerOrGreaterThanUpperThreshold"
	LessThanLowerThreshold                   = "LessThanLowerThreshold"
	GreaterThanUpperThreshold                = "GreaterThanUpperThreshold"
)

// Values of EvaluateLowSampleCountPercentile, which applies only to percentile alarms.
const (
	LowSampleCountEvaluate = "evaluate"
	LowSampleCountIgnore   = "ignore"
)

// checkSpec is the settings that every alarm of one check shares.
type checkSpec struct {
	// treatMissingData is empty only for composites, which PutCompositeAlarm gives no such field.
	treatMissingData string
	graph            dashboards.Graph
	// thresholdKey is the config key that sets the threshold, empty for composites.
	thresholdKey string
	// subjectKey is the config key that lists the alarm's subjects (models, agents, endpoint).
	subjectKey string
	// regionKey is the config key that sets the alarm's region.
	regionKey string
}

// checkSpecs is the one table of per-check settings, TreatMissingData among them.
//
// Every metric alarm treats missing data as notBreaching. Idle Lambda functions, models and
// endpoints publish no datapoints, so an error, throttle, latency or token alarm with no data
// has seen no failure. The default, missing, would leave such alarms in INSUFFICIENT_DATA
// for every quiet night. None of these alarms is a traffic floor, the one kind that should
// treat missing data as breaching.
var checkSpecs = map[Check]checkSpec{
	CheckBedrockInputTokens: {MissingDataNotBreaching, dashboards.GraphBedrockTokens,
		config.KeyBedrockInputTokens, config.KeyBedrockModels, config.KeyBedrockRegion},
	CheckBedrockInputTokensAnomaly: {MissingDataNotBreaching, dashboards.GraphBedrockTokenBand,
		config.KeyAnomalyDetectionStddevs, config.KeyBedrockModels, config.KeyBedrockRegion},
	CheckBedrockServerErrors: {MissingDataNotBreaching, dashboards.GraphBedrockRequests,
		config.KeyBedrockServerErrors, config.KeyBedrockModels, config.KeyBedrockRegion},
	CheckBedrockThrottles: {MissingDataNotBreaching, dashboards.GraphBedrockRequests,
		config.KeyBedrockThrottles, config.KeyBedrockModels, config.KeyBedrockRegion},
	CheckBedrockErrorRate: {MissingDataNotBreaching, dashboards.GraphBedrockErrorRate,
		config.KeyBedrockErrorRate, config.KeyBedrockModels, config.KeyBedrockRegion},
	CheckBedrockLatencyP99: {MissingDataNotBreaching, dashboards.GraphBedrockLatency,
		config.KeyBedrockLatencyP99, config.KeyBedrockModels, config.KeyBedrockRegion},
	CheckAgentErrorRate: {MissingDataNotBreaching, dashboards.GraphAgentErrorRate,
		config.KeyAgentErrorRate, config.KeyAgents, config.RegionKey},
	CheckAgentThrottles: {MissingDataNotBreaching, dashboards.GraphAgentThrottles,
		config.KeyAgentThrottles, config.KeyAgents, config.RegionKey},
	CheckAgentDurationP99: {MissingDataNotBreaching, dashboards.GraphAgentDurationP99,
		config.KeyAgentDurationP99, config.KeyAgents, config.RegionKey},
	CheckSageMaker5XXErrors: {MissingDataNotBreaching, dashboards.GraphSageMakerInvocations,
		config.KeySageMaker5XXErrors, config.KeySageMakerEndpoint, config.RegionKey},
	CheckSageMakerLatencyP99: {MissingDataNotBreaching, dashboards.GraphSageMakerLatency,
		config.KeySageMakerLatencyP99, config.KeySageMakerEndpoint, config.RegionKey},
	CheckSystemHealth: {"", dashboards.GraphNone, "", config.KeyNamePrefix, ""},
}

// Checks returns every check in the order Build emits alarms.
func Checks() []Check {
	return []Check{
		CheckBedrockInputTokens, CheckBedrockServerErrors, CheckBedrockThrottles, CheckBedrockErrorRate,
		CheckBedrockLatencyP99, CheckBedrockInputTokensAnomaly,
		CheckAgentErrorRate, CheckAgentThrottles, CheckAgentDurationP99,
		CheckSageMaker5XXErrors, CheckSageMakerLatencyP99,
		CheckSystemHealth,
	}
}
