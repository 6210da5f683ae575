// Package config loads the stack's configuration once into a typed, validated Config.
//
// The package depends on neither Pulumi nor pulumi-aws. It takes the raw key/value map that the
// Pulumi engine passes to a program, with fully namespaced keys and arrays and objects as JSON.
// So the program, the alexmon tool and the tests all build the same Config.
package config

import (
	"fmt"
	"strings"
)

// Config is the validated configuration of one stack.
type Config struct {
	Project string // Pulumi project name, the namespace of the keys
	Stack   string

	Region    string // main region: Lambda, SageMaker, dashboards' console
	Partition string // aws, aws-cn or aws-us-gov, derived from Region

	Bedrock    Bedrock
	NamePrefix string

	Agents               []Agent
	LambdaFunctionPrefix string
	AgentDiscovery       bool // dashboards chart functions found by prefix instead of Agents
	LambdaInsights       bool

	SageMaker SageMaker

	DashboardTimeRange     string // ISO 8601 duration such as -PT6H
	DashboardPeriodSeconds int

	Alarms Alarms

	AdoptExisting bool
	Protect       bool

	// Warnings lists problems that do not stop a deployment but leave a widget empty, such
	// as a model ID without a geography prefix.
	Warnings []string
}

// Bedrock is the Bedrock part of the configuration.
type Bedrock struct {
	Enabled bool
	Region  string
	Models  []Model
}

// Model is one Bedrock model or inference profile as the agents pass it in modelId.
type Model struct {
	ID string
	// Prices in USD per 1,000 tokens; nil when not configured, in which case the
	// dashboards show tokens but no cost.
	InputPricePer1kTokens  *float64
	OutputPricePer1kTokens *float64
}

// Priced reports whether both token prices are configured.
func (m Model) Priced() bool {
	return m.InputPricePer1kTokens != nil && m.OutputPricePer1kTokens != nil
}

// Agent is one Lambda agent.
type Agent struct {
	Name         string // display name, such as planner
	FunctionName string // deployed Lambda function name, such as alex-planner
}

// LogGroup returns the agent's Lambda log group.
func (a Agent) LogGroup() string { return "/aws/lambda/" + a.FunctionName }

// SageMaker is the SageMaker endpoint part of the configuration.
type SageMaker struct {
	Enabled      bool
	EndpointName string
	VariantName  string
	Serverless   bool
}

// Alarms is the alerting part of the configuration.
type Alarms struct {
	Enabled        bool
	Emails         []string
	HTTPSEndpoints []string
	// KMSKeys maps a region to an existing customer-managed key ARN for its alert topic.
	KMSKeys map[string]string

	PeriodSeconds     int
	EvaluationPeriods int
	DatapointsToAlarm int

	BedrockInputTokensPerPeriod  int
	BedrockServerErrorsPerPeriod int
	BedrockThrottlesPerPeriod    int
	BedrockErrorRatePercent      int
	BedrockLatencyP99Ms          int
	AgentErrorRatePercent        int
	AgentMinInvocations          int
	AgentThrottlesPerPeriod      int
	AgentDurationP99Ms           int
	SageMaker5XXErrorsPerPeriod  int
	SageMakerLatencyP99Ms        int

	AnomalyDetection        bool
	AnomalyDetectionStddevs int
}

// HasTargets reports whether any notification target is configured.
func (a Alarms) HasTargets() bool { return len(a.Emails)+len(a.HTTPSEndpoints) > 0 }

// Name joins the name prefix and parts with hyphens. Every physical name the stack declares
// (dashboards, alarms, topics, keys) comes from here, so a second stack with another prefix
// never collides with the first.
func (c *Config) Name(parts ...string) string {
	return strings.Join(append([]string{c.NamePrefix}, parts...), "-")
}

// BedrockRegionDiffers reports whether Bedrock metrics live outside the main region.
func (c *Config) BedrockRegionDiffers() bool {
	return c.Bedrock.Enabled && c.Bedrock.Region != c.Region
}

// StackName returns the stack name, or NAME when the config belongs to no stack, for use in
// commands shown to the user.
func (c *Config) StackName() string {
	if c.Stack == "" {
		return "NAME"
	}
	return c.Stack
}

// StackFlag returns " --stack NAME" for pulumi commands shown to the user, or nothing when the
// config belongs to no stack.
func (c *Config) StackFlag() string {
	if c.Stack == "" {
		return ""
	}
	return " --stack " + c.Stack
}

// fullKey returns the namespaced form of a project key.
func (c *Config) fullKey(name string) string {
	if strings.Contains(name, ":") {
		return name
	}
	return c.Project + ":" + name
}

// setCommand returns the pulumi command that sets key to value in this stack.
func (c *Config) setCommand(key, value string) string {
	stack := c.StackFlag()
	path := ""
	if strings.ContainsAny(key, "[.") {
		path = " --path"
	}
	return fmt.Sprintf("pulumi config set%s%s '%s' '%s'", stack, path, key, value)
}
