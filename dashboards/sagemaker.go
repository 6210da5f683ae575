package dashboards

import (
	"fmt"
	"strconv"

	"github.com/alex-enterprise/monitoring/catalog"
	"github.com/alex-enterprise/monitoring/config"
)

// sageMakerSection charts the embedding endpoint in the main region. Every series carries both
// EndpointName and VariantName, and latencies are converted from microseconds to milliseconds
// with metric math while the raw series stay hidden.
func sageMakerSection(cfg *config.Config, markers []AlarmMarker) section {
	sm := cfg.SageMaker
	region, period := cfg.Region, cfg.DashboardPeriodSeconds
	s := func(m catalog.Metric) catalog.Series { return m.With(sm.EndpointName, sm.VariantName) }
	p := &placer{}
	p.text(Full, 1, fmt.Sprintf("## SageMaker endpoint %s (variant %s)", sm.EndpointName, sm.VariantName))

	p.metric(Third, GraphHeight, &MetricProperties{Title: "SageMaker invocations and errors", View: ViewTimeSeries,
		Region: region, Stat: catalog.Sum, Period: period, Metrics: []MetricRow{
			Metric(s(catalog.SageMakerInvocations), RowOptions{Label: "Invocations"}),
			Metric(s(catalog.SageMaker4XXErrors), RowOptions{Label: "4XX errors", Color: colorErrors}),
			Metric(s(catalog.SageMaker5XXErrors), RowOptions{Label: "5XX errors", Color: colorAlarm}),
		}, Annotations: thresholds(markers, GraphSageMakerInvocations, period, sm.EndpointName)})

	p.metric(Third, GraphHeight, &MetricProperties{Title: "SageMaker latency (ms)", View: ViewTimeSeries,
		Region: region, Period: period, Metrics: []MetricRow{
			Metric(s(catalog.SageMakerModelLatency), Hidden("model", catalog.Average)),
			Metric(s(catalog.SageMakerModelLatency), Hidden("modelp99", "p99")),
			Metric(s(catalog.SageMakerOverheadLatency), Hidden("overhead", catalog.Average)),
			Expression(toMilliseconds("model"), RowOptions{ID: "modelms", Label: "Model latency average"}),
			Expression(toMilliseconds("modelp99"), RowOptions{ID: "modelp99ms", Label: "Model latency p99"}),
			Expression(toMilliseconds("overhead"), RowOptions{ID: "overheadms", Label: "Overhead latency average"}),
		}, YAxis: leftAxis("ms"), Annotations: thresholds(markers, GraphSageMakerLatency, period, sm.EndpointName)})

	if sm.Serverless {
		p.metric(Third, GraphHeight, &MetricProperties{Title: "SageMaker cold starts", View: ViewTimeSeries,
			Region: region, Period: period, Metrics: []MetricRow{
				Metric(s(catalog.SageMakerModelSetupTime), RowOptions{ID: "starts", Label: "Cold starts",
					Stat: catalog.SampleCount}),
				Metric(s(catalog.SageMakerModelSetupTime), Hidden("setup", catalog.Average)),
				Expression(toMilliseconds("setup"), RowOptions{ID: "setupms", Label: "Setup time average (ms)",
					YAxis: "right"}),
			}, YAxis: &YAxes{Left: &Axis{Label: "cold starts", Min: Float(0), ShowUnits: Bool(false)},
				Right: &Axis{Label: "ms", Min: Float(0), ShowUnits: Bool(false)}}})
		p.metric(Third, GraphHeight, &MetricProperties{Title: "SageMaker serverless utilization (%)",
			View: ViewTimeSeries, Region: region, Period: period, Metrics: []MetricRow{
				Metric(s(catalog.SageMakerMemoryUtilization), RowOptions{Label: "Memory utilization",
					Stat: catalog.Maximum}),
				Metric(s(catalog.SageMakerServerlessConcurrency), Hidden("concurrency", catalog.Maximum)),
				Expression("concurrency * 100", RowOptions{ID: "concurrencypct",
					Label: "Concurrent executions / MaxConcurrency"}),
			}, YAxis: percentAxis()})
		return newSection(p)
	}
	var utilization []MetricRow
	for _, m := range catalog.SageMakerUtilization() {
		utilization = append(utilization, Metric(s(m), RowOptions{Label: m.Name, Stat: catalog.Average}))
	}
	p.metric(Third, GraphHeight, &MetricProperties{Title: "SageMaker instance utilization (%)",
		View: ViewTimeSeries, Region: region, Period: period, Metrics: utilization, YAxis: percentAxis()})
	return newSection(p)
}

// toMilliseconds converts a series in microseconds to milliseconds.
func toMilliseconds(id string) string {
	return id + " / " + strconv.Itoa(catalog.MicrosecondsPerMillisecond)
}
