package alarms

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/alex-enterprise/monitoring/catalog"
	"github.com/alex-enterprise/monitoring/config"
)

// Limits of PutMetricAlarm (CloudWatch API model, 2026-08) that Validate applies.
const (
	MaxNameLength        = 255
	MaxDescriptionLength = 1024
	MaxQueries           = 20 // MetricDataQuery items of one metric-math alarm
	MaxMetricQueries     = 10 // of which with MetricStat
	MaxExpressionQueries = 10 // of which with Expression
	MaxDimensions        = 30
	MaxQueryIDLength     = 255

	// Period × EvaluationPeriods may not exceed maxWindowSeconds (7 days), or
	// maxShortPeriodWindowSeconds (1 day) when the period is under an hour.
	maxWindowSeconds            = 604_800
	maxShortPeriodWindowSeconds = 86_400
)

var (
	// queryIDPattern is a MetricDataQuery Id: a lowercase letter, then letters, digits and _.
	queryIDPattern = regexp.MustCompile(`^[a-z][A-Za-z0-9_]*$`)

	// extendedStatisticPattern matches percentiles (p99, p99.9) and the trimmed and
	// winsorized forms (tm90, TC(10%:90%), IQM) that ExtendedStatistic accepts.
	extendedStatisticPattern = regexp.MustCompile(
		`^((p|tm|tc|ts|wm)(100|[0-9]{1,2}(\.[0-9]+)?)|IQM|(PR|TM|TC|TS|WM)\([^():]*:[^():]*\))$`)

	statistics = []string{catalog.SampleCount, catalog.Average, catalog.Sum, catalog.Minimum, catalog.Maximum}

	treatMissingDataValues = []string{MissingDataMissing, MissingDataNotBreaching, MissingDataBreaching,
		MissingDataIgnore}

	staticComparisons = []string{GreaterThanThreshold, GreaterThanOrEqualToThreshold, LessThanThreshold,
		LessThanOrEqualToThreshold}

	anomalyComparisons = []string{LessThanLowerOrGreaterThanUpperThreshold, LessThanLowerThreshold,
		GreaterThanUpperThreshold}
)

// Problem is one reason CloudWatch would reject one or more alarms, or would accept them and
// never evaluate them as intended.
type Problem struct {
	Key    string   // fully namespaced config key that set the value, such as alex-enterprise:alarmPeriodSeconds; empty when no key did
	Value  string   // the offending value
	Reason string   // what is wrong and, where a key is named, the range it accepts
	Alarms []string // names of the alarms that have the problem, in build order
}

// maxListedAlarms is the number of alarm names a Problem's message lists before "and N more".
const maxListedAlarms = 3

func (p *Problem) Error() string {
	var b strings.Builder
	if len(p.Alarms) == 1 {
		fmt.Fprintf(&b, "alarm %s: ", p.Alarms[0])
	} else {
		listed := p.Alarms[:min(len(p.Alarms), maxListedAlarms)]
		fmt.Fprintf(&b, "alarms %s", strings.Join(listed, ", "))
		if rest := len(p.Alarms) - len(listed); rest > 0 {
			fmt.Fprintf(&b, " and %d more", rest)
		}
		b.WriteString(": ")
	}
	switch {
	case p.Key != "" && p.Value != "":
		fmt.Fprintf(&b, "config %s = %q: ", p.Key, p.Value)
	case p.Key != "":
		fmt.Fprintf(&b, "config %s: ", p.Key)
	case p.Value != "":
		fmt.Fprintf(&b, "%q: ", p.Value)
	}
	b.WriteString(p.Reason)
	return b.String()
}

// ValidationError lists every problem Validate found. A problem that many alarms share,
// such as a window that is too long, appears once with all their names.
type ValidationError struct {
	Problems []*Problem
}

func (e *ValidationError) Error() string {
	return config.FormatProblems("invalid alarm specifications", e.Problems)
}

// Unwrap returns the individual problems for errors.As.
func (e *ValidationError) Unwrap() []error { return config.AsErrors(e.Problems) }

