package awscheck

import (
	"context"
	"log/slog"
	"slices"
	"strings"

	"github.com/alex-enterprise/monitoring/catalog"
	"github.com/alex-enterprise/monitoring/config"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// Status is the outcome of one subject of the doctor.
type Status string

// Statuses of a subject.
const (
	// StatusOK: every metric of the subject exists.
	StatusOK Status = "ok"
	// StatusWarning: the subject publishes, but some of its metrics had no datapoints in
	// the last 14 days, so their lines stay empty.
	StatusWarning Status = "warning"
	// StatusError: none of the subject's metrics exist, so its widgets show no data.
	StatusError Status = "error"
)

// Subject is a model, function or endpoint as one namespace publishes it in one region:
// the checks that share the region, the namespace and the dimensions.
type Subject struct {
	Region     string              `json:"region"`
	Namespace  string              `json:"namespace"`
	Dimensions []catalog.Dimension `json:"dimensions"`
	// UsedBy lists the dashboards and alarms that use the subject's metrics.
	UsedBy string `json:"usedBy"`
}

// SubjectResult is the outcome of one subject: its present and missing metrics and, when
// metrics are missing, their likely cause and the commands that fix the configuration.
type SubjectResult struct {
	Subject
	Status  Status   `json:"status"`
	Present []string `json:"present"`
	Missing []string `json:"missing"`
	Cause   string   `json:"cause,omitempty"`
	Fixes   []string `json:"fixes,omitempty"`
	// Note is detail on a subject without problems, such as the functions a prefix finds.
	Note string `json:"note,omitempty"`
}

// Diagnosis is the result of Doctor.
type Diagnosis struct {
	Stack    string          `json:"stack"`
	Subjects []SubjectResult `json:"subjects"`
	Topics   []TopicResult   `json:"topics"`
	// ListMetricsRequests is the number of ListMetrics calls made, one per page.
	ListMetricsRequests int `json:"listMetricsRequests"`
}

// Failed reports whether a dashboard will show no data for some subject.
func (d *Diagnosis) Failed() bool {
	return slices.ContainsFunc(d.Subjects, func(s SubjectResult) bool { return s.Status == StatusError })
}

// Doctor checks with ListMetrics that every series of checks exists in its region with
// exactly its dimensions, finds the likely cause of each subject that publishes nothing,
// and lists the subscriptions of the alert topics. With agentDiscovery it also checks that
// some function with lambdaFunctionPrefix publishes, as the dashboards then search by it.
// ListMetrics only returns metrics with datapoints in the last 14 days, so a function or
// endpoint idle for longer shows as missing. Doctor returns a *CallError when an AWS call
// fails.
func Doctor(ctx context.Context, cfg *config.Config, checks []Check, topics []Topic, clients Clients,
	logger *slog.Logger) (*Diagnosis, error) {
	logger = loggerOrDiscard(logger)
	d := &doctor{cfg: cfg, lister: newLister(ctx, clients, logger)}
	diagnosis := &Diagnosis{Stack: cfg.Stack, Subjects: []SubjectResult{}, Topics: []TopicResult{}}
	for _, subject := range groupChecks(checks) {
		result, err := d.checkSubject(subject)
		if err != nil {
			return nil, err
		}
		diagnosis.Subjects = append(diagnosis.Subjects, result)
	}
	if cfg.AgentDiscovery {
		result, err := d.checkDiscovery()
		if err != nil {
			return nil, err
		}
		diagnosis.Subjects = append(diagnosis.Subjects, result)
	}
	diagnosis.ListMetricsRequests = d.lister.requests
	for _, topic := range topics {
		result, err := CheckTopic(ctx, clients, topic)
		if err != nil {
			return nil, err
		}
		diagnosis.Topics = append(diagnosis.Topics, result)
	}
	return diagnosis, nil
}

// subjectChecks is a subject with the metric names checked for it and their users, in
// the order of the checks.
type subjectChecks struct {
	Subject
	metrics []string
	users   []string
}

// groupChecks groups checks by subject, in the order of their first check.
func groupChecks(checks []Check) []subjectChecks {
	var subjects []subjectChecks
	for _, c := range checks {
		i := slices.IndexFunc(subjects, func(s subjectChecks) bool {
			return s.Region == c.Region && s.Namespace == c.Series.Namespace &&
				slices.Equal(s.Dimensions, c.Series.DimensionValues)
		})
		if i < 0 {
			subjects = append(subjects, subjectChecks{Subject: Subject{Region: c.Region, Namespace: c.Series.Namespace,
				Dimensions: c.Series.DimensionValues}})
			i = len(subjects) - 1
		}
		s := &subjects[i]
		if !slices.Contains(s.metrics, c.Series.Name) {
			s.metrics = append(s.metrics, c.Series.Name)
		}
		if !slices.Contains(s.users, c.UsedBy) {
			s.users = append(s.users, c.UsedBy)
			s.UsedBy = strings.Join(s.users, ", ")
		}
	}
	return subjects
}

type doctor struct {
	cfg    *config.Config
	lister *lister
}

// checkSubject lists the metrics of the subject and sorts its metric names into present
// and missing. Only a metric with exactly the subject's dimensions counts: CloudWatch
// keeps each dimension combination as a separate metric.
func (d *doctor) checkSubject(s subjectChecks) (SubjectResult, error) {
	result := SubjectResult{Subject: s.Subject, Present: []string{}, Missing: []string{}}
	metrics, err := d.lister.list(s.Region, s.Namespace, "", s.Dimensions)
	if err != nil {
		return result, err
	}
	for _, name := range s.metrics {
		if slices.ContainsFunc(metrics, func(m types.Metric) bool {
			return aws.ToString(m.MetricName) == name && exactDimensions(m.Dimensions, s.Dimensions)
		}) {
			result.Present = append(result.Present, name)
		} else {
			result.Missing = append(result.Missing, name)
		}
	}
	switch {
	case len(result.Missing) == 0:
		result.Status = StatusOK
	case len(result.Present) > 0:
		result.Status = StatusWarning
		result.Cause = "no datapoints for these metrics in the last 14 days, while the others have data; " +
			"their lines stay empty until the event they count occurs"
	default:
		result.Status = StatusError
		if err := d.findCause(&result); err != nil {
			return result, err
		}
	}
	return result, nil
}

// exactDimensions reports whether a metric's dimensions are exactly want, in any order.
func exactDimensions(got []types.Dimension, want []catalog.Dimension) bool {
	if len(got) != len(want) {
		return false
	}
	for _, g := range got {
		if !slices.Contains(want, catalog.Dimension{Name: aws.ToString(g.Name), Value: aws.ToString(g.Value)}) {
			return false
		}
	}
	return true
}

// lister runs ListMetrics, following NextToken, and caches each listing.
type lister struct {
	ctx      context.Context
	clients  Clients
	logger   *slog.Logger
	requests int
	cache    map[string][]types.Metric
}

func newLister(ctx context.Context, clients Clients, logger *slog.Logger) *lister {
	return &lister{ctx: ctx, clients: clients, logger: logger, cache: map[string][]types.Metric{}}
}

// list returns the metrics of region and namespace, of one metric name unless name is
// empty, that have every dimension of filters.
func (l *lister) list(region, namespace, name string, filters []catalog.Dimension) ([]types.Metric, error) {
	key := strings.Join([]string{region, namespace, name, dimensionText(filters)}, "|")
	if metrics, ok := l.cache[key]; ok {
		return metrics, nil
	}
	input := &cloudwatch.ListMetricsInput{Namespace: aws.String(namespace)}
	if name != "" {
		input.MetricName = aws.String(name)
	}
	for _, f := range filters {
		input.Dimensions = append(input.Dimensions, types.DimensionFilter{Name: aws.String(f.Name), Value: aws.String(f.Value)})
	}
	var metrics []types.Metric
	paginator := cloudwatch.NewListMetricsPaginator(l.clients.Metrics(region), input)
	for paginator.HasMorePages() {
		page, err := paginator.NextPage(l.ctx)
		l.requests++
		if err != nil {
			return nil, newCallError(l.ctx, serviceCloudWatch, "ListMetrics", region, err)
		}
		metrics = append(metrics, page.Metrics...)
	}
	l.logger.Debug("listed metrics", "region", region, "namespace", namespace, "metric", name,
		"dimensions", dimensionText(filters), "count", len(metrics))
	l.cache[key] = metrics
	return metrics, nil
}

// dimensionValues returns the distinct values of dimension, sorted, among the metrics of
// region, namespace and name that have every dimension of filters and exactly the
// dimension names dimensionNames, whatever their values.
func (l *lister) dimensionValues(region, namespace, name, dimension string, dimensionNames []string,
	filters []catalog.Dimension) ([]string, error) {
	metrics, err := l.list(region, namespace, name, filters)
	if err != nil {
		return nil, err
	}
	want := slices.Sorted(slices.Values(dimensionNames))
	var values []string
	for _, m := range metrics {
		names := make([]string, len(m.Dimensions))
		value := ""
		for i, d := range m.Dimensions {
			names[i] = aws.ToString(d.Name)
			if names[i] == dimension {
				value = aws.ToString(d.Value)
			}
		}
		slices.Sort(names)
		if slices.Equal(names, want) && value != "" && !slices.Contains(values, value) {
			values = append(values, value)
		}
	}
	slices.Sort(values)
	return values, nil
}
