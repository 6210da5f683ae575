package awscheck

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"time"

	"github.com/alex-enterprise/monitoring/catalog"
	"github.com/alex-enterprise/monitoring/config"
)

// Limits of a report window. CloudWatch keeps 1-hour datapoints for 455 days.
const (
	MinWindow = time.Minute
	MaxWindow = 455 * 24 * time.Hour
)

// NoPriceNote is the cost note of a model without configured token prices.
const NoPriceNote = "no price configured"

// Window is the time range of a report.
type Window struct {
	Start time.Time
	End   time.Time
}

// NewWindow returns the window of length since that ends at now, rounded down to the
// minute because CloudWatch aggregates standard metrics per minute.
func NewWindow(now time.Time, since time.Duration) (Window, error) {
	if since < MinWindow || since > MaxWindow {
		return Window{}, fmt.Errorf("window %s is outside %s to %d days, the range CloudWatch keeps data for",
			since, MinWindow, int(MaxWindow.Hours()/24))
	}
	end := now.UTC().Truncate(time.Minute)
	return Window{Start: end.Add(-since), End: end}, nil
}

// PeriodSeconds returns the period that covers the whole window in one datapoint per
// series. GetMetricData needs a multiple of 60 s, of 300 s for data older than 15 days and
// of 3,600 s for data older than 63 days, so the period is the window rounded up to that.
func (w Window) PeriodSeconds() int32 {
	length := w.End.Sub(w.Start)
	step := time.Minute
	switch {
	case length > 63*24*time.Hour:
		step = time.Hour
	case length > 15*24*time.Hour:
		step = 5 * time.Minute
	}
	steps := (length + step - 1) / step
	return int32((steps * step) / time.Second)
}

// Report is Bedrock, Lambda and SageMaker usage over a window. Counts are sums over the
// window; counts, durations (in milliseconds) and percentages are rounded to 0.01; costs
// are in USD and rounded to 0.0001.
type Report struct {
	Stack         string    `json:"stack"`
	Start         time.Time `json:"start"`
	End           time.Time `json:"end"`
	PeriodSeconds int32     `json:"periodSeconds"`
	Region        string    `json:"region"`
	BedrockRegion string    `json:"bedrockRegion,omitempty"`

	Models    []ModelUsage   `json:"models"`
	Agents    []AgentUsage   `json:"agents"`
	SageMaker *EndpointUsage `json:"sagemaker,omitempty"`

	// EstimatedCostUSD sums the estimates of the models with prices; nil when none has.
	EstimatedCostUSD *float64 `json:"estimatedCostUSD"`
	CostNote         string   `json:"costNote,omitempty"`

	// GetMetricDataRequests is the number of GetMetricData calls the report made.
	GetMetricDataRequests int      `json:"getMetricDataRequests"`
	Warnings              []string `json:"warnings,omitempty"`
}

// ModelUsage is the usage of one Bedrock model or inference profile.
type ModelUsage struct {
	ModelID          string   `json:"modelId"`
	Invocations      float64  `json:"invocations"`
	InputTokens      float64  `json:"inputTokens"`
	OutputTokens     float64  `json:"outputTokens"`
	ClientErrors     float64  `json:"clientErrors"`
	ServerErrors     float64  `json:"serverErrors"`
	Throttles        float64  `json:"throttles"`
	AverageLatencyMs *float64 `json:"averageLatencyMs"` // nil without latency samples
	// EstimatedCostUSD is tokens times the configured prices: an estimate that ignores
	// cache, batch and provisioned-throughput pricing. Nil without prices.
	EstimatedCostUSD *float64 `json:"estimatedCostUSD"`
	CostNote         string   `json:"costNote,omitempty"`
	NoData           bool     `json:"noData,omitempty"`
}

