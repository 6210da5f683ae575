package alarms_test

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alex-enterprise/monitoring/alarms"
	"github.com/alex-enterprise/monitoring/catalog"
	"github.com/alex-enterprise/monitoring/config"
)

// TestBuildRejectsWindow changes the loaded config the way a caller that skips config.Load
// could, and checks that Build still rejects each window CloudWatch would reject.
func TestBuildRejectsWindow(t *testing.T) {
	tests := []struct {
		name       string
		period     int
		evaluation int
		datapoints int
		wantKey    string
		wantReason string
	}{
		{"datapoints above evaluation periods", 300, 3, 4, config.KeyAlarmDatapointsToAlarm,
			"must be between 1 and the number of evaluation periods (3)"},
		{"datapoints zero", 300, 3, 0, config.KeyAlarmDatapointsToAlarm,
			"must be between 1 and the number of evaluation periods (3)"},
		{"high-resolution period", 20, 3, 2, config.KeyAlarmPeriod, "high-resolution"},
		{"period not a multiple of 60", 90, 3, 2, config.KeyAlarmPeriod, "must be a multiple of 60 seconds"},
		{"window over one day", 300, 289, 2, config.KeyAlarmEvaluationPeriods,
			"= 86700 s exceeds CloudWatch's limit of 86400 s"},
		{"window over seven days", 3600, 169, 2, config.KeyAlarmEvaluationPeriods,
			"= 608400 s exceeds CloudWatch's limit of 604800 s"},
		{"evaluation periods zero", 300, 0, 0, config.KeyAlarmEvaluationPeriods, "must be at least 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := loadConfig(t, nil)
			cfg.Alarms.PeriodSeconds = tt.period
			cfg.Alarms.EvaluationPeriods = tt.evaluation
			cfg.Alarms.DatapointsToAlarm = tt.datapoints

			built, err := alarms.Build(cfg)

			require.Nil(t, built)
			var validation *alarms.ValidationError
			require.ErrorAs(t, err, &validation)
			require.Len(t, validation.Problems, 1, err.Error())
			problem := validation.Problems[0]
			require.Equal(t, project+":"+tt.wantKey, problem.Key)
			require.Contains(t, problem.Reason, tt.wantReason)
			require.Len(t, problem.Alarms, 22, "every metric alarm of the default config")
			require.Equal(t, "alex-bedrock-input-tokens-us.amazon.nova-pro-v1-0", problem.Alarms[0])
			require.ErrorContains(t, err, "config "+project+":"+tt.wantKey)
			require.ErrorContains(t, err, "alarms alex-bedrock-input-tokens-us.amazon.nova-pro-v1-0, ")
			require.ErrorContains(t, err, "and 19 more")
		})
	}
}

// TestConfigLoadRejectsWindow checks the first line of defence for the same windows.
func TestConfigLoadRejectsWindow(t *testing.T) {
	tests := []struct {
		name    string
		key     string
		value   string
		wantKey string
	}{
		{"datapoints above evaluation periods", config.KeyAlarmDatapointsToAlarm, "4", config.KeyAlarmDatapointsToAlarm},
		{"high-resolution period", config.KeyAlarmPeriod, "20", config.KeyAlarmPeriod},
		{"window over one day", config.KeyAlarmEvaluationPeriods, "289", config.KeyAlarmEvaluationPeriods},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := config.Load(project, "test", map[string]string{
				config.RegionKey:                        "us-east-1",
				project + ":" + config.KeyAlarmsEnabled: "true",
				project + ":" + tt.key:                  tt.value,
			})

			require.ErrorContains(t, err, project+":"+tt.wantKey)
		})
	}
}

// validAlarms returns the alarms of the default config with anomaly detection, which
// Validate accepts, for the cases below to break one rule at a time.
func validAlarms(t *testing.T) (*config.Config, []alarms.Alarm) {
	t.Helper()
	cfg := loadConfig(t, map[string]string{project + ":" + config.KeyAnomalyDetection: "true"})
	built, err := alarms.Build(cfg)
	require.NoError(t, err)
	return cfg, built
}

