package infra

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/alex-enterprise/monitoring/alarms"
	"github.com/alex-enterprise/monitoring/monitoring"
)

// declareAlerting declares, in every region that holds alarms, a KMS key (unless one is
// configured), an encrypted alert topic with its policy and subscriptions, and the region's
// alarms, each notifying only the topic of its own region. It returns the topic ARNs by region.
func declareAlerting(ctx *pulumi.Context, plan *monitoring.Plan, providers regionProviders) (pulumi.StringMap, error) {
	arns := pulumi.StringMap{}
	for _, region := range plan.AlarmRegions() {
		provider := providers.get(region)
		if provider == nil {
			return nil, fmt.Errorf("missing AWS provider for region %s, which holds alarms", region)
		}
		topic, err := declareTopic(ctx, plan, region, pulumi.Provider(provider))
		if err != nil {
			return nil, err
		}
		arns[region] = topic.Arn
		if err := declareAlarms(ctx, plan, region, topic, pulumi.Provider(provider)); err != nil {
			return nil, err
		}
	}
	return arns, nil
}

// declareTopic declares the encrypted alert topic of region with its key, policy and
// subscriptions.
func declareTopic(ctx *pulumi.Context, plan *monitoring.Plan, region string,
	provider pulumi.ResourceOption) (*sns.Topic, error) {
	cfg := plan.Config
	name := plan.TopicName() + "-" + region
	protect := pulumi.Protect(cfg.Protect)

	var keyID pulumi.StringInput = pulumi.String(cfg.Alarms.KMSKeys[region])
	if cfg.Alarms.KMSKeys[region] == "" {
		// RetainOnDelete keeps the key when the stack is renamed or destroyed: deleting a key
		// makes everything it encrypted unreadable.
		key, err := kms.NewKey(ctx, name, &kms.KeyArgs{
			Description:          pulumi.String(fmt.Sprintf("Encrypts the %s alert topic in %s", plan.TopicName(), region)),
			Policy:               pulumi.String(plan.KMSKeyPolicy(region)),
			EnableKeyRotation:    pulumi.Bool(true),
			DeletionWindowInDays: pulumi.Int(30),
		}, provider, protect, pulumi.RetainOnDelete(true))
		if err != nil {
			return nil, err
		}
		if _, err := kms.NewAlias(ctx, name, &kms.AliasArgs{
			Name:        pulumi.String(plan.KMSKeyAlias()),
			TargetKeyId: key.KeyId,
		}, provider); err != nil {
			return nil, err
		}
		keyID = key.Arn
	}

	topicOpts := []pulumi.ResourceOption{provider, protect}
	if cfg.AdoptExisting {
		topicOpts = append(topicOpts, pulumi.Import(pulumi.ID(plan.TopicARN(region))))
	}
	topic, err := sns.NewTopic(ctx, name, &sns.TopicArgs{
		Name:           pulumi.String(plan.TopicName()),
		KmsMasterKeyId: keyID,
	}, topicOpts...)
	if err != nil {
		return nil, err
	}
	if _, err := sns.NewTopicPolicy(ctx, name, &sns.TopicPolicyArgs{
		Arn:    topic.Arn,
		Policy: pulumi.String(plan.TopicPolicy(region)),
	}, provider); err != nil {
		return nil, err
	}
	return topic, declareSubscriptions(ctx, plan, region, name, topic, provider)
}

