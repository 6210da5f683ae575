package monitoring

import (
	"math"
	"strings"

	"github.com/alex-enterprise/monitoring/alarms"
	"github.com/alex-enterprise/monitoring/dashboards"
)

// CloudWatch list prices in USD per month (us-east-1), from the AWS price list.
const (
	PriceDashboard   = 3.00 // per dashboard
	PriceAlarmMetric = 0.10 // per metric a standard-resolution alarm reads
	// PriceCompositeAlarm is per composite alarm. NOTE: the amount comes from secondary
	// sources; AWS's billing page confirms only that composites are priced per alarm.
	PriceCompositeAlarm = 0.50
)

// Free tier per account and month.
const (
	FreeDashboards          = 3  // dashboards of at most FreeDashboardMetrics metrics each
	FreeDashboardMetrics    = 50 // metrics on a dashboard that the free tier covers
	FreeAlarmMetrics        = 10
	anomalyBandsPerDetector = 2 // an anomaly-detection alarm is billed for its metric plus two bands
)

// CostEstimate is the monthly cost of the monitoring itself, from the resources the stack
// declares and CloudWatch list prices. It is an estimate: it leaves out usage-based charges.
type CostEstimate struct {
	Currency                  string     `json:"currency"`
	MonthlyTotal              float64    `json:"monthly_total"`
	MonthlyTotalAfterFreeTier float64    `json:"monthly_total_after_free_tier"`
	Dashboards                float64    `json:"dashboards"`
	AlarmMetrics              float64    `json:"alarm_metrics"`
	CompositeAlarms           float64    `json:"composite_alarms"`
	AnomalyDetectionModels    float64    `json:"anomaly_detection_models"`
	Counts                    CostCounts `json:"counts"`
	FreeTier                  string     `json:"free_tier"`
	NotIncluded               string     `json:"not_included"`
}

// CostCounts are the billed units behind a CostEstimate.
type CostCounts struct {
	Dashboards             int `json:"dashboards"`
	DashboardsWithin50     int `json:"dashboards_with_at_most_50_metrics"`
	AlarmMetrics           int `json:"alarm_metrics"`
	CompositeAlarms        int `json:"composite_alarms"`
	AnomalyDetectionModels int `json:"anomaly_detection_models"`
	AnomalyDetectionBands  int `json:"anomaly_detection_band_metrics"`
}

// CostEstimate computes the monthly cost of the dashboards and alarms the plan declares.
func (p *Plan) CostEstimate() CostEstimate {
	var c CostCounts
	c.Dashboards = len(p.Dashboards)
	for _, d := range p.Dashboards {
		if dashboards.CountMetrics(d.Body) <= FreeDashboardMetrics {
			c.DashboardsWithin50++
		}
	}
	for _, a := range p.Alarms {
		if a.Kind == alarms.KindComposite {
			c.CompositeAlarms++
			continue
		}
		metrics, bands := metricCount(a)
		c.AlarmMetrics += metrics
		if bands > 0 {
			c.AnomalyDetectionModels++
			c.AnomalyDetectionBands += bands
		}
	}
	e := CostEstimate{
		Currency:               "USD",
		Counts:                 c,
		Dashboards:             cents(float64(c.Dashboards) * PriceDashboard),
		AlarmMetrics:           cents(float64(c.AlarmMetrics) * PriceAlarmMetric),
		CompositeAlarms:        cents(float64(c.CompositeAlarms) * PriceCompositeAlarm),
		AnomalyDetectionModels: cents(float64(c.AnomalyDetectionBands) * PriceAlarmMetric),
		FreeTier: "Each account gets 3 dashboards of up to 50 metrics and 10 alarm metrics free per month, " +
			"shared with everything else in the account; monthly_total_after_free_tier assumes this stack uses them alone.",
		NotIncluded: "KMS keys for the alert topics (billed by AWS KMS), SNS notifications, Logs Insights " +
			"queries of the memory widget ($0.005 per GB scanned, an unconfirmed price), and GetMetricData " +
			"calls made by alexmon report. Dashboards viewed in the console incur no GetMetricData charge.",
	}
	e.MonthlyTotal = cents(e.Dashboards + e.AlarmMetrics + e.CompositeAlarms + e.AnomalyDetectionModels)
	free := float64(min(FreeDashboards, c.DashboardsWithin50))*PriceDashboard +
		float64(min(FreeAlarmMetrics, c.AlarmMetrics+c.AnomalyDetectionBands))*PriceAlarmMetric
	e.MonthlyTotalAfterFreeTier = cents(max(0, e.MonthlyTotal-free))
	return e
}

func cents(v float64) float64 { return math.Round(v*100) / 100 }

// metricCount returns the number of metrics an alarm is billed for: one per metric it reads,
// plus two for the bands of an anomaly-detection model.
func metricCount(a alarms.Alarm) (metrics, bands int) {
	if a.Kind == alarms.KindComposite {
		return 0, 0
	}
	if a.Series != nil {
		return 1, 0
	}
	for _, q := range a.Metrics {
		if q.Series != nil {
			metrics++
		}
		if strings.Contains(q.Expression, "ANOMALY_DETECTION_BAND") {
			bands += anomalyBandsPerDetector
		}
	}
	return metrics, bands
}
