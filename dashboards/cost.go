package dashboards

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/alex-enterprise/monitoring/catalog"
	"github.com/alex-enterprise/monitoring/config"
)

// costSection builds the estimated-cost graphs from token counts and the configured prices. It
// returns false when no model has prices, because a cost graph without prices would be empty.
func costSection(cfg *config.Config) (section, bool) {
	var priced []config.Model
	for _, m := range cfg.Bedrock.Models {
		if m.Priced() {
			priced = append(priced, m)
		}
	}
	if len(priced) == 0 {
		return section{}, false
	}
	region, period := cfg.Bedrock.Region, cfg.DashboardPeriodSeconds
	p := &placer{}
	note := "## Estimated Bedrock cost (USD)\nEstimates from the token prices in the stack config " +
		"(inputPricePer1kTokens, outputPricePer1kTokens per model), not AWS billing."
	if unpriced := len(cfg.Bedrock.Models) - len(priced); unpriced > 0 {
		note += fmt.Sprintf(" %d %s without prices %s left out.", unpriced, plural(unpriced, "model", "models"),
			plural(unpriced, "is", "are"))
	}
	p.text(Full, 2, note)

	perPeriod := costRows(priced, true)
	if len(priced) > 1 {
		perPeriod = append(perPeriod, Expression(totalCost(priced), RowOptions{ID: "total", Label: "Total"}))
	}
	p.metric(Half, GraphHeight, &MetricProperties{Title: "Estimated cost per period (USD, from configured prices)",
		View: ViewTimeSeries, Region: region, Period: period, Metrics: perPeriod, YAxis: leftAxis("USD")})

	cumulative := append(costRows(priced, false),
		Expression(totalCost(priced), RowOptions{ID: "total", Visible: Bool(false)}),
		Expression("RUNNING_SUM(total)", RowOptions{ID: "cumulative", Label: "Cumulative estimated cost"}))
	p.metric(Quarter, GraphHeight, &MetricProperties{Title: "Cumulative estimated cost (USD, from configured prices)",
		View: ViewTimeSeries, Region: region, Period: period, Metrics: cumulative, YAxis: leftAxis("USD")})

	total := append(costRows(priced, false),
		Expression(totalCost(priced), RowOptions{ID: "total", Label: "Estimated cost over the time range"}))
	p.metric(Quarter, GraphHeight, &MetricProperties{Title: "Estimated cost, whole time range (USD, from configured prices)",
		View: ViewSingleValue, Region: region, Period: period, Metrics: total, SetPeriodToTimeRange: true})

	perInvocation := costRows(priced, false)
	var invocations []string
	for i, m := range priced {
		id := "inv" + strconv.Itoa(i)
		perInvocation = append(perInvocation, Metric(catalog.BedrockInvocations.With(m.ID), Hidden(id, catalog.Sum)))
		invocations = append(invocations, "FILL("+id+", 0)")
	}
	perInvocation = append(perInvocation,
		Expression(totalCost(priced), RowOptions{ID: "total", Visible: Bool(false)}),
		Expression("SUM(["+strings.Join(invocations, ", ")+"])", RowOptions{ID: "calls", Visible: Bool(false)}),
		Expression("IF(calls > 0, total / calls, 0)", RowOptions{ID: "perinv", Label: "Estimated cost per invocation"}))
	p.metric(Half, GraphHeight, &MetricProperties{Title: "Estimated cost per invocation (USD, from configured prices)",
		View: ViewTimeSeries, Region: region, Period: period, Metrics: perInvocation, YAxis: leftAxis("USD")})
	return newSection(p), true
}

// costRows returns, per priced model, the hidden token inputs and an expression cost<i>; the
// expressions are visible only when visible is true.
func costRows(priced []config.Model, visible bool) []MetricRow {
	var rows []MetricRow
	for i, m := range priced {
		n := strconv.Itoa(i)
		options := RowOptions{ID: "cost" + n, Label: m.ID + " estimated cost"}
		if !visible {
			options.Visible = Bool(false)
		}
		rows = append(rows,
			Metric(catalog.BedrockInputTokens.With(m.ID), Hidden("in"+n, catalog.Sum)),
			Metric(catalog.BedrockOutputTokens.With(m.ID), Hidden("out"+n, catalog.Sum)),
			Expression(fmt.Sprintf("FILL(in%[1]s, 0) / 1000 * %[2]s + FILL(out%[1]s, 0) / 1000 * %[3]s", n,
				price(*m.InputPricePer1kTokens), price(*m.OutputPricePer1kTokens)), options))
	}
	return rows
}

// totalCost sums the cost<i> expressions of costRows.
func totalCost(priced []config.Model) string {
	ids := make([]string, len(priced))
	for i := range priced {
		ids[i] = "cost" + strconv.Itoa(i)
	}
	return "SUM([" + strings.Join(ids, ", ") + "])"
}

// price formats a price without an exponent, which metric math does not parse.
func price(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
