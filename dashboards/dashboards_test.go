package dashboards

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/alex-enterprise/monitoring/catalog"
	"github.com/alex-enterprise/monitoring/config"
	"github.com/alex-enterprise/monitoring/internal/configtest"
)

func build(t testing.TB, values map[string]string, opts Options) []Dashboard {
	t.Helper()
	ds, err := Build(configtest.Load(t, "test", values), opts)
	require.NoError(t, err)
	return ds
}

// metricWidgets returns the metric widgets of a dashboard.
func metricWidgets(d Dashboard) []*MetricProperties {
	var out []*MetricProperties
	for _, w := range d.Body.Widgets {
		if p, ok := w.Properties.(*MetricProperties); ok {
			out = append(out, p)
		}
	}
	return out
}

// rowsOf returns every metric row of namespace on a dashboard with its widget.
func rowsOf(d Dashboard, namespace string) (rows []MetricRow, widgets []*MetricProperties) {
	for _, p := range metricWidgets(d) {
		for _, r := range p.Metrics {
			if !r.IsExpression() && r.Series.Namespace == namespace {
				rows = append(rows, r)
				widgets = append(widgets, p)
			}
		}
	}
	return rows, widgets
}

// decoded returns the marshalled body as generic JSON.
func decoded(t *testing.T, d Dashboard) map[string]any {
	t.Helper()
	body, err := d.Body.JSON()
	require.NoError(t, err)
	var out map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &out))
	return out
}

func TestBuildNamesAndKeys(t *testing.T) {
	ds := build(t, map[string]string{"namePrefix": "alex"}, Options{})
	require.Len(t, ds, 2)
	assert.Equal(t, KeyAIModelUsage, ds[0].Key)
	assert.Equal(t, "alex-ai-model-usage", ds[0].Name)
	assert.Equal(t, KeyAgentPerformance, ds[1].Key)
	assert.Equal(t, "alex-agent-performance", ds[1].Name)
	assert.Equal(t, "-PT6H", ds[0].Body.Start)
}

// F1: Bedrock rows use the configured ID verbatim and the Bedrock region, whatever aws:region is.
func TestBedrockRowsUseBedrockRegionAndVerbatimID(t *testing.T) {
	ds := build(t, map[string]string{"bedrockRegion": "us-west-2", "bedrockModelId": "us.amazon.nova-pro-v1:0"},
		Options{})
	rows, widgets := rowsOf(ds[0], catalog.NamespaceBedrock)
	require.NotEmpty(t, rows)
	for i, r := range rows {
		assert.Equal(t, []catalog.Dimension{{Name: "ModelId", Value: "us.amazon.nova-pro-v1:0"}},
			r.Series.DimensionValues)
		assert.Equal(t, "us-west-2", widgets[i].Region, widgets[i].Title)
	}
	for _, p := range metricWidgets(ds[0]) {
		if !strings.HasPrefix(p.Title, "Bedrock") && !strings.Contains(p.Title, "Tokens per") {
			assert.Equal(t, "us-east-1", p.Region, p.Title)
		}
	}
	for _, p := range metricWidgets(ds[1]) {
		assert.Equal(t, "us-east-1", p.Region, p.Title)
	}
}

// F2: the endpoint and variant come from config, and the section can be switched off.
func TestSageMakerFromConfig(t *testing.T) {
	ds := build(t, map[string]string{"sagemakerEndpointName": "embed-prod", "sagemakerVariantName": "Blue"}, Options{})
	rows, _ := rowsOf(ds[0], catalog.NamespaceSageMaker)
	require.NotEmpty(t, rows)
	for _, r := range rows {
		assert.Equal(t, []catalog.Dimension{{Name: "EndpointName", Value: "embed-prod"}, {Name: "VariantName", Value: "Blue"}},
			r.Series.DimensionValues)
	}
	body, err := ds[0].Body.JSON()
	require.NoError(t, err)
	assert.NotContains(t, body, "alex-embedding-endpoint")

	off := build(t, map[string]string{"sagemakerEnabled": "false"}, Options{})
	rows, _ = rowsOf(off[0], catalog.NamespaceSageMaker)
	assert.Empty(t, rows)
	body, err = off[0].Body.JSON()
	require.NoError(t, err)
	assert.NotContains(t, body, "SageMaker endpoint")
}

