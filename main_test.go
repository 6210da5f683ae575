package main

import (
	"encoding/json"
	"maps"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/alex-enterprise/monitoring/config"
	"github.com/alex-enterprise/monitoring/infra"
	"github.com/alex-enterprise/monitoring/monitoring"
	"github.com/alex-enterprise/monitoring/stackfile"
)

const mockAccountID = "111122223333"

// declared is one resource the program registered with the mock engine.
type declared struct {
	Type           string
	Name           string
	Inputs         resource.PropertyMap
	Provider       string // logical name of the explicit provider, empty for none
	ImportID       string
	Protect        bool
	RetainOnDelete bool
}

func (d declared) str(key string) string {
	v, ok := d.Inputs[resource.PropertyKey(key)]
	if !ok || !v.IsString() {
		return ""
	}
	return v.StringValue()
}

// mocks records every resource and returns results for the invokes the program makes. The
// engine calls it from several goroutines.
type mocks struct {
	mu        sync.Mutex
	resources []declared
	regions   map[string]string // provider logical name -> region
}

func newMocks() *mocks { return &mocks{regions: map[string]string{}} }

func (m *mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	d := declared{Type: args.TypeToken, Name: args.Name, Inputs: args.Inputs, ImportID: args.ID,
		Provider: providerName(args.Provider)}
	if rpc := args.RegisterRPC; rpc != nil {
		d.Protect = rpc.GetProtect()
		d.RetainOnDelete = rpc.GetRetainOnDelete()
	}
	m.resources = append(m.resources, d)
	if args.TypeToken == "pulumi:providers:aws" {
		m.regions[args.Name] = d.str("region")
	}
	state := args.Inputs.Copy()
	region := m.regions[d.Provider]
	switch args.TypeToken {
	case "aws:sns/topic:Topic":
		state["arn"] = resource.NewStringProperty("arn:aws:sns:" + region + ":" + mockAccountID + ":" + d.str("name"))
	case "aws:kms/key:Key":
		state["arn"] = resource.NewStringProperty("arn:aws:kms:" + region + ":" + mockAccountID + ":key/" + args.Name)
		state["keyId"] = resource.NewStringProperty(args.Name)
	}
	return args.Name + "_id", state, nil
}

func (m *mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	if args.Token == "aws:index/getCallerIdentity:getCallerIdentity" {
		return resource.NewPropertyMapFromMap(map[string]any{"accountId": mockAccountID,
			"arn": "arn:aws:iam::" + mockAccountID + ":user/ci", "userId": "AIDAEXAMPLE", "id": mockAccountID}), nil
	}
	return resource.PropertyMap{}, nil
}

// providerName returns the logical name in a provider reference "urn::id".
func providerName(ref string) string {
	if ref == "" {
		return ""
	}
	parts := strings.Split(ref, "::")
	if len(parts) < 2 {
		return ref
	}
	return parts[len(parts)-2]
}

func (m *mocks) ofType(typ string) []declared {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []declared
	for _, d := range m.resources {
		if d.Type == typ {
			out = append(out, d)
		}
	}
	return out
}

// regionOf returns the region of the provider a resource was declared on.
func (m *mocks) regionOf(d declared) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.regions[d.Provider]
}

// result is what one run of the program declared and exported.
type result struct {
	mocks   *mocks
	outputs map[string]any
}

// runStack runs the real program, as main runs it, under mocks with the config of a stack
// file; edit may change the raw config first.
func runStack(t *testing.T, stack string, edit func(raw map[string]string)) (*result, error) {
	t.Helper()
	return runStackMode(t, stack, false, edit)
}

// runStackMode runs the program as runStack does; preview runs it as pulumi preview does, where
// outputs of resources not yet created are unknown.
func runStackMode(t *testing.T, stack string, preview bool, edit func(raw map[string]string)) (*result, error) {
	t.Helper()
	s, err := stackfile.Load(".", stack, "")
	require.NoError(t, err)
	raw := maps.Clone(s.Config)
	if edit != nil {
		edit(raw)
	}
	m := newMocks()
	program := &infra.Program{}
	outputs := map[string]any{}
	err = pulumi.RunErr(func(ctx *pulumi.Context) error {
		if err := program.Run(ctx); err != nil {
			return err
		}
		for name, value := range ctx.GetCurrentExportMap() {
			v, err := internals.UnsafeAwaitOutput(ctx.Context(), pulumi.ToOutput(value))
			if err != nil {
				return err
			}
			outputs[name] = v.Value
		}
		return nil
	}, pulumi.WithMocks(s.Project, stack, m), func(info *pulumi.RunInfo) {
		info.Config = raw
		info.DryRun = preview
	}, program.ReadConfig)
	return &result{mocks: m, outputs: outputs}, err
}

// expectedPlan builds the plan the program should declare, from the same stack file.
func expectedPlan(t *testing.T, stack, accountID string) *monitoring.Plan {
	t.Helper()
	s, err := stackfile.Load(".", stack, "")
	require.NoError(t, err)
	cfg, err := config.Load(s.Project, s.Name, s.Config)
	require.NoError(t, err)
	plan, err := monitoring.Build(cfg, accountID)
	require.NoError(t, err)
	return plan
}

