package dashboards

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/alex-enterprise/monitoring/catalog"
)

func graphWidget(x, y int, p *MetricProperties) Widget {
	return Widget{Type: TypeMetric, X: x, Y: y, Width: Half, Height: GraphHeight, Properties: p}
}

func validGraph() *MetricProperties {
	return &MetricProperties{Title: "Errors", Region: "us-east-1", Period: 300,
		Metrics: []MetricRow{Metric(catalog.LambdaErrors.With("alex-planner"), RowOptions{ID: "e", Stat: "Sum"})}}
}

func TestValidateAcceptsValidBody(t *testing.T) {
	body := Body{Start: "-PT3H", Widgets: []Widget{graphWidget(0, 0, validGraph()), graphWidget(12, 0, validGraph())}}
	require.NoError(t, Validate("alex-agent-performance", body))
}

func TestValidateRejections(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*Body)
		want   string
	}{
		{"missing region", func(b *Body) { b.Widgets[0].Properties.(*MetricProperties).Region = "" },
			`widget 0 (metric "Errors"): region is required`},
		{"empty metrics", func(b *Body) { b.Widgets[0].Properties.(*MetricProperties).Metrics = nil },
			`widget 0 (metric "Errors"): metric widget has no metrics`},
		{"colour name", func(b *Body) { b.Widgets[0].Properties.(*MetricProperties).Metrics[0].Options.Color = "red" },
			`metrics[0]: color "red" is not a 6-digit hex colour`},
		{"uppercase id", func(b *Body) { b.Widgets[0].Properties.(*MetricProperties).Metrics[0].Options.ID = "E1" },
			`id "E1" must start with a lowercase letter`},
		{"unknown reference", func(b *Body) {
			p := b.Widgets[0].Properties.(*MetricProperties)
			p.Metrics = append(p.Metrics, Expression("e / i * 100", RowOptions{ID: "rate"}))
		}, `expression "e / i * 100" refers to "i", which no row of the widget defines`},
		{"expression without id", func(b *Body) {
			p := b.Widgets[0].Properties.(*MetricProperties)
			p.Metrics = append(p.Metrics, Expression("e * 2", RowOptions{}))
		}, `expression "e * 2" needs an id`},
		{"duplicate id", func(b *Body) {
			p := b.Widgets[0].Properties.(*MetricProperties)
			p.Metrics = append(p.Metrics, p.Metrics[0])
		}, `metrics[1]: duplicate id "e"`},
		{"bad statistic", func(b *Body) { b.Widgets[0].Properties.(*MetricProperties).Stat = "avg" },
			`stat "avg" is not a CloudWatch statistic`},
		{"period", func(b *Body) { b.Widgets[0].Properties.(*MetricProperties).Period = 90 },
			`period 90 is not 1, 5, 10, 30 or a multiple of 60`},
		{"off grid", func(b *Body) { b.Widgets[1].X = 14 }, `widget 1 (metric "Errors"): x 14 with width 12 leaves the 24-column grid`},
		{"overlap", func(b *Body) { b.Widgets[1].X = 6 }, `widget 1: overlaps widget 0`},
		{"empty dimension", func(b *Body) {
			b.Widgets[0].Properties.(*MetricProperties).Metrics[0] = Metric(catalog.LambdaErrors.With(""), RowOptions{})
		}, `dimension "FunctionName" has an empty name or value`},
		{"name", func(b *Body) {}, `name must be 1 to 255 letters`},
		{"log prefix source", func(b *Body) {
			b.Widgets[1] = Widget{Type: TypeLog, X: 12, Width: Half, Height: GraphHeight, Properties: &LogProperties{
				Title: "Memory", Region: "us-east-1", Query: "SOURCE '/aws/lambda/alex-*' | stats count(*)"}}
		}, `widget 1 (log "Memory"): SOURCE "/aws/lambda/alex-*" must be a full log group name`},
		{"log without source", func(b *Body) {
			b.Widgets[1] = Widget{Type: TypeLog, X: 12, Width: Half, Height: GraphHeight, Properties: &LogProperties{
				Title: "Memory", Region: "us-east-1", Query: "fields @message"}}
		}, `log query names no log group`},
		{"alarm widget without alarms", func(b *Body) {
			b.Widgets[1] = Widget{Type: TypeAlarm, X: 12, Width: Half, Height: 3, Properties: &AlarmProperties{Title: "Alarms"}}
		}, `alarm widget lists 0 alarms; it takes 1 to 100`},
		{"type mismatch", func(b *Body) { b.Widgets[0].Type = TypeText }, `type "text" does not match metric properties`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := Body{Widgets: []Widget{graphWidget(0, 0, validGraph()), graphWidget(12, 0, validGraph())}}
			tc.mutate(&body)
			name := "alex-agent-performance"
			if tc.name == "name" {
				name = "alex agent performance"
			}
			err := Validate(name, body)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.True(t, strings.HasPrefix(err.Error(), `dashboard "`+name+`"`), err.Error())
		})
	}
}

func TestValidateLimits(t *testing.T) {
	rows := make([]MetricRow, MaxMetricsPerWidget+1)
	for i := range rows {
		rows[i] = Metric(catalog.LambdaErrors.With("alex-planner"), RowOptions{})
	}
	p := validGraph()
	p.Metrics = rows
	err := Validate("d", Body{Widgets: []Widget{graphWidget(0, 0, p)}})
	require.ErrorContains(t, err, "501 metrics and expressions exceed the limit of 500 per widget")

	var widgets []Widget
	for i := range 6 {
		q := validGraph()
		q.Metrics = rows[:450]
		widgets = append(widgets, graphWidget(0, i*GraphHeight, q))
	}
	err = Validate("d", Body{Widgets: widgets})
	require.ErrorContains(t, err, "2700 metrics and expressions exceed the limit of 2500 per dashboard")

	widgets = nil
	for i := range MaxWidgets + 1 {
		widgets = append(widgets, Widget{Type: TypeText, X: 0, Y: i, Width: Full, Height: 1,
			Properties: &TextProperties{Markdown: "x"}})
	}
	require.ErrorContains(t, Validate("d", Body{Widgets: widgets}), "501 widgets exceed the limit of 500")
}
