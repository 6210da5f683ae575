package catalog

var bedrockDimensions = []string{DimensionModelID}

// Bedrock runtime metrics, namespace AWS/Bedrock, published in the region whose
// bedrock-runtime endpoint the caller used and under the model or profile ID it passed.
var (
	BedrockInvocations  = Metric{NamespaceBedrock, "Invocations", bedrockDimensions, Count, Sum}
	BedrockClientErrors = Metric{NamespaceBedrock, "InvocationClientErrors", bedrockDimensions, Count, Sum}
	BedrockServerErrors = Metric{NamespaceBedrock, "InvocationServerErrors", bedrockDimensions, Count, Sum}
	BedrockThrottles    = Metric{NamespaceBedrock, "InvocationThrottles", bedrockDimensions, Count, Sum}
	BedrockInputTokens  = Metric{NamespaceBedrock, "InputTokenCount", bedrockDimensions, Count, Sum}
	BedrockOutputTokens = Metric{NamespaceBedrock, "OutputTokenCount", bedrockDimensions, Count, Sum}
	// BedrockLatency runs from the request to the last token, in milliseconds.
	BedrockLatency = Metric{NamespaceBedrock, "InvocationLatency", bedrockDimensions, Milliseconds, Average}
)

// Bedrock returns the Bedrock metrics.
func Bedrock() []Metric {
	return []Metric{BedrockInvocations, BedrockClientErrors, BedrockServerErrors, BedrockThrottles,
		BedrockInputTokens, BedrockOutputTokens, BedrockLatency}
}

// SageMaker publishes endpoint metrics per endpoint and production variant: a query with
// EndpointName alone matches no series.
var sageMakerDimensions = []string{DimensionEndpointName, DimensionVariantName}

// SageMaker invocation metrics, namespace AWS/SageMaker. Latencies are in microseconds,
// unlike Bedrock and Lambda, which report milliseconds.
var (
	SageMakerInvocations     = Metric{NamespaceSageMaker, "Invocations", sageMakerDimensions, Count, Sum}
	SageMaker4XXErrors       = Metric{NamespaceSageMaker, "Invocation4XXErrors", sageMakerDimensions, Count, Sum}
	SageMaker5XXErrors       = Metric{NamespaceSageMaker, "Invocation5XXErrors", sageMakerDimensions, Count, Sum}
	SageMakerModelLatency    = Metric{NamespaceSageMaker, "ModelLatency", sageMakerDimensions, Microseconds, Average}
	SageMakerOverheadLatency = Metric{NamespaceSageMaker, "OverheadLatency", sageMakerDimensions, Microseconds,
		Average}
	// SageMakerModelSetupTime is the cold-start time of a serverless endpoint; its SampleCount
	// is the number of cold starts.
	SageMakerModelSetupTime = Metric{NamespaceSageMaker, "ModelSetupTime", sageMakerDimensions, Microseconds,
		Average}
	// SageMakerServerlessConcurrency is concurrent executions over MaxConcurrency, a 0 to 1
	// fraction. NOTE: AWS's table does not name its namespace; AWS/SageMaker follows public
	// infrastructure code and is unconfirmed.
	SageMakerServerlessConcurrency = Metric{NamespaceSageMaker, "ServerlessConcurrentExecutionsUtilization",
		sageMakerDimensions, None, Maximum}
)

// SageMakerInvocation returns the invocation metrics of an endpoint.
func SageMakerInvocation() []Metric {
	return []Metric{SageMakerInvocations, SageMaker4XXErrors, SageMaker5XXErrors, SageMakerModelLatency,
		SageMakerOverheadLatency, SageMakerModelSetupTime, SageMakerServerlessConcurrency}
}

// SageMaker utilization metrics, namespace /aws/sagemaker/Endpoints. Serverless endpoints
// publish only MemoryUtilization; CPUUtilization sums over cores (400 % on 4 vCPUs).
var (
	SageMakerCPUUtilization    = Metric{NamespaceSageMakerEndpoint, "CPUUtilization", sageMakerDimensions, Percent, Average}
	SageMakerMemoryUtilization = Metric{NamespaceSageMakerEndpoint, "MemoryUtilization", sageMakerDimensions, Percent,
		Average}
	SageMakerDiskUtilization = Metric{NamespaceSageMakerEndpoint, "DiskUtilization", sageMakerDimensions, Percent, Average}
)

// SageMakerUtilization returns the instance utilization metrics of an endpoint.
func SageMakerUtilization() []Metric {
	return []Metric{SageMakerCPUUtilization, SageMakerMemoryUtilization, SageMakerDiskUtilization}
}

var lambdaDimensions = []string{DimensionFunctionName}

// Lambda metrics, namespace AWS/Lambda. Idle functions publish no datapoints. AWS/Lambda has
// no memory metric: memory comes from the REPORT log lines or from Lambda Insights.
var (
	LambdaInvocations = Metric{NamespaceLambda, "Invocations", lambdaDimensions, Count, Sum}
	LambdaErrors      = Metric{NamespaceLambda, "Errors", lambdaDimensions, Count, Sum}
	LambdaThrottles   = Metric{NamespaceLambda, "Throttles", lambdaDimensions, Count, Sum}
	// LambdaDuration excludes init (cold-start) time; milliseconds.
	LambdaDuration             = Metric{NamespaceLambda, "Duration", lambdaDimensions, Milliseconds, Average}
	LambdaConcurrentExecutions = Metric{NamespaceLambda, "ConcurrentExecutions", lambdaDimensions, Count, Maximum}
)

// Lambda returns the Lambda metrics.
func Lambda() []Metric {
	return []Metric{LambdaInvocations, LambdaErrors, LambdaThrottles, LambdaDuration, LambdaConcurrentExecutions}
}

var insightsDimensions = []string{DimensionInsightsFunction}

// Lambda Insights metrics, namespace LambdaInsights, published only when the extension layer
// is installed on the function.
var (
	InsightsMemoryUtilization = Metric{NamespaceLambdaInsights, "memory_utilization", insightsDimensions, Percent,
		Maximum}
	InsightsUsedMemoryMax = Metric{NamespaceLambdaInsights, "used_memory_max", insightsDimensions, Megabytes, Maximum}
)

// LambdaInsights returns the Lambda Insights metrics.
func LambdaInsights() []Metric {
	return []Metric{InsightsMemoryUtilization, InsightsUsedMemoryMax}
}

// Fields of the Lambda REPORT log line that Logs Insights discovers, in bytes. They are the
// memory source when Lambda Insights is not installed.
const (
	LambdaReportMemoryUsedField = "@maxMemoryUsed"
	LambdaReportMemorySizeField = "@memorySize"
)
