// Package awstest serves CloudWatch and SNS on 127.0.0.1 from an in-memory World, so that
// tests run alexmon's real AWS SDK clients against it through the SDK's endpoint override
// (BaseEndpoint, or AWS_ENDPOINT_URL in the environment).
//
// It speaks the wire protocols that aws-sdk-go-v2 uses: Smithy RPC v2 CBOR for CloudWatch
// (service/cloudwatch v1.76.0, POST /service/GraniteServiceVersion20100801/operation/<Op>)
// and the AWS query protocol with XML responses for SNS (service/sns v1.48.0). It
// implements only the calls alexmon makes: GetMetricData, ListMetrics, ListTopics,
// ListSubscriptionsByTopic and GetSubscriptionAttributes. It reads the region and service
// from the SigV4 credential scope, as the real regional endpoints are separate hosts, but it
// does not verify signatures.
package awstest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// Service names in Call, as the SDK's ServiceID spells them.
const (
	ServiceCloudWatch = "CloudWatch"
	ServiceSNS        = "SNS"
)

// FaultKind is a failure the server injects in place of a response.
type FaultKind int

// Injectable faults.
const (
	// FaultThrottle returns the service's throttling error, which the SDK retries.
	FaultThrottle FaultKind = iota + 1
	// FaultAccessDenied returns HTTP 403 with the service's access-denied error.
	FaultAccessDenied
	// FaultHang holds the request until the client gives up or the server closes.
	FaultHang
)

// Fault injects a failure into matching requests.
type Fault struct {
	Kind      FaultKind
	Region    string // empty matches every region
	Operation string // empty matches every operation
	// Times is the number of matching requests that fail; 0 fails every matching request.
	Times int
}

// Options tune the server's paging. Zero values take the real services' page sizes.
type Options struct {
	// DatapointsPerPage is the maximum number of datapoints in one GetMetricData response
	// (CloudWatch's default MaxDatapoints is 100,800).
	DatapointsPerPage int
	// MetricsPerPage is the number of metrics in one ListMetrics response (500).
	MetricsPerPage int
	// TopicsPerPage is the number of topics in one ListTopics response (100).
	TopicsPerPage int
	// SubscriptionsPerPage is the number of subscriptions in one ListSubscriptionsByTopic
	// response (100).
	SubscriptionsPerPage int
	Faults               []Fault
}

// Call is one request the server received.
type Call struct {
	Service   string
	Operation string
	Region    string
	Status    int
}

// Server is a running fake of CloudWatch and SNS.
type Server struct {
	// URL is the base endpoint to pass to the SDK, such as http://127.0.0.1:41234.
	URL string

	world      World
	options    Options
	httpServer *httptest.Server
	stop       chan struct{}
	stopOnce   sync.Once

	mu     sync.Mutex
	faults []Fault
	calls  []Call
}

// New starts a server on 127.0.0.1 that serves world. Call Close when done.
func New(world World, options Options) *Server {
	if options.DatapointsPerPage <= 0 {
		options.DatapointsPerPage = 100_800
	}
	if options.MetricsPerPage <= 0 {
		options.MetricsPerPage = 500
	}
	if options.TopicsPerPage <= 0 {
		options.TopicsPerPage = 100
	}
	if options.SubscriptionsPerPage <= 0 {
		options.SubscriptionsPerPage = 100
	}
	s := &Server{
		world:   world,
		options: options,
		stop:    make(chan struct{}),
		faults:  append([]Fault(nil), options.Faults...),
	}
	// httptest.NewServer listens on 127.0.0.1 with a free port.
	s.httpServer = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.URL = s.httpServer.URL
	return s
}

// Start starts a server for the test and closes it when the test ends.
func Start(t testing.TB, world World, options Options) *Server {
	t.Helper()
	s := New(world, options)
	t.Cleanup(s.Close)
	return s
}

// Close releases hanging requests and stops the server.
func (s *Server) Close() {
	s.stopOnce.Do(func() { close(s.stop) })
	s.httpServer.Close()
}

// Calls returns the requests received so far, in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// Count returns the number of requests for operation, in region or, when region is empty,
// in every region. Failed and retried requests count.
func (s *Server) Count(operation, region string) int {
	n := 0
	for _, c := range s.Calls() {
		if c.Operation == operation && (region == "" || c.Region == region) {
			n++
		}
	}
	return n
}

func (s *Server) record(service, operation, region string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, Call{Service: service, Operation: operation, Region: region, Status: status})
}

// takeFault returns the fault that applies to the request and uses up one of its Times.
func (s *Server) takeFault(operation, region string) (FaultKind, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.faults {
		f := &s.faults[i]
		if (f.Region != "" && f.Region != region) || (f.Operation != "" && f.Operation != operation) {
			continue
		}
		if f.Times < 0 {
			continue
		}
		if f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				f.Times = -1 // used up
			}
		}
		return f.Kind, true
	}
	return 0, false
}

// hang blocks until the client closes the connection or the server stops.
func (s *Server) hang(ctx context.Context) {
	select {
	case <-ctx.Done():
	case <-s.stop:
	}
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	region, service, ok := credentialScope(r.Header.Get("Authorization"))
	switch {
	case !ok:
		http.Error(w, "request is not signed with AWS Signature Version 4", http.StatusForbidden)
	case service == "monitoring" && strings.HasPrefix(r.URL.Path, cloudWatchPathPrefix):
		s.serveCloudWatch(w, r, region)
	case service == "sns" && r.URL.Path == "/":
		s.serveSNS(w, r, region)
	default:
		http.Error(w, fmt.Sprintf("no fake for service %q at path %s", service, r.URL.Path), http.StatusNotFound)
	}
}

// credentialScope returns the region and service of a SigV4 Authorization header, such as
// "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-west-2/monitoring/aws4_request, ...".
func credentialScope(authorization string) (region, service string, ok bool) {
	if !strings.HasPrefix(authorization, "AWS4-HMAC-SHA256 ") {
		return "", "", false
	}
	_, rest, found := strings.Cut(authorization, "Credential=")
	if !found {
		return "", "", false
	}
	credential, _, _ := strings.Cut(rest, ",")
	parts := strings.Split(strings.TrimSpace(credential), "/")
	if len(parts) != 5 || parts[4] != "aws4_request" {
		return "", "", false
	}
	return parts[2], parts[3], true
}
