// Package monitoring turns a validated config into the plan of everything the stack declares:
// dashboards with their bodies, alarms, alert topics and the stack outputs. The Pulumi program
// declares the plan and alexmon render writes it to files, so both share one code path. The
// package imports neither Pulumi nor pulumi-aws.
package monitoring

import (
	"fmt"
	"net/url"
	"slices"

	"github.com/alex-enterprise/monitoring/alarms"
	"github.com/alex-enterprise/monitoring/config"
	"github.com/alex-enterprise/monitoring/dashboards"
)

// PlaceholderAccountID is the account used in ARNs when the real one is not known, as in an
// offline render.
const PlaceholderAccountID = "123456789012"

// Plan is everything one stack declares.
type Plan struct {
	Config     *config.Config
	AccountID  string
	Dashboards []dashboards.Dashboard
	Alarms     []alarms.Alarm
}

// Build validates and assembles the plan. accountID goes into alarm and topic ARNs, which the
// dashboards' alarm widgets name.
func Build(cfg *config.Config, accountID string) (*Plan, error) {
	p := &Plan{Config: cfg, AccountID: accountID}
	list, err := alarms.Build(cfg)
	if err != nil {
		return nil, err
	}
	p.Alarms = list
	markers := make([]dashboards.AlarmMarker, len(list))
	for i, a := range list {
		markers[i] = a.Marker(p.AlarmARN(a))
	}
	p.Dashboards, err = dashboards.Build(cfg, dashboards.Options{Alarms: markers})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// AlarmARN returns the ARN of an alarm of the plan.
func (p *Plan) AlarmARN(a alarms.Alarm) string {
	return alarms.ARN(p.Config.Partition, a.Region, p.AccountID, a.Name)
}

// AlarmRegions returns the regions that hold alarms, and so an alert topic each: the main
// region first, then the others in name order.
func (p *Plan) AlarmRegions() []string {
	var regions []string
	for _, a := range p.Alarms {
		if !slices.Contains(regions, a.Region) {
			regions = append(regions, a.Region)
		}
	}
	slices.SortFunc(regions, func(a, b string) int {
		switch {
		case a == p.Config.Region:
			return -1
		case b == p.Config.Region:
			return 1
		case a < b:
			return -1
		case a > b:
			return 1
		}
		return 0
	})
	return regions
}

// TopicName returns the name of the alert topic; each alarm region has a topic of this name.
func (p *Plan) TopicName() string { return p.Config.Name("alerts") }

// TopicARN returns the ARN of the alert topic in region.
func (p *Plan) TopicARN(region string) string {
	return fmt.Sprintf("arn:%s:sns:%s:%s:%s", p.Config.Partition, region, p.AccountID, p.TopicName())
}

// KMSKeyAlias returns the alias of the key the stack creates for an alert topic.
func (p *Plan) KMSKeyAlias() string { return "alias/" + p.Config.Name("alerts") }

// AlarmsIn returns the alarms of one region.
func (p *Plan) AlarmsIn(region string) []alarms.Alarm {
	var out []alarms.Alarm
	for _, a := range p.Alarms {
		if a.Region == region {
			out = append(out, a)
		}
	}
	return out
}

// consoleHost returns the CloudWatch console host of a region.
// NOTE: AWS documents no reference for console URLs; these are the forms AWS samples use.
func consoleHost(partition, region string) string {
	switch partition {
	case "aws-cn":
		return region + ".console.amazonaws.cn"
	case "aws-us-gov":
		return "console.amazonaws-us-gov.com"
	}
	return region + ".console.aws.amazon.com"
}

// DashboardURL returns the console URL of a dashboard. Dashboards are global; the region only
// selects the console's region.
func DashboardURL(partition, region, name string) string {
	return fmt.Sprintf("https://%s/cloudwatch/home?region=%s#dashboards:name=%s",
		consoleHost(partition, region), region, name)
}

// AlarmURL returns the console URL of an alarm in its region.
func AlarmURL(partition, region, name string) string {
	return fmt.Sprintf("https://%s/cloudwatch/home?region=%s#alarmsV2:alarm/%s",
		consoleHost(partition, region), region, url.PathEscape(name))
}
