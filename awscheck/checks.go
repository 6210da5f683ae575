package awscheck

import (
	"github.com/alex-enterprise/monitoring/catalog"
	"github.com/alex-enterprise/monitoring/dashboards"
	"github.com/alex-enterprise/monitoring/monitoring"
)

// Check is one series that a dashboard or an alarm uses, in the region it is charted in.
type Check struct {
	Region string
	Series catalog.Series
	// UsedBy names what uses the series, such as "dashboard alex-ai-model-usage" or "alarms".
	UsedBy string
}

// UsedByAlarms is the UsedBy of the series that alarms evaluate.
const UsedByAlarms = "alarms"

// ChecksFromPlan returns every series that the plan's dashboards chart, in the region of
// the widget (or of the row, when the row sets one), and every series its alarms evaluate,
// in the alarm's region. Expression rows are left out: a SEARCH over the function prefix
// (agentDiscovery) is checked by Doctor itself, and metric math only combines rows that
// are checked.
func ChecksFromPlan(plan *monitoring.Plan) []Check {
	var checks []Check
	add := func(c Check) {
		for _, existing := range checks {
			if existing.Region == c.Region && existing.UsedBy == c.UsedBy && sameSeries(existing.Series, c.Series) {
				return
			}
		}
		checks = append(checks, c)
	}
	for _, d := range plan.Dashboards {
		for _, w := range d.Body.Widgets {
			props, ok := w.Properties.(*dashboards.MetricProperties)
			if !ok {
				continue
			}
			for _, row := range props.Metrics {
				if row.Series == nil {
					continue
				}
				region := props.Region
				if row.Options.Region != "" {
					region = row.Options.Region
				}
				add(Check{Region: region, Series: *row.Series, UsedBy: "dashboard " + d.Name})
			}
		}
	}
	for _, a := range plan.Alarms {
		if a.Series != nil {
			add(Check{Region: a.Region, Series: *a.Series, UsedBy: UsedByAlarms})
		}
		for _, q := range a.Metrics {
			if q.Series != nil {
				add(Check{Region: a.Region, Series: *q.Series, UsedBy: UsedByAlarms})
			}
		}
	}
	return checks
}

func sameSeries(a, b catalog.Series) bool {
	if a.Namespace != b.Namespace || a.Name != b.Name || len(a.DimensionValues) != len(b.DimensionValues) {
		return false
	}
	for i := range a.DimensionValues {
		if a.DimensionValues[i] != b.DimensionValues[i] {
			return false
		}
	}
	return true
}
