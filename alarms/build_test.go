package alarms_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alex-enterprise/monitoring/alarms"
	"github.com/alex-enterprise/monitoring/catalog"
	"github.com/alex-enterprise/monitoring/config"
	"github.com/alex-enterprise/monitoring/dashboards"
	"github.com/alex-enterprise/monitoring/internal/configtest"
)

const project = "alex-enterprise"

// loadConfig loads a stack config like the production stack (alarms enabled in us-east-1,
// agents calling us.amazon.nova-pro-v1:0 from us-west-2) with the given keys on top. Every
// other key takes its default.
func loadConfig(t testing.TB, raw map[string]string) *config.Config {
	t.Helper()
	all := map[string]string{project + ":" + config.KeyAlarmsEnabled: "true"}
	if _, listed := raw[project+":"+config.KeyBedrockModels]; !listed {
		all[project+":"+config.KeyBedrockModelID] = "us.amazon.nova-pro-v1:0"
	}
	maps.Copy(all, raw)
	return configtest.Load(t, "test", all)
}

func build(t testing.TB, raw map[string]string) []alarms.Alarm {
	t.Helper()
	built, err := alarms.Build(loadConfig(t, raw))
	require.NoError(t, err)
	return built
}

// agentsJSON returns an agents value with n agents named agent-000, agent-001 and so on.
func agentsJSON(n int) string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("agent-%03d", i)
	}
	data, _ := json.Marshal(names)
	return string(data)
}

// modelsJSON returns a bedrockModels value with n cross-region profile IDs.
func modelsJSON(n int) string {
	models := make([]map[string]string, n)
	for i := range models {
		models[i] = map[string]string{"id": fmt.Sprintf("us.amazon.model-%02d-v1:0", i)}
	}
	data, _ := json.Marshal(models)
	return string(data)
}

func names(built []alarms.Alarm) []string {
	out := make([]string, len(built))
	for i, a := range built {
		out[i] = a.Name
	}
	return out
}

func findAlarm(t *testing.T, built []alarms.Alarm, name string) alarms.Alarm {
	t.Helper()
	i := slices.IndexFunc(built, func(a alarms.Alarm) bool { return a.Name == name })
	require.GreaterOrEqual(t, i, 0, "alarm %s not built", name)
	return built[i]
}

// allSeries returns every metric an alarm reads, from the alarm itself and its queries.
func allSeries(a alarms.Alarm) []catalog.Series {
	var out []catalog.Series
	if a.Series != nil {
		out = append(out, *a.Series)
	}
	for _, q := range a.Metrics {
		if q.Series != nil {
			out = append(out, *q.Series)
		}
	}
	return out
}

func TestBuildDefaultNames(t *testing.T) {
	built := build(t, nil)

	require.Equal(t, []string{
		"alex-bedrock-input-tokens-us.amazon.nova-pro-v1-0",
		"alex-bedrock-server-errors-us.amazon.nova-pro-v1-0",
		"alex-bedrock-throttles-us.amazon.nova-pro-v1-0",
		"alex-bedrock-error-rate-us.amazon.nova-pro-v1-0",
		"alex-bedrock-latency-p99-us.amazon.nova-pro-v1-0",
		"alex-agent-error-rate-planner",
		"alex-agent-throttles-planner",
		"alex-agent-duration-p99-planner",
		"alex-agent-error-rate-reporter",
		"alex-agent-throttles-reporter",
		"alex-agent-duration-p99-reporter",
		"alex-agent-error-rate-charter",
		"alex-agent-throttles-charter",
		"alex-agent-duration-p99-charter",
		"alex-agent-error-rate-retirement",
		"alex-agent-throttles-retirement",
		"alex-agent-duration-p99-retirement",
		"alex-agent-error-rate-tagger",
		"alex-agent-throttles-tagger",
		"alex-agent-duration-p99-tagger",
		"alex-sagemaker-5xx-errors-alex-embedding-endpoint",
		"alex-sagemaker-model-latency-p99-alex-embedding-endpoint",
		"alex-system-health-us-east-1",
		"alex-system-health-us-west-2",
	}, names(built))
}

