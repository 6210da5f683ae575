package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	typeMetricAlarm    = "aws:cloudwatch/metricAlarm:MetricAlarm"
	typeCompositeAlarm = "aws:cloudwatch/compositeAlarm:CompositeAlarm"
	typeTopic          = "aws:sns/topic:Topic"
	typeTopicPolicy    = "aws:sns/topicPolicy:TopicPolicy"
	typeSubscription   = "aws:sns/topicSubscription:TopicSubscription"
	typeKey            = "aws:kms/key:Key"
	typeAlias          = "aws:kms/alias:Alias"
	typeDashboard      = "aws:cloudwatch/dashboard:Dashboard"
)

// withTargets adds notification targets to a stack's config.
func withTargets(raw map[string]string) {
	raw["alex-enterprise:alarmEmails"] = `["oncall@alex-finance.io"]`
	raw["alex-enterprise:alarmHttpsEndpoints"] = `["https://hooks.alex-finance.io/sns"]`
}

func stringList(d declared, key string) []string {
	v, ok := d.Inputs[resource.PropertyKey(key)]
	if !ok || !v.IsArray() {
		return nil
	}
	var out []string
	for _, item := range v.ArrayValue() {
		out = append(out, item.StringValue())
	}
	return out
}

func topicARN(region string) string {
	return "arn:aws:sns:" + region + ":" + mockAccountID + ":alex-alerts"
}

func TestProgramAlarmsLiveInTheirMetricRegion(t *testing.T) {
	r, err := runStack(t, "prod", withTargets)
	require.NoError(t, err)
	plan := expectedPlan(t, "prod", mockAccountID)
	wantRegion, notifies := map[string]string{}, map[string]bool{}
	for _, a := range plan.Alarms {
		wantRegion[a.Name] = a.Region
		notifies[a.Name] = a.Notify
	}

	alarms := append(r.mocks.ofType(typeMetricAlarm), r.mocks.ofType(typeCompositeAlarm)...)
	require.Len(t, alarms, len(plan.Alarms))
	for _, a := range alarms {
		name := a.str("name")
		if a.Type == typeCompositeAlarm {
			name = a.str("alarmName")
		}
		region := r.mocks.regionOf(a)
		assert.Equal(t, wantRegion[name], region, "alarm %s", name)
		if notifies[name] {
			assert.Equal(t, []string{topicARN(region)}, stringList(a, "alarmActions"),
				"alarm %s notifies only its region's topic", name)
			assert.Equal(t, []string{topicARN(region)}, stringList(a, "okActions"), name)
		} else {
			assert.Empty(t, stringList(a, "alarmActions"), name)
		}
		if strings.HasPrefix(name, "alex-bedrock-") {
			assert.Equal(t, "us-west-2", region, name)
		} else if !strings.HasPrefix(name, "alex-system-health") {
			assert.Equal(t, "us-east-1", region, name)
		}
		if a.Type == typeMetricAlarm {
			assert.NotEmpty(t, a.str("treatMissingData"), "alarm %s leaves missing data to the default", name)
		}
	}
}

func TestProgramTopicsKeysAndSubscriptionsPerRegion(t *testing.T) {
	r, err := runStack(t, "prod", withTargets)
	require.NoError(t, err)

	providers := map[string]string{}
	for _, p := range r.mocks.ofType("pulumi:providers:aws") {
		providers[p.Name] = p.str("region")
	}
	assert.Equal(t, map[string]string{"aws-us-east-1": "us-east-1", "aws-us-west-2": "us-west-2"}, providers)

	topics := r.mocks.ofType(typeTopic)
	require.Len(t, topics, 2)
	keys := r.mocks.ofType(typeKey)
	require.Len(t, keys, 2)
	for _, k := range keys {
		region := r.mocks.regionOf(k)
		assert.Equal(t, "alex-alerts-"+region, k.Name)
		assert.True(t, k.RetainOnDelete, "a key is never deleted with the stack")
		assert.True(t, k.Protect, "prod protects keys")
		var policy map[string]any
		require.NoError(t, json.Unmarshal([]byte(k.str("policy")), &policy))
		assert.Contains(t, k.str("policy"), `"Service":"cloudwatch.amazonaws.com"`)
		assert.Contains(t, k.str("policy"), `"kms:GenerateDataKey*"`)
		assert.Contains(t, k.str("policy"), `"kms:Decrypt"`)
	}
	for _, topic := range topics {
		region := r.mocks.regionOf(topic)
		assert.Equal(t, "alex-alerts", topic.str("name"))
		assert.Equal(t, "arn:aws:kms:"+region+":"+mockAccountID+":key/alex-alerts-"+region, topic.str("kmsMasterKeyId"),
			"the topic uses the customer-managed key of its own region")
		assert.NotContains(t, topic.str("kmsMasterKeyId"), "alias/aws/sns")
		assert.True(t, topic.Protect)
	}
	for _, alias := range r.mocks.ofType(typeAlias) {
		assert.Equal(t, "alias/alex-alerts", alias.str("name"))
	}
	policies := r.mocks.ofType(typeTopicPolicy)
	require.Len(t, policies, 2)
	for _, p := range policies {
		region := r.mocks.regionOf(p)
		assert.Equal(t, topicARN(region), p.str("arn"))
		policy := p.str("policy")
		assert.Contains(t, policy, `"Service":"cloudwatch.amazonaws.com"`)
		assert.Contains(t, policy, `"aws:SourceAccount":"`+mockAccountID+`"`)
		assert.Contains(t, policy, `"aws:SourceArn":"arn:aws:cloudwatch:`+region+`:`+mockAccountID+`:alarm:*"`)
	}
	subscriptions := r.mocks.ofType(typeSubscription)
	require.Len(t, subscriptions, 4, "one e-mail and one HTTPS subscription per region")
	protocols := map[string]int{}
	for _, sub := range subscriptions {
		region := r.mocks.regionOf(sub)
		assert.Equal(t, topicARN(region), sub.str("topic"), "subscription %s", sub.Name)
		protocols[sub.str("protocol")]++
	}
	assert.Equal(t, map[string]int{"email": 2, "https": 2}, protocols)

	instructions := r.outputs["setup_instructions"].(string)
	assert.Contains(t, instructions, "must confirm it before")
	assert.Contains(t, instructions, "aws sns list-subscriptions-by-topic --region us-west-2 --topic-arn "+topicARN("us-west-2"))
	assert.Equal(t, map[string]string{"us-east-1": topicARN("us-east-1"), "us-west-2": topicARN("us-west-2")},
		toStringMap(t, r.outputs["alert_topic_arns"]))
}

