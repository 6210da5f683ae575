package awstest

import (
	"math"
	"slices"
	"strings"
	"time"

	"github.com/alex-enterprise/monitoring/catalog"
)

// World is the account the server pretends to be: the metric series CloudWatch holds and
// the SNS topics with their subscriptions.
type World struct {
	Series []Series
	Topics []Topic
}

// Series is one CloudWatch time series, summarised over any requested time window. A series
// with SampleCount 0 is listed by ListMetrics but has no datapoints.
type Series struct {
	Region     string
	Namespace  string
	Name       string
	Dimensions []catalog.Dimension

	Sum         float64
	SampleCount float64
	Maximum     float64
	Minimum     float64
}

// Topic is an SNS topic. Its region is the fourth field of ARN.
type Topic struct {
	ARN           string
	Subscriptions []Subscription
}

// Subscription is one subscription to a topic.
type Subscription struct {
	// ARN is empty for a subscription that ListSubscriptionsByTopic lists as
	// PendingConfirmation. A subscription created with ReturnSubscriptionArn has an ARN
	// even while it is pending.
	ARN      string
	Protocol string
	Endpoint string
	Pending  bool
}

// Without returns a copy of w without the series for which drop returns true.
func (w World) Without(drop func(Series) bool) World {
	out := World{Topics: w.Topics}
	for _, s := range w.Series {
		if !drop(s) {
			out.Series = append(out.Series, s)
		}
	}
	return out
}

// find returns the series in region with exactly the given dimensions, in any order.
func (w World) find(region, namespace, name string, dims []catalog.Dimension) (Series, bool) {
	for _, s := range w.Series {
		if s.Region == region && s.Namespace == namespace && s.Name == name && sameDimensions(s.Dimensions, dims) {
			return s, true
		}
	}
	return Series{}, false
}

func sameDimensions(a, b []catalog.Dimension) bool {
	if len(a) != len(b) {
		return false
	}
	for _, d := range a {
		if !slices.Contains(b, d) {
			return false
		}
	}
	return true
}

// topicRegion returns the region field of an SNS topic or subscription ARN.
func topicRegion(arn string) string {
	parts := strings.Split(arn, ":")
	if len(parts) < 6 {
		return ""
	}
	return parts[3]
}

// point is one datapoint of a GetMetricData result.
type point struct {
	at    time.Time
	value float64
}

// datapoints spreads the series over the periods of [start, end): each period gets an
// equal share of Sum and SampleCount, so that sums and sample-weighted averages over all
// periods equal the series' totals, and the first period holds the Maximum.
func (s Series) datapoints(start, end time.Time, period time.Duration, stat string) []point {
	if s.SampleCount <= 0 || !end.After(start) {
		return nil
	}
	buckets := int(math.Ceil(float64(end.Sub(start)) / float64(period)))
	points := make([]point, 0, buckets)
	n := float64(buckets)
	for i := range buckets {
		var v float64
		switch stat {
		case catalog.Sum:
			v = s.Sum / n
		case catalog.SampleCount:
			v = s.SampleCount / n
		case catalog.Average:
			v = s.Sum / s.SampleCount
		case catalog.Maximum:
			v = s.Maximum
			if i > 0 {
				v = (s.Maximum + s.Minimum) / 2
			}
		case catalog.Minimum:
			v = s.Minimum
		}
		points = append(points, point{at: start.Add(time.Duration(i) * period), value: v})
	}
	return points
}