func TestBuildDisabledReturnsEmpty(t *testing.T) {
	built, err := alarms.Build(loadConfig(t, map[string]string{project + ":" + config.KeyAlarmsEnabled: "false"}))

	require.NoError(t, err)
	require.NotNil(t, built)
	require.Empty(t, built)
}

func TestBuildNilConfig(t *testing.T) {
	_, err := alarms.Build(nil)

	require.ErrorContains(t, err, "config is nil")
}

func TestBuildDeterministic(t *testing.T) {
	raw := map[string]string{
		project + ":" + config.KeyAgents:           agentsJSON(40),
		project + ":" + config.KeyBedrockModels:    modelsJSON(7),
		project + ":" + config.KeyAnomalyDetection: "true",
	}
	first := build(t, raw)
	second := build(t, raw)

	require.Equal(t, first, second)
	firstJSON, err := json.Marshal(alarms.APIForm(first, "aws", "111122223333", nil))
	require.NoError(t, err)
	secondJSON, err := json.Marshal(alarms.APIForm(second, "aws", "111122223333", nil))
	require.NoError(t, err)
	require.Equal(t, string(firstJSON), string(secondJSON))
}

func TestAlarmMetricsInCatalog(t *testing.T) {
	built := build(t, map[string]string{
		project + ":" + config.KeyAnomalyDetection: "true",
		project + ":" + config.KeyBedrockModels:    modelsJSON(2),
	})

	for _, a := range built {
		for _, s := range allSeries(a) {
			m, ok := catalog.Lookup(s.Namespace, s.Name)
			require.True(t, ok, "%s reads %s/%s, which is not in the catalog", a.Name, s.Namespace, s.Name)
			require.Equal(t, m, s.Metric, "%s: metric differs from the catalog entry", a.Name)
			dimensionNames := make([]string, len(s.DimensionValues))
			for i, d := range s.DimensionValues {
				dimensionNames[i] = d.Name
				require.NotEmpty(t, d.Value, "%s: dimension %s is empty", a.Name, d.Name)
			}
			require.Equal(t, m.Dimensions, dimensionNames, "%s: dimensions", a.Name)
		}
	}
}

func TestTreatMissingDataTable(t *testing.T) {
	// Idle functions, models and endpoints publish no datapoints, which for each of these
	// alarms means nothing went wrong. Composites have no TreatMissingData field.
	want := map[alarms.Check]string{
		alarms.CheckBedrockInputTokens:        alarms.MissingDataNotBreaching,
		alarms.CheckBedrockInputTokensAnomaly: alarms.MissingDataNotBreaching,
		alarms.CheckBedrockServerErrors:       alarms.MissingDataNotBreaching,
		alarms.CheckBedrockThrottles:          alarms.MissingDataNotBreaching,
		alarms.CheckBedrockErrorRate:          alarms.MissingDataNotBreaching,
		alarms.CheckBedrockLatencyP99:         alarms.MissingDataNotBreaching,
		alarms.CheckAgentErrorRate:            alarms.MissingDataNotBreaching,
		alarms.CheckAgentThrottles:            alarms.MissingDataNotBreaching,
		alarms.CheckAgentDurationP99:          alarms.MissingDataNotBreaching,
		alarms.CheckSageMaker5XXErrors:        alarms.MissingDataNotBreaching,
		alarms.CheckSageMakerLatencyP99:       alarms.MissingDataNotBreaching,
		alarms.CheckSystemHealth:              "",
	}
	built := build(t, map[string]string{project + ":" + config.KeyAnomalyDetection: "true"})

	require.ElementsMatch(t, alarms.Checks(), slices.Collect(maps.Keys(want)), "every check is pinned here")
	seen := map[alarms.Check]bool{}
	for _, a := range built {
		expected, pinned := want[a.Check]
		require.True(t, pinned, "%s has unpinned check %q", a.Name, a.Check)
		require.Equal(t, expected, a.TreatMissingData, a.Name)
		seen[a.Check] = true
	}
	require.Len(t, seen, len(want), "the default config with anomaly detection builds every check")
}

