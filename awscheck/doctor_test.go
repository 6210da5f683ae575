package awscheck

import (
	"context"
	"strings"
	"testing"

	"github.com/alex-enterprise/monitoring/awscheck/awstest"
	"github.com/alex-enterprise/monitoring/catalog"
	"github.com/alex-enterprise/monitoring/monitoring"
	"github.com/stretchr/testify/require"
)

func TestDoctorHandBuiltChecks(t *testing.T) {
	world := awstest.Healthy()
	// A model that publishes only with an extra dimension, as Bedrock does for metrics per
	// service tier: a query with ModelId alone matches no series.
	world.Series = append(world.Series, awstest.Series{Region: awstest.BedrockRegion,
		Namespace: catalog.NamespaceBedrock, Name: catalog.BedrockInvocations.Name,
		Dimensions: []catalog.Dimension{{Name: catalog.DimensionModelID, Value: "us.amazon.nova-lite-v1:0"},
			{Name: "ServiceTier", Value: "priority"}}, Sum: 5, SampleCount: 5})
	s, clients := serverClients(t, world, awstest.Options{MetricsPerPage: 2})
	cfg := loadConfig(t, nil)
	checks := []Check{
		{Region: awstest.BedrockRegion, Series: catalog.BedrockInvocations.With(awstest.ProfileID), UsedBy: "widget A"},
		{Region: awstest.BedrockRegion, Series: catalog.BedrockLatency.With(awstest.ProfileID), UsedBy: "widget B"},
		// The dimensionless Bedrock totals exist, but a query that names the model does not
		// match them, nor does a series with an extra dimension.
		{Region: awstest.BedrockRegion, Series: catalog.BedrockInvocations.With("amazon.nova-pro-v1:0"), UsedBy: "widget A"},
		{Region: awstest.MainRegion, Series: catalog.LambdaInvocations.With("alex-planner"), UsedBy: "widget C"},
		{Region: awstest.MainRegion, Series: catalog.LambdaDuration.With("alex-planner"), UsedBy: "widget C"},
		{Region: awstest.BedrockRegion, Series: catalog.BedrockInvocations.With("us.amazon.nova-lite-v1:0"), UsedBy: "widget D"},
	}
	d, err := Doctor(context.Background(), cfg, checks, nil, clients, discard)
	require.NoError(t, err)
	require.Len(t, d.Subjects, 4)
	require.True(t, d.Failed())

	profile := d.Subjects[0]
	require.Equal(t, StatusOK, profile.Status)
	require.Equal(t, []string{"Invocations", "InvocationLatency"}, profile.Present)
	require.Equal(t, "widget A, widget B", profile.UsedBy)

	base := d.Subjects[1]
	require.Equal(t, StatusError, base.Status)
	require.Equal(t, []string{"Invocations"}, base.Missing)
	require.Equal(t, "Bedrock publishes this model in us-west-2 under the inference-profile ID us.amazon.nova-pro-v1:0, "+
		"which the agents pass as modelId", base.Cause)
	require.Equal(t, []string{"pulumi config set --stack test 'bedrockModelId' 'us.amazon.nova-pro-v1:0'"}, base.Fixes)

	planner := d.Subjects[2]
	require.Equal(t, StatusOK, planner.Status)
	require.Equal(t, []string{"Invocations", "Duration"}, planner.Present)

	tiered := d.Subjects[3]
	require.Equal(t, StatusError, tiered.Status, "a series with an extra dimension does not count")
	require.Equal(t, []string{"Invocations"}, tiered.Missing)

	require.Positive(t, d.ListMetricsRequests)
	require.Equal(t, d.ListMetricsRequests, s.Count("ListMetrics", ""))
	require.Empty(t, d.Topics)
}