func TestProgramUsesConfiguredKMSKey(t *testing.T) {
	keyARN := "arn:aws:kms:us-west-2:" + mockAccountID + ":key/0b9a7c3e-5d1f-4e2a-9c8b-7a6d5e4f3c2b"
	r, err := runStack(t, "prod", func(raw map[string]string) {
		raw["alex-enterprise:alarmKmsKeys"] = `{"us-west-2": "` + keyARN + `"}`
	})
	require.NoError(t, err)
	keys := r.mocks.ofType(typeKey)
	require.Len(t, keys, 1, "only the region without a configured key gets a new one")
	assert.Equal(t, "us-east-1", r.mocks.regionOf(keys[0]))
	for _, topic := range r.mocks.ofType(typeTopic) {
		if r.mocks.regionOf(topic) == "us-west-2" {
			assert.Equal(t, keyARN, topic.str("kmsMasterKeyId"))
		}
	}
}

func TestProgramWithoutAlarmsDeclaresNoAlerting(t *testing.T) {
	r, err := runStack(t, "dev", nil)
	require.NoError(t, err)
	for _, typ := range []string{typeMetricAlarm, typeCompositeAlarm, typeTopic, typeKey, typeSubscription} {
		assert.Empty(t, r.mocks.ofType(typ), typ)
	}
	assert.Empty(t, toStringMap(t, r.outputs["alert_topic_arns"]))
}

func TestProgramAdoptsExistingResources(t *testing.T) {
	r, err := runStack(t, "prod", func(raw map[string]string) {
		raw["alex-enterprise:adoptExisting"] = "true"
	})
	require.NoError(t, err)
	dashboards := r.mocks.ofType(typeDashboard)
	require.Len(t, dashboards, 2)
	for _, d := range dashboards {
		assert.Equal(t, d.str("dashboardName"), d.ImportID, "dashboards are imported by name")
		assert.Equal(t, "us-east-1", r.mocks.regionOf(d))
		assert.True(t, d.Protect)
	}
	plan := expectedPlan(t, "prod", mockAccountID)
	wantRegion := map[string]string{}
	for _, a := range plan.Alarms {
		wantRegion[a.Name] = a.Region
	}
	metricAlarms := r.mocks.ofType(typeMetricAlarm)
	require.NotEmpty(t, metricAlarms)
	for _, a := range metricAlarms {
		assert.Equal(t, a.str("name"), a.ImportID, "alarms are imported by name")
		assert.Equal(t, wantRegion[a.ImportID], r.mocks.regionOf(a), "alarm %s is imported in its region", a.ImportID)
	}
	for _, a := range r.mocks.ofType(typeCompositeAlarm) {
		assert.Equal(t, a.str("alarmName"), a.ImportID)
		assert.Equal(t, wantRegion[a.ImportID], r.mocks.regionOf(a))
	}
	topics := r.mocks.ofType(typeTopic)
	require.Len(t, topics, 2)
	for _, topic := range topics {
		assert.Equal(t, topicARN(r.mocks.regionOf(topic)), topic.ImportID, "topics are imported by ARN")
	}
	for _, k := range r.mocks.ofType(typeKey) {
		assert.Empty(t, k.ImportID, "keys are created, never adopted")
	}
	assert.Contains(t, r.outputs["setup_instructions"], "adoptExisting is on")
}