func TestBuildRegions(t *testing.T) {
	built := build(t, map[string]string{
		project + ":" + config.KeyBedrockRegion:    "eu-central-1",
		project + ":" + config.KeyBedrockModelID:   "eu.amazon.nova-pro-v1:0",
		project + ":" + config.KeyAnomalyDetection: "true",
	})

	regionOf := map[string]string{}
	for _, a := range built {
		regionOf[a.Name] = a.Region
	}
	for _, a := range built {
		isBedrock := strings.HasPrefix(string(a.Check), "bedrock-")
		for _, s := range allSeries(a) {
			require.Equal(t, isBedrock, s.Namespace == catalog.NamespaceBedrock, a.Name)
		}
		switch {
		case isBedrock:
			require.Equal(t, "eu-central-1", a.Region, a.Name)
		case a.Kind == alarms.KindComposite:
			for _, child := range a.Children {
				require.Equal(t, a.Region, regionOf[child], "%s references %s", a.Name, child)
			}
		default:
			require.Equal(t, "us-east-1", a.Region, a.Name)
		}
	}
}

func TestBuildSameRegionOneComposite(t *testing.T) {
	built := build(t, map[string]string{project + ":" + config.KeyBedrockRegion: "us-east-1"})

	composite := findAlarm(t, built, "alex-system-health-us-east-1")
	require.Len(t, composite.Children, len(built)-1)
	require.Equal(t, alarms.KindComposite, built[len(built)-1].Kind)
	require.Equal(t, alarms.KindMetric, built[len(built)-2].Kind)
}

func TestBuildBedrockDisabled(t *testing.T) {
	built := build(t, map[string]string{
		project + ":" + config.KeyBedrockEnabled:   "false",
		project + ":" + config.KeyAnomalyDetection: "true",
	})

	require.NotEmpty(t, built)
	for _, a := range built {
		require.False(t, strings.HasPrefix(string(a.Check), "bedrock-"), a.Name)
		require.Equal(t, "us-east-1", a.Region, a.Name)
		for _, s := range allSeries(a) {
			require.NotEqual(t, catalog.NamespaceBedrock, s.Namespace, a.Name)
		}
	}
}

func TestBuildSageMakerDisabled(t *testing.T) {
	built := build(t, map[string]string{project + ":" + config.KeySageMakerEnabled: "false"})

	for _, a := range built {
		require.False(t, strings.HasPrefix(string(a.Check), "sagemaker-"), a.Name)
	}
}

func TestSageMakerLatencyMicroseconds(t *testing.T) {
	built := build(t, map[string]string{
		project + ":" + config.KeySageMakerLatencyP99: "500",
		project + ":" + config.KeySageMakerVariant:    "blue",
	})

	latency := findAlarm(t, built, "alex-sagemaker-model-latency-p99-alex-embedding-endpoint")
	require.Equal(t, catalog.Microseconds, latency.Series.Unit)
	require.NotNil(t, latency.Threshold)
	require.Equal(t, 500_000.0, *latency.Threshold, "alarm threshold in microseconds")
	require.Equal(t, 500.0, latency.GraphThreshold, "graph threshold in milliseconds")
	require.Equal(t, dashboards.GraphSageMakerLatency, latency.Graph)
	require.Equal(t, "p99", latency.ExtendedStatistic)
	require.Equal(t, []catalog.Dimension{
		{Name: catalog.DimensionEndpointName, Value: "alex-embedding-endpoint"},
		{Name: catalog.DimensionVariantName, Value: "blue"},
	}, latency.Series.DimensionValues)

	errors5XX := findAlarm(t, built, "alex-sagemaker-5xx-errors-alex-embedding-endpoint")
	require.Equal(t, latency.Series.DimensionValues, errors5XX.Series.DimensionValues)
}