// AgentUsage is the usage of one agent's Lambda function.
type AgentUsage struct {
	Name              string   `json:"name"`
	FunctionName      string   `json:"functionName"`
	Invocations       float64  `json:"invocations"`
	Errors            float64  `json:"errors"`
	ErrorRatePercent  *float64 `json:"errorRatePercent"` // nil without invocations
	AverageDurationMs *float64 `json:"averageDurationMs"`
	MaxDurationMs     *float64 `json:"maxDurationMs"`
	NoData            bool     `json:"noData,omitempty"`
}

// EndpointUsage is the usage of the SageMaker endpoint's production variant.
type EndpointUsage struct {
	EndpointName string  `json:"endpointName"`
	VariantName  string  `json:"variantName"`
	Invocations  float64 `json:"invocations"`
	Errors4XX    float64 `json:"errors4xx"`
	Errors5XX    float64 `json:"errors5xx"`
	// AverageModelLatencyMs is ModelLatency, which SageMaker reports in microseconds.
	AverageModelLatencyMs *float64 `json:"averageModelLatencyMs"`
	NoData                bool     `json:"noData,omitempty"`
}

// querySet collects the queries of one region and names them m0, m1, ...
type querySet struct {
	region  string
	queries []MetricQuery
}

func (q *querySet) add(series catalog.Series, stat string) string {
	id := fmt.Sprintf("m%d", len(q.queries))
	q.queries = append(q.queries, MetricQuery{ID: id, Series: series, Stat: stat})
	return id
}

// reportQueries maps each figure of the report to the query ID that fetches it.
type reportQueries struct {
	sets   map[string]*querySet
	models []map[string]string // per model: figure name to query ID
	agents []map[string]string
	sm     map[string]string
}

func (r *reportQueries) set(region string) *querySet {
	if r.sets[region] == nil {
		r.sets[region] = &querySet{region: region}
	}
	return r.sets[region]
}

// Names of the figures that planReport fetches for one model, agent or endpoint.
const (
	figureInvocations   = "invocations"
	figureInputTokens   = "inputTokens"
	figureOutputTokens  = "outputTokens"
	figureClientErrors  = "clientErrors"
	figureServerErrors  = "serverErrors"
	figureThrottles     = "throttles"
	figureLatencySum    = "latencySum"
	figureLatencyCount  = "latencyCount"
	figureErrors        = "errors"
	figureErrors4XX     = "errors4xx"
	figureErrors5XX     = "errors5xx"
	figureDurationSum   = "durationSum"
	figureDurationCount = "durationCount"
	figureDurationMax   = "durationMax"
)

// planReport lists the queries of a report. Averages are fetched as Sum and SampleCount, so
// that they stay exact when CloudWatch returns the window in more than one datapoint.
func planReport(cfg *config.Config) *reportQueries {
	r := &reportQueries{sets: map[string]*querySet{}}
	if cfg.Bedrock.Enabled {
		set := r.set(cfg.Bedrock.Region)
		for _, m := range cfg.Bedrock.Models {
			r.models = append(r.models, map[string]string{
				figureInvocations:  set.add(catalog.BedrockInvocations.With(m.ID), catalog.Sum),
				figureInputTokens:  set.add(catalog.BedrockInputTokens.With(m.ID), catalog.Sum),
				figureOutputTokens: set.add(catalog.BedrockOutputTokens.With(m.ID), catalog.Sum),
				figureClientErrors: set.add(catalog.BedrockClientErrors.With(m.ID), catalog.Sum),
				figureServerErrors: set.add(catalog.BedrockServerErrors.With(m.ID), catalog.Sum),
				figureThrottles:    set.add(catalog.BedrockThrottles.With(m.ID), catalog.Sum),
				figureLatencySum:   set.add(catalog.BedrockLatency.With(m.ID), catalog.Sum),
				figureLatencyCount: set.add(catalog.BedrockLatency.With(m.ID), catalog.SampleCount),
			})
		}
	}
	set := r.set(cfg.Region)
	for _, a := range cfg.Agents {
		r.agents = append(r.agents, map[string]string{
			figureInvocations:   set.add(catalog.LambdaInvocations.With(a.FunctionName), catalog.Sum),
			figureErrors:        set.add(catalog.LambdaErrors.With(a.FunctionName), catalog.Sum),
			figureDurationSum:   set.add(catalog.LambdaDuration.With(a.FunctionName), catalog.Sum),
			figureDurationCount: set.add(catalog.LambdaDuration.With(a.FunctionName), catalog.SampleCount),
			figureDurationMax:   set.add(catalog.LambdaDuration.With(a.FunctionName), catalog.Maximum),
		})
	}
	if cfg.SageMaker.Enabled {
		endpoint, variant := cfg.SageMaker.EndpointName, cfg.SageMaker.VariantName
		r.sm = map[string]string{
			figureInvocations:  set.add(catalog.SageMakerInvocations.With(endpoint, variant), catalog.Sum),
			figureErrors4XX:    set.add(catalog.SageMaker4XXErrors.With(endpoint, variant), catalog.Sum),
			figureErrors5XX:    set.add(catalog.SageMaker5XXErrors.With(endpoint, variant), catalog.Sum),
			figureLatencySum:   set.add(catalog.SageMakerModelLatency.With(endpoint, variant), catalog.Sum),
			figureLatencyCount: set.add(catalog.SageMakerModelLatency.With(endpoint, variant), catalog.SampleCount),
		}
	}
	if len(set.queries) == 0 {
		delete(r.sets, cfg.Region)
	}
	return r
}

