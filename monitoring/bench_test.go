package monitoring

import (
	"encoding/json"
	"fmt"
	"strconv"
	"testing"

	"github.com/alex-enterprise/monitoring/config"
)

// scaledConfig returns a prod-like config with the given numbers of agents and priced models,
// alarms on.
func scaledConfig(tb testing.TB, agents, models int) *config.Config {
	tb.Helper()
	names := make([]string, agents)
	for i := range names {
		names[i] = "agent-" + strconv.Itoa(i)
	}
	type model struct {
		ID     string  `json:"id"`
		Input  float64 `json:"inputPricePer1kTokens"`
		Output float64 `json:"outputPricePer1kTokens"`
	}
	list := make([]model, models)
	for i := range list {
		list[i] = model{ID: fmt.Sprintf("us.vendor.model-%d-v1:0", i), Input: 0.0008, Output: 0.0032}
	}
	agentJSON, _ := json.Marshal(names)
	modelJSON, _ := json.Marshal(list)
	cfg, err := config.Load("alex-enterprise", "bench", map[string]string{
		config.RegionKey:                "us-east-1",
		"alex-enterprise:agents":        string(agentJSON),
		"alex-enterprise:bedrockModels": string(modelJSON),
		"alex-enterprise:alarmsEnabled": "true",
	})
	if err != nil {
		tb.Fatal(err)
	}
	return cfg
}

// BenchmarkBuild measures building and marshalling every dashboard body and alarm
// specification of a stack, for growing numbers of agents and models.
func BenchmarkBuild(b *testing.B) {
	for _, agents := range []int{5, 50, 500} {
		for _, models := range []int{1, 10, 50} {
			cfg := scaledConfig(b, agents, models)
			b.Run(fmt.Sprintf("agents=%d/models=%d", agents, models), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					plan, err := Build(cfg, PlaceholderAccountID)
					if err != nil {
						b.Fatal(err)
					}
					for _, d := range plan.Dashboards {
						if _, err := d.Body.JSON(); err != nil {
							b.Fatal(err)
						}
					}
				}
			})
		}
	}
}
