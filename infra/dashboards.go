package infra

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/alex-enterprise/monitoring/monitoring"
)

// declareDashboards declares every dashboard of the plan on the main region's provider.
// Dashboards are global, so the provider's region only decides where the API call goes. With
// adoptExisting, a dashboard is imported by name, which is the ID pulumi-aws uses.
func declareDashboards(ctx *pulumi.Context, plan *monitoring.Plan, providers regionProviders) error {
	for _, d := range plan.Dashboards {
		body, err := d.Body.JSON()
		if err != nil {
			return err
		}
		opts := []pulumi.ResourceOption{pulumi.Provider(providers.main()), pulumi.Protect(plan.Config.Protect)}
		if plan.Config.AdoptExisting {
			opts = append(opts, pulumi.Import(pulumi.ID(d.Name)))
		}
		_, err = cloudwatch.NewDashboard(ctx, d.Name, &cloudwatch.DashboardArgs{
			DashboardName: pulumi.String(d.Name),
			DashboardBody: pulumi.String(body),
		}, opts...)
		if err != nil {
			return err
		}
	}
	return nil
}
