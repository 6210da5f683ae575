package monitoring

import (
	"encoding/json"
	"maps"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/alex-enterprise/monitoring/config"
	"github.com/alex-enterprise/monitoring/internal/configtest"
)

// plan builds the plan of a prod stack whose agents call us.amazon.nova-pro-v1:0, with values
// on top.
func plan(t *testing.T, values map[string]string) *Plan {
	t.Helper()
	all := map[string]string{"bedrockModelId": "us.amazon.nova-pro-v1:0"}
	maps.Copy(all, values)
	p, err := Build(configtest.Load(t, "prod", all), "111122223333")
	require.NoError(t, err)
	return p
}

func TestConsoleURLs(t *testing.T) {
	assert.Equal(t, "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards:name=alex-ai-model-usage",
		DashboardURL("aws", "us-east-1", "alex-ai-model-usage"))
	assert.Equal(t, "https://cn-north-1.console.amazonaws.cn/cloudwatch/home?region=cn-north-1#dashboards:name=d",
		DashboardURL("aws-cn", "cn-north-1", "d"))
	assert.Equal(t, "https://console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-west-1#dashboards:name=d",
		DashboardURL("aws-us-gov", "us-gov-west-1", "d"))
	assert.Equal(t, "https://us-west-2.console.aws.amazon.com/cloudwatch/home?region=us-west-2#alarmsV2:alarm/a%20b%2Fc",
		AlarmURL("aws", "us-west-2", "a b/c"))
}

func TestOutputsWithoutAlarms(t *testing.T) {
	out := plan(t, nil).Outputs()
	assert.Equal(t, map[string]string{"ai_model_usage": "alex-ai-model-usage",
		"agent_performance": "alex-agent-performance"}, out.DashboardNames)
	assert.Empty(t, out.AlarmNames)
	assert.Empty(t, out.AlertTopicARNs)
	assert.Contains(t, out.SetupInstructions, "Alarms are off. Turn them on with: pulumi config set --stack prod alarmsEnabled true")
}

func TestAlarmRegionsMainFirst(t *testing.T) {
	p := plan(t, map[string]string{"alarmsEnabled": "true", config.RegionKey: "us-west-2", "bedrockRegion": "us-east-1"})
	assert.Equal(t, []string{"us-west-2", "us-east-1"}, p.AlarmRegions())
	out := p.Outputs()
	assert.Equal(t, map[string]string{
		"us-west-2": "arn:aws:sns:us-west-2:111122223333:alex-alerts",
		"us-east-1": "arn:aws:sns:us-east-1:111122223333:alex-alerts",
	}, out.AlertTopicARNs)
	for _, name := range out.AlarmNames {
		assert.True(t, strings.HasPrefix(name, "alex-"), name)
		assert.Contains(t, out.AlarmURLs, name)
	}
}

func TestSetupInstructionsNameConfirmationSteps(t *testing.T) {
	p := plan(t, map[string]string{"alarmsEnabled": "true", "alarmEmails": `["oncall@alex-finance.io"]`,
		"agents": `["planner","reporter=reporter-v2"]`})
	text := p.SetupInstructions()
	for _, want := range []string{
		"alex-ai-model-usage: https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards:name=alex-ai-model-usage",
		"aws cloudwatch list-metrics --region us-west-2 --namespace AWS/Bedrock --dimensions Name=ModelId,Value=us.amazon.nova-pro-v1:0",
		"--dimensions Name=FunctionName,Value=reporter-v2",
		"Name=EndpointName,Value=alex-embedding-endpoint Name=VariantName,Value=AllTraffic",
		"Each e-mail address (oncall@alex-finance.io) receives a confirmation message per region and must confirm it",
		"aws sns list-subscriptions-by-topic --region us-east-1 --topic-arn arn:aws:sns:us-east-1:111122223333:alex-alerts",
		"aws sns list-subscriptions-by-topic --region us-west-2 --topic-arn arn:aws:sns:us-west-2:111122223333:alex-alerts",
		"changing namePrefix makes the next pulumi up create dashboards under the new names",
		"Two stacks with the same namePrefix manage the same",
	} {
		assert.Contains(t, text, want)
	}

	assert.Equal(t, "oncall@alex-finance.io must confirm the subscription e-mail for the alex-alerts alert topic "+
		"in us-west-2 before alerts arrive; check with: aws sns list-subscriptions-by-topic --region us-west-2 "+
		"--topic-arn arn:aws:sns:us-west-2:111122223333:alex-alerts",
		p.ConfirmationNotice("oncall@alex-finance.io", "us-west-2"))

	silent := plan(t, map[string]string{"alarmsEnabled": "true"}).SetupInstructions()
	assert.Contains(t, silent, "No notification targets are configured, so alarms notify nobody")

	adopt := plan(t, map[string]string{"adoptExisting": "true"}).SetupInstructions()
	assert.Contains(t, adopt, "turn it off: pulumi config set --stack prod adoptExisting false")
}