// Validate checks alarms against the rules of PutMetricAlarm and PutCompositeAlarm: names,
// periods and evaluation windows, statistics, metric-math and anomaly-detection queries,
// composite rules, and that every metric is in the catalog. Names must be unique across the
// stack, which is stricter than CloudWatch's per-region rule. cfg supplies the project that
// namespaces config keys in the messages. Validate returns a *ValidationError or nil.
func Validate(cfg *config.Config, alarms []Alarm) error {
	if cfg == nil {
		return errors.New("validate alarms: config is nil")
	}
	v := &validator{cfg: cfg, index: map[problemID]int{}, catalog: map[metricID]catalog.Metric{}}
	for _, m := range catalog.All() {
		v.catalog[metricID{m.Namespace, m.Name}] = m
	}
	regionOf := make(map[string]string, len(alarms))
	for _, a := range alarms {
		regionOf[a.Name] = a.Region
	}
	for i := range alarms {
		v.alarm(&alarms[i], regionOf)
	}
	v.uniqueNames(alarms)
	if len(v.problems) == 0 {
		return nil
	}
	return &ValidationError{Problems: v.problems}
}

// problemID identifies problems that differ only in the alarm they concern.
type problemID struct {
	key, value, reason string
}

// metricID is a metric's namespace and name.
type metricID struct {
	namespace, name string
}

type validator struct {
	cfg      *config.Config
	problems []*Problem
	index    map[problemID]int
	// catalog indexes catalog.All() once, because catalog.Lookup rebuilds the list per call.
	catalog map[metricID]catalog.Metric
}

// fail records a problem of alarm a. key is a project config key, or empty.
func (v *validator) fail(a *Alarm, key, value, format string, args ...any) {
	if key != "" {
		key = fullKey(v.cfg, key)
	}
	id := problemID{key: key, value: value, reason: fmt.Sprintf(format, args...)}
	if i, seen := v.index[id]; seen {
		v.problems[i].Alarms = append(v.problems[i].Alarms, a.Name)
		return
	}
	v.index[id] = len(v.problems)
	v.problems = append(v.problems, &Problem{Key: id.key, Value: value, Reason: id.reason, Alarms: []string{a.Name}})
}

func (v *validator) alarm(a *Alarm, regionOf map[string]string) {
	spec, known := checkSpecs[a.Check]
	if !known {
		v.fail(a, "", string(a.Check), "unknown check")
	}
	v.name(a)
	if n := utf8.RuneCountInString(a.Description); n > MaxDescriptionLength {
		v.fail(a, "", "", "description has %d characters; AlarmDescription takes at most %d", n, MaxDescriptionLength)
	}
	if a.Region == "" {
		v.fail(a, spec.regionKey, "", "missing region: an alarm evaluates only metrics of its own region")
	}
	switch a.Kind {
	case KindMetric:
		v.metricAlarm(a, spec)
	case KindComposite:
		v.composite(a, regionOf)
	default:
		v.fail(a, "", string(a.Kind), "unknown kind; use %q or %q", KindMetric, KindComposite)
	}
}

