package dashboards

import (
	"github.com/alex-enterprise/monitoring/catalog"
)

// MetricRow is one entry of a metric widget's metrics array: either a metric or a math
// expression. CloudWatch takes rows as arrays, never objects: a metric row is
// [namespace, name, dim1, value1, ..., {options}] and an expression row is [{options with
// expression}].
type MetricRow struct {
	Series     *catalog.Series
	Expression string
	Options    RowOptions
}

// RowOptions is the rendering object at the end of a row.
type RowOptions struct {
	Expression string `json:"expression,omitempty"`
	ID         string `json:"id,omitempty"`
	Label      string `json:"label,omitempty"`
	Stat       string `json:"stat,omitempty"`
	Period     int    `json:"period,omitempty"`
	Color      string `json:"color,omitempty"`
	YAxis      string `json:"yAxis,omitempty"`
	Region     string `json:"region,omitempty"`
	// Visible is false for the inputs of a math expression; nil leaves the series visible.
	Visible *bool `json:"visible,omitempty"`
}

// Metric returns a row for the series with the given options.
func Metric(series catalog.Series, options RowOptions) MetricRow {
	return MetricRow{Series: &series, Options: options}
}

// Expression returns a row for a math or SEARCH expression.
func Expression(expression string, options RowOptions) MetricRow {
	return MetricRow{Expression: expression, Options: options}
}

// Hidden returns options for a math input: visible false, with the given id and stat.
func Hidden(id, stat string) RowOptions {
	return RowOptions{ID: id, Stat: stat, Visible: Bool(false)}
}

// IsExpression reports whether the row is an expression row.
func (r MetricRow) IsExpression() bool { return r.Series == nil }

// MarshalJSON writes the row as the positional array CloudWatch expects.
func (r MetricRow) MarshalJSON() ([]byte, error) {
	options := r.Options
	if r.IsExpression() {
		options.Expression = r.Expression
		return marshal([]any{options})
	}
	row := []any{r.Series.Namespace, r.Series.Name}
	for _, d := range r.Series.DimensionValues {
		row = append(row, d.Name, d.Value)
	}
	if options != (RowOptions{}) {
		row = append(row, options)
	}
	return marshal(row)
}
