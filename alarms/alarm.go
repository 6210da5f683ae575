// Package alarms builds the specifications of the stack's CloudWatch alarms as plain values:
// the Pulumi program declares them, alexmon render writes them to alarms.json, and the
// dashboards draw their thresholds. It imports neither Pulumi nor pulumi-aws.
package alarms

import (
	"github.com/alex-enterprise/monitoring/catalog"
	"github.com/alex-enterprise/monitoring/dashboards"
)

// Kind distinguishes a metric alarm (PutMetricAlarm) from a composite alarm (PutCompositeAlarm).
type Kind string

// Alarm kinds.
const (
	KindMetric    Kind = "metric"
	KindComposite Kind = "composite"
)

// Query is one MetricDataQuery of a metric-math or anomaly-detection alarm: either a metric
// (Series with Stat) or an Expression.
type Query struct {
	ID         string
	Series     *catalog.Series
	Stat       string
	Period     int
	Expression string
	Label      string
	ReturnData bool
}

// Alarm is the specification of one alarm in the region whose metrics it evaluates.
type Alarm struct {
	Kind        Kind
	Check       Check  // the condition watched; composites use CheckSystemHealth
	Subject     string // the model ID, agent name or endpoint name watched; empty for composites
	Name        string
	Region      string
	Description string

	// A single-metric alarm sets Series with Statistic or ExtendedStatistic and Period.
	Series            *catalog.Series
	Statistic         string
	ExtendedStatistic string
	Period            int

	// A metric-math or anomaly-detection alarm sets Metrics instead; an anomaly-detection
	// alarm also sets ThresholdMetricID and no Threshold.
	Metrics           []Query
	ThresholdMetricID string

	EvaluationPeriods                int
	DatapointsToAlarm                int
	Threshold                        *float64
	ComparisonOperator               string
	TreatMissingData                 string
	EvaluateLowSampleCountPercentile string

	// AlarmRule is the rule of a composite alarm, and Children the names of the alarms it
	// references, all in the composite's region. A program that declares the alarms makes the
	// composite depend on its children, because PutCompositeAlarm rejects a rule that names
	// an alarm that does not exist yet.
	AlarmRule string
	Children  []string

	// Notify marks alarms whose state changes go to the region's alert topic. Composites do
	// not notify, because each of their children already does and a second message per
	// incident adds noise.
	Notify bool

	// Graph and GraphThreshold place the alarm's threshold on a dashboard graph, in the
	// graph's unit (milliseconds where the alarm itself uses microseconds).
	Graph          dashboards.Graph
	GraphThreshold float64
	GraphLabel     string // label of the threshold line, such as "planner p99 duration alarm: > 60000 ms"
}
