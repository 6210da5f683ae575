package dashboards

// Graph identifies a graph that an alarm watches, so the dashboard can draw the alarm's
// threshold on it.
type Graph string

// Graphs that alarms watch.
const (
	GraphNone                 Graph = ""
	GraphBedrockRequests      Graph = "bedrock-requests" // invocations, errors, throttles
	GraphBedrockTokens        Graph = "bedrock-tokens"
	GraphBedrockTokenBand     Graph = "bedrock-token-band" // input tokens with the anomaly-detection band
	GraphBedrockLatency       Graph = "bedrock-latency"
	GraphBedrockErrorRate     Graph = "bedrock-error-rate"
	GraphSageMakerInvocations Graph = "sagemaker-invocations"
	GraphSageMakerLatency     Graph = "sagemaker-latency"
	GraphAgentErrorRate       Graph = "agent-error-rate"
	GraphAgentThrottles       Graph = "agent-throttles"
	GraphAgentDurationP99     Graph = "agent-duration-p99"
)

// AlarmMarker is an alarm as a dashboard shows it: in an alarm status widget and, when it
// watches a graph, as a threshold line on that graph.
type AlarmMarker struct {
	Name string
	ARN  string
	// Subject is the model ID, agent name or endpoint name the alarm watches; a graph draws
	// only the thresholds of the subjects it charts.
	Subject string
	// Graph is the graph the alarm watches; GraphNone (composite alarms) puts the alarm in
	// the status widget of every dashboard.
	Graph Graph
	// Threshold is in the unit of the graph, such as milliseconds for latency graphs.
	Threshold float64
	Label     string
	// PeriodSeconds is set for thresholds on a sum per alarm period. Such a line is drawn only
	// on graphs of the same period, where it means the same thing.
	PeriodSeconds int
}