func TestMillisecondThresholdsUnchanged(t *testing.T) {
	built := build(t, map[string]string{
		project + ":" + config.KeyBedrockLatencyP99: "12000",
		project + ":" + config.KeyAgentDurationP99:  "34000",
	})

	for name, want := range map[string]float64{
		"alex-bedrock-latency-p99-us.amazon.nova-pro-v1-0": 12000,
		"alex-agent-duration-p99-planner":                  34000,
	} {
		a := findAlarm(t, built, name)
		require.Equal(t, catalog.Milliseconds, a.Series.Unit, name)
		require.Equal(t, want, *a.Threshold, name)
		require.Equal(t, want, a.GraphThreshold, name)
		require.Equal(t, alarms.LowSampleCountIgnore, a.EvaluateLowSampleCountPercentile, name)
	}
}

func TestAgentErrorRateGuard(t *testing.T) {
	tests := []struct {
		name           string
		minInvocations string
		wantExpression string
	}{
		{"configured minimum", "25", "IF(invocations >= 25, FILL(errors, 0) / invocations * 100, 0)"},
		{"zero becomes one", "0", "IF(invocations >= 1, FILL(errors, 0) / invocations * 100, 0)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			built := build(t, map[string]string{project + ":" + config.KeyAgentMinInvocations: tt.minInvocations})

			a := findAlarm(t, built, "alex-agent-error-rate-planner")
			require.Nil(t, a.Series)
			require.Len(t, a.Metrics, 3)
			require.Equal(t, "errorRate", a.Metrics[2].ID)
			require.Equal(t, tt.wantExpression, a.Metrics[2].Expression)
			require.True(t, a.Metrics[2].ReturnData)
			require.False(t, a.Metrics[0].ReturnData)
			require.False(t, a.Metrics[1].ReturnData)
			require.Equal(t, "alex-planner", a.Metrics[0].Series.DimensionValues[0].Value)
			require.Equal(t, 5.0, *a.Threshold)
			require.Equal(t, dashboards.GraphAgentErrorRate, a.Graph)
		})
	}
}

func TestBedrockErrorRateGuard(t *testing.T) {
	built := build(t, nil)

	a := findAlarm(t, built, "alex-bedrock-error-rate-us.amazon.nova-pro-v1-0")
	require.Len(t, a.Metrics, 4)
	require.Equal(t, "IF(invocations > 0, (FILL(clientErrors, 0) + FILL(serverErrors, 0)) / invocations * 100, 0)",
		a.Metrics[3].Expression)
	for _, q := range a.Metrics[:3] {
		require.Equal(t, catalog.Sum, q.Stat, q.ID)
		require.Equal(t, 300, q.Period, q.ID)
		require.False(t, q.ReturnData, q.ID)
	}
	require.True(t, a.Metrics[3].ReturnData)
	require.Equal(t, "us-west-2", a.Region)
}

func TestAnomalyDetectionAlarm(t *testing.T) {
	built := build(t, map[string]string{
		project + ":" + config.KeyAnomalyDetection:        "true",
		project + ":" + config.KeyAnomalyDetectionStddevs: "3",
	})

	a := findAlarm(t, built, "alex-bedrock-input-token-anomaly-us.amazon.nova-pro-v1-0")
	require.Nil(t, a.Threshold)
	require.Equal(t, "band", a.ThresholdMetricID)
	require.Equal(t, alarms.GreaterThanUpperThreshold, a.ComparisonOperator)
	require.Len(t, a.Metrics, 2)
	require.Equal(t, catalog.BedrockInputTokens, a.Metrics[0].Series.Metric)
	require.True(t, a.Metrics[0].ReturnData)
	require.Equal(t, "ANOMALY_DETECTION_BAND(inputTokens, 3)", a.Metrics[1].Expression)
	require.True(t, a.Metrics[1].ReturnData)
}

func TestAnomalyDetectionOff(t *testing.T) {
	built := build(t, nil)

	for _, a := range built {
		require.NotEqual(t, alarms.CheckBedrockInputTokensAnomaly, a.Check, a.Name)
	}
}

