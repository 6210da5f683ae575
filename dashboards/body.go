// Package dashboards models the CloudWatch dashboard body (PutDashboard's DashboardBody), validates
// it against CloudWatch's published rules and builds the project's dashboards as pure functions of
// the configuration. It imports neither Pulumi nor pulumi-aws.
package dashboards

import (
	"bytes"
	"encoding/json"
)

// Body is a dashboard body. Marshalled with encoding/json, the same Body always gives the same
// bytes, and optional fields that are unset are omitted rather than written empty.
type Body struct {
	Start          string   `json:"start,omitempty"`
	PeriodOverride string   `json:"periodOverride,omitempty"`
	Widgets        []Widget `json:"widgets"`
}

// JSON returns the body as PutDashboard takes it.
func (b Body) JSON() (string, error) {
	out, err := marshal(b)
	return string(out), err
}

// marshal encodes v as compact JSON without escaping <, > and &, which metric math and Logs
// Insights queries use, so that bodies stay readable in diffs and golden files.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// Widget types.
const (
	TypeMetric = "metric"
	TypeText   = "text"
	TypeLog    = "log"
	TypeAlarm  = "alarm"
)

// Widget is one widget on the 24-column grid; X and Y are always written so that CloudWatch
// keeps the layout instead of placing widgets itself.
type Widget struct {
	Type       string `json:"type"`
	X          int    `json:"x"`
	Y          int    `json:"y"`
	Width      int    `json:"width"`
	Height     int    `json:"height"`
	Properties any    `json:"properties"` // *MetricProperties, *TextProperties, *LogProperties or *AlarmProperties
}

// Views of a metric widget.
const (
	ViewTimeSeries  = "timeSeries"
	ViewSingleValue = "singleValue"
	ViewBar         = "bar"
	ViewTable       = "table"
)

// MetricProperties are the properties of a metric widget.
type MetricProperties struct {
	Title       string       `json:"title,omitempty"`
	View        string       `json:"view,omitempty"`
	Stacked     bool         `json:"stacked,omitempty"`
	Region      string       `json:"region"`
	Stat        string       `json:"stat,omitempty"`
	Period      int          `json:"period,omitempty"`
	Metrics     []MetricRow  `json:"metrics"`
	YAxis       *YAxes       `json:"yAxis,omitempty"`
	Annotations *Annotations `json:"annotations,omitempty"`
	Legend      *Legend      `json:"legend,omitempty"`
	// SetPeriodToTimeRange makes a single value cover the whole time range. NOTE: the console
	// and CDK write it, but the body-structure reference does not list it.
	SetPeriodToTimeRange bool `json:"setPeriodToTimeRange,omitempty"`
	Sparkline            bool `json:"sparkline,omitempty"`
}

// YAxes configures the left and right y-axes.
type YAxes struct {
	Left  *Axis `json:"left,omitempty"`
	Right *Axis `json:"right,omitempty"`
}

// Axis is one y-axis. Min and Max are pointers so that 0 can be written.
type Axis struct {
	Label     string   `json:"label,omitempty"`
	Min       *float64 `json:"min,omitempty"`
	Max       *float64 `json:"max,omitempty"`
	ShowUnits *bool    `json:"showUnits,omitempty"`
}

// Annotations are horizontal lines on a graph, such as alarm thresholds.
type Annotations struct {
	Horizontal []HorizontalAnnotation `json:"horizontal,omitempty"`
}

// HorizontalAnnotation is a line at Value on the graph's y-axis.
type HorizontalAnnotation struct {
	Label string  `json:"label,omitempty"`
	Value float64 `json:"value"`
	Color string  `json:"color,omitempty"`
	Fill  string  `json:"fill,omitempty"`
	YAxis string  `json:"yAxis,omitempty"`
}

// Legend places the legend.
type Legend struct {
	Position string `json:"position"`
}

// TextProperties are the properties of a text widget.
type TextProperties struct {
	Markdown   string `json:"markdown"`
	Background string `json:"background,omitempty"`
}

// LogProperties are the properties of a Logs Insights widget. Query names its log groups
// with SOURCE clauses.
type LogProperties struct {
	Title  string `json:"title,omitempty"`
	Query  string `json:"query"`
	Region string `json:"region"`
	View   string `json:"view,omitempty"`
}

// AlarmProperties are the properties of an alarm status widget.
type AlarmProperties struct {
	Title  string   `json:"title,omitempty"`
	Alarms []string `json:"alarms"` // alarm ARNs, 1 to 100
	SortBy string   `json:"sortBy,omitempty"`
}

// Float returns a pointer to v, for optional numeric fields.
func Float(v float64) *float64 { return &v }

// Bool returns a pointer to v, for optional boolean fields.
func Bool(v bool) *bool { return &v }