// F3: bedrockEnabled=false drops every Bedrock widget and leaves no empty metrics array.
func TestBedrockDisabledLeavesNoEmptyWidget(t *testing.T) {
	ds := build(t, map[string]string{"bedrockEnabled": "false"}, Options{})
	rows, _ := rowsOf(ds[0], catalog.NamespaceBedrock)
	assert.Empty(t, rows)
	for _, d := range ds {
		body, err := d.Body.JSON()
		require.NoError(t, err)
		assert.NotContains(t, body, `"metrics":[]`)
		assert.NotContains(t, body, "AWS/Bedrock")
		require.NoError(t, Validate(d.Name, d.Body))
	}
	both := build(t, map[string]string{"bedrockEnabled": "false", "sagemakerEnabled": "false"}, Options{})
	require.Len(t, both[0].Body.Widgets, 1, "only the header remains")
	assert.Equal(t, TypeText, both[0].Body.Widgets[0].Type)
}

// F5: every SageMaker row carries EndpointName and VariantName.
func TestSageMakerRowsCarryBothDimensions(t *testing.T) {
	for _, serverless := range []string{"true", "false"} {
		ds := build(t, map[string]string{"sagemakerServerless": serverless}, Options{})
		for _, ns := range []string{catalog.NamespaceSageMaker, catalog.NamespaceSageMakerEndpoint} {
			rows, _ := rowsOf(ds[0], ns)
			for _, r := range rows {
				require.Len(t, r.Series.DimensionValues, 2, r.Series.Name)
				assert.Equal(t, "EndpointName", r.Series.DimensionValues[0].Name)
				assert.Equal(t, "VariantName", r.Series.DimensionValues[1].Name)
			}
		}
	}
}

// F6: SageMaker latency is converted to ms with math; the raw microsecond series are hidden.
func TestSageMakerLatencyInMilliseconds(t *testing.T) {
	ds := build(t, nil, Options{})
	var latency *MetricProperties
	for _, p := range metricWidgets(ds[0]) {
		if p.Title == "SageMaker latency (ms)" {
			latency = p
		}
	}
	require.NotNil(t, latency)
	assert.Equal(t, "ms", latency.YAxis.Left.Label)
	for _, r := range latency.Metrics {
		if r.IsExpression() {
			assert.True(t, strings.HasSuffix(r.Expression, " / 1000"), r.Expression)
			continue
		}
		assert.Equal(t, catalog.Microseconds, r.Series.Unit)
		require.NotNil(t, r.Options.Visible, r.Series.Name)
		assert.False(t, *r.Options.Visible, r.Series.Name)
	}
}

// F7: the same config produces byte-identical bodies run after run.
func TestBuildIsDeterministic(t *testing.T) {
	values := map[string]string{"alarmsEnabled": "true", "agents": `["a","b","c","d","e","f","g","h","i","j","k","l"]`,
		"bedrockModels": `[{"id":"us.amazon.nova-pro-v1:0","inputPricePer1kTokens":0.0008,"outputPricePer1kTokens":0.0032},` +
			`{"id":"us.amazon.nova-lite-v1:0","inputPricePer1kTokens":0.00006,"outputPricePer1kTokens":0.00024}]`}
	first := build(t, values, Options{})
	for range 20 {
		again := build(t, values, Options{})
		require.Len(t, again, len(first))
		for i := range first {
			a, err := first[i].Body.JSON()
			require.NoError(t, err)
			b, err := again[i].Body.JSON()
			require.NoError(t, err)
			require.Equal(t, a, b)
		}
	}
}

// F7: optional fields are omitted, never written empty.
func TestBodyOmitsEmptyOptionalFields(t *testing.T) {
	for _, d := range build(t, nil, Options{}) {
		body, err := d.Body.JSON()
		require.NoError(t, err)
		for _, empty := range []string{`"region":""`, `"label":""`, `"stat":""`, `"title":""`, `"yAxis":{}`,
			`"annotations":null`, `"color":""`} {
			assert.NotContains(t, body, empty, d.Name)
		}
	}
}

