package dashboards

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/alex-enterprise/monitoring/catalog"
	"github.com/alex-enterprise/monitoring/config"
)

// modelsPerGraph keeps multi-model graphs readable: a model group gets its own row of graphs.
const modelsPerGraph = 5

// aiModelUsage lays out the AI model usage dashboard: Bedrock requests, tokens, latency, error
// rate and cost per model in bedrockRegion, then the SageMaker endpoint in the main region.
func aiModelUsage(cfg *config.Config, markers []AlarmMarker) layout {
	l := layout{header: func(page, pages int) section { return aiHeader(cfg, page, pages) }}
	if cfg.Bedrock.Enabled {
		models := cfg.Bedrock.Models
		groups := chunk(len(models), modelsPerGraph)
		for _, g := range groups {
			l.sections = append(l.sections, bedrockGroup(cfg, models[g[0]:g[1]], g[0], len(groups) > 1, markers))
		}
		if s, ok := costSection(cfg); ok {
			l.sections = append(l.sections, s)
		}
	}
	if cfg.SageMaker.Enabled {
		l.sections = append(l.sections, sageMakerSection(cfg, markers))
	}
	l.status = statusSections(markers, isAIModelGraph, "AI model alarms")
	return l
}

func isAIModelGraph(g Graph) bool {
	switch g {
	case GraphBedrockRequests, GraphBedrockTokens, GraphBedrockTokenBand, GraphBedrockLatency, GraphBedrockErrorRate,
		GraphSageMakerInvocations, GraphSageMakerLatency:
		return true
	}
	return false
}

func aiHeader(cfg *config.Config, page, pages int) section {
	var b strings.Builder
	fmt.Fprintf(&b, "# AI model usage (%s)", cfg.NamePrefix)
	if pages > 1 {
		fmt.Fprintf(&b, ", page %d of %d", page, pages)
	}
	b.WriteString("\n")

	if cfg.Bedrock.Enabled {
		fmt.Fprintf(&b, "Bedrock %s %s in **%s**, the region the agents call. ",
			plural(len(cfg.Bedrock.Models), "model", "models"), modelList(cfg.Bedrock.Models), cfg.Bedrock.Region)
	} else {
		b.WriteString("Bedrock monitoring is off (bedrockEnabled is false). ")
	}
	if cfg.SageMaker.Enabled {
		kind := "serverless"
		if !cfg.SageMaker.Serverless {
			kind = "instance-backed"
		}
		fmt.Fprintf(&b, "SageMaker %s endpoint `%s` (variant `%s`) in **%s**.", kind,
			cfg.SageMaker.EndpointName, cfg.SageMaker.VariantName, cfg.Region)
	}

	fmt.Fprintf(&b, "\n\nCounts and tokens are sums per %s; latency is in milliseconds (SageMaker's "+
		"microseconds converted). Error rate is (client + server errors) / invocations. ",
		periodText(cfg.DashboardPeriodSeconds))
	if anyPriced(cfg.Bedrock.Models) {
		b.WriteString("Cost figures are estimates from the prices in the stack config, not AWS billing. ")
	}
	fmt.Fprintf(&b, "Empty Bedrock graphs usually mean the agents call another model ID or region: "+
		"run `alexmon doctor --stack %s`.", cfg.StackName())
	p := &placer{}
	p.text(Full, HeaderHeight, b.String())
	return newSection(p)
}

func anyPriced(models []config.Model) bool {
	for _, m := range models {
		if m.Priced() {
			return true
		}
	}
	return false
}

// modelList formats model IDs for a header, naming at most five.
func modelList(models []config.Model) string {
	const maxListed = 5
	var ids []string
	for i, m := range models {
		if i == maxListed {
			ids = append(ids, fmt.Sprintf("and %d more", len(models)-maxListed))
			break
		}
		ids = append(ids, "`"+m.ID+"`")
	}
	return strings.Join(ids, ", ")
}

func plural(n int, singular, pluralForm string) string {
	if n == 1 {
		return singular
	}
	return pluralForm
}

func periodText(seconds int) string {
	if seconds%3600 == 0 {
		return strconv.Itoa(seconds/3600) + " h"
	}
	return strconv.Itoa(seconds/60) + " min"
}

// modelLabel returns the series label for a model: the metric alone on a one-model graph,
// prefixed with the model ID otherwise.
func modelLabel(models []config.Model, m config.Model, metric string) string {
	if len(models) == 1 {
		return metric
	}
	return m.ID + " " + strings.ToLower(metric)
}

