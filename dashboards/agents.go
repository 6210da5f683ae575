package dashboards

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/alex-enterprise/monitoring/catalog"
	"github.com/alex-enterprise/monitoring/config"
)

// agentsPerGroup keeps per-agent graphs readable: every group of agents gets its own rows, and
// groups move to further dashboard pages when a page is full.
const agentsPerGroup = 10

// agentPerformance lays out the agent performance dashboard in the main region: success rate,
// duration, errors, invocations, concurrency, throttles, throughput and memory per agent.
func agentPerformance(cfg *config.Config, markers []AlarmMarker) layout {
	l := layout{header: func(page, pages int) section { return agentHeader(cfg, page, pages) }}
	if cfg.AgentDiscovery {
		l.sections = append(l.sections, discoveredAgents(cfg))
	} else {
		groups := chunk(len(cfg.Agents), agentsPerGroup)
		for _, g := range groups {
			l.sections = append(l.sections, agentGroup(cfg, cfg.Agents[g[0]:g[1]], len(groups) > 1, markers))
		}
	}
	l.status = statusSections(markers, isAgentGraph, "Agent alarms")
	return l
}

func isAgentGraph(g Graph) bool {
	return g == GraphAgentErrorRate || g == GraphAgentThrottles || g == GraphAgentDurationP99
}

func agentHeader(cfg *config.Config, page, pages int) section {
	var b strings.Builder
	fmt.Fprintf(&b, "# Agent performance (%s)", cfg.NamePrefix)
	if pages > 1 {
		fmt.Fprintf(&b, ", page %d of %d", page, pages)
	}
	fmt.Fprintf(&b, "\nLambda agents in **%s**. ", cfg.Region)
	if cfg.AgentDiscovery {
		fmt.Fprintf(&b, "Every function whose name contains `%s` is charted (SEARCH over the last two weeks of "+
			"metrics); success rate, error rate and memory need a fixed `agents` list.", searchTerm(cfg))
	} else {
		names := make([]string, 0, len(cfg.Agents))
		for _, a := range cfg.Agents {
			names = append(names, "`"+a.FunctionName+"`")
		}
		if len(names) > 10 {
			names = append(names[:10], fmt.Sprintf("and %d more", len(cfg.Agents)-10))
		}
		fmt.Fprintf(&b, "Functions: %s.", strings.Join(names, ", "))
	}
	memory := "Logs Insights over the REPORT lines of each function's log group (billed per GB scanned)"
	if cfg.LambdaInsights {
		memory = "the Lambda Insights extension (namespace LambdaInsights)"
	}
	fmt.Fprintf(&b, "\n\nDuration is in milliseconds and excludes cold-start init time. Error rate is errors / "+
		"invocations; success rate is its complement over the whole time range. Throughput is invocations "+
		"per hour. Memory comes from %s.", memory)
	p := &placer{}
	p.text(Full, HeaderHeight, b.String())
	return newSection(p)
}

// agentRows returns one row per agent of metric, labelled with the agent name.
func agentRows(agents []config.Agent, metric catalog.Metric, stat string) []MetricRow {
	rows := make([]MetricRow, len(agents))
	for i, a := range agents {
		rows[i] = Metric(metric.With(a.FunctionName), RowOptions{Label: a.Name, Stat: stat})
	}
	return rows
}

// agentMath returns, per agent, hidden inputs and one visible expression built by expr from
// the agent's index.
func agentMath(agents []config.Agent, inputs []catalog.Metric, prefixes []string,
	expr func(n string) string, exprPrefix string) []MetricRow {
	var rows []MetricRow
	for i, a := range agents {
		n := strconv.Itoa(i)
		for j, m := range inputs {
			rows = append(rows, Metric(m.With(a.FunctionName), Hidden(prefixes[j]+n, m.Stat)))
		}
		rows = append(rows, Expression(expr(n), RowOptions{ID: exprPrefix + n, Label: a.Name}))
	}
	return rows
}