// F8: metric rows are arrays, with dimension pairs in order and options last.
func TestMetricRowsAreArrays(t *testing.T) {
	row := Metric(catalog.LambdaDuration.With("alex-planner"), RowOptions{Label: "planner", Stat: "p99"})
	b, err := json.Marshal(row)
	require.NoError(t, err)
	assert.JSONEq(t, `["AWS/Lambda","Duration","FunctionName","alex-planner",{"label":"planner","stat":"p99"}]`,
		string(b))

	plain, err := json.Marshal(Metric(catalog.LambdaErrors.With("alex-tagger"), RowOptions{}))
	require.NoError(t, err)
	assert.Equal(t, `["AWS/Lambda","Errors","FunctionName","alex-tagger"]`, string(plain))

	expr, err := json.Marshal(Expression("e / i * 100", RowOptions{ID: "rate", Label: "Error rate"}))
	require.NoError(t, err)
	assert.Equal(t, `[{"expression":"e / i * 100","id":"rate","label":"Error rate"}]`, string(expr))

	for _, d := range build(t, nil, Options{}) {
		for i, w := range decoded(t, d)["widgets"].([]any) {
			props := w.(map[string]any)["properties"].(map[string]any)
			metrics, ok := props["metrics"]
			if !ok {
				continue
			}
			for j, r := range metrics.([]any) {
				_, isArray := r.([]any)
				assert.True(t, isArray, "%s widget %d row %d is %T", d.Name, i, j, r)
			}
		}
	}
}

// F10: an empty agents list is a config error, so no widget gets an empty metrics array.
func TestEmptyAgentsRejectedByConfig(t *testing.T) {
	_, err := config.Load("alex-enterprise", "test", map[string]string{config.RegionKey: "us-east-1",
		"alex-enterprise:agents": "[]"})
	require.ErrorContains(t, err, "no agents")
}

// F13: FunctionName is the deployed name, with the prefix applied exactly once.
func TestAgentRowsUseDeployedFunctionNames(t *testing.T) {
	ds := build(t, map[string]string{"agents": `["planner","reporter=alex-reporter-v2"]`}, Options{})
	rows, _ := rowsOf(ds[1], catalog.NamespaceLambda)
	require.NotEmpty(t, rows)
	names := map[string]bool{}
	for _, r := range rows {
		names[r.Series.DimensionValues[0].Value] = true
	}
	assert.Equal(t, map[string]bool{"alex-planner": true, "alex-reporter-v2": true}, names)
}

// F23: memory never comes from AWS/Lambda; REPORT lines by default, LambdaInsights when set.
func TestMemoryFromLogsOrLambdaInsights(t *testing.T) {
	ds := build(t, nil, Options{})
	rows, _ := rowsOf(ds[1], catalog.NamespaceLambda)
	for _, r := range rows {
		assert.NotContains(t, strings.ToLower(r.Series.Name), "memory")
	}
	var logs []*LogProperties
	for _, w := range ds[1].Body.Widgets {
		if p, ok := w.Properties.(*LogProperties); ok {
			logs = append(logs, p)
		}
	}
	require.Len(t, logs, 1)
	assert.Equal(t, "us-east-1", logs[0].Region)
	for _, fn := range []string{"alex-planner", "alex-reporter", "alex-charter", "alex-retirement", "alex-tagger"} {
		assert.Contains(t, logs[0].Query, "SOURCE '/aws/lambda/"+fn+"'")
	}
	assert.Contains(t, logs[0].Query, `filter @type = "REPORT"`)
	assert.Contains(t, logs[0].Query, "@maxMemoryUsed / 1000000")

	insights := build(t, map[string]string{"lambdaInsightsEnabled": "true"}, Options{})
	rows, _ = rowsOf(insights[1], catalog.NamespaceLambdaInsights)
	require.NotEmpty(t, rows)
	for _, r := range rows {
		assert.Equal(t, "function_name", r.Series.DimensionValues[0].Name)
	}
	for _, w := range insights[1].Body.Widgets {
		assert.NotEqual(t, TypeLog, w.Type)
	}
}

