package awstest

import "github.com/alex-enterprise/monitoring/catalog"

// Names in the Healthy world. They match the project's defaults and Pulumi.dev.yaml: Lambda
// and SageMaker in us-east-1, Bedrock called from us-west-2 through the US cross-region
// inference profile.
const (
	AccountID     = "111122223333"
	MainRegion    = "us-east-1"
	BedrockRegion = "us-west-2"
	ProfileID     = "us.amazon.nova-pro-v1:0"
	// HaikuID is a second model that the agents call, which the test stacks leave unpriced.
	HaikuID        = "us.anthropic.claude-3-5-haiku-20241022-v1:0"
	EndpointName   = "alex-embedding-endpoint"
	VariantName    = "AllTraffic"
	FunctionPrefix = "alex-" // lambdaFunctionPrefix of the deployed functions

	// TopicMain and TopicBedrock are the alert topics of the two regions that hold alarms.
	TopicMain    = "arn:aws:sns:us-east-1:111122223333:alex-alerts"
	TopicBedrock = "arn:aws:sns:us-west-2:111122223333:alex-alerts"
)

// AgentTraffic is the Lambda traffic of one agent in the Healthy world.
type AgentTraffic struct {
	Name          string
	Invocations   float64
	Errors        float64
	AvgDurationMs float64
	MaxDurationMs float64
}

// Agents lists the Healthy world's agents in the order of the default agents config.
var Agents = []AgentTraffic{
	{"planner", 400, 4, 2300, 11800},
	{"reporter", 300, 0, 5400, 14950},
	{"charter", 250, 5, 1800, 6200},
	{"retirement", 150, 0, 3100, 9000},
	{"tagger", 100, 1, 900, 2100},
}

// Healthy returns an account where the application runs as the default configuration and
// Pulumi.dev.yaml describe it. It also holds series that exact-dimension matching must
// ignore: Bedrock totals without ModelId and Lambda series per alias (Resource).
func Healthy() World {
	w := World{}
	add := func(region string, m catalog.Metric, values []string, sum, count, maximum, minimum float64) {
		dims := make([]catalog.Dimension, len(values))
		for i, v := range values {
			dims[i] = catalog.Dimension{Name: m.Dimensions[i], Value: v}
		}
		w.Series = append(w.Series, Series{Region: region, Namespace: m.Namespace, Name: m.Name, Dimensions: dims,
			Sum: sum, SampleCount: count, Maximum: maximum, Minimum: minimum})
	}
	counter := func(region string, m catalog.Metric, values []string, total, samples float64) {
		add(region, m, values, total, samples, total/samples, 0)
	}

	model := []string{ProfileID}
	counter(BedrockRegion, catalog.BedrockInvocations, model, 1200, 1200)
	counter(BedrockRegion, catalog.BedrockInputTokens, model, 2_400_000, 1200)
	counter(BedrockRegion, catalog.BedrockOutputTokens, model, 360_000, 1200)
	counter(BedrockRegion, catalog.BedrockClientErrors, model, 3, 1200)
	counter(BedrockRegion, catalog.BedrockServerErrors, model, 1, 1200)
	counter(BedrockRegion, catalog.BedrockThrottles, model, 2, 1200)
	add(BedrockRegion, catalog.BedrockLatency, model, 1200*850, 1200, 4200, 310)
	haiku := []string{HaikuID}
	counter(BedrockRegion, catalog.BedrockInvocations, haiku, 40, 40)
	counter(BedrockRegion, catalog.BedrockInputTokens, haiku, 52_000, 40)
	counter(BedrockRegion, catalog.BedrockOutputTokens, haiku, 9_800, 40)
	counter(BedrockRegion, catalog.BedrockClientErrors, haiku, 0, 40)
	counter(BedrockRegion, catalog.BedrockServerErrors, haiku, 0, 40)
	counter(BedrockRegion, catalog.BedrockThrottles, haiku, 0, 40)
	add(BedrockRegion, catalog.BedrockLatency, haiku, 40*1200, 40, 2900, 640)
	// Totals across all models, published without dimensions.
	counter(BedrockRegion, catalog.Metric{Namespace: catalog.NamespaceBedrock, Name: catalog.BedrockInvocations.Name},
		nil, 1240, 1240)

	for _, a := range Agents {
		function := []string{FunctionPrefix + a.Name}
		counter(MainRegion, catalog.LambdaInvocations, function, a.Invocations, a.Invocations)
		counter(MainRegion, catalog.LambdaErrors, function, a.Errors, a.Invocations)
		counter(MainRegion, catalog.LambdaThrottles, function, 0, a.Invocations)
		add(MainRegion, catalog.LambdaDuration, function, a.Invocations*a.AvgDurationMs, a.Invocations,
			a.MaxDurationMs, a.AvgDurationMs/4)
		add(MainRegion, catalog.LambdaConcurrentExecutions, function, a.Invocations, a.Invocations, 3, 1)
	}
	w.Series = append(w.Series, Series{Region: MainRegion, Namespace: catalog.NamespaceLambda,
		Name: catalog.LambdaInvocations.Name, Dimensions: []catalog.Dimension{
			{Name: catalog.DimensionFunctionName, Value: FunctionPrefix + "planner"},
			{Name: "Resource", Value: FunctionPrefix + "planner:live"},
		}, Sum: 400, SampleCount: 400, Maximum: 1, Minimum: 1})

	endpoint := []string{EndpointName, VariantName}
	counter(MainRegion, catalog.SageMakerInvocations, endpoint, 2000, 2000)
	counter(MainRegion, catalog.SageMaker4XXErrors, endpoint, 2, 2000)
	counter(MainRegion, catalog.SageMaker5XXErrors, endpoint, 1, 2000)
	add(MainRegion, catalog.SageMakerModelLatency, endpoint, 2000*45_000, 2000, 310_000, 8_000)
	add(MainRegion, catalog.SageMakerOverheadLatency, endpoint, 2000*5_000, 2000, 1_200_000, 900)
	add(MainRegion, catalog.SageMakerModelSetupTime, endpoint, 3*2_500_000, 3, 3_100_000, 2_000_000)
	add(MainRegion, catalog.SageMakerServerlessConcurrency, endpoint, 0.2*2000, 2000, 0.4, 0)
	add(MainRegion, catalog.SageMakerMemoryUtilization, endpoint, 35*1440, 1440, 41, 30)

	w.Topics = []Topic{
		{ARN: TopicMain, Subscriptions: []Subscription{
			{ARN: TopicMain + ":4b1f0c52-7d1e-4c55-9a0e-1f5a2b3c4d5e", Protocol: "email", Endpoint: "oncall@alex.test"},
			{Protocol: "email", Endpoint: "cto@alex.test", Pending: true},
		}},
		{ARN: TopicBedrock, Subscriptions: []Subscription{
			{ARN: TopicBedrock + ":9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", Protocol: "email", Endpoint: "oncall@alex.test"},
			{ARN: TopicBedrock + ":0f1e2d3c-4b5a-4968-8776-655443322110", Protocol: "https",
				Endpoint: "https://alerts.alex.test/sns", Pending: true},
		}},
	}
	return w
}
