package awscheck

import (
	"io"
	"log/slog"
	"testing"

	"github.com/alex-enterprise/monitoring/awscheck/awstest"
	"github.com/alex-enterprise/monitoring/config"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/stretchr/testify/require"
)

var discard = slog.New(slog.NewTextHandler(io.Discard, nil))

// serverClients starts the fake AWS and returns clients that reach it through the SDK's
// BaseEndpoint override, with static credentials and the SDK's default retries.
func serverClients(t *testing.T, world awstest.World, options awstest.Options) (*awstest.Server, *AWSClients) {
	t.Helper()
	s := awstest.Start(t, world, options)
	return s, NewAWSClientsFromConfig(aws.Config{
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDALEXMONTEST", "alexmon-test-secret", ""),
		BaseEndpoint: aws.String(s.URL),
	})
}

// loadConfig builds a validated config from project keys (without the project prefix) on
// top of the Healthy account's regions.
func loadConfig(t *testing.T, values map[string]string) *config.Config {
	t.Helper()
	raw := map[string]string{
		config.RegionKey:                 awstest.MainRegion,
		"alex-enterprise:bedrockRegion":  awstest.BedrockRegion,
		"alex-enterprise:bedrockModelId": awstest.ProfileID,
	}
	for k, v := range values {
		raw["alex-enterprise:"+k] = v
	}
	cfg, err := config.Load("alex-enterprise", "test", raw)
	require.NoError(t, err)
	return cfg
}