// F29: utilization comes from /aws/sagemaker/Endpoints; serverless endpoints get no CPU.
func TestSageMakerUtilizationNamespace(t *testing.T) {
	serverless := build(t, nil, Options{})
	rows, _ := rowsOf(serverless[0], catalog.NamespaceSageMakerEndpoint)
	require.Len(t, rows, 1)
	assert.Equal(t, "MemoryUtilization", rows[0].Series.Name)
	setup, _ := rowsOf(serverless[0], catalog.NamespaceSageMaker)
	assert.True(t, containsMetric(setup, "ModelSetupTime"))

	instance := build(t, map[string]string{"sagemakerServerless": "false"}, Options{})
	rows, _ = rowsOf(instance[0], catalog.NamespaceSageMakerEndpoint)
	assert.True(t, containsMetric(rows, "CPUUtilization"))
	assert.True(t, containsMetric(rows, "MemoryUtilization"))
	invocation, _ := rowsOf(instance[0], catalog.NamespaceSageMaker)
	assert.False(t, containsMetric(invocation, "CPUUtilization"))
	assert.False(t, containsMetric(invocation, "ModelSetupTime"))
}

func containsMetric(rows []MetricRow, name string) bool {
	for _, r := range rows {
		if r.Series.Name == name {
			return true
		}
	}
	return false
}

// F26: bodies hold plain values, never a formatted pointer or Pulumi output.
func TestBodiesHoldNoFormattedValues(t *testing.T) {
	for _, d := range build(t, map[string]string{"alarmsEnabled": "true"}, Options{}) {
		body, err := d.Body.JSON()
		require.NoError(t, err)
		for _, bad := range []string{"0xc", "%!", "Output{", "OutputState", "pulumi.", "<nil>"} {
			assert.NotContains(t, body, bad, d.Name)
		}
	}
}

func TestEveryRowMetricIsInCatalog(t *testing.T) {
	for _, d := range build(t, map[string]string{"lambdaInsightsEnabled": "true", "sagemakerServerless": "false"},
		Options{}) {
		for _, p := range metricWidgets(d) {
			for _, r := range p.Metrics {
				if r.IsExpression() {
					continue
				}
				_, ok := catalog.Lookup(r.Series.Namespace, r.Series.Name)
				assert.True(t, ok, "%s/%s", r.Series.Namespace, r.Series.Name)
			}
		}
	}
}

func TestHeaderStatesModelAndRegions(t *testing.T) {
	ds := build(t, map[string]string{"bedrockModelId": "us.amazon.nova-pro-v1:0"}, Options{})
	header := ds[0].Body.Widgets[0].Properties.(*TextProperties).Markdown
	assert.Contains(t, header, "`us.amazon.nova-pro-v1:0`")
	assert.Contains(t, header, "**us-west-2**")
	assert.Contains(t, header, "**us-east-1**")
	assert.Contains(t, header, "alexmon doctor --stack test")
}