// bedrockGroup builds the Bedrock graphs for a group of models; first is the index of the
// group's first model, used to keep expression ids unique.
func bedrockGroup(cfg *config.Config, models []config.Model, first int, grouped bool,
	markers []AlarmMarker) section {
	region, period := cfg.Bedrock.Region, cfg.DashboardPeriodSeconds
	p := &placer{}
	title := "## Bedrock"
	if grouped {
		title = fmt.Sprintf("## Bedrock models %d to %d", first+1, first+len(models))
	}
	p.text(Full, 1, title)

	var requests, tokens, errorRate, perInvocation []MetricRow
	ids := make([]string, len(models))
	for i, m := range models {
		ids[i] = m.ID
		n := strconv.Itoa(first + i)
		s := func(metric catalog.Metric) catalog.Series { return metric.With(m.ID) }
		requests = append(requests,
			Metric(s(catalog.BedrockInvocations), RowOptions{Label: modelLabel(models, m, "Invocations")}),
			Metric(s(catalog.BedrockClientErrors), RowOptions{Label: modelLabel(models, m, "Client errors")}),
			Metric(s(catalog.BedrockServerErrors), RowOptions{Label: modelLabel(models, m, "Server errors")}),
			Metric(s(catalog.BedrockThrottles), RowOptions{Label: modelLabel(models, m, "Throttles")}))
		tokens = append(tokens,
			Metric(s(catalog.BedrockInputTokens), RowOptions{Label: modelLabel(models, m, "Input tokens")}),
			Metric(s(catalog.BedrockOutputTokens), RowOptions{Label: modelLabel(models, m, "Output tokens")}))
		errorRate = append(errorRate,
			Metric(s(catalog.BedrockInvocations), Hidden("inv"+n, catalog.Sum)),
			Metric(s(catalog.BedrockClientErrors), Hidden("cli"+n, catalog.Sum)),
			Metric(s(catalog.BedrockServerErrors), Hidden("srv"+n, catalog.Sum)),
			Expression(fmt.Sprintf("IF(inv%[1]s > 0, 100 * (FILL(cli%[1]s, 0) + FILL(srv%[1]s, 0)) / inv%[1]s, 0)", n),
				RowOptions{ID: "rate" + n, Label: modelLabel(models, m, "Error rate %")}))
		perInvocation = append(perInvocation,
			Metric(s(catalog.BedrockInvocations), Hidden("inv"+n, catalog.Sum)),
			Metric(s(catalog.BedrockInputTokens), Hidden("in"+n, catalog.Sum)),
			Metric(s(catalog.BedrockOutputTokens), Hidden("out"+n, catalog.Sum)),
			Expression(fmt.Sprintf("IF(inv%[1]s > 0, (FILL(in%[1]s, 0) + FILL(out%[1]s, 0)) / inv%[1]s, 0)", n),
				RowOptions{ID: "tpi" + n, Label: modelLabel(models, m, "Tokens per invocation")}))
	}
	p.metric(Half, GraphHeight, &MetricProperties{Title: "Bedrock invocations, errors and throttles",
		View: ViewTimeSeries, Region: region, Stat: catalog.Sum, Period: period, Metrics: requests,
		Annotations: thresholds(markers, GraphBedrockRequests, period, ids...)})
	p.metric(Half, GraphHeight, &MetricProperties{Title: "Bedrock input and output tokens",
		View: ViewTimeSeries, Stacked: true, Region: region, Stat: catalog.Sum, Period: period, Metrics: tokens,
		Annotations: thresholds(markers, GraphBedrockTokens, period, ids...)})
	for _, m := range models {
		p.metric(Half, GraphHeight, bedrockLatency(cfg, m, markers))
	}
	if hasGraph(markers, GraphBedrockTokenBand) {
		for _, m := range models {
			p.metric(Half, GraphHeight, tokenBand(cfg, m))
		}
	}
	p.metric(Quarter, GraphHeight, &MetricProperties{Title: "Bedrock error rate (%)", View: ViewTimeSeries,
		Region: region, Period: period, Metrics: errorRate, YAxis: percentAxis(),
		Annotations: thresholds(markers, GraphBedrockErrorRate, period, ids...)})
	p.metric(Quarter, GraphHeight, &MetricProperties{Title: "Tokens per invocation", View: ViewTimeSeries,
		Region: region, Period: period, Metrics: perInvocation, YAxis: leftAxis("tokens")})
	return newSection(p)
}

func bedrockLatency(cfg *config.Config, m config.Model, markers []AlarmMarker) *MetricProperties {
	s := catalog.BedrockLatency.With(m.ID)
	var rows []MetricRow
	for _, stat := range []string{catalog.Average, "p50", "p90", "p99", catalog.Maximum} {
		rows = append(rows, Metric(s, RowOptions{Label: stat, Stat: stat}))
	}
	return &MetricProperties{Title: "Bedrock latency (ms): " + m.ID, View: ViewTimeSeries,
		Region: cfg.Bedrock.Region, Period: cfg.DashboardPeriodSeconds, Metrics: rows,
		YAxis: leftAxis("ms"), Annotations: thresholds(markers, GraphBedrockLatency, cfg.DashboardPeriodSeconds, m.ID)}
}

// tokenBand charts a model's input tokens with the anomaly-detection band that its anomaly
// alarm evaluates.
func tokenBand(cfg *config.Config, m config.Model) *MetricProperties {
	return &MetricProperties{Title: "Bedrock input tokens and expected band: " + m.ID, View: ViewTimeSeries,
		Region: cfg.Bedrock.Region, Period: cfg.DashboardPeriodSeconds, Metrics: []MetricRow{
			Metric(catalog.BedrockInputTokens.With(m.ID), RowOptions{ID: "tokens", Label: "Input tokens",
				Stat: catalog.Sum}),
			Expression(fmt.Sprintf("ANOMALY_DETECTION_BAND(tokens, %d)", cfg.Alarms.AnomalyDetectionStddevs),
				RowOptions{ID: "band", Label: "Expected range"}),
		}, YAxis: leftAxis("tokens")}
}

func hasGraph(markers []AlarmMarker, graph Graph) bool {
	for _, m := range markers {
		if m.Graph == graph {
			return true
		}
	}
	return false
}

func percentAxis() *YAxes {
	return &YAxes{Left: &Axis{Label: "%", Min: Float(0), ShowUnits: Bool(false)}}
}

func leftAxis(label string) *YAxes {
	return &YAxes{Left: &Axis{Label: label, Min: Float(0), ShowUnits: Bool(false)}}
}