func TestDoctorWarnsOnPartlyMissingSubject(t *testing.T) {
	world := awstest.Healthy().Without(func(s awstest.Series) bool {
		return s.Name == catalog.SageMaker5XXErrors.Name
	})
	_, clients := serverClients(t, world, awstest.Options{})
	cfg := loadConfig(t, nil)
	series := []catalog.Series{
		catalog.SageMakerInvocations.With(awstest.EndpointName, awstest.VariantName),
		catalog.SageMaker5XXErrors.With(awstest.EndpointName, awstest.VariantName),
	}
	checks := []Check{{awstest.MainRegion, series[0], "w"}, {awstest.MainRegion, series[1], "w"}}
	d, err := Doctor(context.Background(), cfg, checks, nil, clients, discard)
	require.NoError(t, err)
	require.False(t, d.Failed())
	require.Equal(t, StatusWarning, d.Subjects[0].Status)
	require.Equal(t, []string{"Invocation5XXErrors"}, d.Subjects[0].Missing)
}

func TestChecksFromPlan(t *testing.T) {
	cfg := loadConfig(t, map[string]string{"alarmsEnabled": "true"})
	plan, err := monitoring.Build(cfg, monitoring.PlaceholderAccountID)
	require.NoError(t, err)
	checks := ChecksFromPlan(plan)
	require.NotEmpty(t, checks)

	byUser := map[string]int{}
	for _, c := range checks {
		byUser[c.UsedBy]++
		switch c.Series.Namespace {
		case catalog.NamespaceBedrock:
			require.Equal(t, awstest.BedrockRegion, c.Region, "Bedrock series live in bedrockRegion")
			require.Equal(t, awstest.ProfileID, c.Series.DimensionValues[0].Value)
		case catalog.NamespaceSageMaker, catalog.NamespaceSageMakerEndpoint:
			require.Equal(t, awstest.MainRegion, c.Region)
			require.Len(t, c.Series.DimensionValues, 2, "SageMaker series need EndpointName and VariantName")
		case catalog.NamespaceLambda:
			require.Equal(t, awstest.MainRegion, c.Region)
			require.True(t, strings.HasPrefix(c.Series.DimensionValues[0].Value, "alex-"))
		default:
			t.Fatalf("unexpected namespace %s", c.Series.Namespace)
		}
	}
	require.Positive(t, byUser["dashboard alex-ai-model-usage"])
	require.Positive(t, byUser["dashboard alex-agent-performance"])
	require.Positive(t, byUser[UsedByAlarms])
	require.Len(t, byUser, 3)

	subjects := groupChecks(checks)
	require.Len(t, subjects, 1+2+5, "one model, the endpoint in two namespaces, five functions")
}

func TestRegionsToSearch(t *testing.T) {
	require.Equal(t, []string{"us-east-2", "us-west-2"}, regionsToSearch("us-east-1", "us-east-1"))
	require.Equal(t, []string{"us-east-1", "us-east-2"}, regionsToSearch("us-west-2", "us-east-1"))
	require.Equal(t, []string{"us-east-1", "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-north-1",
		"eu-south-1", "eu-south-2"}, regionsToSearch("eu-west-3", "us-east-1"))
	require.Equal(t, []string{"us-gov-east-1"}, regionsToSearch("us-gov-west-1", "us-gov-west-1"))
}

func TestRelatedModelIDs(t *testing.T) {
	ids := []string{"amazon.nova-pro-v1:0", "us.amazon.nova-pro-v1:0", "global.amazon.nova-pro-v1:0",
		"us.amazon.nova-lite-v1:0", "arn:aws:bedrock:us-west-2:111122223333:inference-profile/us.amazon.nova-pro-v1:0"}
	require.Equal(t, []string{"us.amazon.nova-pro-v1:0", "global.amazon.nova-pro-v1:0",
		"arn:aws:bedrock:us-west-2:111122223333:inference-profile/us.amazon.nova-pro-v1:0"},
		relatedModelIDs("amazon.nova-pro-v1:0", ids))
	require.Equal(t, []string{"amazon.nova-pro-v1:0", "global.amazon.nova-pro-v1:0",
		"arn:aws:bedrock:us-west-2:111122223333:inference-profile/us.amazon.nova-pro-v1:0"},
		relatedModelIDs("us.amazon.nova-pro-v1:0", ids))
	require.Empty(t, relatedModelIDs("grjihoh0los8", ids), "application profiles have no base model to compare")
}