func TestCostWidgetsOnlyForPricedModels(t *testing.T) {
	ds := build(t, map[string]string{"bedrockModels": `[
		{"id":"us.amazon.nova-pro-v1:0","inputPricePer1kTokens":0.0008,"outputPricePer1kTokens":0.0032},
		{"id":"us.amazon.nova-lite-v1:0","inputPricePer1kTokens":0.00006,"outputPricePer1kTokens":0.00024},
		{"id":"us.amazon.nova-micro-v1:0","inputPricePer1kTokens":0.000035,"outputPricePer1kTokens":0.00014},
		{"id":"us.meta.llama3-2-90b-instruct-v1:0"}]`}, Options{})
	var cost []*MetricProperties
	for _, p := range metricWidgets(ds[0]) {
		if strings.Contains(p.Title, "cost") {
			cost = append(cost, p)
			assert.Contains(t, p.Title, "from configured prices")
		}
	}
	require.Len(t, cost, 4)
	perPeriod := cost[0]
	var labels []string
	for _, r := range perPeriod.Metrics {
		if r.IsExpression() {
			labels = append(labels, r.Options.Label)
		}
	}
	assert.Equal(t, []string{"us.amazon.nova-pro-v1:0 estimated cost", "us.amazon.nova-lite-v1:0 estimated cost",
		"us.amazon.nova-micro-v1:0 estimated cost", "Total"}, labels)
	assert.Contains(t, perPeriod.Metrics[2].Expression, "FILL(in0, 0) / 1000 * 0.0008 + FILL(out0, 0) / 1000 * 0.0032")
	assert.Contains(t, perPeriod.Metrics[8].Expression, "/ 1000 * 0.000035")
	body, err := ds[0].Body.JSON()
	require.NoError(t, err)
	assert.NotContains(t, body, "llama3-2-90b-instruct-v1:0 estimated cost")
	assert.Contains(t, body, "1 model without prices is left out")

	assert.Contains(t, ds[0].Body.Widgets[0].Properties.(*TextProperties).Markdown, "Cost figures are estimates")

	unpriced := build(t, nil, Options{})
	for _, p := range metricWidgets(unpriced[0]) {
		assert.NotContains(t, strings.ToLower(p.Title), "cost")
	}
	assert.NotContains(t, unpriced[0].Body.Widgets[0].Properties.(*TextProperties).Markdown, "Cost")
}

func TestAlarmMarkersDrawThresholdsAndStatus(t *testing.T) {
	arn := func(name string) string { return "arn:aws:cloudwatch:us-west-2:123456789012:alarm:" + name }
	markers := []AlarmMarker{
		{Name: "alex-bedrock-latency", ARN: arn("alex-bedrock-latency"), Subject: "amazon.nova-pro-v1:0",
			Graph: GraphBedrockLatency, Threshold: 30000, Label: "p99 alarm"},
		{Name: "alex-bedrock-latency-other", ARN: arn("alex-bedrock-latency-other"), Subject: "us.amazon.nova-lite-v1:0",
			Graph: GraphBedrockLatency, Threshold: 10000, Label: "p99 alarm of a model this dashboard does not chart"},
		{Name: "alex-agent-error-rate-planner", ARN: arn("alex-agent-error-rate-planner"), Subject: "planner",
			Graph: GraphAgentErrorRate, Threshold: 5, Label: "planner error rate alarm: > 5 %"},
		{Name: "alex-agent-error-rate-tagger", ARN: arn("alex-agent-error-rate-tagger"), Subject: "tagger",
			Graph: GraphAgentErrorRate, Threshold: 5, Label: "tagger error rate alarm: > 5 %"},
		{Name: "alex-agent-throttles-tagger", ARN: arn("alex-agent-throttles-tagger"), Subject: "tagger",
			Graph: GraphAgentThrottles, Threshold: 0, Label: "tagger throttles alarm: > 0 per 60 s", PeriodSeconds: 60},
		{Name: "alex-system-health", ARN: arn("alex-system-health")},
	}
	ds := build(t, nil, Options{Alarms: markers})
	var latency *MetricProperties
	for _, p := range metricWidgets(ds[0]) {
		if strings.HasPrefix(p.Title, "Bedrock latency") {
			latency = p
		}
	}
	require.NotNil(t, latency)
	require.NotNil(t, latency.Annotations)
	assert.Equal(t, []HorizontalAnnotation{{Label: "p99 alarm", Value: 30000, Color: colorAlarm}},
		latency.Annotations.Horizontal)

	status := func(d Dashboard) []string {
		var arns []string
		for _, w := range d.Body.Widgets {
			if p, ok := w.Properties.(*AlarmProperties); ok {
				arns = append(arns, p.Alarms...)
			}
		}
		return arns
	}
	assert.Equal(t, []string{arn("alex-bedrock-latency"), arn("alex-bedrock-latency-other"),
		arn("alex-system-health")}, status(ds[0]))
	assert.Equal(t, []string{arn("alex-agent-error-rate-planner"), arn("alex-agent-error-rate-tagger"),
		arn("alex-agent-throttles-tagger"), arn("alex-system-health")}, status(ds[1]))
	for _, p := range metricWidgets(ds[1]) {
		switch p.Title {
		case "Error rate (%)":
			require.NotNil(t, p.Annotations)
			assert.Equal(t, []HorizontalAnnotation{{Label: "error rate alarm: > 5 % (2 alarms)", Value: 5,
				Color: colorAlarm}}, p.Annotations.Horizontal, "one shared line names no single agent")
		case "Throttles":
			assert.Nil(t, p.Annotations, "a per-60-s threshold is not drawn on a graph of 300-s sums")
		}
	}
}

