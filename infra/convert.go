package infra

import (
	"encoding/json"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/alex-enterprise/monitoring/catalog"
)

func dimensions(s *catalog.Series) pulumi.StringMap {
	m := pulumi.StringMap{}
	for _, d := range s.DimensionValues {
		m[d.Name] = pulumi.String(d.Value)
	}
	return m
}

// toMap converts a JSON-tagged struct into a Pulumi map with the same keys as its JSON form.
func toMap(v any) (pulumi.Map, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	return pulumi.ToMap(m), nil
}
