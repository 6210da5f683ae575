package alarms

import (
	"fmt"

	"github.com/alex-enterprise/monitoring/catalog"
	"github.com/alex-enterprise/monitoring/dashboards"
)

// APIAlarm is one alarm in the field names of PutMetricAlarm or PutCompositeAlarm, as
// alarms.json lists it. Fields that do not apply to the alarm are omitted. Region and
// AlarmArn are not request fields: remove them before passing an object to
// aws cloudwatch put-metric-alarm --cli-input-json.
type APIAlarm struct {
	Region   string `json:"Region"`
	AlarmArn string `json:"AlarmArn,omitempty"`

	AlarmName        string   `json:"AlarmName"`
	AlarmDescription string   `json:"AlarmDescription,omitempty"`
	AlarmActions     []string `json:"AlarmActions,omitempty"`
	OKActions        []string `json:"OKActions,omitempty"`

	Namespace                        string               `json:"Namespace,omitempty"`
	MetricName                       string               `json:"MetricName,omitempty"`
	Dimensions                       []APIDimension       `json:"Dimensions,omitempty"`
	Statistic                        string               `json:"Statistic,omitempty"`
	ExtendedStatistic                string               `json:"ExtendedStatistic,omitempty"`
	Period                           int                  `json:"Period,omitempty"`
	Metrics                          []APIMetricDataQuery `json:"Metrics,omitempty"`
	EvaluationPeriods                int                  `json:"EvaluationPeriods,omitempty"`
	DatapointsToAlarm                int                  `json:"DatapointsToAlarm,omitempty"`
	Threshold                        *float64             `json:"Threshold,omitempty"`
	ThresholdMetricID                string               `json:"ThresholdMetricId,omitempty"`
	ComparisonOperator               string               `json:"ComparisonOperator,omitempty"`
	TreatMissingData                 string               `json:"TreatMissingData,omitempty"`
	EvaluateLowSampleCountPercentile string               `json:"EvaluateLowSampleCountPercentile,omitempty"`

	AlarmRule string `json:"AlarmRule,omitempty"`
}

// APIDimension is a Dimension of the CloudWatch API.
type APIDimension struct {
	Name  string `json:"Name"`
	Value string `json:"Value"`
}

// APIMetric is a Metric of the CloudWatch API.
type APIMetric struct {
	Namespace  string         `json:"Namespace"`
	MetricName string         `json:"MetricName"`
	Dimensions []APIDimension `json:"Dimensions,omitempty"`
}

// APIMetricStat is a MetricStat of the CloudWatch API.
type APIMetricStat struct {
	Metric APIMetric `json:"Metric"`
	Period int       `json:"Period"`
	Stat   string    `json:"Stat"`
}

// APIMetricDataQuery is a MetricDataQuery of the CloudWatch API. ReturnData is always
// written, because CloudWatch takes an omitted ReturnData as true.
type APIMetricDataQuery struct {
	ID         string         `json:"Id"`
	MetricStat *APIMetricStat `json:"MetricStat,omitempty"`
	Expression string         `json:"Expression,omitempty"`
	Label      string         `json:"Label,omitempty"`
	ReturnData bool           `json:"ReturnData"`
}

// APIForm returns alarms in the field names of the CloudWatch API, in the same order.
// topicARN returns the alert topic of a region. Each alarm that notifies gets its own
// region's topic as its only AlarmActions and OKActions entry, because an alarm action must
// be in the alarm's region. A nil topicARN, or one that returns "", leaves the actions out.
// AlarmArn is set when both partition and accountID are given.
func APIForm(alarms []Alarm, partition, accountID string, topicARN func(region string) string) []APIAlarm {
	out := make([]APIAlarm, len(alarms))
	for i, a := range alarms {
		api := APIAlarm{
			Region:                           a.Region,
			AlarmName:                        a.Name,
			AlarmDescription:                 a.Description,
			Statistic:                        a.Statistic,
			ExtendedStatistic:                a.ExtendedStatistic,
			Period:                           a.Period,
			EvaluationPeriods:                a.EvaluationPeriods,
			DatapointsToAlarm:                a.DatapointsToAlarm,
			Threshold:                        a.Threshold,
			ThresholdMetricID:                a.ThresholdMetricID,
			ComparisonOperator:               a.ComparisonOperator,
			TreatMissingData:                 a.TreatMissingData,
			EvaluateLowSampleCountPercentile: a.EvaluateLowSampleCountPercentile,
			AlarmRule:                        a.AlarmRule,
		}
		if partition != "" && accountID != "" {
			api.AlarmArn = ARN(partition, a.Region, accountID, a.Name)
		}
		if a.Notify && topicARN != nil {
			if topic := topicARN(a.Region); topic != "" {
				api.AlarmActions = []string{topic}
				api.OKActions = []string{topic}
			}
		}
		if a.Series != nil {
			api.Namespace = a.Series.Namespace
			api.MetricName = a.Series.Name
			api.Dimensions = apiDimensions(a.Series.DimensionValues)
		}
		for _, q := range a.Metrics {
			api.Metrics = append(api.Metrics, apiQuery(q))
		}
		out[i] = api
	}
	return out
}

func apiQuery(q Query) APIMetricDataQuery {
	query := APIMetricDataQuery{ID: q.ID, Expression: q.Expression, Label: q.Label, ReturnData: q.ReturnData}
	if q.Series != nil {
		query.MetricStat = &APIMetricStat{
			Metric: APIMetric{
				Namespace:  q.Series.Namespace,
				MetricName: q.Series.Name,
				Dimensions: apiDimensions(q.Series.DimensionValues),
			},
			Period: q.Period,
			Stat:   q.Stat,
		}
	}
	return query
}

func apiDimensions(dimensions []catalog.Dimension) []APIDimension {
	if len(dimensions) == 0 {
		return nil
	}
	out := make([]APIDimension, len(dimensions))
	for i, d := range dimensions {
		out[i] = APIDimension{Name: d.Name, Value: d.Value}
	}
	return out
}

// ARN returns the ARN of the named alarm, such as
// arn:aws:cloudwatch:us-east-1:111122223333:alarm:alex-agent-error-rate-planner.
func ARN(partition, region, accountID, name string) string {
	return fmt.Sprintf("arn:%s:cloudwatch:%s:%s:alarm:%s", partition, region, accountID, name)
}

// Marker returns the alarm as a dashboard shows it, given its ARN.
func (a Alarm) Marker(arn string) dashboards.AlarmMarker {
	m := dashboards.AlarmMarker{
		Name:      a.Name,
		ARN:       arn,
		Subject:   a.Subject,
		Graph:     a.Graph,
		Threshold: a.GraphThreshold,
		Label:     a.GraphLabel,
	}
	if a.Series != nil && a.Statistic == catalog.Sum {
		m.PeriodSeconds = a.Period
	}
	return m
}
