package alarms

import (
	"errors"
	"fmt"

	"github.com/alex-enterprise/monitoring/catalog"
	"github.com/alex-enterprise/monitoring/config"
)

// percentileP99 is the ExtendedStatistic of the latency and duration alarms.
//
// NOTE: the latency alarms set EvaluateLowSampleCountPercentile to ignore, so a period with
// fewer than 10/(1-0.99) = 1,000 samples leaves the alarm in its current state. At a few
// hundred calls per period these alarms therefore seldom change state.
const percentileP99 = "p99"

// Build returns the validated specifications of the stack's alarms in a fixed order. The
// Bedrock alarms of each model come first, then the Lambda alarms of each agent, both in
// config order. The SageMaker alarms follow, and last the system-health composites of the
// main region and of the Bedrock region. Build returns an empty slice when alarms are
// disabled, and a *ValidationError listing every alarm that CloudWatch would reject.
func Build(cfg *config.Config) ([]Alarm, error) {
	if cfg == nil {
		return nil, errors.New("build alarms: config is nil")
	}
	if !cfg.Alarms.Enabled {
		return []Alarm{}, nil
	}

	b := builder{cfg: cfg}
	var alarms []Alarm
	if cfg.Bedrock.Enabled {
		for _, m := range cfg.Bedrock.Models {
			alarms = append(alarms, b.bedrockModel(m)...)
		}
	}
	// NOTE: with agentDiscovery and an empty agents list, no agent gets alarms: a metric
	// alarm names each function, because SEARCH is not allowed in alarms.
	for _, a := range cfg.Agents {
		alarms = append(alarms, b.agent(a)...)
	}
	if cfg.SageMaker.Enabled {
		alarms = append(alarms, b.sageMaker()...)
	}
	alarms = append(alarms, systemHealth(cfg, alarms)...)

	if err := Validate(cfg, alarms); err != nil {
		return nil, err
	}
	return alarms, nil
}

// builder holds the config while Build assembles metric alarms.
type builder struct {
	cfg *config.Config
}

// base returns a metric alarm of check on subject with the window, missing-data treatment
// and graph that every alarm of the check shares.
func (b builder) base(check Check, region, subject string) Alarm {
	spec := checkSpecs[check]
	return Alarm{
		Kind:              KindMetric,
		Check:             check,
		Subject:           subject,
		Name:              Name(b.cfg, check, subject),
		Region:            region,
		EvaluationPeriods: b.cfg.Alarms.EvaluationPeriods,
		DatapointsToAlarm: b.cfg.Alarms.DatapointsToAlarm,
		TreatMissingData:  spec.treatMissingData,
		Notify:            true,
		Graph:             spec.graph,
	}
}

// sumAlarm returns a single-metric alarm on the Sum of series per period above threshold.
func (b builder) sumAlarm(check Check, region, subject string, series catalog.Series, threshold int) Alarm {
	a := b.base(check, region, subject)
	a.Series = &series
	a.Statistic = catalog.Sum
	a.Period = b.cfg.Alarms.PeriodSeconds
	a.Threshold = floatPointer(float64(threshold))
	a.ComparisonOperator = GreaterThanThreshold
	a.GraphThreshold = float64(threshold)
	return a
}

// p99Alarm returns a single-metric alarm on the p99 of series above threshold, which is in
// the unit of the metric.
func (b builder) p99Alarm(check Check, region, subject string, series catalog.Series, threshold float64) Alarm {
	a := b.base(check, region, subject)
	a.Series = &series
	a.ExtendedStatistic = percentileP99
	a.EvaluateLowSampleCountPercentile = LowSampleCountIgnore
	a.Period = b.cfg.Alarms.PeriodSeconds
	a.Threshold = floatPointer(threshold)
	a.ComparisonOperator = GreaterThanThreshold
	a.GraphThreshold = threshold
	return a
}

// sumQuery returns a metric query of the Sum of series per alarm period that feeds an
// expression and is not itself evaluated.
func (b builder) sumQuery(id, label string, series catalog.Series) Query {
	return Query{ID: id, Series: &series, Stat: catalog.Sum, Period: b.cfg.Alarms.PeriodSeconds, Label: label}
}

// fullKey returns the namespaced form of a project config key.
func (b builder) fullKey(key string) string {
	return fullKey(b.cfg, key)
}

// window describes the evaluation window, such as "in 2 of 3 periods of 300 s".
func (b builder) window() string {
	w := b.cfg.Alarms
	return fmt.Sprintf("in %d of %d periods of %d s", w.DatapointsToAlarm, w.EvaluationPeriods, w.PeriodSeconds)
}

func fullKey(cfg *config.Config, key string) string {
	if key == config.RegionKey {
		return key
	}
	return cfg.Project + ":" + key
}

func floatPointer(v float64) *float64 { return &v }
