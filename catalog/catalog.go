// Package catalog is the one list of CloudWatch metrics that the dashboards, the alarms and
// the alexmon tool use: namespace, metric name, dimension names, unit and the statistic that
// makes sense for each. No namespace or metric name string appears outside this package.
package catalog

import "fmt"

// Unit is the unit CloudWatch reports a metric in.
type Unit string

// Units of the catalog's metrics.
const (
	Count        Unit = "Count"
	Milliseconds Unit = "Milliseconds"
	Microseconds Unit = "Microseconds"
	Percent      Unit = "Percent"
	Megabytes    Unit = "Megabytes"
	None         Unit = "None"
)

// Statistic names accepted by dashboards, alarms and GetMetricData.
const (
	Sum         = "Sum"
	Average     = "Average"
	Maximum     = "Maximum"
	Minimum     = "Minimum"
	SampleCount = "SampleCount"
)

// Metric is one CloudWatch metric as AWS publishes it.
type Metric struct {
	Namespace  string
	Name       string
	Dimensions []string // dimension names, all of which a query must set
	Unit       Unit
	Stat       string // statistic that suits the metric
}

// Dimension is a dimension name and value.
type Dimension struct {
	Name  string
	Value string
}

// Series is a metric with every dimension set: one time series in CloudWatch.
type Series struct {
	Metric
	DimensionValues []Dimension
}

// With returns the series of m for the dimension values, given in the order of m.Dimensions.
// It panics when the count differs, because a series with a missing dimension matches no data.
func (m Metric) With(values ...string) Series {
	if len(values) != len(m.Dimensions) {
		panic(fmt.Sprintf("catalog: %s/%s needs %d dimension values, got %d",
			m.Namespace, m.Name, len(m.Dimensions), len(values)))
	}
	dims := make([]Dimension, len(values))
	for i, v := range values {
		dims[i] = Dimension{Name: m.Dimensions[i], Value: v}
	}
	return Series{Metric: m, DimensionValues: dims}
}

// Namespaces.
const (
	NamespaceBedrock           = "AWS/Bedrock"
	NamespaceSageMaker         = "AWS/SageMaker"
	NamespaceSageMakerEndpoint = "/aws/sagemaker/Endpoints"
	NamespaceLambda            = "AWS/Lambda"
	NamespaceLambdaInsights    = "LambdaInsights"
)

// Dimension names.
const (
	DimensionModelID          = "ModelId"
	DimensionEndpointName     = "EndpointName"
	DimensionVariantName      = "VariantName"
	DimensionFunctionName     = "FunctionName"
	DimensionInsightsFunction = "function_name"
)

// Conversions between the units AWS reports and the units the dashboards and config use.
const (
	MicrosecondsPerMillisecond = 1000
	// BytesPerMegabyte converts the byte counts of Lambda REPORT log lines, as AWS's own
	// sample queries do.
	BytesPerMegabyte = 1000 * 1000
)

// All returns every metric in the catalog.
func All() []Metric {
	var all []Metric
	all = append(all, Bedrock()...)
	all = append(all, SageMakerInvocation()...)
	all = append(all, SageMakerUtilization()...)
	all = append(all, Lambda()...)
	all = append(all, LambdaInsights()...)
	return all
}

// Lookup returns the catalog metric with the namespace and name.
func Lookup(namespace, name string) (Metric, bool) {
	for _, m := range All() {
		if m.Namespace == namespace && m.Name == name {
			return m, true
		}
	}
	return Metric{}, false
}