// BuildReport fetches the usage of the stack's models, agents and endpoint over window.
// Bedrock queries go to the Bedrock region and the others to the main region, in as few
// GetMetricData requests as the 500-query limit allows.
// NOTE: with agentDiscovery the report still lists the agents of the agents key, not
// every function that starts with lambdaFunctionPrefix.
func BuildReport(ctx context.Context, cfg *config.Config, clients Clients, window Window,
	logger *slog.Logger) (*Report, error) {
	logger = loggerOrDiscard(logger)
	plan := planReport(cfg)
	period := window.PeriodSeconds()
	regions := make([]string, 0, len(plan.sets))
	for region := range plan.sets {
		regions = append(regions, region)
	}
	slices.Sort(regions)

	report := &Report{Stack: cfg.Stack, Start: window.Start, End: window.End, PeriodSeconds: period,
		Region: cfg.Region, Models: []ModelUsage{}, Agents: []AgentUsage{}}
	if cfg.Bedrock.Enabled {
		report.BedrockRegion = cfg.Bedrock.Region
	}
	values := map[string]map[string][]float64{} // region, query ID, values
	for _, region := range regions {
		set := plan.sets[region]
		logger.Info("fetching metrics", "region", region, "queries", len(set.queries),
			"start", window.Start.Format(time.RFC3339), "end", window.End.Format(time.RFC3339))
		data, err := FetchMetricData(ctx, clients.MetricData(region), region, set.queries, window.Start, window.End,
			period, logger)
		if err != nil {
			return nil, err
		}
		values[region] = data.Values
		report.GetMetricDataRequests += data.Requests
		report.Warnings = append(report.Warnings, data.Warnings...)
	}

	if cfg.Bedrock.Enabled {
		for i, m := range cfg.Bedrock.Models {
			report.Models = append(report.Models, modelUsage(m, plan.models[i], values[cfg.Bedrock.Region]))
		}
	}
	for i, a := range cfg.Agents {
		report.Agents = append(report.Agents, agentUsage(a, plan.agents[i], values[cfg.Region]))
	}
	if cfg.SageMaker.Enabled {
		report.SageMaker = endpointUsage(cfg.SageMaker, plan.sm, values[cfg.Region])
	}
	report.EstimatedCostUSD, report.CostNote = totalCost(report.Models)
	for _, w := range report.Warnings {
		logger.Warn("incomplete metric data", "detail", w)
	}
	return report, nil
}

// figures reads the values of one entity's queries.
type figures struct {
	ids    map[string]string
	values map[string][]float64
}

func (f figures) sum(name string) float64 {
	total := 0.0
	for _, v := range f.values[f.ids[name]] {
		total += v
	}
	return total
}

