package awscheck

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Kinds of failed calls. A *CallError matches one of them with errors.Is, or none for
// other failures.
var (
	ErrNoCredentials      = errors.New("no AWS credentials")
	ErrInvalidCredentials = errors.New("AWS credentials rejected")
	ErrAccessDenied       = errors.New("access denied")
	ErrThrottled          = errors.New("throttled")
	ErrTimeout            = errors.New("timed out")
	ErrNoEndpoint         = errors.New("endpoint unreachable")
)

// Service names in a CallError, as the SDK's ServiceID spells them.
const (
	serviceCloudWatch = "CloudWatch"
	serviceSNS        = "SNS"
)

// accessDeniedCodes are the error codes of a caller without permission: CloudWatch's
// awsQuery code, the JSON-protocol name of the same error, and SNS's code.
var accessDeniedCodes = map[string]bool{
	"AccessDenied": true, "AccessDeniedException": true, "AuthorizationError": true, "UnauthorizedOperation": true,
}

// invalidCredentialsCodes are the error codes of credentials that AWS does not accept.
var invalidCredentialsCodes = map[string]bool{
	"InvalidClientTokenId": true, "UnrecognizedClientException": true, "SignatureDoesNotMatch": true,
	"ExpiredToken": true, "ExpiredTokenException": true, "InvalidAccessKeyId": true, "IncompleteSignature": true,
	"MissingAuthenticationToken": true, "InvalidSignatureException": true,
}

// CallError is a failed AWS call. Its message is one line that names the call and the
// region, and states what went wrong and what to do.
type CallError struct {
	Service   string // CloudWatch or SNS
	Operation string // such as GetMetricData
	Region    string
	// Kind is one of the Err* values of this package, or nil for other failures.
	Kind error
	// Attempts is the number of attempts the SDK made before it gave up, 0 when unknown.
	Attempts int
	Err      error
}

// newCallError classifies err, returned by the call, into a *CallError. ctx is the
// context of the call, whose deadline distinguishes a timeout from other network failures.
func newCallError(ctx context.Context, service, operation, region string, err error) *CallError {
	e := &CallError{Service: service, Operation: operation, Region: region, Err: err}
	var maxAttempts *retry.MaxAttemptsError
	if errors.As(err, &maxAttempts) {
		e.Attempts = maxAttempts.Attempt
	}
	var apiErr smithy.APIError
	var sendErr *smithyhttp.RequestSendError
	switch {
	case errors.Is(err, context.DeadlineExceeded) || ctx.Err() == context.DeadlineExceeded:
		e.Kind = ErrTimeout
	case isCredentialsError(err):
		e.Kind = ErrNoCredentials
	case errors.As(err, &apiErr):
		code := apiErr.ErrorCode()
		_, throttled := retry.DefaultThrottleErrorCodes[code]
		switch {
		case throttled || code == "Throttled":
			e.Kind = ErrThrottled
		case accessDeniedCodes[code]:
			e.Kind = ErrAccessDenied
		case invalidCredentialsCodes[code]:
			e.Kind = ErrInvalidCredentials
		}
	case errors.As(err, &sendErr):
		var netErr net.Error
		if errors.As(err, &netErr) && netErr.Timeout() {
			e.Kind = ErrTimeout
		} else {
			e.Kind = ErrNoEndpoint
		}
	}
	return e
}

// Error returns the failure as one line.
func (e *CallError) Error() string {
	call := fmt.Sprintf("%s %s in %s", e.Service, e.Operation, e.Region)
	detail := e.detail()
	switch e.Kind {
	case ErrNoCredentials:
		return fmt.Sprintf("%s: no AWS credentials found (%s); set AWS_PROFILE, or AWS_ACCESS_KEY_ID and "+
			"AWS_SECRET_ACCESS_KEY, or run aws sso login", call, detail)
	case ErrInvalidCredentials:
		return fmt.Sprintf("%s: AWS rejected the credentials (%s); renew them, for example with aws sso login",
			call, detail)
	case ErrAccessDenied:
		return fmt.Sprintf("%s: access denied (%s); allow %s for the caller's IAM identity",
			call, detail, iamAction(e.Service, e.Operation))
	case ErrThrottled:
		attempts := ""
		if e.Attempts > 0 {
			attempts = fmt.Sprintf(" after %d attempts", e.Attempts)
		}
		return fmt.Sprintf("%s: throttled%s (%s); wait a minute and run again, or raise the API's request quota",
			call, attempts, detail)
	case ErrTimeout:
		return call + ": timed out waiting for a response"
	case ErrNoEndpoint:
		return fmt.Sprintf("%s: endpoint unreachable (%s); check the region, any AWS_ENDPOINT_URL setting and "+
			"network access", call, detail)
	}
	return fmt.Sprintf("%s failed: %s", call, detail)
}

// Unwrap returns the kind and the SDK's error, for errors.Is and errors.As.
func (e *CallError) Unwrap() []error {
	if e.Kind == nil {
		return []error{e.Err}
	}
	return []error{e.Kind, e.Err}
}

// detail returns the most specific part of the SDK's error, on one line: the API error
// code and message, the network error, or the credential chain's error.
func (e *CallError) detail() string {
	var apiErr smithy.APIError
	var opErr *net.OpError
	var dnsErr *net.DNSError
	var credErr *credentialsError
	var text string
	switch {
	case errors.As(e.Err, &apiErr):
		text = apiErr.ErrorCode() + ": " + apiErr.ErrorMessage()
	case errors.As(e.Err, &dnsErr):
		text = dnsErr.Error()
	case errors.As(e.Err, &opErr):
		text = opErr.Error()
	case errors.As(e.Err, &credErr):
		text = credErr.Error()
	default:
		text = e.Err.Error()
		var opError *smithy.OperationError
		if errors.As(e.Err, &opError) && opError.Err != nil {
			text = opError.Err.Error()
		}
	}
	return strings.Join(strings.Fields(text), " ")
}

// iamAction returns the IAM action of an API call, such as cloudwatch:GetMetricData.
func iamAction(service, operation string) string {
	prefix := "cloudwatch"
	if service == serviceSNS {
		prefix = "sns"
	}
	return prefix + ":" + operation
}