func TestDoctorModelPublishedAsARN(t *testing.T) {
	arn := "arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-pro-v1:0"
	world := awstest.World{Series: []awstest.Series{{Region: awstest.BedrockRegion, Namespace: catalog.NamespaceBedrock,
		Name: catalog.BedrockInvocations.Name, Dimensions: []catalog.Dimension{{Name: catalog.DimensionModelID, Value: arn}},
		Sum: 1, SampleCount: 1}}}
	_, clients := serverClients(t, world, awstest.Options{})
	cfg := loadConfig(t, map[string]string{"bedrockModelId": "amazon.nova-pro-v1:0"})
	checks := []Check{{awstest.BedrockRegion, catalog.BedrockInvocations.With("amazon.nova-pro-v1:0"), "w"}}
	d, err := Doctor(context.Background(), cfg, checks, nil, clients, discard)
	require.NoError(t, err)
	require.Equal(t, "Bedrock publishes this model in us-west-2 under the ARN "+arn+" because the agents pass an ARN "+
		"as modelId; make them pass the ID amazon.nova-pro-v1:0, which the stack config expects", d.Subjects[0].Cause)
	require.Empty(t, d.Subjects[0].Fixes, "the configured ID is already right")
}

func TestCheckTopic(t *testing.T) {
	world := awstest.Healthy()
	world.Topics = append(world.Topics, awstest.Topic{
		ARN: "arn:aws:sns:us-east-1:111122223333:unconfirmed",
		Subscriptions: []awstest.Subscription{
			{Protocol: "email", Endpoint: "a@alex.test", Pending: true},
			{ARN: "arn:aws:sns:us-east-1:111122223333:unconfirmed:1f2e", Protocol: "email", Endpoint: "b@alex.test",
				Pending: true},
		},
	})
	_, clients := serverClients(t, world, awstest.Options{TopicsPerPage: 1, SubscriptionsPerPage: 1})

	t.Run("found by name across pages", func(t *testing.T) {
		r, err := CheckTopic(context.Background(), clients, Topic{Region: awstest.MainRegion, Name: "unconfirmed"})
		require.NoError(t, err)
		require.Equal(t, "arn:aws:sns:us-east-1:111122223333:unconfirmed", r.TopicARN)
		require.Len(t, r.Subscriptions, 2)
		require.Len(t, r.Pending(), 2, "pending as listed, and pending by attribute")
		require.Equal(t, "no confirmed subscription, so alarms on this topic notify nobody", r.Problem)
	})

	t.Run("confirmed and pending", func(t *testing.T) {
		topic, err := TopicFromARN(awstest.TopicMain)
		require.NoError(t, err)
		r, err := CheckTopic(context.Background(), clients, topic)
		require.NoError(t, err)
		require.Empty(t, r.Problem)
		require.Equal(t, []SubscriptionResult{{Protocol: "email", Endpoint: "cto@alex.test", Pending: true}}, r.Pending())
	})

	t.Run("ARN of a missing topic", func(t *testing.T) {
		topic, err := TopicFromARN("arn:aws:sns:us-west-2:111122223333:gone")
		require.NoError(t, err)
		r, err := CheckTopic(context.Background(), clients, topic)
		require.NoError(t, err)
		require.Equal(t, "the topic does not exist in us-west-2, so alarms there notify nobody", r.Problem)
	})
}

func TestTopicFromARN(t *testing.T) {
	topic, err := TopicFromARN("arn:aws-us-gov:sns:us-gov-west-1:111122223333:alex-alerts")
	require.NoError(t, err)
	require.Equal(t, Topic{ARN: "arn:aws-us-gov:sns:us-gov-west-1:111122223333:alex-alerts", Region: "us-gov-west-1",
		Name: "alex-alerts"}, topic)
	for _, bad := range []string{"alex-alerts", "arn:aws:sqs:us-east-1:111122223333:q", "arn:aws:sns::111122223333:x"} {
		_, err := TopicFromARN(bad)
		require.Error(t, err, bad)
	}
}
