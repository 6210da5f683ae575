package awscheck

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/alex-enterprise/monitoring/catalog"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// MaxQueriesPerRequest is GetMetricData's limit on MetricDataQueries in one request.
const MaxQueriesPerRequest = 500

// MetricQuery is one series and statistic to fetch. ID is unique within a fetch and, as
// GetMetricData requires, starts with a lowercase letter.
type MetricQuery struct {
	ID     string
	Series catalog.Series
	Stat   string
}

// MetricData is the result of FetchMetricData.
type MetricData struct {
	// Values holds each query's datapoint values across all pages; a query without data
	// has no entry.
	Values map[string][]float64
	// Requests is the number of GetMetricData calls made, one per page.
	Requests int
	// Warnings lists queries whose data is incomplete and messages CloudWatch returned.
	Warnings []string
}

// FetchMetricData fetches the queries from one region over [start, end) with the given
// period in seconds. It sends them in batches of at most MaxQueriesPerRequest and follows
// NextToken. So n queries take ceil(n/500) requests, plus one for each further page when a
// batch returns more datapoints than one response holds (100,800 by default).
func FetchMetricData(ctx context.Context, api MetricDataAPI, region string, queries []MetricQuery,
	start, end time.Time, period int32, logger *slog.Logger) (*MetricData, error) {
	logger = loggerOrDiscard(logger)
	data := &MetricData{Values: map[string][]float64{}}
	status := map[string]types.StatusCode{}
	for first := 0; first < len(queries); first += MaxQueriesPerRequest {
		batch := queries[first:min(first+MaxQueriesPerRequest, len(queries))]
		input := &cloudwatch.GetMetricDataInput{
			StartTime:         aws.Time(start),
			EndTime:           aws.Time(end),
			MetricDataQueries: sdkQueries(batch, period),
		}
		paginator := cloudwatch.NewGetMetricDataPaginator(api, input)
		for paginator.HasMorePages() {
			page, err := paginator.NextPage(ctx)
			data.Requests++
			if err != nil {
				return nil, newCallError(ctx, serviceCloudWatch, "GetMetricData", region, err)
			}
			logger.Debug("GetMetricData page", "region", region, "queries", len(batch),
				"results", len(page.MetricDataResults), "more", page.NextToken != nil)
			for _, r := range page.MetricDataResults {
				id := aws.ToString(r.Id)
				if len(r.Values) > 0 {
					data.Values[id] = append(data.Values[id], r.Values...)
				}
				status[id] = r.StatusCode
				for _, m := range r.Messages {
					data.Warnings = append(data.Warnings, fmt.Sprintf("%s query %s: %s: %s",
						region, id, aws.ToString(m.Code), aws.ToString(m.Value)))
				}
			}
			for _, m := range page.Messages {
				data.Warnings = append(data.Warnings, fmt.Sprintf("%s GetMetricData: %s: %s",
					region, aws.ToString(m.Code), aws.ToString(m.Value)))
			}
		}
	}
	// A result still PartialData after the last page, InternalError or Forbidden lacks data.
	for _, q := range queries {
		if s, ok := status[q.ID]; ok && s != types.StatusCodeComplete {
			data.Warnings = append(data.Warnings, fmt.Sprintf("%s %s %s (%s): status %s, the value may be incomplete",
				region, q.Series.Namespace, q.Series.Name, dimensionText(q.Series.DimensionValues), s))
		}
	}
	return data, nil
}

func sdkQueries(queries []MetricQuery, period int32) []types.MetricDataQuery {
	out := make([]types.MetricDataQuery, len(queries))
	for i, q := range queries {
		out[i] = types.MetricDataQuery{
			Id: aws.String(q.ID),
			MetricStat: &types.MetricStat{
				Metric: sdkMetric(q.Series),
				Period: aws.Int32(period),
				Stat:   aws.String(q.Stat),
			},
			ReturnData: aws.Bool(true),
		}
	}
	return out
}

func sdkMetric(s catalog.Series) *types.Metric {
	dims := make([]types.Dimension, len(s.DimensionValues))
	for i, d := range s.DimensionValues {
		dims[i] = types.Dimension{Name: aws.String(d.Name), Value: aws.String(d.Value)}
	}
	return &types.Metric{Namespace: aws.String(s.Namespace), MetricName: aws.String(s.Name), Dimensions: dims}
}

// dimensionText renders dimensions as Name=Value pairs separated by commas.
func dimensionText(dims []catalog.Dimension) string {
	text := ""
	for i, d := range dims {
		if i > 0 {
			text += ","
		}
		text += d.Name + "=" + d.Value
	}
	return text
}