func TestGraphs(t *testing.T) {
	built := build(t, map[string]string{project + ":" + config.KeyAnomalyDetection: "true"})

	want := map[alarms.Check]dashboards.Graph{
		alarms.CheckBedrockInputTokens:        dashboards.GraphBedrockTokens,
		alarms.CheckBedrockServerErrors:       dashboards.GraphBedrockRequests,
		alarms.CheckBedrockThrottles:          dashboards.GraphBedrockRequests,
		alarms.CheckBedrockErrorRate:          dashboards.GraphBedrockErrorRate,
		alarms.CheckBedrockLatencyP99:         dashboards.GraphBedrockLatency,
		alarms.CheckBedrockInputTokensAnomaly: dashboards.GraphBedrockTokenBand,
		alarms.CheckAgentErrorRate:            dashboards.GraphAgentErrorRate,
		alarms.CheckAgentThrottles:            dashboards.GraphAgentThrottles,
		alarms.CheckAgentDurationP99:          dashboards.GraphAgentDurationP99,
		alarms.CheckSageMaker5XXErrors:        dashboards.GraphSageMakerInvocations,
		alarms.CheckSageMakerLatencyP99:       dashboards.GraphSageMakerLatency,
		alarms.CheckSystemHealth:              dashboards.GraphNone,
	}
	for _, a := range built {
		require.Equal(t, want[a.Check], a.Graph, a.Name)
		if a.Graph != dashboards.GraphNone {
			require.NotEmpty(t, a.GraphLabel, a.Name)
		}
	}
}

func TestWindowFromConfig(t *testing.T) {
	built := build(t, map[string]string{
		project + ":" + config.KeyAlarmPeriod:            "600",
		project + ":" + config.KeyAlarmEvaluationPeriods: "5",
		project + ":" + config.KeyAlarmDatapointsToAlarm: "4",
	})

	for _, a := range built {
		if a.Kind == alarms.KindComposite {
			continue
		}
		require.Equal(t, 5, a.EvaluationPeriods, a.Name)
		require.Equal(t, 4, a.DatapointsToAlarm, a.Name)
		if a.Series != nil {
			require.Equal(t, 600, a.Period, a.Name)
		}
		for _, q := range a.Metrics {
			if q.Series != nil {
				require.Equal(t, 600, q.Period, "%s query %s", a.Name, q.ID)
			}
		}
	}
}

func TestNamesUniqueWithPrefix(t *testing.T) {
	for _, prefix := range []string{"alex", "alex-staging"} {
		t.Run(prefix, func(t *testing.T) {
			built := build(t, map[string]string{
				project + ":" + config.KeyNamePrefix:       prefix,
				project + ":" + config.KeyBedrockModels:    modelsJSON(3),
				project + ":" + config.KeyAnomalyDetection: "true",
			})

			seen := map[string]bool{}
			for _, a := range built {
				require.True(t, strings.HasPrefix(a.Name, prefix+"-"), a.Name)
				require.False(t, seen[a.Name], "duplicate name %s", a.Name)
				seen[a.Name] = true
			}
		})
	}
}

func TestPrefixesDoNotCollide(t *testing.T) {
	production := build(t, nil)
	staging := build(t, map[string]string{project + ":" + config.KeyNamePrefix: "alex-staging"})

	productionNames := names(production)
	for _, name := range names(staging) {
		require.NotContains(t, productionNames, name)
	}
}

func TestNameSanitisesModelID(t *testing.T) {
	cfg := loadConfig(t, nil)

	tests := []struct {
		subject string
		want    string
	}{
		{"us.amazon.nova-pro-v1:0", "alex-bedrock-input-tokens-us.amazon.nova-pro-v1-0"},
		{"anthropic.claude-3-5-sonnet-20240620-v1:0", "alex-bedrock-input-tokens-anthropic.claude-3-5-sonnet-20240620-v1-0"},
		{"grjihoh0los8", "alex-bedrock-input-tokens-grjihoh0los8"},
		{"a b\tc\"d", "alex-bedrock-input-tokens-a-b-c-d"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, alarms.Name(cfg, alarms.CheckBedrockInputTokens, tt.subject), tt.subject)
	}
}

