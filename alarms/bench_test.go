package alarms_test

import (
	"fmt"
	"testing"

	"github.com/alex-enterprise/monitoring/alarms"
	"github.com/alex-enterprise/monitoring/config"
)

func BenchmarkBuild(b *testing.B) {
	for _, agents := range []int{5, 50, 500} {
		for _, models := range []int{1, 10, 50} {
			b.Run(fmt.Sprintf("agents=%d/models=%d", agents, models), func(b *testing.B) {
				cfg := loadConfig(b, map[string]string{
					project + ":" + config.KeyAgents:           agentsJSON(agents),
					project + ":" + config.KeyBedrockModels:    modelsJSON(models),
					project + ":" + config.KeyAnomalyDetection: "true",
				})
				b.ReportAllocs()
				for b.Loop() {
					if _, err := alarms.Build(cfg); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
