package infra

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/alex-enterprise/monitoring/config"
)

// regionProviders holds one explicit AWS provider per region that holds resources: the main
// region, and every region with alarms. Alarms
// evaluate metrics of their own region only, so each alarm must be declared on the provider
// of its metric's region.
type regionProviders struct {
	mainRegion string
	byRegion   map[string]*aws.Provider
}

func (r regionProviders) main() *aws.Provider { return r.byRegion[r.mainRegion] }

// get returns the provider of region.
func (r regionProviders) get(region string) *aws.Provider { return r.byRegion[region] }

// newRegionProviders declares the provider of the main region.
func newRegionProviders(ctx *pulumi.Context, cfg *config.Config, raw map[string]string) (regionProviders, error) {
	r := regionProviders{mainRegion: cfg.Region, byRegion: map[string]*aws.Provider{}}
	return r, r.add(ctx, cfg, raw, cfg.Region)
}

// add declares the provider of region unless it exists. Explicit providers do not read aws:*
// stack config, so the region comes from the loaded config and aws:profile is passed on when set.
func (r regionProviders) add(ctx *pulumi.Context, cfg *config.Config, raw map[string]string, region string) error {
	if r.byRegion[region] != nil {
		return nil
	}
	args := &aws.ProviderArgs{
		Region: pulumi.String(region),
		DefaultTags: &aws.ProviderDefaultTagsArgs{Tags: pulumi.StringMap{
			"project":    pulumi.String(cfg.Project),
			"stack":      pulumi.String(cfg.Stack),
			"managed-by": pulumi.String("pulumi"),
		}},
	}
	if profile := raw["aws:profile"]; profile != "" {
		args.Profile = pulumi.String(profile)
	}
	p, err := aws.NewProvider(ctx, ProviderName(region), args)
	if err != nil {
		return err
	}
	r.byRegion[region] = p
	return nil
}

// ProviderName returns the logical name of the provider of region.
func ProviderName(region string) string { return "aws-" + region }
