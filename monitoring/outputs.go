package monitoring

import (
	"fmt"
	"strings"
)

// Outputs are the stack outputs, under the names the program exports them with.
type Outputs struct {
	DashboardURLs          map[string]string `json:"dashboard_urls"`
	DashboardNames         map[string]string `json:"dashboard_names"`
	SetupInstructions      string            `json:"setup_instructions"`
	AlarmNames             []string          `json:"alarm_names"`
	AlarmURLs              map[string]string `json:"alarm_urls"`
	AlertTopicARNs         map[string]string `json:"alert_topic_arns"`
	MonitoringCostEstimate CostEstimate      `json:"monitoring_cost_estimate"`
}

// Outputs returns the stack outputs of the plan.
func (p *Plan) Outputs() Outputs {
	cfg := p.Config
	out := Outputs{
		DashboardURLs:          map[string]string{},
		DashboardNames:         map[string]string{},
		AlarmNames:             []string{},
		AlarmURLs:              map[string]string{},
		AlertTopicARNs:         map[string]string{},
		MonitoringCostEstimate: p.CostEstimate(),
	}
	for _, d := range p.Dashboards {
		out.DashboardNames[d.Key] = d.Name
		out.DashboardURLs[d.Key] = DashboardURL(cfg.Partition, cfg.Region, d.Name)
	}
	for _, a := range p.Alarms {
		out.AlarmNames = append(out.AlarmNames, a.Name)
		out.AlarmURLs[a.Name] = AlarmURL(cfg.Partition, a.Region, a.Name)
	}
	for _, region := range p.AlarmRegions() {
		out.AlertTopicARNs[region] = p.TopicARN(region)
	}
	out.SetupInstructions = p.SetupInstructions()
	return out
}

// SetupInstructions returns the text of the setup_instructions output. Its commands use this
// stack's dashboard names, regions, model IDs and function names.
func (p *Plan) SetupInstructions() string {
	cfg := p.Config
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }

	w("Alex monitoring, stack %s (name prefix %q, main region %s).", cfg.StackName(), cfg.NamePrefix, cfg.Region)
	w("")
	w("Dashboards:")
	for _, d := range p.Dashboards {
		w("  %s: %s", d.Name, DashboardURL(cfg.Partition, cfg.Region, d.Name))
	}
	w("Open them with: pulumi stack output dashboard_urls --json")
	w("Metrics take up to 5 minutes to appear after the first call; empty graphs after that usually mean")
	w("the config names another model ID, region, function or endpoint than the application uses.")
	w("Check with: alexmon doctor --stack %s", cfg.StackName())
	w("")
	p.writeMetricChecks(w)
	p.writeAlerting(w)
	w("")
	w("Names: every dashboard, alarm and topic name starts with %q. A dashboard name cannot change in", cfg.NamePrefix)
	w("place: changing namePrefix makes the next pulumi up create dashboards under the new names and delete")
	w("the old ones, so check pulumi preview first. Two stacks with the same namePrefix manage the same")
	w("dashboards and overwrite each other; give every stack its own prefix.")
	if cfg.AdoptExisting {
		w("adoptExisting is on: the next pulumi up imports the existing dashboards, alarms and topics of these")
		w("names. Once it has succeeded, turn it off: pulumi config set%s adoptExisting false", cfg.StackFlag())
	}
	if cfg.Protect {
		w("protect is on: dashboards, topics and keys cannot be deleted until it is turned off and applied.")
	}
	return strings.TrimRight(b.String(), "\n")
}

func (p *Plan) writeMetricChecks(w func(string, ...any)) {
	cfg := p.Config
	w("Check that the metrics exist (each command should list at least one metric):")
	if cfg.Bedrock.Enabled {
		for _, m := range cfg.Bedrock.Models {
			w("  aws cloudwatch list-metrics --region %s --namespace AWS/Bedrock --dimensions Name=ModelId,Value=%s",
				cfg.Bedrock.Region, m.ID)
		}
	}
	if cfg.AgentDiscovery {
		w("  aws lambda list-functions --region %s --query \"Functions[?contains(FunctionName, '%s')].FunctionName\"",
			cfg.Region, strings.TrimRight(cfg.LambdaFunctionPrefix, "-_"))
	}
	for i, a := range cfg.Agents {
		if i == 5 {
			w("  (and %d more agents)", len(cfg.Agents)-5)
			break
		}
		w("  aws cloudwatch list-metrics --region %s --namespace AWS/Lambda --dimensions Name=FunctionName,Value=%s",
			cfg.Region, a.FunctionName)
	}
	if cfg.SageMaker.Enabled {
		w("  aws sagemaker describe-endpoint --region %s --endpoint-name %s", cfg.Region, cfg.SageMaker.EndpointName)
		w("  aws cloudwatch list-metrics --region %s --namespace AWS/SageMaker --dimensions "+
			"Name=EndpointName,Value=%s Name=VariantName,Value=%s", cfg.Region, cfg.SageMaker.EndpointName,
			cfg.SageMaker.VariantName)
	}
	w("Daily usage and cost: alexmon report --stack %s --since 24h", cfg.StackName())
}

func (p *Plan) writeAlerting(w func(string, ...any)) {
	cfg := p.Config
	w("")
	if !cfg.Alarms.Enabled {
		w("Alarms are off. Turn them on with: pulumi config set%s alarmsEnabled true", cfg.StackFlag())
		return
	}
	w("Alarms: %d, each in the region of its metric, notifying the alert topic of that region:", len(p.Alarms))
	for _, region := range p.AlarmRegions() {
		w("  %s: %d alarms -> %s", region, len(p.AlarmsIn(region)), p.TopicARN(region))
	}
	if !cfg.Alarms.HasTargets() {
		w("No notification targets are configured, so alarms notify nobody. Add one with:")
		w("  pulumi config set%s --path 'alarmEmails[0]' oncall@yourcompany.com", cfg.StackFlag())
		return
	}
	if len(cfg.Alarms.Emails) > 0 {
		w("Each e-mail address (%s) receives a confirmation message per region and must confirm it before",
			strings.Join(cfg.Alarms.Emails, ", "))
		w("any alert arrives; unconfirmed subscriptions are deleted by SNS after 3 days. Check with:")
		for _, region := range p.AlarmRegions() {
			w("  aws sns list-subscriptions-by-topic --region %s --topic-arn %s", region, p.TopicARN(region))
		}
		w("A SubscriptionArn of PendingConfirmation means the address has not confirmed yet.")
	}
}

// ConfirmationNotice returns the message that the program logs for each e-mail subscription:
// SNS delivers nothing to the address until its owner confirms.
func (p *Plan) ConfirmationNotice(email, region string) string {
	return fmt.Sprintf("%s must confirm the subscription e-mail for the %s alert topic in %s before "+
		"alerts arrive; check with: aws sns list-subscriptions-by-topic --region %s --topic-arn %s",
		email, p.TopicName(), region, region, p.TopicARN(region))
}