func TestProgramDeclaresDashboards(t *testing.T) {
	cases := []struct {
		stack   string
		account string
		names   map[string]string
	}{
		{"dev", monitoring.PlaceholderAccountID, map[string]string{
			"ai_model_usage": "alex-dev-ai-model-usage", "agent_performance": "alex-dev-agent-performance"}},
		{"prod", mockAccountID, map[string]string{
			"ai_model_usage": "alex-ai-model-usage", "agent_performance": "alex-agent-performance"}},
	}
	for _, tc := range cases {
		t.Run(tc.stack, func(t *testing.T) {
			r, err := runStack(t, tc.stack, nil)
			require.NoError(t, err)
			plan := expectedPlan(t, tc.stack, tc.account)

			dashboards := r.mocks.ofType("aws:cloudwatch/dashboard:Dashboard")
			require.Len(t, dashboards, len(plan.Dashboards))
			byName := map[string]declared{}
			for _, d := range dashboards {
				byName[d.Name] = d
			}
			for _, want := range plan.Dashboards {
				d, ok := byName[want.Name]
				require.True(t, ok, "dashboard %s is not declared", want.Name)
				assert.Equal(t, want.Name, d.str("dashboardName"))
				assert.Equal(t, want.Name, d.Name)
				body, err := want.Body.JSON()
				require.NoError(t, err)
				assert.JSONEq(t, body, d.str("dashboardBody"))
				assert.Equal(t, body, d.str("dashboardBody"), "the deployed body is byte-identical to the render")
				assert.Equal(t, "aws-us-east-1", d.Provider)
				assert.Equal(t, "us-east-1", r.mocks.regionOf(d))
				assert.Empty(t, d.ImportID)
			}

			assert.Equal(t, tc.names, toStringMap(t, r.outputs["dashboard_names"]))
			urls := toStringMap(t, r.outputs["dashboard_urls"])
			assert.Equal(t, "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards:name="+
				tc.names["ai_model_usage"], urls["ai_model_usage"])
			assert.Len(t, urls, 2)
			instructions, _ := r.outputs["setup_instructions"].(string)
			assert.Contains(t, instructions, tc.names["agent_performance"])
			assert.Contains(t, instructions, "--region us-west-2 --namespace AWS/Bedrock --dimensions Name=ModelId,Value=us.amazon.nova-pro-v1:0")
			assert.Contains(t, instructions, "Name=FunctionName,Value=alex-planner")
			assert.Contains(t, instructions, "alexmon doctor --stack "+tc.stack)
			assert.Contains(t, r.outputs, "monitoring_cost_estimate")
		})
	}
}

func TestProgramProviders(t *testing.T) {
	r, err := runStack(t, "dev", nil)
	require.NoError(t, err)
	providers := r.mocks.ofType("pulumi:providers:aws")
	require.Len(t, providers, 1, "dev has no alarms, so only the main region needs a provider")
	assert.Equal(t, "aws-us-east-1", providers[0].Name)
	assert.Equal(t, "us-east-1", providers[0].str("region"))
	for _, d := range r.mocks.resources {
		if d.Type != "pulumi:providers:aws" {
			assert.NotEmpty(t, d.Provider, "%s %s uses the default provider", d.Type, d.Name)
		}
	}
}

func TestProgramRejectsBadConfigBeforeDeclaring(t *testing.T) {
	r, err := runStack(t, "dev", func(raw map[string]string) {
		raw["alex-enterprise:bedrockRegoin"] = "us-west-2"
		raw["alex-enterprise:bedrockModelId"] = "arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-pro-v1:0"
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `alex-enterprise:bedrockRegoin`)
	assert.Contains(t, err.Error(), `did you mean "bedrockRegion"?`)
	assert.Contains(t, err.Error(), "pulumi config set --stack dev 'bedrockModelId' 'amazon.nova-pro-v1:0'")
	assert.Empty(t, r.mocks.resources, "nothing is declared when the config is invalid")
}

func TestProgramRejectsMissingRegion(t *testing.T) {
	_, err := runStack(t, "prod", func(raw map[string]string) { delete(raw, "aws:region") })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "config aws:region")
	assert.Contains(t, err.Error(), "pulumi config set --stack prod 'aws:region' 'us-east-1'")
}

func TestProgramRejectsPlaceholder(t *testing.T) {
	_, err := runStack(t, "prod", func(raw map[string]string) {
		raw["alex-enterprise:alarmEmails"] = `["you@example.com"]`
	})
	require.ErrorContains(t, err, "still holds an example placeholder")
}

func toStringMap(t *testing.T, v any) map[string]string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var out map[string]string
	require.NoError(t, json.Unmarshal(b, &out))
	return out
}

// TestProgramPreview runs the prod stack as pulumi preview does in CI: topic ARNs are unknown
// until the topics exist, and nothing may wait on them.
func TestProgramPreview(t *testing.T) {
	r, err := runStackMode(t, "prod", true, withTargets)
	require.NoError(t, err)
	plan := expectedPlan(t, "prod", mockAccountID)
	assert.Len(t, r.mocks.ofType(typeDashboard), len(plan.Dashboards))
	assert.Len(t, r.mocks.ofType(typeMetricAlarm), len(plan.Alarms)-len(plan.AlarmRegions()))
	assert.Len(t, r.mocks.ofType(typeCompositeAlarm), len(plan.AlarmRegions()))
	assert.Equal(t, toStringMap(t, map[string]string{"ai_model_usage": "alex-ai-model-usage",
		"agent_performance": "alex-agent-performance"}), toStringMap(t, r.outputs["dashboard_names"]))
}
