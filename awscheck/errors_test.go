package awscheck

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/require"
)

// sdkError wraps err the way the SDK returns a failed operation.
func sdkError(err error) error {
	return &smithy.OperationError{ServiceID: "CloudWatch", OperationName: "ListMetrics", Err: err}
}

func TestCallErrorKinds(t *testing.T) {
	cases := []struct {
		name string
		err  error
		kind error
		want string
	}{
		{
			name: "expired token",
			err:  sdkError(&smithy.GenericAPIError{Code: "ExpiredToken", Message: "The security token included in the request is expired"}),
			kind: ErrInvalidCredentials,
			want: "CloudWatch ListMetrics in eu-west-1: AWS rejected the credentials (ExpiredToken: The security token " +
				"included in the request is expired); renew them, for example with aws sso login",
		},
		{
			name: "unknown host",
			err: sdkError(&smithyhttp.RequestSendError{Err: &net.OpError{Op: "dial", Net: "tcp",
				Err: &net.DNSError{Err: "no such host", Name: "monitoring.eu-west-1.amazonaws.com", IsNotFound: true}}}),
			kind: ErrNoEndpoint,
			want: "CloudWatch ListMetrics in eu-west-1: endpoint unreachable (lookup monitoring.eu-west-1.amazonaws.com: " +
				"no such host); check the region, any AWS_ENDPOINT_URL setting and network access",
		},
		{
			name: "SNS throttling code",
			err:  sdkError(&retry.MaxAttemptsError{Attempt: 3, Err: &smithy.GenericAPIError{Code: "Throttled", Message: "Rate exceeded"}}),
			kind: ErrThrottled,
			want: "CloudWatch ListMetrics in eu-west-1: throttled after 3 attempts (Throttled: Rate exceeded); wait a " +
				"minute and run again, or raise the API's request quota",
		},
		{
			name: "message over several lines",
			err:  sdkError(&smithy.GenericAPIError{Code: "InvalidParameterValue", Message: "first line\nsecond line"}),
			kind: nil,
			want: "CloudWatch ListMetrics in eu-west-1 failed: InvalidParameterValue: first line second line",
		},
		{
			name: "credential chain",
			err:  sdkError(fmt.Errorf("get identity: %w", &credentialsError{err: errors.New("no EC2 IMDS role found")})),
			kind: ErrNoCredentials,
			want: "CloudWatch ListMetrics in eu-west-1: no AWS credentials found (no EC2 IMDS role found); set " +
				"AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run aws sso login",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := newCallError(context.Background(), serviceCloudWatch, "ListMetrics", "eu-west-1", c.err)
			require.Equal(t, c.want, err.Error())
			if c.kind != nil {
				require.ErrorIs(t, err, c.kind)
			}
			for _, other := range []error{ErrNoCredentials, ErrInvalidCredentials, ErrAccessDenied, ErrThrottled,
				ErrTimeout, ErrNoEndpoint} {
				if other != c.kind {
					require.NotErrorIs(t, err, other)
				}
			}
			require.ErrorIs(t, err, c.err, "the SDK's error stays reachable")
		})
	}
}

func TestCallErrorDeadlineFromContext(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 0)
	defer cancel()
	<-ctx.Done()
	err := newCallError(ctx, serviceSNS, "ListTopics", "us-east-1", sdkError(errors.New("request canceled")))
	require.ErrorIs(t, err, ErrTimeout)
	require.Equal(t, "SNS ListTopics in us-east-1: timed out waiting for a response", err.Error())
}
