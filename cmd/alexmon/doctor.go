package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/alex-enterprise/monitoring/awscheck"
	"github.com/alex-enterprise/monitoring/monitoring"
)

// runDoctor checks with ListMetrics that the metrics the stack's dashboards and alarms use
// exist, states the likely cause of each that does not, and lists alert subscriptions
// pending confirmation. It returns errFindings when a dashboard will show no data.
func runDoctor(args []string, stdout, stderr io.Writer, logger *slog.Logger) error {
	fs := flag.NewFlagSet("doctor", flag.ContinueOnError)
	fs.Usage = commandUsage(fs, "doctor --stack NAME [flags]",
		"Checks with ListMetrics that every metric the dashboards and alarms use exists in its region with\n"+
			"exactly those dimensions, names the likely cause and fix when it does not, and lists alert\n"+
			"subscriptions still pending confirmation. Exits 3 when a dashboard will show no data.")
	var stack stackFlags
	stack.register(fs)
	timeout := fs.Duration("timeout", defaultTimeout, "time limit for all AWS calls, retries included, such as 30s or 2m")
	var topicFlags []awscheck.Topic
	fs.Func("topic-arn", "alert topic ARN to check instead of the stack's topics found by name; repeatable",
		func(arn string) error {
			topic, err := awscheck.TopicFromARN(arn)
			topicFlags = append(topicFlags, topic)
			return err
		})
	if err := parseFlags(fs, args, &stack); err != nil {
		return err
	}
	if err := checkTimeout(*timeout); err != nil {
		return err
	}

	cfg, err := loadConfig(stack, logger)
	if err != nil {
		return err
	}
	// The account ID only goes into alarm and topic ARNs, which doctor does not use: it
	// finds the topics by name.
	plan, err := monitoring.Build(cfg, monitoring.PlaceholderAccountID)
	if err != nil {
		return err
	}
	topics := topicFlags
	if len(topics) == 0 {
		for _, region := range plan.AlarmRegions() {
			topics = append(topics, awscheck.Topic{Region: region, Name: plan.TopicName()})
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	clients, err := awscheck.NewAWSClients(ctx)
	if err != nil {
		return err
	}
	checks := awscheck.ChecksFromPlan(plan)
	logger.Info("checking metrics", "stack", cfg.Stack, "series", len(checks), "topics", len(topics))
	diagnosis, err := awscheck.Doctor(ctx, cfg, checks, topics, clients, logger)
	if err != nil {
		return explainTimeout(err, *timeout)
	}
	if err := writeDiagnosis(stdout, diagnosis); err != nil {
		return fmt.Errorf("writing the diagnosis: %w", err)
	}
	if diagnosis.Failed() {
		return errFindings
	}
	return nil
}