func declareSubscriptions(ctx *pulumi.Context, plan *monitoring.Plan, region, topicName string, topic *sns.Topic,
	provider pulumi.ResourceOption) error {
	subscribe := func(protocol, endpoint string) error {
		_, err := sns.NewTopicSubscription(ctx, topicName+"-"+protocol+"-"+endpointSlug(endpoint),
			&sns.TopicSubscriptionArgs{
				Topic:    topic.Arn,
				Protocol: pulumi.String(protocol),
				Endpoint: pulumi.String(endpoint),
			}, provider)
		return err
	}
	for _, email := range plan.Config.Alarms.Emails {
		if err := subscribe("email", email); err != nil {
			return err
		}
		if err := ctx.Log.Info(plan.ConfirmationNotice(email, region), nil); err != nil {
			return err
		}
	}
	for _, endpoint := range plan.Config.Alarms.HTTPSEndpoints {
		if err := subscribe("https", endpoint); err != nil {
			return err
		}
	}
	return nil
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// endpointSlug turns an e-mail address or URL into a stable part of a logical name.
func endpointSlug(endpoint string) string {
	endpoint = strings.TrimPrefix(strings.ToLower(endpoint), "https://")
	endpoint = strings.ReplaceAll(endpoint, "@", "-at-")
	return strings.Trim(nonSlug.ReplaceAllString(endpoint, "-"), "-")
}

// declareAlarms declares the alarms of region, metric alarms first so that each composite alarm
// can depend on the children its rule names. Alarm names are set explicitly so that adopting an
// existing alarm never turns into a replacement.
func declareAlarms(ctx *pulumi.Context, plan *monitoring.Plan, region string, topic *sns.Topic,
	provider pulumi.ResourceOption) error {
	declared := map[string]pulumi.Resource{}
	for _, a := range plan.AlarmsIn(region) {
		opts := []pulumi.ResourceOption{provider}
		if plan.Config.AdoptExisting {
			opts = append(opts, pulumi.Import(pulumi.ID(a.Name)))
		}
		if a.Kind != alarms.KindComposite {
			alarm, err := cloudwatch.NewMetricAlarm(ctx, a.Name, metricAlarmArgs(a, topic), opts...)
			if err != nil {
				return err
			}
			declared[a.Name] = alarm
			continue
		}
		var children []pulumi.Resource
		for _, name := range a.Children {
			child, ok := declared[name]
			if !ok {
				return fmt.Errorf("composite alarm %s names %s, which is not a metric alarm of region %s",
					a.Name, name, region)
			}
			children = append(children, child)
		}
		args := &cloudwatch.CompositeAlarmArgs{
			AlarmName:        pulumi.String(a.Name),
			AlarmDescription: pulumi.String(a.Description),
			AlarmRule:        pulumi.String(a.AlarmRule),
		}
		if a.Notify {
			args.AlarmActions = pulumi.StringArray{topic.Arn}
			args.OkActions = pulumi.StringArray{topic.Arn}
		}
		if _, err := cloudwatch.NewCompositeAlarm(ctx, a.Name, args, append(opts, pulumi.DependsOn(children))...); err != nil {
			return err
		}
	}
	return nil
}

// metricAlarmArgs maps an alarm specification to pulumi-aws arguments.
func metricAlarmArgs(a alarms.Alarm, topic *sns.Topic) *cloudwatch.MetricAlarmArgs {
	args := &cloudwatch.MetricAlarmArgs{
		Name:               pulumi.String(a.Name),
		AlarmDescription:   pulumi.String(a.Description),
		ComparisonOperator: pulumi.String(a.ComparisonOperator),
		EvaluationPeriods:  pulumi.Int(a.EvaluationPeriods),
		DatapointsToAlarm:  pulumi.Int(a.DatapointsToAlarm),
		TreatMissingData:   pulumi.String(a.TreatMissingData),
	}
	if a.Notify {
		args.AlarmActions = pulumi.Array{topic.Arn}
		args.OkActions = pulumi.Array{topic.Arn}
	}
	if a.Threshold != nil {
		args.Threshold = pulumi.Float64(*a.Threshold)
	}
	if a.ThresholdMetricID != "" {
		args.ThresholdMetricId = pulumi.String(a.ThresholdMetricID)
	}
	if a.Series != nil {
		args.Namespace = pulumi.String(a.Series.Namespace)
		args.MetricName = pulumi.String(a.Series.Name)
		args.Dimensions = dimensions(a.Series)
		args.Period = pulumi.Int(a.Period)
		if a.ExtendedStatistic != "" {
			args.ExtendedStatistic = pulumi.String(a.ExtendedStatistic)
		} else {
			args.Statistic = pulumi.String(a.Statistic)
		}
		if a.EvaluateLowSampleCountPercentile != "" {
			args.EvaluateLowSampleCountPercentiles = pulumi.String(a.EvaluateLowSampleCountPercentile)
		}
		return args
	}
	queries := cloudwatch.MetricAlarmMetricQueryArray{}
	for _, q := range a.Metrics {
		query := cloudwatch.MetricAlarmMetricQueryArgs{
			Id:         pulumi.String(q.ID),
			ReturnData: pulumi.Bool(q.ReturnData),
		}
		if q.Label != "" {
			query.Label = pulumi.String(q.Label)
		}
		if q.Series != nil {
			query.Metric = &cloudwatch.MetricAlarmMetricQueryMetricArgs{
				Namespace:  pulumi.String(q.Series.Namespace),
				MetricName: pulumi.String(q.Series.Name),
				Dimensions: dimensions(q.Series),
				Period:     pulumi.Int(q.Period),
				Stat:       pulumi.String(q.Stat),
			}
		} else {
			query.Expression = pulumi.String(q.Expression)
		}
		queries = append(queries, query)
	}
	args.MetricQueries = queries
	return args
}