func indexOf(t *testing.T, built []alarms.Alarm, check alarms.Check) int {
	t.Helper()
	i := slices.IndexFunc(built, func(a alarms.Alarm) bool { return a.Check == check })
	require.GreaterOrEqual(t, i, 0, "no %s alarm", check)
	return i
}

func queries(n int, series catalog.Series) []alarms.Query {
	out := make([]alarms.Query, n)
	for i := range out {
		s := series
		out[i] = alarms.Query{ID: "m" + strconv.Itoa(i), Series: &s, Stat: catalog.Sum, Period: 300}
	}
	return out
}

func TestValidateRejects(t *testing.T) {
	invocations := catalog.LambdaInvocations.With("alex-planner")
	tests := []struct {
		name       string
		check      alarms.Check
		change     func(a *alarms.Alarm)
		wantKey    string
		wantReason string
	}{
		{"both statistics", alarms.CheckAgentThrottles, func(a *alarms.Alarm) {
			a.ExtendedStatistic = "p99"
		}, "", "set exactly one of Statistic and ExtendedStatistic"},
		{"no statistic", alarms.CheckAgentThrottles, func(a *alarms.Alarm) {
			a.Statistic = ""
		}, "", "set exactly one of Statistic and ExtendedStatistic"},
		{"percentile as statistic", alarms.CheckAgentThrottles, func(a *alarms.Alarm) {
			a.Statistic = "p99"
		}, "", "percentiles go in ExtendedStatistic"},
		{"bad extended statistic", alarms.CheckAgentDurationP99, func(a *alarms.Alarm) {
			a.ExtendedStatistic = "P99"
		}, "", "not an extended statistic"},
		{"low sample count without percentile", alarms.CheckAgentThrottles, func(a *alarms.Alarm) {
			a.EvaluateLowSampleCountPercentile = alarms.LowSampleCountIgnore
		}, "", "applies only to alarms with an ExtendedStatistic"},
		{"metric not in catalog", alarms.CheckAgentThrottles, func(a *alarms.Alarm) {
			s := *a.Series
			s.Name = "Throttle"
			a.Series = &s
		}, "", "is not in the metric catalog"},
		{"endpoint without variant", alarms.CheckSageMaker5XXErrors, func(a *alarms.Alarm) {
			s := *a.Series
			s.DimensionValues = s.DimensionValues[:1]
			a.Series = &s
		}, "", "needs dimensions EndpointName, VariantName"},
		{"missing threshold", alarms.CheckAgentThrottles, func(a *alarms.Alarm) {
			a.Threshold = nil
		}, config.KeyAgentThrottles, "missing threshold"},
		{"infinite threshold", alarms.CheckBedrockInputTokens, func(a *alarms.Alarm) {
			inf := math.Inf(1)
			a.Threshold = &inf
		}, config.KeyBedrockInputTokens, "threshold must be a finite number"},
		{"missing data left to default", alarms.CheckAgentThrottles, func(a *alarms.Alarm) {
			a.TreatMissingData = ""
		}, "", "TreatMissingData must be set on purpose"},
		{"anomaly operator on static alarm", alarms.CheckAgentThrottles, func(a *alarms.Alarm) {
			a.ComparisonOperator = alarms.GreaterThanUpperThreshold
		}, "", "ComparisonOperator must be one of"},
		{"name too long", alarms.CheckAgentThrottles, func(a *alarms.Alarm) {
			a.Name = strings.Repeat("x", alarms.MaxNameLength+1)
		}, config.KeyNamePrefix, "alarm name has 256 characters"},
		{"name with control character", alarms.CheckAgentThrottles, func(a *alarms.Alarm) {
			a.Name += "\n"
		}, "", "ASCII control character"},
		{"description too long", alarms.CheckAgentThrottles, func(a *alarms.Alarm) {
			a.Description = strings.Repeat("x", alarms.MaxDescriptionLength+1)
		}, "", "AlarmDescription takes at most 1024"},
		{"missing region", alarms.CheckBedrockThrottles, func(a *alarms.Alarm) {
			a.Region = ""
		}, config.KeyBedrockRegion, "missing region"},
		{"too many queries", alarms.CheckAgentErrorRate, func(a *alarms.Alarm) {
			a.Metrics = append(queries(10, invocations), a.Metrics[2])
			for i := range 10 {
				a.Metrics = append(a.Metrics, alarms.Query{ID: "e" + strconv.Itoa(i), Expression: "m0"})
			}
		}, "", "21 queries (10 metrics, 11 expressions)"},
		{"too many metric queries", alarms.CheckAgentErrorRate, func(a *alarms.Alarm) {
			a.Metrics = append(queries(11, invocations), a.Metrics[2])
		}, "", "12 queries (11 metrics, 1 expressions)"},
		{"two queries return data", alarms.CheckAgentErrorRate, func(a *alarms.Alarm) {
			a.Metrics[0].ReturnData = true
		}, "", "2 queries set ReturnData; a metric-math alarm needs exactly one"},
		{"no query returns data", alarms.CheckAgentErrorRate, func(a *alarms.Alarm) {
			a.Metrics[2].ReturnData = false
		}, "", "0 queries set ReturnData"},
		{"query id starts upper case", alarms.CheckAgentErrorRate, func(a *alarms.Alarm) {
			a.Metrics[0].ID = "Invocations"
		}, "", "query id must start with a lowercase letter"},
		{"duplicate query id", alarms.CheckAgentErrorRate, func(a *alarms.Alarm) {
			a.Metrics[1].ID = a.Metrics[0].ID
		}, "", "duplicate query id"},
		{"query periods differ", alarms.CheckAgentErrorRate, func(a *alarms.Alarm) {
			a.Metrics[1].Period = 600
		}, "", "query period 600 s differs from 300 s"},
		{"query with metric and expression", alarms.CheckAgentErrorRate, func(a *alarms.Alarm) {
			a.Metrics[0].Expression = "errors"
		}, "", "exactly one of a metric (Series) and an Expression"},
		{"search in alarm", alarms.CheckAgentErrorRate, func(a *alarms.Alarm) {
			a.Metrics[2].Expression = `SEARCH('{AWS/Lambda,FunctionName} Errors', 'Sum', 300)`
		}, "", "SEARCH expressions are not allowed"},
		{"math alarm with statistic", alarms.CheckAgentErrorRate, func(a *alarms.Alarm) {
			a.Statistic = catalog.Sum
		}, "", "those belong in its metric queries"},
		{"anomaly with threshold", alarms.CheckBedrockInputTokensAnomaly, func(a *alarms.Alarm) {
			threshold := 1.0
			a.Threshold = &threshold
		}, "", "takes ThresholdMetricId and no Threshold"},
		{"anomaly with static operator", alarms.CheckBedrockInputTokensAnomaly, func(a *alarms.Alarm) {
			a.ComparisonOperator = alarms.GreaterThanThreshold
		}, "", "anomaly-detection alarm's ComparisonOperator must be one of"},
		{"anomaly threshold id unknown", alarms.CheckBedrockInputTokensAnomaly, func(a *alarms.Alarm) {
			a.ThresholdMetricID = "bands"
		}, "", "must name an ANOMALY_DETECTION_BAND expression query"},
		{"anomaly metric without return data", alarms.CheckBedrockInputTokensAnomaly, func(a *alarms.Alarm) {
			a.Metrics[0].ReturnData = false
		}, "", "only the band \"band\" and its metric \"inputTokens\" set ReturnData"},
		{"composite with too many children", alarms.CheckSystemHealth, func(a *alarms.Alarm) {
			for len(a.Children) <= alarms.MaxCompositeChildren {
				a.Children = append(a.Children, a.Children...)
			}
		}, "", "composite alarm has 136 children; it takes 1 to 100"},
		{"composite with empty rule", alarms.CheckSystemHealth, func(a *alarms.Alarm) {
			a.AlarmRule = ""
		}, "", "alarm rule has 0 characters"},
		{"composite child unknown", alarms.CheckSystemHealth, func(a *alarms.Alarm) {
			a.Children = append(a.Children, "alex-unknown")
		}, "", "child alarm is not among the stack's alarms"},
		{"composite with metric fields", alarms.CheckSystemHealth, func(a *alarms.Alarm) {
			a.TreatMissingData = alarms.MissingDataNotBreaching
		}, "", "composite alarm sets metric alarm fields"},
		{"unknown kind", alarms.CheckAgentThrottles, func(a *alarms.Alarm) {
			a.Kind = "dashboard"
		}, "", "unknown kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, built := validAlarms(t)
			i := indexOf(t, built, tt.check)
			name := built[i].Name
			tt.change(&built[i])

			err := alarms.Validate(cfg, built)

			var validation *alarms.ValidationError
			require.ErrorAs(t, err, &validation)
			i = slices.IndexFunc(validation.Problems, func(p *alarms.Problem) bool {
				return strings.Contains(p.Reason, tt.wantReason)
			})
			require.GreaterOrEqual(t, i, 0, "no problem with reason %q in:\n%v", tt.wantReason, err)
			problem := validation.Problems[i]
			if tt.wantKey != "" {
				require.Equal(t, project+":"+tt.wantKey, problem.Key)
			} else {
				require.Empty(t, problem.Key)
			}
			if !strings.HasPrefix(tt.name, "name ") {
				require.Contains(t, problem.Alarms, name)
			}
		})
	}
}

