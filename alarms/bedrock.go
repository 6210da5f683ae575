package alarms

import (
	"fmt"

	"github.com/alex-enterprise/monitoring/catalog"
	"github.com/alex-enterprise/monitoring/config"
)

// Query IDs of the Bedrock metric-math alarms.
const (
	queryInvocations  = "invocations"
	queryClientErrors = "clientErrors"
	queryServerErrors = "serverErrors"
	queryErrorRate    = "errorRate"
	queryInputTokens  = "inputTokens"
	queryBand         = "band"
)

// bedrockModel returns the alarms of one model in the Bedrock region, where Bedrock publishes
// the metrics of the calls made to that region's endpoint, under the ID the caller passed.
func (b builder) bedrockModel(m config.Model) []Alarm {
	region := b.cfg.Bedrock.Region
	limits := b.cfg.Alarms

	tokens := b.sumAlarm(CheckBedrockInputTokens, region, m.ID,
		catalog.BedrockInputTokens.With(m.ID), limits.BedrockInputTokensPerPeriod)
	tokens.Description = fmt.Sprintf("Bedrock model %s used more than %d input tokens per period %s (%s). "+
		"Threshold: %s.", m.ID, limits.BedrockInputTokensPerPeriod, b.window(), region,
		b.fullKey(config.KeyBedrockInputTokens))
	// NOTE: the threshold line matches the tokens graph only while dashboardPeriodSeconds
	// equals alarmPeriodSeconds, because both count tokens per period.
	tokens.GraphLabel = fmt.Sprintf("%s input tokens alarm: > %d per %d s", m.ID,
		limits.BedrockInputTokensPerPeriod, limits.PeriodSeconds)

	serverErrors := b.sumAlarm(CheckBedrockServerErrors, region, m.ID,
		catalog.BedrockServerErrors.With(m.ID), limits.BedrockServerErrorsPerPeriod)
	serverErrors.Description = fmt.Sprintf("Bedrock model %s returned more than %d server errors per period %s (%s). "+
		"Threshold: %s.", m.ID, limits.BedrockServerErrorsPerPeriod, b.window(), region,
		b.fullKey(config.KeyBedrockServerErrors))
	serverErrors.GraphLabel = fmt.Sprintf("%s server errors alarm: > %d per %d s", m.ID,
		limits.BedrockServerErrorsPerPeriod, limits.PeriodSeconds)

	throttles := b.sumAlarm(CheckBedrockThrottles, region, m.ID,
		catalog.BedrockThrottles.With(m.ID), limits.BedrockThrottlesPerPeriod)
	throttles.Description = fmt.Sprintf("Bedrock throttled more than %d calls to model %s per period %s (%s); "+
		"check the model's tokens-per-minute and requests-per-minute quotas. Threshold: %s.",
		limits.BedrockThrottlesPerPeriod, m.ID, b.window(), region, b.fullKey(config.KeyBedrockThrottles))
	throttles.GraphLabel = fmt.Sprintf("%s throttles alarm: > %d per %d s", m.ID,
		limits.BedrockThrottlesPerPeriod, limits.PeriodSeconds)

	latency := b.p99Alarm(CheckBedrockLatencyP99, region, m.ID,
		catalog.BedrockLatency.With(m.ID), float64(limits.BedrockLatencyP99Ms))
	latency.Description = fmt.Sprintf("Bedrock model %s: p99 invocation latency (request to last token) above %d ms %s (%s). "+
		"Periods with fewer than 1000 calls are ignored. Threshold: %s.", m.ID, limits.BedrockLatencyP99Ms,
		b.window(), region, b.fullKey(config.KeyBedrockLatencyP99))
	latency.GraphLabel = fmt.Sprintf("%s p99 latency alarm: > %d ms", m.ID, limits.BedrockLatencyP99Ms)

	alarms := []Alarm{tokens, serverErrors, throttles, b.bedrockErrorRate(m), latency}
	if limits.AnomalyDetection {
		alarms = append(alarms, b.bedrockTokenAnomaly(m))
	}
	return alarms
}

// bedrockErrorRate returns the alarm on client and server errors as a percentage of
// invocations. FILL makes a period with calls but no error datapoints count as 0 errors, and
// the IF guard turns a period without invocations into 0 % instead of a division by zero.
//
// NOTE: AWS's metrics table defines Invocations as successful requests, while a newer
// revision counts requests that later failed too. Under the older definition a period in
// which every call fails reads as 0 %; the server-errors alarm still fires then.
func (b builder) bedrockErrorRate(m config.Model) Alarm {
	region := b.cfg.Bedrock.Region
	percent := b.cfg.Alarms.BedrockErrorRatePercent

	a := b.base(CheckBedrockErrorRate, region, m.ID)
	a.Metrics = []Query{
		b.sumQuery(queryInvocations, "Invocations", catalog.BedrockInvocations.With(m.ID)),
		b.sumQuery(queryClientErrors, "Client errors", catalog.BedrockClientErrors.With(m.ID)),
		b.sumQuery(queryServerErrors, "Server errors", catalog.BedrockServerErrors.With(m.ID)),
		{
			ID: queryErrorRate,
			Expression: fmt.Sprintf("IF(%[1]s > 0, (FILL(%[2]s, 0) + FILL(%[3]s, 0)) / %[1]s * 100, 0)",
				queryInvocations, queryClientErrors, queryServerErrors),
			Label:      "Error rate (%)",
			ReturnData: true,
		},
	}
	a.Threshold = floatPointer(float64(percent))
	a.ComparisonOperator = GreaterThanThreshold
	a.Description = fmt.Sprintf("Bedrock model %s: client and server errors above %d %% of invocations %s (%s). "+
		"Threshold: %s.", m.ID, percent, b.window(), region, b.fullKey(config.KeyBedrockErrorRate))
	a.GraphThreshold = float64(percent)
	a.GraphLabel = fmt.Sprintf("%s error rate alarm: > %d %%", m.ID, percent)
	return a
}

// bedrockTokenAnomaly returns the anomaly-detection alarm on a model's input tokens per
// period. It fires only above the band, because unusually low usage is no incident. AWS's
// examples set ReturnData on both the metric and the band, and so does this alarm.
func (b builder) bedrockTokenAnomaly(m config.Model) Alarm {
	region := b.cfg.Bedrock.Region
	stddevs := b.cfg.Alarms.AnomalyDetectionStddevs

	tokens := b.sumQuery(queryInputTokens, "Input tokens", catalog.BedrockInputTokens.With(m.ID))
	tokens.ReturnData = true
	a := b.base(CheckBedrockInputTokensAnomaly, region, m.ID)
	a.Metrics = []Query{
		tokens,
		{
			ID:         queryBand,
			Expression: fmt.Sprintf("ANOMALY_DETECTION_BAND(%s, %d)", queryInputTokens, stddevs),
			Label:      "Expected input tokens",
			ReturnData: true,
		},
	}
	a.ThresholdMetricID = queryBand
	a.ComparisonOperator = GreaterThanUpperThreshold
	a.GraphLabel = fmt.Sprintf("%s input token anomaly alarm: above the band of %d standard deviations", m.ID, stddevs)
	a.Description = fmt.Sprintf("Bedrock model %s used more input tokens per period than its anomaly-detection band "+
		"of %d standard deviations allows, %s (%s). The model trains on up to two weeks of data and "+
		"takes a few hours to produce a band. Band width: %s.", m.ID, stddevs, b.window(), region,
		b.fullKey(config.KeyAnomalyDetectionStddevs))
	return a
}
