package dashboards

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Limits of PutDashboard, from the CloudWatch dashboard body reference and service quotas.
const (
	MaxWidgets             = 500
	MaxMetricsPerWidget    = 500
	MaxMetricsPerDashboard = 2500
	MaxSearchesPerWidget   = 100
	MaxSearchQueryLength   = 1024
	MaxAlarmsPerWidget     = 100
	MaxNameLength          = 255
	MaxWidgetHeight        = 1000
	MaxDimensionsPerMetric = 30
)

var (
	dashboardNamePattern = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	rowIDPattern         = regexp.MustCompile(`^[a-z][A-Za-z0-9_]*$`)
	colorPattern         = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	statPattern          = regexp.MustCompile(
		`^(SampleCount|Average|Sum|Minimum|Maximum|IQM|p100|(p|tm|wm|tc|ts)[0-9]{1,2}(\.[0-9]+)?)$`)
	widgetRegionPattern = regexp.MustCompile(`^[a-z]{2}(-gov)?-[a-z]+-[0-9]$`)
	startPattern        = regexp.MustCompile(`^-P(T[0-9]+[HMS]|[0-9]+[DWMY])$`)
	quotedPattern       = regexp.MustCompile(`'[^']*'|"[^"]*"`)
	identifierPattern   = regexp.MustCompile(`\b[a-z][A-Za-z0-9_]*\b`)
	searchPattern       = regexp.MustCompile(`SEARCH\(\s*'([^']*)'`)
	sourcePattern       = regexp.MustCompile(`SOURCE\s+'([^']*)'`)
)

var validViews = map[string]bool{"": true, ViewTimeSeries: true, ViewSingleValue: true, ViewBar: true,
	"pie": true, "gauge": true, ViewTable: true}

// Validate checks a dashboard name and body against CloudWatch's rules for PutDashboard, so
// that a bad body fails before any resource is declared. Each error names the widget.
// NOTE: AWS documents no maximum body size, so none is checked; a page of 500 agents with
// alarms marshals to about 400 KB.
func Validate(name string, body Body) error {
	v := &validator{dashboard: name}
	if name == "" || len(name) > MaxNameLength || !dashboardNamePattern.MatchString(name) {
		v.fail("", "name must be 1 to %d letters, digits, - or _", MaxNameLength)
	}
	if body.Start != "" && !startPattern.MatchString(body.Start) {
		v.fail("", "start %q is not a relative ISO 8601 duration such as -PT6H", body.Start)
	}
	if len(body.Widgets) > MaxWidgets {
		v.fail("", "%d widgets exceed the limit of %d per dashboard", len(body.Widgets), MaxWidgets)
	}
	total := 0
	for i, w := range body.Widgets {
		v.widget = fmt.Sprintf("widget %d (%s %q)", i, w.Type, widgetTitle(w))
		v.checkPosition(w)
		switch p := w.Properties.(type) {
		case *MetricProperties:
			v.checkType(w, TypeMetric)
			total += len(p.Metrics)
			v.checkMetricWidget(p)
		case *TextProperties:
			v.checkType(w, TypeText)
			if strings.TrimSpace(p.Markdown) == "" {
				v.fail(v.widget, "text widget has no markdown")
			}
		case *LogProperties:
			v.checkType(w, TypeLog)
			v.checkLogWidget(p)
		case *AlarmProperties:
			v.checkType(w, TypeAlarm)
			v.checkAlarmWidget(p)
		default:
			v.fail(v.widget, "unknown properties type %T", w.Properties)
		}
	}
	v.widget = ""
	if total > MaxMetricsPerDashboard {
		v.fail("", "%d metrics and expressions exceed the limit of %d per dashboard", total, MaxMetricsPerDashboard)
	}
	v.checkOverlaps(body.Widgets)
	return errors.Join(v.errs...)
}

type validator struct {
	dashboard string
	widget    string
	errs      []error
}

func (v *validator) fail(where, format string, args ...any) {
	prefix := fmt.Sprintf("dashboard %q", v.dashboard)
	if where != "" {
		prefix += ": " + where
	}
	v.errs = append(v.errs, fmt.Errorf("%s: %s", prefix, fmt.Sprintf(format, args...)))
}

