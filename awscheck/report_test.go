package awscheck

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/alex-enterprise/monitoring/awscheck/awstest"
	"github.com/alex-enterprise/monitoring/catalog"
	"github.com/stretchr/testify/require"
)

var (
	testEnd   = time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	testStart = testEnd.Add(-24 * time.Hour)
)

func TestNewWindowPeriod(t *testing.T) {
	at := time.Date(2026, 3, 2, 12, 0, 42, 0, time.UTC)
	cases := []struct {
		since  time.Duration
		period int32
	}{
		{time.Minute, 60},
		{90 * time.Minute, 5400},
		{24 * time.Hour, 86400},
		{15 * 24 * time.Hour, 15 * 86400},
		{20*24*time.Hour + 3*time.Minute, 20*86400 + 300}, // older than 15 days: multiple of 300 s
		{100*24*time.Hour + 30*time.Minute, 100*86400 + 3600},
		{MaxWindow, 455 * 86400},
	}
	for _, c := range cases {
		t.Run(c.since.String(), func(t *testing.T) {
			w, err := NewWindow(at, c.since)
			require.NoError(t, err)
			require.Equal(t, time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC), w.End)
			require.Equal(t, c.since, w.End.Sub(w.Start))
			require.Equal(t, c.period, w.PeriodSeconds())
			require.GreaterOrEqual(t, time.Duration(w.PeriodSeconds())*time.Second, c.since, "one period covers the window")
		})
	}
}

func TestNewWindowRejectsOutOfRange(t *testing.T) {
	for _, since := range []time.Duration{0, 59 * time.Second, MaxWindow + time.Hour} {
		_, err := NewWindow(testEnd, since)
		require.Error(t, err, "since %s", since)
	}
}

// numberedQueries returns n Sum queries of Lambda invocations; query i names function
// alex-<agent> for the Healthy world's agents and a function without data otherwise.
func numberedQueries(n int) []MetricQuery {
	queries := make([]MetricQuery, n)
	for i := range queries {
		function := fmt.Sprintf("fn-%04d", i)
		if i < len(awstest.Agents) {
			function = "alex-" + awstest.Agents[i].Name
		}
		queries[i] = MetricQuery{ID: fmt.Sprintf("m%d", i), Series: catalog.LambdaInvocations.With(function),
			Stat: catalog.Sum}
	}
	return queries
}

func TestFetchMetricDataBatches(t *testing.T) {
	s, clients := serverClients(t, awstest.Healthy(), awstest.Options{})
	queries := numberedQueries(1234)
	data, err := FetchMetricData(context.Background(), clients.MetricData(awstest.MainRegion), awstest.MainRegion,
		queries, testStart, testEnd, 86400, discard)
	require.NoError(t, err)
	require.Equal(t, 3, data.Requests, "1234 queries in batches of 500")
	require.Equal(t, 3, s.Count("GetMetricData", awstest.MainRegion))
	require.Len(t, data.Values, len(awstest.Agents), "only the Healthy world's functions have data")
	for i, a := range awstest.Agents {
		require.Equal(t, []float64{a.Invocations}, data.Values[fmt.Sprintf("m%d", i)])
	}
	require.Empty(t, data.Warnings)
}

func TestFetchMetricDataExactly500(t *testing.T) {
	s, clients := serverClients(t, awstest.Healthy(), awstest.Options{})
	data, err := FetchMetricData(context.Background(), clients.MetricData(awstest.MainRegion), awstest.MainRegion,
		numberedQueries(500), testStart, testEnd, 86400, discard)
	require.NoError(t, err)
	require.Equal(t, 1, data.Requests)
	require.Equal(t, 1, s.Count("GetMetricData", ""))
}

func TestFetchMetricDataMergesPages(t *testing.T) {
	// Hourly datapoints: 24 per series with data. 7 per page splits results across pages.
	s, clients := serverClients(t, awstest.Healthy(), awstest.Options{DatapointsPerPage: 7})
	queries := numberedQueries(3)
	data, err := FetchMetricData(context.Background(), clients.MetricData(awstest.MainRegion), awstest.MainRegion,
		queries, testStart, testEnd, 3600, discard)
	require.NoError(t, err)
	require.Equal(t, 11, data.Requests, "72 datapoints at 7 per page")
	require.Equal(t, 11, s.Count("GetMetricData", ""))
	for i := range queries {
		values := data.Values[queries[i].ID]
		require.Len(t, values, 24)
		total := 0.0
		for _, v := range values {
			total += v
		}
		require.InDelta(t, awstest.Agents[i].Invocations, total, 1e-9)
	}
	require.Empty(t, data.Warnings, "every result ends Complete on its last page")
}

