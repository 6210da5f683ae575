package awstest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/alex-enterprise/monitoring/catalog"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/require"
)

// sdkConfig returns an SDK configuration with static test credentials and no retries, so
// that nothing reads the environment, the shared config files or the metadata service.
func sdkConfig(region string) aws.Config {
	return aws.Config{
		Region:           region,
		Credentials:      credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
		RetryMaxAttempts: 1,
	}
}

func cloudWatchClient(s *Server, region string) *cloudwatch.Client {
	return cloudwatch.NewFromConfig(sdkConfig(region), func(o *cloudwatch.Options) { o.BaseEndpoint = aws.String(s.URL) })
}

func snsClient(s *Server, region string) *sns.Client {
	return sns.NewFromConfig(sdkConfig(region), func(o *sns.Options) { o.BaseEndpoint = aws.String(s.URL) })
}

func sdkQuery(id string, series catalog.Series, stat string, period int32) cwtypes.MetricDataQuery {
	dims := make([]cwtypes.Dimension, len(series.DimensionValues))
	for i, d := range series.DimensionValues {
		dims[i] = cwtypes.Dimension{Name: aws.String(d.Name), Value: aws.String(d.Value)}
	}
	return cwtypes.MetricDataQuery{Id: aws.String(id), MetricStat: &cwtypes.MetricStat{
		Metric: &cwtypes.Metric{Namespace: aws.String(series.Namespace), MetricName: aws.String(series.Name),
			Dimensions: dims},
		Period: aws.Int32(period), Stat: aws.String(stat),
	}}
}

var (
	windowEnd   = time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	windowStart = windowEnd.Add(-24 * time.Hour)
)

func TestGetMetricDataRoundTrip(t *testing.T) {
	s := Start(t, Healthy(), Options{})
	client := cloudWatchClient(s, BedrockRegion)
	invocations := catalog.BedrockInvocations.With(ProfileID)
	latency := catalog.BedrockLatency.With(ProfileID)

	out, err := client.GetMetricData(context.Background(), &cloudwatch.GetMetricDataInput{
		StartTime: aws.Time(windowStart), EndTime: aws.Time(windowEnd),
		MetricDataQueries: []cwtypes.MetricDataQuery{
			sdkQuery("inv", invocations, catalog.Sum, 86400),
			sdkQuery("lat", latency, catalog.Maximum, 86400),
			sdkQuery("base", catalog.BedrockInvocations.With("amazon.nova-pro-v1:0"), catalog.Sum, 86400),
		},
	})
	require.NoError(t, err)
	require.Nil(t, out.NextToken)
	require.Len(t, out.MetricDataResults, 3)

	inv := out.MetricDataResults[0]
	require.Equal(t, "inv", aws.ToString(inv.Id))
	require.Equal(t, "Invocations", aws.ToString(inv.Label))
	require.Equal(t, cwtypes.StatusCodeComplete, inv.StatusCode)
	require.Equal(t, []float64{1200}, inv.Values)
	require.Len(t, inv.Timestamps, 1)
	require.True(t, inv.Timestamps[0].Equal(windowStart), "timestamp %v", inv.Timestamps[0])

	require.Equal(t, []float64{4200}, out.MetricDataResults[1].Values)
	require.Empty(t, out.MetricDataResults[2].Values, "the base model ID has no series in the Healthy world")
	require.Equal(t, 1, s.Count("GetMetricData", BedrockRegion))
}

func TestGetMetricDataUsesRequestRegion(t *testing.T) {
	s := Start(t, Healthy(), Options{})
	client := cloudWatchClient(s, MainRegion)
	out, err := client.GetMetricData(context.Background(), &cloudwatch.GetMetricDataInput{
		StartTime: aws.Time(windowStart), EndTime: aws.Time(windowEnd),
		MetricDataQueries: []cwtypes.MetricDataQuery{
			sdkQuery("inv", catalog.BedrockInvocations.With(ProfileID), catalog.Sum, 86400),
		},
	})
	require.NoError(t, err)
	require.Empty(t, out.MetricDataResults[0].Values, "Bedrock data lives in %s only", BedrockRegion)
	require.Equal(t, 1, s.Count("GetMetricData", MainRegion))
	require.Equal(t, 0, s.Count("GetMetricData", BedrockRegion))
}