func widgetTitle(w Widget) string {
	switch p := w.Properties.(type) {
	case *MetricProperties:
		return p.Title
	case *LogProperties:
		return p.Title
	case *AlarmProperties:
		return p.Title
	case *TextProperties:
		title, _, _ := strings.Cut(strings.TrimLeft(p.Markdown, "# "), "\n")
		return title
	}
	return ""
}

func (v *validator) checkType(w Widget, want string) {
	if w.Type != want {
		v.fail(v.widget, "type %q does not match %s properties", w.Type, want)
	}
}

func (v *validator) checkPosition(w Widget) {
	if w.Width < 1 || w.Width > GridColumns {
		v.fail(v.widget, "width %d is outside 1 to %d", w.Width, GridColumns)
	}
	if w.X < 0 || w.X+w.Width > GridColumns {
		v.fail(v.widget, "x %d with width %d leaves the %d-column grid", w.X, w.Width, GridColumns)
	}
	if w.Y < 0 {
		v.fail(v.widget, "y %d is negative", w.Y)
	}
	if w.Height < 1 || w.Height > MaxWidgetHeight {
		v.fail(v.widget, "height %d is outside 1 to %d", w.Height, MaxWidgetHeight)
	}
}

func (v *validator) checkOverlaps(widgets []Widget) {
	for i := range widgets {
		for j := i + 1; j < len(widgets); j++ {
			a, b := widgets[i], widgets[j]
			if a.X < b.X+b.Width && b.X < a.X+a.Width && a.Y < b.Y+b.Height && b.Y < a.Y+a.Height {
				v.fail(fmt.Sprintf("widget %d", j), "overlaps widget %d", i)
			}
		}
	}
}

func (v *validator) checkRegion(region string) {
	if region == "" {
		v.fail(v.widget, "region is required")
	} else if !widgetRegionPattern.MatchString(region) {
		v.fail(v.widget, "region %q is not a region code", region)
	}
}

func (v *validator) checkMetricWidget(p *MetricProperties) {
	v.checkRegion(p.Region)
	if len(p.Metrics) == 0 {
		v.fail(v.widget, "metric widget has no metrics; PutDashboard rejects an empty metrics array")
	}
	if len(p.Metrics) > MaxMetricsPerWidget {
		v.fail(v.widget, "%d metrics and expressions exceed the limit of %d per widget", len(p.Metrics),
			MaxMetricsPerWidget)
	}
	if !validViews[p.View] {
		v.fail(v.widget, "view %q is not a metric widget view", p.View)
	}
	if p.Stat != "" && !statPattern.MatchString(p.Stat) {
		v.fail(v.widget, "stat %q is not a CloudWatch statistic", p.Stat)
	}
	v.checkPeriod("", p.Period)

	ids := map[string]bool{}
	for i, row := range p.Metrics {
		if id := row.Options.ID; id != "" {
			if ids[id] {
				v.fail(v.widget, "metrics[%d]: duplicate id %q", i, id)
			}
			ids[id] = true
		}
	}

	searches := 0
	for i, row := range p.Metrics {
		where := fmt.Sprintf("metrics[%d]", i)
		v.checkRow(where, row, ids)
		if strings.Contains(row.Expression, "SEARCH(") {
			searches++
		}
	}
	if searches > MaxSearchesPerWidget {
		v.fail(v.widget, "%d SEARCH expressions exceed the limit of %d per widget", searches, MaxSearchesPerWidget)
	}
	if p.Annotations != nil {
		for i, a := range p.Annotations.Horizontal {
			if a.Color != "" && !colorPattern.MatchString(a.Color) {
				v.fail(v.widget, "annotation %d: color %q is not a 6-digit hex colour", i, a.Color)
			}
		}
	}
}

func (v *validator) checkPeriod(where string, period int) {
	if period != 0 && period%60 != 0 && period != 1 && period != 5 && period != 10 && period != 30 {
		v.fail(v.widget, "%speriod %d is not 1, 5, 10, 30 or a multiple of 60", where, period)
	}
}

