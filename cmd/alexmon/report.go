package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/alex-enterprise/monitoring/awscheck"
)

// Report output formats.
const (
	formatTable    = "table"
	formatJSON     = "json"
	formatMarkdown = "markdown"
)

// runReport prints Bedrock, agent and SageMaker usage and estimated cost over a window that
// ends now, fetched with batched GetMetricData requests.
func runReport(args []string, stdout, stderr io.Writer, logger *slog.Logger) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.Usage = commandUsage(fs, "report --stack NAME [flags]",
		"Prints invocations, tokens, errors, throttles, latency and estimated cost per model, and usage per\n"+
			"agent and for the SageMaker endpoint, over the window that ends now (GetMetricData).")
	var stack stackFlags
	stack.register(fs)
	since := fs.String("since", "24h", "length of the window that ends now: a duration such as 90m, 24h or 7d (1m to 455d)")
	format := fs.String("format", formatTable, "output format: table, json or markdown")
	timeout := fs.Duration("timeout", defaultTimeout, "time limit for all AWS calls, retries included, such as 30s or 2m")
	if err := parseFlags(fs, args, &stack); err != nil {
		return err
	}
	length, err := parseSince(*since)
	if err != nil {
		return err
	}
	if *format != formatTable && *format != formatJSON && *format != formatMarkdown {
		return fmt.Errorf("%w: --format %q must be table, json or markdown", errUsage, *format)
	}
	if err := checkTimeout(*timeout); err != nil {
		return err
	}

	cfg, err := loadConfig(stack, logger)
	if err != nil {
		return err
	}
	window, err := awscheck.NewWindow(now(), length)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	clients, err := awscheck.NewAWSClients(ctx)
	if err != nil {
		return err
	}
	report, err := awscheck.BuildReport(ctx, cfg, clients, window, logger)
	if err != nil {
		return explainTimeout(err, *timeout)
	}
	logger.Info("report done", "stack", cfg.Stack, "getMetricDataRequests", report.GetMetricDataRequests)
	return writeReport(stdout, report, *format)
}