func TestGetMetricDataPagesByDatapoints(t *testing.T) {
	s := Start(t, Healthy(), Options{DatapointsPerPage: 5})
	client := cloudWatchClient(s, BedrockRegion)
	input := &cloudwatch.GetMetricDataInput{
		StartTime: aws.Time(windowStart), EndTime: aws.Time(windowEnd),
		ScanBy: cwtypes.ScanByTimestampAscending,
		MetricDataQueries: []cwtypes.MetricDataQuery{
			// 24 hourly datapoints for one series, none for the other.
			sdkQuery("tokens", catalog.BedrockInputTokens.With(ProfileID), catalog.Sum, 3600),
			sdkQuery("missing", catalog.BedrockInputTokens.With("amazon.nova-pro-v1:0"), catalog.Sum, 3600),
		},
	}

	paginator := cloudwatch.NewGetMetricDataPaginator(client, input)
	var values []float64
	var times []time.Time
	pages := 0
	for paginator.HasMorePages() {
		page, err := paginator.NextPage(context.Background())
		require.NoError(t, err)
		pages++
		require.Len(t, page.MetricDataResults, 2)
		values = append(values, page.MetricDataResults[0].Values...)
		times = append(times, page.MetricDataResults[0].Timestamps...)
	}
	require.Equal(t, 5, pages, "24 datapoints at 5 per page")
	require.Len(t, values, 24)

	sum := 0.0
	for _, v := range values {
		sum += v
	}
	require.InDelta(t, 2_400_000, sum, 1e-6)
	require.True(t, times[0].Equal(windowStart))
	require.True(t, times[23].Equal(windowEnd.Add(-time.Hour)))
}

func TestGetMetricDataRejectsInvalidInput(t *testing.T) {
	s := Start(t, Healthy(), Options{})
	client := cloudWatchClient(s, BedrockRegion)
	series := catalog.BedrockInvocations.With(ProfileID)
	tooMany := make([]cwtypes.MetricDataQuery, 501)
	for i := range tooMany {
		tooMany[i] = sdkQuery(fmt.Sprintf("q%d", i), series, catalog.Sum, 60)
	}
	cases := map[string][]cwtypes.MetricDataQuery{
		"501 queries":    tooMany,
		"uppercase id":   {sdkQuery("Inv", series, catalog.Sum, 60)},
		"duplicate id":   {sdkQuery("a", series, catalog.Sum, 60), sdkQuery("a", series, catalog.Sum, 60)},
		"period of 90 s": {sdkQuery("a", series, catalog.Sum, 90)},
		"percentile":     {sdkQuery("a", series, "p99", 60)},
	}
	for name, queries := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := client.GetMetricData(context.Background(), &cloudwatch.GetMetricDataInput{
				StartTime: aws.Time(windowStart), EndTime: aws.Time(windowEnd), MetricDataQueries: queries,
			})
			var invalid *cwtypes.InvalidParameterValueException
			require.ErrorAs(t, err, &invalid)
			require.Equal(t, "InvalidParameterValue", invalid.ErrorCode())
		})
	}
}

func TestListMetricsFiltersAndPages(t *testing.T) {
	s := Start(t, Healthy(), Options{MetricsPerPage: 2})
	client := cloudWatchClient(s, MainRegion)
	paginator := cloudwatch.NewListMetricsPaginator(client, &cloudwatch.ListMetricsInput{
		Namespace: aws.String(catalog.NamespaceLambda),
		Dimensions: []cwtypes.DimensionFilter{
			{Name: aws.String(catalog.DimensionFunctionName), Value: aws.String("alex-planner")},
		},
	})
	var names []string
	pages := 0
	for paginator.HasMorePages() {
		page, err := paginator.NextPage(context.Background())
		require.NoError(t, err)
		pages++
		for _, m := range page.Metrics {
			names = append(names, aws.ToString(m.MetricName))
		}
	}
	// Five metrics with FunctionName alone, and Invocations again with FunctionName and Resource.
	require.Equal(t, []string{"Invocations", "Errors", "Throttles", "Duration", "ConcurrentExecutions", "Invocations"}, names)
	require.Equal(t, 3, pages)
}

