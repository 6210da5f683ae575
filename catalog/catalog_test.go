package catalog

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCatalogEntriesComplete(t *testing.T) {
	seen := map[string]bool{}
	for _, m := range All() {
		key := m.Namespace + "/" + m.Name
		assert.False(t, seen[key], "%s is listed twice", key)
		seen[key] = true
		assert.NotEmpty(t, m.Namespace, key)
		assert.NotEmpty(t, m.Name, key)
		assert.NotEmpty(t, m.Dimensions, key)
		assert.NotEmpty(t, m.Unit, key)
		assert.Contains(t, []string{Sum, Average, Maximum, Minimum, SampleCount}, m.Stat, key)
	}
}

func TestCatalogUnitsAndDimensions(t *testing.T) {
	for _, m := range []Metric{SageMakerModelLatency, SageMakerOverheadLatency, SageMakerModelSetupTime} {
		assert.Equal(t, Microseconds, m.Unit, m.Name)
	}
	assert.Equal(t, Milliseconds, BedrockLatency.Unit)
	assert.Equal(t, Milliseconds, LambdaDuration.Unit)
	for _, m := range append(SageMakerInvocation(), SageMakerUtilization()...) {
		assert.Equal(t, []string{"EndpointName", "VariantName"}, m.Dimensions, m.Name)
	}
	for _, m := range SageMakerUtilization() {
		assert.Equal(t, "/aws/sagemaker/Endpoints", m.Namespace, m.Name)
	}
	for _, m := range Lambda() {
		assert.NotContains(t, m.Name, "emory", "AWS/Lambda publishes no memory metric")
	}
	assert.Equal(t, []string{"function_name"}, InsightsMemoryUtilization.Dimensions)
}

func TestLookup(t *testing.T) {
	m, ok := Lookup("AWS/Bedrock", "InputTokenCount")
	require.True(t, ok)
	assert.Equal(t, BedrockInputTokens, m)
	_, ok = Lookup("AWS/Lambda", "MemoryUtilization")
	assert.False(t, ok)
}

func TestWith(t *testing.T) {
	s := SageMakerInvocations.With("alex-embedding-endpoint", "AllTraffic")
	assert.Equal(t, []Dimension{{Name: "EndpointName", Value: "alex-embedding-endpoint"},
		{Name: "VariantName", Value: "AllTraffic"}}, s.DimensionValues)
	assert.PanicsWithValue(t, "catalog: AWS/SageMaker/Invocations needs 2 dimension values, got 1",
		func() { SageMakerInvocations.With("alex-embedding-endpoint") })
}
