package alarms_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alex-enterprise/monitoring/alarms"
	"github.com/alex-enterprise/monitoring/config"
	"github.com/alex-enterprise/monitoring/dashboards"
)

const account = "111122223333"

func topicOf(region string) string {
	return "arn:aws:sns:" + region + ":" + account + ":alex-alerts"
}

// apiObjects returns APIForm's output as generic JSON objects keyed by alarm name.
func apiObjects(t *testing.T, built []alarms.Alarm) map[string]map[string]any {
	t.Helper()
	data, err := json.Marshal(alarms.APIForm(built, "aws", account, topicOf))
	require.NoError(t, err)
	var list []map[string]any
	require.NoError(t, json.Unmarshal(data, &list))
	require.Len(t, list, len(built))
	out := map[string]map[string]any{}
	for i, object := range list {
		require.Equal(t, built[i].Name, object["AlarmName"], "order")
		out[object["AlarmName"].(string)] = object
	}
	return out
}

func TestAPIFormSingleMetric(t *testing.T) {
	objects := apiObjects(t, build(t, nil))

	throttles := objects["alex-agent-throttles-planner"]
	require.Equal(t, map[string]any{
		"Region":             "us-east-1",
		"AlarmArn":           "arn:aws:cloudwatch:us-east-1:111122223333:alarm:alex-agent-throttles-planner",
		"AlarmName":          "alex-agent-throttles-planner",
		"AlarmDescription":   throttles["AlarmDescription"],
		"AlarmActions":       []any{"arn:aws:sns:us-east-1:111122223333:alex-alerts"},
		"OKActions":          []any{"arn:aws:sns:us-east-1:111122223333:alex-alerts"},
		"Namespace":          "AWS/Lambda",
		"MetricName":         "Throttles",
		"Dimensions":         []any{map[string]any{"Name": "FunctionName", "Value": "alex-planner"}},
		"Statistic":          "Sum",
		"Period":             300.0,
		"EvaluationPeriods":  3.0,
		"DatapointsToAlarm":  2.0,
		"Threshold":          0.0, // agentThrottlesPerPeriodThreshold defaults to 0 and must not be dropped
		"ComparisonOperator": "GreaterThanThreshold",
		"TreatMissingData":   "notBreaching",
	}, throttles)
	require.Contains(t, throttles["AlarmDescription"], "alex-enterprise:agentThrottlesPerPeriodThreshold")

	latency := objects["alex-bedrock-latency-p99-us.amazon.nova-pro-v1-0"]
	require.Equal(t, "p99", latency["ExtendedStatistic"])
	require.NotContains(t, latency, "Statistic")
	require.Equal(t, "ignore", latency["EvaluateLowSampleCountPercentile"])
	require.Equal(t, "us-west-2", latency["Region"])
	require.Equal(t, []any{"arn:aws:sns:us-west-2:111122223333:alex-alerts"}, latency["AlarmActions"])
}

func TestAPIFormMetricMath(t *testing.T) {
	objects := apiObjects(t, build(t, nil))

	errorRate := objects["alex-agent-error-rate-planner"]
	for _, field := range []string{"Namespace", "MetricName", "Dimensions", "Statistic", "Period", "AlarmRule"} {
		require.NotContains(t, errorRate, field)
	}
	require.Equal(t, []any{
		map[string]any{
			"Id": "invocations",
			"MetricStat": map[string]any{
				"Metric": map[string]any{
					"Namespace":  "AWS/Lambda",
					"MetricName": "Invocations",
					"Dimensions": []any{map[string]any{"Name": "FunctionName", "Value": "alex-planner"}},
				},
				"Period": 300.0,
				"Stat":   "Sum",
			},
			"Label":      "Invocations",
			"ReturnData": false,
		},
		map[string]any{
			"Id": "errors",
			"MetricStat": map[string]any{
				"Metric": map[string]any{
					"Namespace":  "AWS/Lambda",
					"MetricName": "Errors",
					"Dimensions": []any{map[string]any{"Name": "FunctionName", "Value": "alex-planner"}},
				},
				"Period": 300.0,
				"Stat":   "Sum",
			},
			"Label":      "Errors",
			"ReturnData": false,
		},
		map[string]any{
			"Id":         "errorRate",
			"Expression": "IF(invocations >= 10, FILL(errors, 0) / invocations * 100, 0)",
			"Label":      "Error rate (%)",
			"ReturnData": true,
		},
	}, errorRate["Metrics"])
	require.Equal(t, 5.0, errorRate["Threshold"])
}