func TestValidateCompositeChildInOtherRegion(t *testing.T) {
	cfg, built := validAlarms(t)
	composite := slices.IndexFunc(built, func(a alarms.Alarm) bool {
		return a.Kind == alarms.KindComposite && a.Region == "us-east-1"
	})
	require.GreaterOrEqual(t, composite, 0)
	bedrockAlarm := built[indexOf(t, built, alarms.CheckBedrockThrottles)].Name
	built[composite].Children = append(built[composite].Children, bedrockAlarm)
	built[composite].AlarmRule += ` OR ALARM("` + bedrockAlarm + `")`

	err := alarms.Validate(cfg, built)

	require.ErrorContains(t, err, "child alarm is in us-west-2; a composite alarm may only reference alarms of its own region")
	require.ErrorContains(t, err, bedrockAlarm)
}

func TestValidateAcceptsBuiltAlarms(t *testing.T) {
	cfg, built := validAlarms(t)

	require.NoError(t, alarms.Validate(cfg, built))
}

func TestProblemMessage(t *testing.T) {
	tests := []struct {
		name    string
		problem alarms.Problem
		want    string
	}{
		{"one alarm with key", alarms.Problem{Key: "alex-enterprise:alarmPeriodSeconds", Value: "20",
			Reason: "too short", Alarms: []string{"alex-a"}},
			`alarm alex-a: config alex-enterprise:alarmPeriodSeconds = "20": too short`},
		{"key without value", alarms.Problem{Key: "alex-enterprise:agents", Reason: "duplicate",
			Alarms: []string{"alex-a"}},
			`alarm alex-a: config alex-enterprise:agents: duplicate`},
		{"value without key", alarms.Problem{Value: "P99", Reason: "bad statistic", Alarms: []string{"alex-a"}},
			`alarm alex-a: "P99": bad statistic`},
		{"many alarms", alarms.Problem{Reason: "bad", Alarms: []string{"alex-a", "alex-b", "alex-c", "alex-d", "alex-e"}},
			`alarms alex-a, alex-b, alex-c and 2 more: bad`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, tt.problem.Error())
		})
	}
}