func TestCheckNamesNotPrefixes(t *testing.T) {
	// An alarm name is prefix-check-subject. If no check followed by "-" starts another
	// check followed by "-", alarms of different checks cannot share a name.
	for _, a := range alarms.Checks() {
		for _, b := range alarms.Checks() {
			if a != b {
				require.False(t, strings.HasPrefix(string(b)+"-", string(a)+"-"), "%s and %s", a, b)
			}
		}
	}
}

func TestDuplicateNamesRejected(t *testing.T) {
	cfg := loadConfig(t, map[string]string{
		project + ":" + config.KeyBedrockModels: `[{"id":"us.amazon.nova-pro-v1:0"},{"id":"us.amazon.nova-pro-v1-0"}]`,
	})

	_, err := alarms.Build(cfg)

	var validation *alarms.ValidationError
	require.ErrorAs(t, err, &validation)
	require.ErrorContains(t, err, "alex-bedrock-input-tokens-us.amazon.nova-pro-v1-0")
	require.ErrorContains(t, err, "alex-enterprise:bedrockModels")
	require.ErrorContains(t, err, "share this name")
}

func TestManyAgentsStayWithinLimits(t *testing.T) {
	long := strings.Repeat("a", 60)
	longAgents := make([]string, 500)
	for i := range longAgents {
		longAgents[i] = fmt.Sprintf("%s-%03d=fn-%03d", long, i, i)
	}
	longAgentsJSON, err := json.Marshal(longAgents)
	require.NoError(t, err)

	tests := []struct {
		name string
		raw  map[string]string
		// ruleLengthBinds is true when the rule length, not the child count, splits composites.
		ruleLengthBinds bool
	}{
		{"short names", map[string]string{
			project + ":" + config.KeyAgents:           agentsJSON(500),
			project + ":" + config.KeyBedrockModels:    modelsJSON(50),
			project + ":" + config.KeyAnomalyDetection: "true",
		}, false},
		{"long names", map[string]string{
			project + ":" + config.KeyNamePrefix: strings.Repeat("p", 64),
			project + ":" + config.KeyAgents:     string(longAgentsJSON),
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			built := build(t, tt.raw)

			parents := map[string]int{}
			metricAlarms := 0
			for _, a := range built {
				require.LessOrEqual(t, len(a.Name), alarms.MaxNameLength, a.Name)
				require.LessOrEqual(t, len(a.Description), alarms.MaxDescriptionLength, a.Name)
				if a.Kind == alarms.KindMetric {
					metricAlarms++
					continue
				}
				require.LessOrEqual(t, len(a.Children), alarms.MaxCompositeChildren, a.Name)
				require.LessOrEqual(t, len(a.AlarmRule), alarms.MaxAlarmRuleLength, a.Name)
				if tt.ruleLengthBinds {
					require.Less(t, len(a.Children), alarms.MaxCompositeChildren, a.Name)
				}
				for _, child := range a.Children {
					parents[child]++
				}
			}
			require.Len(t, parents, metricAlarms, "every metric alarm is in a composite")
			for child, n := range parents {
				require.Equal(t, 1, n, "%s is in %d composites", child, n)
			}
		})
	}
}

func TestCompositeSplitNames(t *testing.T) {
	built := build(t, map[string]string{project + ":" + config.KeyAgents: agentsJSON(100)})

	// 300 agent alarms and 2 SageMaker alarms in us-east-1 need four composites.
	var composites []string
	for _, a := range built {
		if a.Kind == alarms.KindComposite {
			composites = append(composites, a.Name)
			require.False(t, a.Notify, a.Name)
			require.Contains(t, a.AlarmRule, `ALARM("`+a.Children[0]+`") OR `)
		} else {
			require.True(t, a.Notify, a.Name)
		}
	}
	require.Equal(t, []string{
		"alex-system-health-us-east-1-1",
		"alex-system-health-us-east-1-2",
		"alex-system-health-us-east-1-3",
		"alex-system-health-us-east-1-4",
		"alex-system-health-us-west-2",
	}, composites)
}