// count returns the sum of a count rounded to 0.01, which drops the float error of adding
// up many datapoints.
func (f figures) count(name string) float64 {
	return *rounded(f.sum(name), 100)
}

func (f figures) max(name string) *float64 {
	v := f.values[f.ids[name]]
	if len(v) == 0 {
		return nil
	}
	return rounded(slices.Max(v), 100)
}

// ratio returns sum(numerator)/sum(denominator) times scale, or nil when the denominator is 0.
func (f figures) ratio(numerator, denominator string, scale float64) *float64 {
	d := f.sum(denominator)
	if d == 0 {
		return nil
	}
	return rounded(f.sum(numerator)/d*scale, 100)
}

func (f figures) empty() bool {
	for _, id := range f.ids {
		if len(f.values[id]) > 0 {
			return false
		}
	}
	return true
}

// rounded returns v rounded to 1/per.
func rounded(v, per float64) *float64 {
	r := math.Round(v*per) / per
	return &r
}

func modelUsage(m config.Model, ids map[string]string, values map[string][]float64) ModelUsage {
	f := figures{ids: ids, values: values}
	u := ModelUsage{
		ModelID:          m.ID,
		Invocations:      f.count(figureInvocations),
		InputTokens:      f.count(figureInputTokens),
		OutputTokens:     f.count(figureOutputTokens),
		ClientErrors:     f.count(figureClientErrors),
		ServerErrors:     f.count(figureServerErrors),
		Throttles:        f.count(figureThrottles),
		AverageLatencyMs: f.ratio(figureLatencySum, figureLatencyCount, 1),
		NoData:           f.empty(),
	}
	if m.Priced() {
		cost := u.InputTokens / 1000 * *m.InputPricePer1kTokens
		cost += u.OutputTokens / 1000 * *m.OutputPricePer1kTokens
		u.EstimatedCostUSD = rounded(cost, 10_000)
	} else {
		u.CostNote = NoPriceNote
	}
	return u
}

func agentUsage(a config.Agent, ids map[string]string, values map[string][]float64) AgentUsage {
	f := figures{ids: ids, values: values}
	return AgentUsage{
		Name:              a.Name,
		FunctionName:      a.FunctionName,
		Invocations:       f.count(figureInvocations),
		Errors:            f.count(figureErrors),
		ErrorRatePercent:  f.ratio(figureErrors, figureInvocations, 100),
		AverageDurationMs: f.ratio(figureDurationSum, figureDurationCount, 1),
		MaxDurationMs:     f.max(figureDurationMax),
		NoData:            f.empty(),
	}
}

func endpointUsage(sm config.SageMaker, ids map[string]string, values map[string][]float64) *EndpointUsage {
	f := figures{ids: ids, values: values}
	return &EndpointUsage{
		EndpointName:          sm.EndpointName,
		VariantName:           sm.VariantName,
		Invocations:           f.count(figureInvocations),
		Errors4XX:             f.count(figureErrors4XX),
		Errors5XX:             f.count(figureErrors5XX),
		AverageModelLatencyMs: f.ratio(figureLatencySum, figureLatencyCount, 1.0/catalog.MicrosecondsPerMillisecond),
		NoData:                f.empty(),
	}
}

// totalCost sums the estimated costs of the priced models.
func totalCost(models []ModelUsage) (*float64, string) {
	var total *float64
	unpriced := 0
	for _, m := range models {
		if m.EstimatedCostUSD == nil {
			unpriced++
			continue
		}
		if total == nil {
			total = new(float64)
		}
		*total += *m.EstimatedCostUSD
	}
	switch {
	case total == nil && len(models) > 0:
		return nil, NoPriceNote
	case total != nil && unpriced > 0:
		return rounded(*total, 10_000), fmt.Sprintf("excludes %d model(s) with no price configured", unpriced)
	case total != nil:
		return rounded(*total, 10_000), ""
	}
	return nil, ""
}
