package alarms

import (
	"fmt"

	"github.com/alex-enterprise/monitoring/catalog"
	"github.com/alex-enterprise/monitoring/config"
)

// queryErrors is the Lambda Errors query of the agent error-rate alarm; the alarm shares
// queryInvocations and queryErrorRate with the Bedrock one.
const queryErrors = "errors"

// agent returns the alarms of one agent's Lambda function in the main region.
func (b builder) agent(agent config.Agent) []Alarm {
	region := b.cfg.Region
	limits := b.cfg.Alarms
	function := agent.FunctionName

	throttles := b.sumAlarm(CheckAgentThrottles, region, agent.Name,
		catalog.LambdaThrottles.With(function), limits.AgentThrottlesPerPeriod)
	throttles.Description = fmt.Sprintf("Agent %s (Lambda %s): more than %d throttled invocations per period %s (%s); "+
		"check the function's reserved concurrency and the account's concurrency quota. Threshold: %s.",
		agent.Name, function, limits.AgentThrottlesPerPeriod, b.window(), region,
		b.fullKey(config.KeyAgentThrottles))
	throttles.GraphLabel = fmt.Sprintf("%s throttles alarm: > %d per %d s", agent.Name,
		limits.AgentThrottlesPerPeriod, limits.PeriodSeconds)

	duration := b.p99Alarm(CheckAgentDurationP99, region, agent.Name,
		catalog.LambdaDuration.With(function), float64(limits.AgentDurationP99Ms))
	duration.Description = fmt.Sprintf("Agent %s (Lambda %s): p99 duration above %d ms %s (%s); init time is not "+
		"included and periods with fewer than 1000 invocations are ignored. Threshold: %s.", agent.Name, function,
		limits.AgentDurationP99Ms, b.window(), region, b.fullKey(config.KeyAgentDurationP99))
	duration.GraphLabel = fmt.Sprintf("%s p99 duration alarm: > %d ms", agent.Name, limits.AgentDurationP99Ms)

	return []Alarm{b.agentErrorRate(agent), throttles, duration}
}

// agentErrorRate returns the alarm on an agent's errors as a percentage of its invocations.
// The IF guard reads a period with fewer than agentErrorRateMinInvocations invocations as
// 0 %, so that a single failed call in a quiet night does not page anyone. The guard is at least one invocation,
// which also keeps the expression from dividing by zero.
func (b builder) agentErrorRate(agent config.Agent) Alarm {
	region := b.cfg.Region
	limits := b.cfg.Alarms
	minInvocations := max(limits.AgentMinInvocations, 1)

	a := b.base(CheckAgentErrorRate, region, agent.Name)
	a.Metrics = []Query{
		b.sumQuery(queryInvocations, "Invocations", catalog.LambdaInvocations.With(agent.FunctionName)),
		b.sumQuery(queryErrors, "Errors", catalog.LambdaErrors.With(agent.FunctionName)),
		{
			ID: queryErrorRate,
			Expression: fmt.Sprintf("IF(%[1]s >= %[3]d, FILL(%[2]s, 0) / %[1]s * 100, 0)",
				queryInvocations, queryErrors, minInvocations),
			Label:      "Error rate (%)",
			ReturnData: true,
		},
	}
	a.Threshold = floatPointer(float64(limits.AgentErrorRatePercent))
	a.ComparisonOperator = GreaterThanThreshold
	a.Description = fmt.Sprintf("Agent %s (Lambda %s): errors above %d %% of invocations %s (%s), counted only in "+
		"periods with at least %d invocations. Thresholds: %s, %s.", agent.Name, agent.FunctionName,
		limits.AgentErrorRatePercent, b.window(), region, minInvocations,
		b.fullKey(config.KeyAgentErrorRate), b.fullKey(config.KeyAgentMinInvocations))
	a.GraphThreshold = float64(limits.AgentErrorRatePercent)
	a.GraphLabel = fmt.Sprintf("%s error rate alarm: > %d %%", agent.Name, limits.AgentErrorRatePercent)
	return a
}