func TestAveragesAcrossDatapoints(t *testing.T) {
	// With hourly datapoints the per-hour averages must be weighted by their sample counts.
	_, clients := serverClients(t, awstest.Healthy(), awstest.Options{})
	cfg := loadConfig(t, nil)
	plan := planReport(cfg)
	data, err := FetchMetricData(context.Background(), clients.MetricData(awstest.MainRegion), awstest.MainRegion,
		plan.sets[awstest.MainRegion].queries, testStart, testEnd, 3600, discard)
	require.NoError(t, err)

	planner := agentUsage(cfg.Agents[0], plan.agents[0], data.Values)
	require.Equal(t, 400.0, planner.Invocations)
	require.Equal(t, 2300.0, *planner.AverageDurationMs)
	require.Equal(t, 11800.0, *planner.MaxDurationMs)
	require.Equal(t, 1.0, *planner.ErrorRatePercent)

	endpoint := endpointUsage(cfg.SageMaker, plan.sm, data.Values)
	require.Equal(t, 45.0, *endpoint.AverageModelLatencyMs)
}

func TestPlanReportRegions(t *testing.T) {
	cfg := loadConfig(t, map[string]string{"sagemakerEnabled": "false"})
	plan := planReport(cfg)
	require.Len(t, plan.sets, 2)
	for _, q := range plan.sets[awstest.BedrockRegion].queries {
		require.Equal(t, catalog.NamespaceBedrock, q.Series.Namespace)
	}
	for _, q := range plan.sets[awstest.MainRegion].queries {
		require.Equal(t, catalog.NamespaceLambda, q.Series.Namespace)
	}
	require.Len(t, plan.sets[awstest.BedrockRegion].queries, 8)
	require.Len(t, plan.sets[awstest.MainRegion].queries, 25)
	require.Nil(t, plan.sm)
}

func TestPlanReportOneRegion(t *testing.T) {
	cfg := loadConfig(t, map[string]string{"bedrockRegion": awstest.MainRegion})
	plan := planReport(cfg)
	require.Len(t, plan.sets, 1, "Bedrock in the main region shares its requests")
	require.Len(t, plan.sets[awstest.MainRegion].queries, 8+25+5)
}

func TestBuildReportWithoutPrices(t *testing.T) {
	_, clients := serverClients(t, awstest.Healthy(), awstest.Options{})
	cfg := loadConfig(t, map[string]string{"agents": "[]", "agentDiscovery": "true", "sagemakerEnabled": "false"})
	report, err := BuildReport(context.Background(), cfg, clients, Window{Start: testStart, End: testEnd}, discard)
	require.NoError(t, err)
	require.Len(t, report.Models, 1)
	require.Nil(t, report.Models[0].EstimatedCostUSD)
	require.Equal(t, NoPriceNote, report.Models[0].CostNote)
	require.Nil(t, report.EstimatedCostUSD)
	require.Equal(t, NoPriceNote, report.CostNote)
	require.Empty(t, report.Agents)
	require.Nil(t, report.SageMaker)
	require.Equal(t, 1, report.GetMetricDataRequests)
}

func TestBuildReportMarksNoData(t *testing.T) {
	_, clients := serverClients(t, awstest.Healthy(), awstest.Options{})
	cfg := loadConfig(t, map[string]string{"lambdaFunctionPrefix": "prod-", "sagemakerVariantName": "blue"})
	report, err := BuildReport(context.Background(), cfg, clients, Window{Start: testStart, End: testEnd}, discard)
	require.NoError(t, err)
	require.False(t, report.Models[0].NoData)
	for _, a := range report.Agents {
		require.True(t, a.NoData, a.FunctionName)
		require.Nil(t, a.ErrorRatePercent, "no invocations, no rate")
		require.Nil(t, a.AverageDurationMs)
	}
	require.True(t, report.SageMaker.NoData)
}