func TestListSubscriptionsByTopicPending(t *testing.T) {
	s := Start(t, Healthy(), Options{SubscriptionsPerPage: 1})
	client := snsClient(s, MainRegion)
	paginator := sns.NewListSubscriptionsByTopicPaginator(client, &sns.ListSubscriptionsByTopicInput{
		TopicArn: aws.String(TopicMain),
	})
	var arns []string
	for paginator.HasMorePages() {
		page, err := paginator.NextPage(context.Background())
		require.NoError(t, err)
		for _, sub := range page.Subscriptions {
			require.Equal(t, TopicMain, aws.ToString(sub.TopicArn))
			arns = append(arns, aws.ToString(sub.SubscriptionArn))
		}
	}
	require.Len(t, arns, 2)
	require.Equal(t, "PendingConfirmation", arns[1])
}

func TestGetSubscriptionAttributesPending(t *testing.T) {
	s := Start(t, Healthy(), Options{})
	client := snsClient(s, BedrockRegion)
	pendingARN := Healthy().Topics[1].Subscriptions[1].ARN
	out, err := client.GetSubscriptionAttributes(context.Background(), &sns.GetSubscriptionAttributesInput{
		SubscriptionArn: aws.String(pendingARN),
	})
	require.NoError(t, err)
	require.Equal(t, "true", out.Attributes["PendingConfirmation"])
	require.Equal(t, "https", out.Attributes["Protocol"])

	_, err = client.GetSubscriptionAttributes(context.Background(), &sns.GetSubscriptionAttributesInput{
		SubscriptionArn: aws.String(TopicBedrock + ":no-such-subscription"),
	})
	var apiErr smithy.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, "NotFound", apiErr.ErrorCode())
}

func TestFaultsReachTheSDK(t *testing.T) {
	s := Start(t, Healthy(), Options{Faults: []Fault{
		{Kind: FaultThrottle, Operation: "ListMetrics", Region: MainRegion},
		{Kind: FaultAccessDenied, Operation: "ListSubscriptionsByTopic"},
	}})
	_, err := cloudWatchClient(s, MainRegion).ListMetrics(context.Background(), &cloudwatch.ListMetricsInput{})
	var apiErr smithy.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, "Throttling", apiErr.ErrorCode())
	require.Equal(t, "Rate exceeded", apiErr.ErrorMessage())

	_, err = cloudWatchClient(s, BedrockRegion).ListMetrics(context.Background(), &cloudwatch.ListMetricsInput{})
	require.NoError(t, err, "the fault is limited to %s", MainRegion)

	_, err = snsClient(s, MainRegion).ListSubscriptionsByTopic(context.Background(),
		&sns.ListSubscriptionsByTopicInput{TopicArn: aws.String(TopicMain)})
	require.True(t, errors.As(err, &apiErr))
	require.Equal(t, "AuthorizationError", apiErr.ErrorCode())
}

func TestFaultTimesRunsOut(t *testing.T) {
	s := Start(t, Healthy(), Options{Faults: []Fault{{Kind: FaultThrottle, Times: 2}}})
	client := cloudWatchClient(s, MainRegion)
	for range 2 {
		_, err := client.ListMetrics(context.Background(), &cloudwatch.ListMetricsInput{})
		require.Error(t, err)
	}
	_, err := client.ListMetrics(context.Background(), &cloudwatch.ListMetricsInput{})
	require.NoError(t, err)
	require.Equal(t, 3, s.Count("ListMetrics", MainRegion))
}

func TestHangEndsWithClientDeadline(t *testing.T) {
	s := Start(t, Healthy(), Options{Faults: []Fault{{Kind: FaultHang}}})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	started := time.Now()
	_, err := cloudWatchClient(s, MainRegion).ListMetrics(ctx, &cloudwatch.ListMetricsInput{})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.Less(t, time.Since(started), 5*time.Second)
}

func TestListTopicsPerRegion(t *testing.T) {
	world := Healthy()
	world.Topics = append(world.Topics, Topic{ARN: "arn:aws:sns:us-east-1:111122223333:other"})
	s := Start(t, world, Options{TopicsPerPage: 1})
	paginator := sns.NewListTopicsPaginator(snsClient(s, MainRegion), &sns.ListTopicsInput{})
	var arns []string
	for paginator.HasMorePages() {
		page, err := paginator.NextPage(context.Background())
		require.NoError(t, err)
		for _, topic := range page.Topics {
			arns = append(arns, aws.ToString(topic.TopicArn))
		}
	}
	require.Equal(t, []string{TopicMain, "arn:aws:sns:us-east-1:111122223333:other"}, arns)
	require.Equal(t, 2, s.Count("ListTopics", MainRegion), "one topic per page")
}