func (v *validator) name(a *Alarm) {
	switch n := utf8.RuneCountInString(a.Name); {
	case a.Name == "":
		v.fail(a, "", "", "missing alarm name")
	case n > MaxNameLength:
		v.fail(a, config.KeyNamePrefix, v.cfg.NamePrefix,
			"alarm name has %d characters; CloudWatch accepts at most %d, so shorten the prefix", n, MaxNameLength)
	case !utf8.ValidString(a.Name):
		v.fail(a, "", a.Name, "alarm name is not valid UTF-8")
	case strings.ContainsFunc(a.Name, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		v.fail(a, "", a.Name, "alarm name contains an ASCII control character")
	}
}

func (v *validator) metricAlarm(a *Alarm, spec checkSpec) {
	if a.AlarmRule != "" || len(a.Children) > 0 {
		v.fail(a, "", "", "metric alarm sets AlarmRule or Children, which only composite alarms take")
	}
	if !slices.Contains(treatMissingDataValues, a.TreatMissingData) {
		v.fail(a, "", a.TreatMissingData, "TreatMissingData must be set on purpose to one of %s",
			strings.Join(treatMissingDataValues, ", "))
	}

	var period int
	if len(a.Metrics) == 0 {
		period = v.singleMetric(a)
	} else {
		period = v.metricMath(a)
	}
	v.window(a, period)

	if a.ThresholdMetricID != "" {
		v.anomalyThreshold(a)
		return
	}
	if !slices.Contains(staticComparisons, a.ComparisonOperator) {
		v.fail(a, "", a.ComparisonOperator, "ComparisonOperator must be one of %s",
			strings.Join(staticComparisons, ", "))
	}
	switch {
	case a.Threshold == nil:
		v.fail(a, spec.thresholdKey, "", "missing threshold")
	case math.IsNaN(*a.Threshold) || math.IsInf(*a.Threshold, 0):
		v.fail(a, spec.thresholdKey, strconv.FormatFloat(*a.Threshold, 'g', -1, 64), "threshold must be a finite number")
	}
}

// window applies the limits on period, evaluation periods and datapoints to alarm.
func (v *validator) window(a *Alarm, period int) {
	periodValue := strconv.Itoa(period)
	switch {
	case period == 10 || period == 20 || period == 30:
		v.fail(a, config.KeyAlarmPeriod, periodValue, "10, 20 and 30 seconds make high-resolution alarms, "+
			"which need high-resolution custom metrics, but Bedrock, Lambda and SageMaker publish per minute; "+
			"use a multiple of 60 such as 300")
		return
	case period < 60 || period%60 != 0:
		v.fail(a, config.KeyAlarmPeriod, periodValue, "must be a multiple of 60 seconds, such as 300")
		return
	}

	evaluations := a.EvaluationPeriods
	if evaluations < 1 {
		v.fail(a, config.KeyAlarmEvaluationPeriods, strconv.Itoa(evaluations), "must be at least 1")
		return
	}
	limit := maxWindowSeconds
	if period < 3600 {
		limit = maxShortPeriodWindowSeconds
	}
	if period*evaluations > limit {
		v.fail(a, config.KeyAlarmEvaluationPeriods, strconv.Itoa(evaluations),
			"period %d s × %d evaluation periods = %d s exceeds CloudWatch's limit of %d s (1 day when the "+
				"period is under an hour, else 7 days); use at most %d evaluation periods",
			period, evaluations, period*evaluations, limit, limit/period)
	}
	if a.DatapointsToAlarm < 1 || a.DatapointsToAlarm > evaluations {
		v.fail(a, config.KeyAlarmDatapointsToAlarm, strconv.Itoa(a.DatapointsToAlarm),
			"must be between 1 and the number of evaluation periods (%d)", evaluations)
	}
}

// singleMetric checks an alarm on one metric and returns its period.
func (v *validator) singleMetric(a *Alarm) int {
	if a.ThresholdMetricID != "" {
		v.fail(a, "", a.ThresholdMetricID, "ThresholdMetricId needs Metrics with an ANOMALY_DETECTION_BAND query")
	}
	if a.Series == nil {
		v.fail(a, "", "", "metric alarm has neither a metric (Series) nor metric-math queries (Metrics)")
		return a.Period
	}
	v.series(a, "", *a.Series)

	switch {
	case (a.Statistic == "") == (a.ExtendedStatistic == ""):
		v.fail(a, "", a.Statistic+a.ExtendedStatistic, "set exactly one of Statistic and ExtendedStatistic")
	case a.Statistic != "" && !slices.Contains(statistics, a.Statistic):
		v.fail(a, "", a.Statistic, "Statistic must be one of %s; percentiles go in ExtendedStatistic",
			strings.Join(statistics, ", "))
	case a.ExtendedStatistic != "" && !extendedStatisticPattern.MatchString(a.ExtendedStatistic):
		v.fail(a, "", a.ExtendedStatistic, "not an extended statistic such as p99, p99.9, tm90 or IQM")
	}
	switch a.EvaluateLowSampleCountPercentile {
	case "":
	case LowSampleCountEvaluate, LowSampleCountIgnore:
		if a.ExtendedStatistic == "" {
			v.fail(a, "", a.EvaluateLowSampleCountPercentile,
				"EvaluateLowSampleCountPercentile applies only to alarms with an ExtendedStatistic")
		}
	default:
		v.fail(a, "", a.EvaluateLowSampleCountPercentile, "EvaluateLowSampleCountPercentile must be %q or %q",
			LowSampleCountEvaluate, LowSampleCountIgnore)
	}
	return a.Period
}

// metricMath checks the queries of a metric-math or anomaly-detection alarm and returns the
// period of its metric queries.
func (v *validator) metricMath(a *Alarm) int {
	if a.Series != nil || a.Statistic != "" || a.ExtendedStatistic != "" || a.Period != 0 ||
		a.EvaluateLowSampleCountPercentile != "" {
		v.fail(a, "", "", "metric-math alarm also sets Series, Statistic, ExtendedStatistic, Period or "+
			"EvaluateLowSampleCountPercentile; those belong in its metric queries")
	}
	metrics, expressions := 0, 0
	period := 0
	ids := map[string]bool{}
	for _, q := range a.Metrics {
		switch {
		case len(q.ID) > MaxQueryIDLength || !queryIDPattern.MatchString(q.ID):
			v.fail(a, "", q.ID, "query id must start with a lowercase letter and contain only letters, digits and _")
		case ids[q.ID]:
			v.fail(a, "", q.ID, "duplicate query id")
		}
		ids[q.ID] = true

		switch {
		case (q.Series == nil) == (q.Expression == ""):
			v.fail(a, "", q.ID, "query must set exactly one of a metric (Series) and an Expression")
		case q.Series != nil:
			metrics++
			v.series(a, q.ID, *q.Series)
			v.queryStat(a, q)
			if period == 0 {
				period = q.Period
			} else if q.Period != period {
				v.fail(a, "", q.ID, "query period %d s differs from %d s; all metrics of an alarm use one period",
					q.Period, period)
			}
		default:
			expressions++
			if strings.Contains(q.Expression, "SEARCH(") {
				v.fail(a, "", q.ID, "SEARCH expressions are not allowed in alarms")
			}
		}
	}

	if len(a.Metrics) > MaxQueries || metrics > MaxMetricQueries || expressions > MaxExpressionQueries {
		v.fail(a, "", "", "%d queries (%d metrics, %d expressions); a metric-math alarm takes at most %d, "+
			"of which at most %d metrics and %d expressions", len(a.Metrics), metrics, expressions,
			MaxQueries, MaxMetricQueries, MaxExpressionQueries)
	}
	if metrics == 0 {
		v.fail(a, "", "", "metric-math alarm has no metric query")
	}
	if a.ThresholdMetricID == "" {
		v.returnData(a)
	}
	return period
}

func (v *validator) queryStat(a *Alarm, q Query) {
	if !slices.Contains(statistics, q.Stat) && !extendedStatisticPattern.MatchString(q.Stat) {
		v.fail(a, "", q.ID, "query stat %q is not a statistic such as Sum or p99", q.Stat)
	}
}

// returnData checks the rule that exactly one query of a metric-math alarm returns data:
// the one whose single time series the alarm compares with its threshold.
func (v *validator) returnData(a *Alarm) {
	returned := 0
	for _, q := range a.Metrics {
		if q.ReturnData {
			returned++
		}
	}
	if returned != 1 {
		v.fail(a, "", "", "%d queries set ReturnData; a metric-math alarm needs exactly one", returned)
	}
}

// anomalyThreshold checks an anomaly-detection alarm. ThresholdMetricId names an
// ANOMALY_DETECTION_BAND expression, there is no Threshold, and, as in AWS's examples, the
// band and the metric it is computed from both set ReturnData while no other query does.
func (v *validator) anomalyThreshold(a *Alarm) {
	if !slices.Contains(anomalyComparisons, a.ComparisonOperator) {
		v.fail(a, "", a.ComparisonOperator, "an anomaly-detection alarm's ComparisonOperator must be one of %s",
			strings.Join(anomalyComparisons, ", "))
	}
	if a.Threshold != nil {
		v.fail(a, "", "", "an anomaly-detection alarm takes ThresholdMetricId and no Threshold")
	}
	i := slices.IndexFunc(a.Metrics, func(q Query) bool { return q.ID == a.ThresholdMetricID })
	if i < 0 || !strings.HasPrefix(a.Metrics[i].Expression, "ANOMALY_DETECTION_BAND(") {
		v.fail(a, "", a.ThresholdMetricID, "ThresholdMetricId must name an ANOMALY_DETECTION_BAND expression query")
		return
	}
	band := a.Metrics[i]
	input, _, _ := strings.Cut(strings.TrimPrefix(band.Expression, "ANOMALY_DETECTION_BAND("), ",")
	input = strings.TrimSuffix(strings.TrimSpace(input), ")")
	for _, q := range a.Metrics {
		want := q.ID == band.ID || q.ID == input
		if q.ReturnData != want {
			v.fail(a, "", q.ID, "in an anomaly-detection alarm only the band %q and its metric %q set ReturnData",
				band.ID, input)
		}
	}
}

// series checks that a metric comes from the catalog with every dimension set. queryID is
// empty for a single-metric alarm.
func (v *validator) series(a *Alarm, queryID string, s catalog.Series) {
	where := "metric"
	if queryID != "" {
		where = "query " + queryID
	}
	m, ok := v.catalog[metricID{s.Namespace, s.Name}]
	if !ok {
		v.fail(a, "", s.Namespace+"/"+s.Name, "%s is not in the metric catalog", where)
		return
	}
	if len(s.DimensionValues) > MaxDimensions {
		v.fail(a, "", s.Namespace+"/"+s.Name, "%s has %d dimensions; CloudWatch accepts at most %d",
			where, len(s.DimensionValues), MaxDimensions)
	}
	names := make([]string, len(s.DimensionValues))
	for i, d := range s.DimensionValues {
		names[i] = d.Name
		if d.Value == "" {
			v.fail(a, "", d.Name, "%s has an empty value for dimension %s", where, d.Name)
		}
	}
	if !slices.Equal(names, m.Dimensions) {
		v.fail(a, "", strings.Join(names, ","), "%s %s/%s needs dimensions %s, which is the set AWS publishes",
			where, s.Namespace, s.Name, strings.Join(m.Dimensions, ", "))
	}
}

func (v *validator) composite(a *Alarm, regionOf map[string]string) {
	if a.Series != nil || len(a.Metrics) > 0 || a.Statistic != "" || a.ExtendedStatistic != "" ||
		a.Threshold != nil || a.TreatMissingData != "" || a.Period != 0 || a.EvaluationPeriods != 0 {
		v.fail(a, "", "", "composite alarm sets metric alarm fields; PutCompositeAlarm takes only AlarmRule")
	}
	if n := len(a.AlarmRule); n == 0 || n > MaxAlarmRuleLength {
		v.fail(a, "", "", "alarm rule has %d characters; PutCompositeAlarm takes 1 to %d", n, MaxAlarmRuleLength)
	}
	if n := len(a.Children); n == 0 || n > MaxCompositeChildren {
		v.fail(a, "", "", "composite alarm has %d children; it takes 1 to %d", n, MaxCompositeChildren)
	}
	for _, child := range a.Children {
		region, exists := regionOf[child]
		switch {
		case !exists:
			v.fail(a, "", child, "child alarm is not among the stack's alarms")
		case region != a.Region:
			v.fail(a, "", child, "child alarm is in %s; a composite alarm may only reference alarms of its own region",
				region)
		}
		if !strings.Contains(a.AlarmRule, alarmTerm(child)) {
			v.fail(a, "", child, "child alarm does not appear in the alarm rule")
		}
	}
}

// uniqueNames reports alarm names that more than one alarm carries.
func (v *validator) uniqueNames(alarms []Alarm) {
	count := make(map[string]int, len(alarms))
	for _, a := range alarms {
		count[a.Name]++
	}
	for i := range alarms {
		a := &alarms[i]
		n := count[a.Name]
		if n < 2 {
			continue
		}
		count[a.Name] = 0 // report each name once
		v.fail(a, checkSpecs[a.Check].subjectKey, "", "%d alarms share this name; subjects that differ only in "+
			"characters other than letters, digits, '.', '_' and '-' get the same name", n)
	}
}
