package alarms

import (
	"fmt"

	"github.com/alex-enterprise/monitoring/catalog"
	"github.com/alex-enterprise/monitoring/config"
)

// sageMaker returns the alarms of the embedding endpoint in the main region. Both metrics
// carry EndpointName and VariantName, because SageMaker publishes per production variant and
// a query on EndpointName alone matches no series.
func (b builder) sageMaker() []Alarm {
	region := b.cfg.Region
	limits := b.cfg.Alarms
	endpoint, variant := b.cfg.SageMaker.EndpointName, b.cfg.SageMaker.VariantName

	errors5XX := b.sumAlarm(CheckSageMaker5XXErrors, region, endpoint,
		catalog.SageMaker5XXErrors.With(endpoint, variant), limits.SageMaker5XXErrorsPerPeriod)
	errors5XX.Description = fmt.Sprintf("SageMaker endpoint %s (variant %s): more than %d 5XX errors per period %s "+
		"(%s). Threshold: %s.", endpoint, variant, limits.SageMaker5XXErrorsPerPeriod, b.window(), region,
		b.fullKey(config.KeySageMaker5XXErrors))
	errors5XX.GraphLabel = fmt.Sprintf("5XX errors alarm: > %d per %d s", limits.SageMaker5XXErrorsPerPeriod,
		limits.PeriodSeconds)

	// ModelLatency is in microseconds, the configured threshold in milliseconds: the alarm
	// compares microseconds, while the dashboard graph, converted to milliseconds, keeps the
	// threshold as configured.
	thresholdMs := float64(limits.SageMakerLatencyP99Ms)
	latency := b.p99Alarm(CheckSageMakerLatencyP99, region, endpoint,
		catalog.SageMakerModelLatency.With(endpoint, variant), thresholdMs*catalog.MicrosecondsPerMillisecond)
	latency.GraphThreshold = thresholdMs
	latency.Description = fmt.Sprintf("SageMaker endpoint %s (variant %s): p99 model latency above %d ms (%d µs) %s "+
		"(%s). Periods with fewer than 1000 requests are ignored. Threshold: %s.", endpoint, variant,
		limits.SageMakerLatencyP99Ms, limits.SageMakerLatencyP99Ms*catalog.MicrosecondsPerMillisecond,
		b.window(), region, b.fullKey(config.KeySageMakerLatencyP99))
	latency.GraphLabel = fmt.Sprintf("p99 model latency alarm: > %d ms", limits.SageMakerLatencyP99Ms)

	return []Alarm{errors5XX, latency}
}
