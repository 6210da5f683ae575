// Package awscheck queries CloudWatch and SNS for the alexmon report and doctor commands:
// usage and estimated cost over a time window (GetMetricData), whether the metrics that the
// dashboards chart exist (ListMetrics), and alert subscriptions still pending confirmation
// (ListTopics, ListSubscriptionsByTopic, GetSubscriptionAttributes).
//
// Every AWS call goes through the narrow interfaces below, one client per region, so tests
// can serve the real wire protocols on loopback (package awstest) or fake the interfaces.
// Every failed call returns a *CallError that names the service, the operation and the
// region in one line. Functions that take a *slog.Logger accept nil, which discards the logs.
package awscheck

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

// MetricDataAPI is the CloudWatch call that report makes.
type MetricDataAPI interface {
	GetMetricData(ctx context.Context, params *cloudwatch.GetMetricDataInput,
		optFns ...func(*cloudwatch.Options)) (*cloudwatch.GetMetricDataOutput, error)
}

// MetricsAPI is the CloudWatch call that doctor makes.
type MetricsAPI interface {
	ListMetrics(ctx context.Context, params *cloudwatch.ListMetricsInput,
		optFns ...func(*cloudwatch.Options)) (*cloudwatch.ListMetricsOutput, error)
}

// SNSAPI holds the SNS calls that doctor makes.
type SNSAPI interface {
	ListTopics(ctx context.Context, params *sns.ListTopicsInput,
		optFns ...func(*sns.Options)) (*sns.ListTopicsOutput, error)
	ListSubscriptionsByTopic(ctx context.Context, params *sns.ListSubscriptionsByTopicInput,
		optFns ...func(*sns.Options)) (*sns.ListSubscriptionsByTopicOutput, error)
	GetSubscriptionAttributes(ctx context.Context, params *sns.GetSubscriptionAttributesInput,
		optFns ...func(*sns.Options)) (*sns.GetSubscriptionAttributesOutput, error)
}

// Clients returns the API clients of a region.
type Clients interface {
	MetricData(region string) MetricDataAPI
	Metrics(region string) MetricsAPI
	SNS(region string) SNSAPI
}

// AWSClients creates AWS SDK clients per region from one shared configuration and reuses
// them. It is safe for concurrent use.
type AWSClients struct {
	config aws.Config

	mu         sync.Mutex
	cloudWatch map[string]*cloudwatch.Client
	sns        map[string]*sns.Client
}

// NewAWSClients loads the AWS configuration as the SDK does by default. Credentials come
// from the environment, the shared config and credentials files (AWS_PROFILE), SSO, web
// identity, or the container or EC2 instance role. Endpoint overrides come from
// AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_CLOUDWATCH, AWS_ENDPOINT_URL_SNS or the profile's
// endpoint_url. Retries follow AWS_MAX_ATTEMPTS and AWS_RETRY_MODE, by default the standard
// mode with 3 attempts. Each client gets its region from the caller, not from AWS_REGION.
func NewAWSClients(ctx context.Context) (*AWSClients, error) {
	cfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("loading the AWS configuration: %w", err)
	}
	return NewAWSClientsFromConfig(cfg), nil
}

// NewAWSClientsFromConfig creates clients from an AWS configuration built by the caller,
// such as one with a BaseEndpoint override.
func NewAWSClientsFromConfig(cfg aws.Config) *AWSClients {
	if cfg.Credentials != nil {
		cfg.Credentials = markedCredentials{cfg.Credentials}
	}
	return &AWSClients{config: cfg, cloudWatch: map[string]*cloudwatch.Client{}, sns: map[string]*sns.Client{}}
}

func (c *AWSClients) cloudWatchClient(region string) *cloudwatch.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	client, ok := c.cloudWatch[region]
	if !ok {
		client = cloudwatch.NewFromConfig(c.config, func(o *cloudwatch.Options) { o.Region = region })
		c.cloudWatch[region] = client
	}
	return client
}

// MetricData returns the CloudWatch client of region.
func (c *AWSClients) MetricData(region string) MetricDataAPI { return c.cloudWatchClient(region) }

// Metrics returns the CloudWatch client of region.
func (c *AWSClients) Metrics(region string) MetricsAPI { return c.cloudWatchClient(region) }

// SNS returns the SNS client of region.
func (c *AWSClients) SNS(region string) SNSAPI {
	c.mu.Lock()
	defer c.mu.Unlock()
	client, ok := c.sns[region]
	if !ok {
		client = sns.NewFromConfig(c.config, func(o *sns.Options) { o.Region = region })
		c.sns[region] = client
	}
	return client
}

// markedCredentials wraps every error of the credential chain in a *credentialsError,
// because the SDK returns a failed chain as a plain wrapped error that a caller could only
// recognize by its text.
type markedCredentials struct {
	provider aws.CredentialsProvider
}

func (m markedCredentials) Retrieve(ctx context.Context) (aws.Credentials, error) {
	creds, err := m.provider.Retrieve(ctx)
	if err != nil && ctx.Err() == nil {
		return creds, &credentialsError{err: err}
	}
	return creds, err
}

// credentialsError is a failure of the credential chain.
type credentialsError struct{ err error }

func (e *credentialsError) Error() string { return e.err.Error() }
func (e *credentialsError) Unwrap() error { return e.err }

// loggerOrDiscard returns logger, or a logger that discards everything when it is nil.
func loggerOrDiscard(logger *slog.Logger) *slog.Logger {
	if logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return logger
}

// isCredentialsError reports whether err comes from the credential chain.
func isCredentialsError(err error) bool {
	var c *credentialsError
	return errors.As(err, &c)
}