func TestPolicies(t *testing.T) {
	p := plan(t, map[string]string{"alarmsEnabled": "true"})
	var key struct {
		Statement []struct {
			Principal map[string]string
			Action    []string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(p.KMSKeyPolicy("us-west-2")), &key))
	require.Len(t, key.Statement, 2)
	assert.Equal(t, "arn:aws:iam::111122223333:root", key.Statement[0].Principal["AWS"])
	assert.Equal(t, "cloudwatch.amazonaws.com", key.Statement[1].Principal["Service"])
	assert.Equal(t, []string{"kms:Decrypt", "kms:GenerateDataKey*"}, key.Statement[1].Action)

	var topic struct {
		Statement []struct {
			Principal map[string]string
			Resource  string
			Condition map[string]map[string]string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(p.TopicPolicy("us-west-2")), &topic))
	require.Len(t, topic.Statement, 2)
	cw := topic.Statement[1]
	assert.Equal(t, "cloudwatch.amazonaws.com", cw.Principal["Service"])
	assert.Equal(t, "arn:aws:sns:us-west-2:111122223333:alex-alerts", cw.Resource)
	assert.Equal(t, "111122223333", cw.Condition["StringEquals"]["aws:SourceAccount"])
	assert.Equal(t, "arn:aws:cloudwatch:us-west-2:111122223333:alarm:*", cw.Condition["ArnLike"]["aws:SourceArn"])
}

func TestCostEstimate(t *testing.T) {
	dev := plan(t, nil).CostEstimate()
	assert.Equal(t, 2, dev.Counts.Dashboards)
	assert.InDelta(t, 6.00, dev.Dashboards, 1e-9)
	assert.InDelta(t, 6.00, dev.MonthlyTotal, 1e-9)
	assert.Zero(t, dev.AlarmMetrics)

	prod := plan(t, map[string]string{"alarmsEnabled": "true"}).CostEstimate()
	// 5 Bedrock alarms (error rate reads 3 metrics), 5 agents x 3 alarms (error rate reads 2),
	// 2 SageMaker alarms and 2 composites.
	assert.Equal(t, 4+3+5*(1+1+2)+2, prod.Counts.AlarmMetrics)
	assert.Equal(t, 2, prod.Counts.CompositeAlarms)
	assert.InDelta(t, 2.9, prod.AlarmMetrics, 1e-9)
	assert.InDelta(t, 1.0, prod.CompositeAlarms, 1e-9)
	assert.InDelta(t, 9.9, prod.MonthlyTotal, 1e-9)
	free := float64(prod.Counts.DashboardsWithin50)*PriceDashboard + 10*PriceAlarmMetric
	assert.InDelta(t, 9.9-free, prod.MonthlyTotalAfterFreeTier, 1e-9)

	anomaly := plan(t, map[string]string{"alarmsEnabled": "true", "anomalyDetectionEnabled": "true"}).CostEstimate()
	assert.Equal(t, 1, anomaly.Counts.AnomalyDetectionModels)
	assert.Equal(t, 2, anomaly.Counts.AnomalyDetectionBands)
	assert.InDelta(t, 0.2, anomaly.AnomalyDetectionModels, 1e-9)
	assert.Equal(t, prod.Counts.AlarmMetrics+1, anomaly.Counts.AlarmMetrics)
}