func TestAPIFormAnomaly(t *testing.T) {
	objects := apiObjects(t, build(t, map[string]string{project + ":" + config.KeyAnomalyDetection: "true"}))

	anomaly := objects["alex-bedrock-input-token-anomaly-us.amazon.nova-pro-v1-0"]
	require.Equal(t, "band", anomaly["ThresholdMetricId"])
	require.Equal(t, "GreaterThanUpperThreshold", anomaly["ComparisonOperator"])
	require.NotContains(t, anomaly, "Threshold")
	require.Len(t, anomaly["Metrics"], 2)
}

func TestAPIFormComposite(t *testing.T) {
	objects := apiObjects(t, build(t, nil))

	composite := objects["alex-system-health-us-west-2"]
	require.Equal(t, map[string]any{
		"Region":           "us-west-2",
		"AlarmArn":         "arn:aws:cloudwatch:us-west-2:111122223333:alarm:alex-system-health-us-west-2",
		"AlarmName":        "alex-system-health-us-west-2",
		"AlarmDescription": "At least one of the 5 alarms of stack alex in us-west-2 is in ALARM.",
		"AlarmRule": `ALARM("alex-bedrock-input-tokens-us.amazon.nova-pro-v1-0") OR ` +
			`ALARM("alex-bedrock-server-errors-us.amazon.nova-pro-v1-0") OR ` +
			`ALARM("alex-bedrock-throttles-us.amazon.nova-pro-v1-0") OR ` +
			`ALARM("alex-bedrock-error-rate-us.amazon.nova-pro-v1-0") OR ` +
			`ALARM("alex-bedrock-latency-p99-us.amazon.nova-pro-v1-0")`,
	}, composite)
}

func TestAPIFormWithoutTopicOrAccount(t *testing.T) {
	built := build(t, nil)

	for _, api := range alarms.APIForm(built, "aws", "", nil) {
		require.Empty(t, api.AlarmArn, api.AlarmName)
		require.Empty(t, api.AlarmActions, api.AlarmName)
		require.Empty(t, api.OKActions, api.AlarmName)
	}
	for _, api := range alarms.APIForm(built, "", account, func(string) string { return "" }) {
		require.Empty(t, api.AlarmArn, api.AlarmName)
		require.Empty(t, api.AlarmActions, api.AlarmName)
	}
}

func TestARN(t *testing.T) {
	require.Equal(t, "arn:aws-us-gov:cloudwatch:us-gov-west-1:111122223333:alarm:alex-agent-throttles-planner",
		alarms.ARN("aws-us-gov", "us-gov-west-1", account, "alex-agent-throttles-planner"))
}

func TestMarker(t *testing.T) {
	built := build(t, nil)
	latency := findAlarm(t, built, "alex-sagemaker-model-latency-p99-alex-embedding-endpoint")
	arn := alarms.ARN("aws", latency.Region, account, latency.Name)

	require.Equal(t, dashboards.AlarmMarker{
		Name:      latency.Name,
		ARN:       arn,
		Subject:   "alex-embedding-endpoint",
		Graph:     dashboards.GraphSageMakerLatency,
		Threshold: 2000,
		Label:     "p99 model latency alarm: > 2000 ms",
	}, latency.Marker(arn))

	composite := findAlarm(t, built, "alex-system-health-us-east-1")
	require.Equal(t, dashboards.GraphNone, composite.Marker("arn").Graph)
}

func TestMarkerPeriodForSums(t *testing.T) {
	built := build(t, nil)
	throttles := findAlarm(t, built, "alex-agent-throttles-planner")
	marker := throttles.Marker("arn")
	require.Equal(t, 300, marker.PeriodSeconds, "a sum threshold holds only for graphs of its period")
	require.Equal(t, "planner", marker.Subject)

	rate := findAlarm(t, built, "alex-agent-error-rate-planner")
	require.Zero(t, rate.Marker("arn").PeriodSeconds, "a percentage holds for any period")
}
