// Package infra declares the monitoring plan as Pulumi resources with pulumi-aws: an explicit
// provider per region, the dashboards, and the alert topics, keys and alarms. Everything it
// declares comes from monitoring.Plan, which alexmon render writes offline.
package infra

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/alex-enterprise/monitoring/config"
	"github.com/alex-enterprise/monitoring/monitoring"
)

// Program is the Pulumi program. Pulumi offers no way to list config keys from a Context, so
// ReadConfig, a pulumi.RunOption, captures the raw config that Run then validates, including
// misspelled keys that Pulumi itself accepts silently.
type Program struct {
	raw map[string]string
}

// ReadConfig captures the run's config; pass it to pulumi.Run after any option that sets config.
func (p *Program) ReadConfig(info *pulumi.RunInfo) {
	p.raw = info.Config
}

// Run loads and validates the config, declares every resource of the plan and exports the
// stack outputs. Invalid config fails before any resource is declared.
func (p *Program) Run(ctx *pulumi.Context) error {
	cfg, err := config.Load(ctx.Project(), ctx.Stack(), p.raw)
	if err != nil {
		return err
	}

	for _, warning := range cfg.Warnings {
		if err := ctx.Log.Warn(warning, nil); err != nil {
			return err
		}
	}

	providers, err := newRegionProviders(ctx, cfg, p.raw)
	if err != nil {
		return err
	}
	accountID := monitoring.PlaceholderAccountID
	if cfg.Alarms.Enabled {
		identity, err := aws.GetCallerIdentity(ctx, nil, pulumi.Provider(providers.main()))
		if err != nil {
			return err
		}
		accountID = identity.AccountId
	}
	plan, err := monitoring.Build(cfg, accountID)
	if err != nil {
		return err
	}
	for _, region := range plan.AlarmRegions() {
		if err := providers.add(ctx, cfg, p.raw, region); err != nil {
			return err
		}
	}

	if err := declareDashboards(ctx, plan, providers); err != nil {
		return err
	}
	topicARNs, err := declareAlerting(ctx, plan, providers)
	if err != nil {
		return err
	}
	return export(ctx, plan, topicARNs)
}

// export sets the stack outputs from the plan; alert topic ARNs come from the declared topics.
func export(ctx *pulumi.Context, plan *monitoring.Plan, topicARNs pulumi.StringMap) error {
	out := plan.Outputs()
	ctx.Export("dashboard_urls", pulumi.ToStringMap(out.DashboardURLs))
	ctx.Export("dashboard_names", pulumi.ToStringMap(out.DashboardNames))
	ctx.Export("setup_instructions", pulumi.String(out.SetupInstructions))
	ctx.Export("alarm_names", pulumi.ToStringArray(out.AlarmNames))
	ctx.Export("alarm_urls", pulumi.ToStringMap(out.AlarmURLs))
	ctx.Export("alert_topic_arns", topicARNs)
	cost, err := toMap(out.MonitoringCostEstimate)
	if err != nil {
		return err
	}
	ctx.Export("monitoring_cost_estimate", cost)
	return nil
}