func (v *validator) checkRow(where string, row MetricRow, ids map[string]bool) {
	o := row.Options
	if o.ID != "" && !rowIDPattern.MatchString(o.ID) {
		v.fail(v.widget, "%s: id %q must start with a lowercase letter and contain only letters, digits and _",
			where, o.ID)
	}
	if o.Color != "" && !colorPattern.MatchString(o.Color) {
		v.fail(v.widget, "%s: color %q is not a 6-digit hex colour", where, o.Color)
	}
	if o.Stat != "" && !statPattern.MatchString(o.Stat) {
		v.fail(v.widget, "%s: stat %q is not a CloudWatch statistic", where, o.Stat)
	}
	if o.YAxis != "" && o.YAxis != "left" && o.YAxis != "right" {
		v.fail(v.widget, "%s: yAxis %q must be left or right", where, o.YAxis)
	}
	v.checkPeriod(where+": ", o.Period)
	if row.IsExpression() {
		v.checkExpression(where, row, ids)
		return
	}
	s := row.Series
	if s.Namespace == "" || s.Name == "" {
		v.fail(v.widget, "%s: namespace and metric name are required", where)
	}
	if len(s.DimensionValues) > MaxDimensionsPerMetric {
		v.fail(v.widget, "%s: more than %d dimensions", where, MaxDimensionsPerMetric)
	}
	for _, d := range s.DimensionValues {
		if d.Name == "" || d.Value == "" {
			v.fail(v.widget, "%s: dimension %q has an empty name or value", where, d.Name)
		}
	}
}

func (v *validator) checkExpression(where string, row MetricRow, ids map[string]bool) {
	if strings.TrimSpace(row.Expression) == "" {
		v.fail(v.widget, "%s: expression row has no expression", where)
		return
	}
	if row.Options.ID == "" {
		v.fail(v.widget, "%s: expression %q needs an id", where, row.Expression)
	}
	for _, m := range searchPattern.FindAllStringSubmatch(row.Expression, -1) {
		if len(m[1]) > MaxSearchQueryLength {
			v.fail(v.widget, "%s: SEARCH query of %d characters exceeds %d", where, len(m[1]), MaxSearchQueryLength)
		}
	}
	unquoted := quotedPattern.ReplaceAllString(row.Expression, "''")
	for _, ref := range identifierPattern.FindAllString(unquoted, -1) {
		if !ids[ref] {
			v.fail(v.widget, "%s: expression %q refers to %q, which no row of the widget defines",
				where, row.Expression, ref)
		}
	}
}

func (v *validator) checkLogWidget(p *LogProperties) {
	v.checkRegion(p.Region)
	sources := sourcePattern.FindAllStringSubmatch(p.Query, -1)
	if len(sources) == 0 {
		v.fail(v.widget, "log query names no log group; start it with SOURCE '/aws/lambda/FUNCTION'")
	}
	for _, s := range sources {
		if !strings.HasPrefix(s[1], "/") || strings.ContainsAny(s[1], "*?") {
			v.fail(v.widget, "SOURCE %q must be a full log group name, not a prefix or pattern", s[1])
		}
	}
}

func (v *validator) checkAlarmWidget(p *AlarmProperties) {
	if len(p.Alarms) == 0 || len(p.Alarms) > MaxAlarmsPerWidget {
		v.fail(v.widget, "alarm widget lists %d alarms; it takes 1 to %d", len(p.Alarms), MaxAlarmsPerWidget)
	}
	for i, arn := range p.Alarms {
		if !strings.HasPrefix(arn, "arn:") || !strings.Contains(arn, ":cloudwatch:") || !strings.Contains(arn, ":alarm:") {
			v.fail(v.widget, "alarms[%d] %q is not a CloudWatch alarm ARN", i, arn)
		}
	}
}

// CountMetrics returns the number of metric and expression rows on a dashboard, which
// CloudWatch limits to MaxMetricsPerDashboard.
func CountMetrics(body Body) int {
	n := 0
	for _, w := range body.Widgets {
		if p, ok := w.Properties.(*MetricProperties); ok {
			n += len(p.Metrics)
		}
	}
	return n
}