func TestManyAgentsStayWithinLimits(t *testing.T) {
	agents := make([]string, 500)
	for i := range agents {
		agents[i] = "agent-" + strconv.Itoa(i)
	}
	raw, err := json.Marshal(agents)
	require.NoError(t, err)
	ds := build(t, map[string]string{"agents": string(raw)}, Options{})
	require.Greater(t, len(ds), 2, "500 agents need more than one agent dashboard")
	seen := map[string]bool{}
	for _, d := range ds {
		require.NoError(t, Validate(d.Name, d.Body))
		assert.LessOrEqual(t, len(d.Body.Widgets), MaxWidgets)
		assert.LessOrEqual(t, CountMetrics(d.Body), MaxMetricsPerDashboard)
		rows, _ := rowsOf(d, catalog.NamespaceLambda)
		for _, r := range rows {
			seen[r.Series.DimensionValues[0].Value] = true
		}
	}
	assert.Len(t, seen, 500, "every agent is on some dashboard")
	assert.Equal(t, "alex-agent-performance-2", ds[2].Name)
	assert.Equal(t, "agent_performance_2", ds[2].Key)
}

func TestAgentDiscoveryUsesSearch(t *testing.T) {
	ds := build(t, map[string]string{"agentDiscovery": "true", "lambdaFunctionPrefix": "alex-"}, Options{})
	var searches int
	for _, p := range metricWidgets(ds[1]) {
		for _, r := range p.Metrics {
			if strings.HasPrefix(r.Expression, "SEARCH(") {
				searches++
				assert.Contains(t, r.Expression, `{AWS/Lambda,FunctionName} MetricName=`)
				assert.Contains(t, r.Expression, "FunctionName=alex'")
			}
		}
	}
	assert.Equal(t, 7, searches)
	require.NoError(t, Validate(ds[1].Name, ds[1].Body))
}

func TestAnomalyAlarmGetsBandGraph(t *testing.T) {
	arn := "arn:aws:cloudwatch:us-west-2:123456789012:alarm:alex-bedrock-input-token-anomaly-us.amazon.nova-pro-v1-0"
	markers := []AlarmMarker{{Name: "alex-bedrock-input-token-anomaly-us.amazon.nova-pro-v1-0", ARN: arn,
		Subject: "us.amazon.nova-pro-v1:0", Graph: GraphBedrockTokenBand, Label: "input token anomaly alarm"}}
	ds := build(t, map[string]string{"bedrockModelId": "us.amazon.nova-pro-v1:0", "alarmsEnabled": "true",
		"anomalyDetectionEnabled": "true", "anomalyDetectionBandStddevs": "3"}, Options{Alarms: markers})

	var band *MetricProperties
	for _, p := range metricWidgets(ds[0]) {
		if p.Title == "Bedrock input tokens and expected band: us.amazon.nova-pro-v1:0" {
			band = p
		}
	}
	require.NotNil(t, band)
	assert.Equal(t, "us-west-2", band.Region)
	require.Len(t, band.Metrics, 2)
	assert.Equal(t, "ANOMALY_DETECTION_BAND(tokens, 3)", band.Metrics[1].Expression)
	assert.Nil(t, band.Annotations, "an anomaly alarm has no fixed threshold to draw")

	for _, w := range ds[1].Body.Widgets {
		if p, ok := w.Properties.(*AlarmProperties); ok {
			assert.NotContains(t, p.Alarms, arn, "a Bedrock alarm is not listed on the agent dashboard")
		}
	}
}