func agentGroup(cfg *config.Config, agents []config.Agent, grouped bool, markers []AlarmMarker) section {
	region, period := cfg.Region, cfg.DashboardPeriodSeconds
	p := &placer{}
	if grouped {
		p.text(Full, 1, fmt.Sprintf("## Agents %s to %s", agents[0].Name, agents[len(agents)-1].Name))
	}
	names := make([]string, len(agents))
	for i, a := range agents {
		names[i] = a.Name
	}
	errorInputs := []catalog.Metric{catalog.LambdaInvocations, catalog.LambdaErrors}
	errorIDs := []string{"inv", "err"}

	p.metric(Full, SingleHeight, &MetricProperties{Title: "Success rate over the time range (%)",
		View: ViewSingleValue, Region: region, Period: period, SetPeriodToTimeRange: true,
		Metrics: agentMath(agents, errorInputs, errorIDs, func(n string) string {
			return fmt.Sprintf("IF(inv%[1]s > 0, 100 - 100 * FILL(err%[1]s, 0) / inv%[1]s, 100)", n)
		}, "ok")})

	p.metric(Half, GraphHeight, &MetricProperties{Title: "Duration average (ms)", View: ViewTimeSeries,
		Region: region, Period: period, Metrics: agentRows(agents, catalog.LambdaDuration, catalog.Average),
		YAxis: leftAxis("ms")})
	p.metric(Half, GraphHeight, &MetricProperties{Title: "Duration p99 (ms)", View: ViewTimeSeries,
		Region: region, Period: period, Metrics: agentRows(agents, catalog.LambdaDuration, "p99"),
		YAxis: leftAxis("ms"), Annotations: thresholds(markers, GraphAgentDurationP99, period, names...)})

	p.metric(Third, GraphHeight, &MetricProperties{Title: "Errors", View: ViewTimeSeries, Region: region,
		Period: period, Metrics: agentRows(agents, catalog.LambdaErrors, catalog.Sum)})
	p.metric(Third, GraphHeight, &MetricProperties{Title: "Error rate (%)", View: ViewTimeSeries, Region: region,
		Period: period, YAxis: percentAxis(), Annotations: thresholds(markers, GraphAgentErrorRate, period, names...),
		Metrics: agentMath(agents, errorInputs, errorIDs, func(n string) string {
			return fmt.Sprintf("IF(inv%[1]s > 0, 100 * FILL(err%[1]s, 0) / inv%[1]s, 0)", n)
		}, "rate")})
	p.metric(Third, GraphHeight, &MetricProperties{Title: "Invocations", View: ViewTimeSeries, Region: region,
		Period: period, Metrics: agentRows(agents, catalog.LambdaInvocations, catalog.Sum)})

	p.metric(Third, GraphHeight, &MetricProperties{Title: "Concurrent executions (maximum)", View: ViewTimeSeries,
		Region: region, Period: period,
		Metrics: agentRows(agents, catalog.LambdaConcurrentExecutions, catalog.Maximum)})
	p.metric(Third, GraphHeight, &MetricProperties{Title: "Throttles", View: ViewTimeSeries, Region: region,
		Period: period, Metrics: agentRows(agents, catalog.LambdaThrottles, catalog.Sum),
		Annotations: thresholds(markers, GraphAgentThrottles, period, names...)})
	p.metric(Third, GraphHeight, &MetricProperties{Title: "Throughput (invocations per hour)",
		View: ViewTimeSeries, Region: region, Period: period,
		Metrics: agentMath(agents, []catalog.Metric{catalog.LambdaInvocations}, []string{"inv"},
			func(n string) string { return fmt.Sprintf("FILL(inv%[1]s, 0) * 3600 / PERIOD(inv%[1]s)", n) }, "tph")})

	addMemoryWidgets(p, cfg, agents)
	return newSection(p)
}

// addMemoryWidgets charts memory use. AWS/Lambda has no memory metric, so memory comes from
// Lambda Insights when it is installed, otherwise from the REPORT lines of each log group.
func addMemoryWidgets(p *placer, cfg *config.Config, agents []config.Agent) {
	region, period := cfg.Region, cfg.DashboardPeriodSeconds
	if cfg.LambdaInsights {
		rows := func(m catalog.Metric) []MetricRow {
			out := make([]MetricRow, len(agents))
			for i, a := range agents {
				out[i] = Metric(m.With(a.FunctionName), RowOptions{Label: a.Name, Stat: m.Stat})
			}
			return out
		}
		p.metric(Half, GraphHeight, &MetricProperties{Title: "Memory utilization, maximum (%)",
			View: ViewTimeSeries, Region: region, Period: period, Metrics: rows(catalog.InsightsMemoryUtilization),
			YAxis: percentAxis()})
		p.metric(Half, GraphHeight, &MetricProperties{Title: "Memory used, maximum (MB)", View: ViewTimeSeries,
			Region: region, Period: period, Metrics: rows(catalog.InsightsUsedMemoryMax), YAxis: leftAxis("MB")})
		return
	}
	p.add(TypeLog, Full, GraphHeight, &LogProperties{
		Title:  "Memory use per agent (Lambda REPORT lines)",
		Region: region,
		View:   ViewTable,
		Query:  memoryQuery(agents),
	})
}

// memoryQuery is a Logs Insights query over the REPORT lines of the agents' log groups, each
// named with a SOURCE clause. REPORT fields are in bytes.
func memoryQuery(agents []config.Agent) string {
	var sources []string
	for _, a := range agents {
		sources = append(sources, "SOURCE '"+a.LogGroup()+"'")
	}
	mb := strconv.Itoa(catalog.BytesPerMegabyte)
	used, size := catalog.LambdaReportMemoryUsedField, catalog.LambdaReportMemorySizeField
	lines := []string{
		strings.Join(sources, " | "),
		`filter @type = "REPORT"`,
		fmt.Sprintf("stats max(%[1]s / %[3]s) as maxUsedMB, max(%[2]s / %[3]s) as memorySizeMB, "+
			"max(100 * %[1]s / %[2]s) as maxUsedPercent, count(*) as invocations by @log", used, size, mb),
		"sort maxUsedPercent desc",
	}
	return strings.Join(lines, "\n| ")
}

// searchTerm is the function-name term of agent discovery. SEARCH matches whole tokens of a
// dimension value, split at punctuation, so the prefix's trailing separators are dropped.
// NOTE: a token match also finds functions that merely contain the prefix, such as
// team-alex-tools for the prefix alex-.
func searchTerm(cfg *config.Config) string {
	return strings.TrimRight(cfg.LambdaFunctionPrefix, "-_")
}

// discoveredAgents charts every function found by SEARCH instead of a fixed list. Alarms
// cannot use SEARCH, so this mode affects dashboards only.
func discoveredAgents(cfg *config.Config) section {
	region, period := cfg.Region, cfg.DashboardPeriodSeconds
	search := func(m catalog.Metric, stat, id string) MetricRow {
		expr := fmt.Sprintf(`SEARCH('{%s,%s} MetricName="%s" %s=%s', '%s', %d)`, m.Namespace,
			catalog.DimensionFunctionName, m.Name, catalog.DimensionFunctionName, searchTerm(cfg), stat, period)
		return Expression(expr, RowOptions{ID: id, Label: ""})
	}
	p := &placer{}
	graph := func(width int, title string, rows ...MetricRow) {
		p.metric(width, GraphHeight, &MetricProperties{Title: title, View: ViewTimeSeries, Region: region,
			Period: period, Metrics: rows})
	}
	graph(Half, "Duration average (ms)", search(catalog.LambdaDuration, catalog.Average, "duration"))
	graph(Half, "Duration p99 (ms)", search(catalog.LambdaDuration, "p99", "durationp99"))
	graph(Third, "Errors", search(catalog.LambdaErrors, catalog.Sum, "errors"))
	graph(Third, "Invocations", search(catalog.LambdaInvocations, catalog.Sum, "invocations"))
	graph(Third, "Throttles", search(catalog.LambdaThrottles, catalog.Sum, "throttles"))
	graph(Half, "Concurrent executions (maximum)",
		search(catalog.LambdaConcurrentExecutions, catalog.Maximum, "concurrency"))
	hidden := search(catalog.LambdaInvocations, catalog.Sum, "inv")
	hidden.Options.Visible = Bool(false)
	graph(Half, "Throughput (invocations per hour)", hidden,
		Expression("inv * 3600 / PERIOD(inv)", RowOptions{ID: "tph", Label: ""}))
	return newSection(p)
}
