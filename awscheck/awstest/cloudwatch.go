package awstest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/alex-enterprise/monitoring/catalog"
	"github.com/aws/smithy-go/encoding/cbor"
)

// cloudWatchPathPrefix is the path prefix of CloudWatch operations in the RPC v2 CBOR
// protocol, which puts the service shape's name after /service/.
const cloudWatchPathPrefix = "/service/GraniteServiceVersion20100801/operation/"

// maxQueries is GetMetricData's limit on MetricDataQueries per request.
const maxQueries = 500

// queryIDPattern is the documented form of a MetricDataQuery Id.
var queryIDPattern = regexp.MustCompile(`^[a-z][a-zA-Z0-9_]{0,254}$`)

// apiError is an error response. QueryCode is the awsQuery error code that a service with
// the awsQueryCompatible trait sends in the X-Amzn-Query-Error header.
type apiError struct {
	Status    int
	Type      string // __type in a CBOR body
	QueryCode string
	Fault     string // Sender or Receiver
	Message   string
}

func validationError(format string, args ...any) *apiError {
	return &apiError{Status: http.StatusBadRequest, Type: "com.amazonaws.cloudwatch#InvalidParameterValueException",
		QueryCode: "InvalidParameterValue", Fault: "Sender", Message: fmt.Sprintf(format, args...)}
}

// NOTE: the __type values of the two unmodeled errors below are assumptions. The SDK takes
// the error code from the X-Amzn-Query-Error header when the service is awsQueryCompatible,
// as CloudWatch is, so the codes Throttling and AccessDenied are what reach the caller.
func cloudWatchFault(kind FaultKind, operation string) *apiError {
	if kind == FaultAccessDenied {
		return &apiError{Status: http.StatusForbidden, Type: "com.amazon.coral.service#AccessDeniedException",
			QueryCode: "AccessDenied", Fault: "Sender", Message: fmt.Sprintf(
				"User: arn:aws:iam::%s:user/alexmon-test is not authorized to perform: cloudwatch:%s "+
					"because no identity-based policy allows the cloudwatch:%s action", AccountID, operation, operation)}
	}
	return &apiError{Status: http.StatusBadRequest, Type: "com.amazon.coral.availability#ThrottlingException",
		QueryCode: "Throttling", Fault: "Sender", Message: "Rate exceeded"}
}

func (s *Server) serveCloudWatch(w http.ResponseWriter, r *http.Request, region string) {
	operation := strings.TrimPrefix(r.URL.Path, cloudWatchPathPrefix)
	status := http.StatusOK
	defer func() { s.record(ServiceCloudWatch, operation, region, status) }()

	input, err := readCBORInput(r)
	if err == nil {
		if kind, faulty := s.takeFault(operation, region); faulty {
			if kind == FaultHang {
				s.hang(r.Context())
				status = 0
				return
			}
			err = cloudWatchFault(kind, operation)
		}
	}
	var output cbor.Map
	if err == nil {
		switch operation {
		case "GetMetricData":
			output, err = s.getMetricData(region, input)
		case "ListMetrics":
			output, err = s.listMetrics(region, input)
		default:
			err = &apiError{Status: http.StatusBadRequest, Type: "UnknownOperationException", Fault: "Sender",
				Message: "the test server does not implement " + operation}
		}
	}
	if err != nil {
		status = err.Status
		writeCBORError(w, err)
		return
	}
	writeCBOR(w, http.StatusOK, output)
}

// readCBORInput checks the RPC v2 CBOR request headers and decodes the body, which is empty
// for an operation called with no input members.
func readCBORInput(r *http.Request) (cbor.Map, *apiError) {
	bad := func(format string, args ...any) (cbor.Map, *apiError) {
		return nil, &apiError{Status: http.StatusBadRequest, Type: "SerializationException", Fault: "Sender",
			Message: fmt.Sprintf(format, args...)}
	}
	if r.Method != http.MethodPost {
		return bad("method %s, expected POST", r.Method)
	}
	if got := r.Header.Get("Smithy-Protocol"); got != "rpc-v2-cbor" {
		return bad("Smithy-Protocol header is %q, expected rpc-v2-cbor", got)
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return bad("reading the body: %v", err)
	}
	if len(body) == 0 {
		return cbor.Map{}, nil
	}
	if got := r.Header.Get("Content-Type"); got != "application/cbor" {
		return bad("Content-Type is %q, expected application/cbor", got)
	}
	value, err := cbor.Decode(body)
	if err != nil {
		return bad("decoding the CBOR body: %v", err)
	}
	input, ok := value.(cbor.Map)
	if !ok {
		return bad("the body is a %T, expected a CBOR map", value)
	}
	return input, nil
}

func writeCBOR(w http.ResponseWriter, status int, body cbor.Map) {
	w.Header().Set("Smithy-Protocol", "rpc-v2-cbor")
	w.Header().Set("Content-Type", "application/cbor")
	w.WriteHeader(status)
	_, _ = w.Write(cbor.Encode(body))
}

func writeCBORError(w http.ResponseWriter, e *apiError) {
	if e.QueryCode != "" {
		w.Header().Set("X-Amzn-Query-Error", e.QueryCode+";"+e.Fault)
	}
	writeCBOR(w, e.Status, cbor.Map{"__type": cbor.String(e.Type), "message": cbor.String(e.Message)})
}

// metricQuery is one MetricDataQuery with a MetricStat.
type metricQuery struct {
	id        string
	label     string
	namespace string
	name      string
	dims      []catalog.Dimension
	period    time.Duration
	stat      string
}

// getMetricDataRequest is a decoded GetMetricData input.
type getMetricDataRequest struct {
	queries    []metricQuery
	start, end time.Time
	nextToken  string
	ascending  bool
}

func (s *Server) getMetricData(region string, input cbor.Map) (cbor.Map, *apiError) {
	req, err := parseGetMetricData(input)
	if err != nil {
		return nil, err
	}
	type result struct {
		query  metricQuery
		points []point
	}
	results := make([]result, len(req.queries))
	total := 0
	for i, q := range req.queries {
		results[i].query = q
		if series, ok := s.world.find(region, q.namespace, q.name, q.dims); ok {
			results[i].points = series.datapoints(req.start, req.end, q.period, q.stat)
		}
		if !req.ascending {
			slices.Reverse(results[i].points)
		}
		total += len(results[i].points)
	}

	fingerprint := requestFingerprint(region, input)
	offset, err := pageOffset(req.nextToken, "gmd", fingerprint)
	if err != nil {
		return nil, err
	}
	pageEnd := min(offset+s.options.DatapointsPerPage, total)

	// The page holds datapoints offset to pageEnd of all results laid end to end. Every
	// result is listed on every page, with the part of its datapoints that falls on it.
	list := cbor.List{}
	seen := 0
	for _, res := range results {
		from := min(max(offset-seen, 0), len(res.points))
		to := min(max(pageEnd-seen, 0), len(res.points))
		seen += len(res.points)
		timestamps, values := cbor.List{}, cbor.List{}
		for _, p := range res.points[from:to] {
			timestamps = append(timestamps, epochTag(p.at))
			values = append(values, cbor.Float64(p.value))
		}
		status := "Complete"
		if to < len(res.points) {
			status = "PartialData"
		}
		list = append(list, cbor.Map{
			"Id":         cbor.String(res.query.id),
			"Label":      cbor.String(res.query.label),
			"StatusCode": cbor.String(status),
			"Timestamps": timestamps,
			"Values":     values,
		})
	}
	output := cbor.Map{"MetricDataResults": list, "Messages": cbor.List{}}
	if pageEnd < total {
		output["NextToken"] = cbor.String(pageToken("gmd", fingerprint, pageEnd))
	}
	return output, nil
}

func parseGetMetricData(input cbor.Map) (*getMetricDataRequest, *apiError) {
	req := &getMetricDataRequest{}
	var ok bool
	if req.start, ok = timeMember(input, "StartTime"); !ok {
		return nil, validationError("StartTime is required")
	}
	if req.end, ok = timeMember(input, "EndTime"); !ok {
		return nil, validationError("EndTime is required")
	}
	if !req.end.After(req.start) {
		return nil, validationError("The parameter StartTime must be less than the parameter EndTime.")
	}
	req.nextToken, _ = stringMember(input, "NextToken")
	scanBy, _ := stringMember(input, "ScanBy")
	req.ascending = scanBy == "TimestampAscending"

	items, _ := input["MetricDataQueries"].(cbor.List)
	if len(items) == 0 || len(items) > maxQueries {
		return nil, validationError("The collection MetricDataQueries must contain 1 to %d items, got %d.",
			maxQueries, len(items))
	}
	ids := map[string]bool{}
	for i, item := range items {
		m, _ := item.(cbor.Map)
		q, err := parseMetricQuery(m, i)
		if err != nil {
			return nil, err
		}
		if ids[q.id] {
			return nil, validationError("The values for parameter id in MetricDataQueries are not unique: %s", q.id)
		}
		ids[q.id] = true
		req.queries = append(req.queries, q)
	}
	return req, nil
}

func parseMetricQuery(m cbor.Map, index int) (metricQuery, *apiError) {
	q := metricQuery{}
	q.id, _ = stringMember(m, "Id")
	if !queryIDPattern.MatchString(q.id) {
		return q, validationError("MetricDataQueries[%d].Id %q must start with a lowercase letter and "+
			"contain only letters, digits and underscores", index, q.id)
	}

	if _, isExpression := m["Expression"]; isExpression {
		return q, validationError("the test server does not evaluate expressions (query %s)", q.id)
	}
	stat, ok := m["MetricStat"].(cbor.Map)
	if !ok {
		return q, validationError("query %s sets neither MetricStat nor Expression", q.id)
	}
	metric, _ := stat["Metric"].(cbor.Map)
	q.namespace, _ = stringMember(metric, "Namespace")
	q.name, _ = stringMember(metric, "MetricName")
	if q.namespace == "" || q.name == "" {
		return q, validationError("query %s: Metric needs Namespace and MetricName", q.id)
	}

	dims, _ := metric["Dimensions"].(cbor.List)
	for _, d := range dims {
		dm, _ := d.(cbor.Map)
		name, _ := stringMember(dm, "Name")
		value, _ := stringMember(dm, "Value")
		q.dims = append(q.dims, catalog.Dimension{Name: name, Value: value})
	}

	period, ok := intMember(stat, "Period")
	if !ok || period < 60 || period%60 != 0 {
		return q, validationError("query %s: Period %d must be a multiple of 60 seconds", q.id, period)
	}
	q.period = time.Duration(period) * time.Second
	q.stat, _ = stringMember(stat, "Stat")
	switch q.stat {
	case catalog.Sum, catalog.SampleCount, catalog.Average, catalog.Maximum, catalog.Minimum:
	default:
		return q, validationError("query %s: the test server does not compute statistic %q", q.id, q.stat)
	}
	q.label, _ = stringMember(m, "Label")
	if q.label == "" {
		q.label = q.name
	}
	return q, nil
}

func (s *Server) listMetrics(region string, input cbor.Map) (cbor.Map, *apiError) {
	namespace, _ := stringMember(input, "Namespace")
	name, _ := stringMember(input, "MetricName")
	type filter struct {
		name, value string
		hasValue    bool
	}
	var filters []filter
	items, _ := input["Dimensions"].(cbor.List)
	for _, item := range items {
		m, _ := item.(cbor.Map)
		f := filter{}
		f.name, _ = stringMember(m, "Name")
		f.value, f.hasValue = stringMember(m, "Value")
		filters = append(filters, f)
	}
	if len(filters) > 10 {
		return nil, validationError("The collection Dimensions must not have more than 10 items.")
	}

	var matches []Series
	for _, series := range s.world.Series {
		if series.Region != region || (namespace != "" && series.Namespace != namespace) ||
			(name != "" && series.Name != name) {
			continue
		}
		keep := true
		for _, f := range filters {
			keep = keep && slices.ContainsFunc(series.Dimensions, func(d catalog.Dimension) bool {
				return d.Name == f.name && (!f.hasValue || d.Value == f.value)
			})
		}
		if keep {
			matches = append(matches, series)
		}
	}

	fingerprint := requestFingerprint(region, input)
	token, _ := stringMember(input, "NextToken")
	offset, err := pageOffset(token, "lm", fingerprint)
	if err != nil {
		return nil, err
	}
	end := min(offset+s.options.MetricsPerPage, len(matches))
	metrics := cbor.List{}
	for _, series := range matches[min(offset, end):end] {
		dims := cbor.List{}
		for _, d := range series.Dimensions {
			dims = append(dims, cbor.Map{"Name": cbor.String(d.Name), "Value": cbor.String(d.Value)})
		}
		metrics = append(metrics, cbor.Map{
			"Namespace":  cbor.String(series.Namespace),
			"MetricName": cbor.String(series.Name),
			"Dimensions": dims,
		})
	}
	output := cbor.Map{"Metrics": metrics}
	if end < len(matches) {
		output["NextToken"] = cbor.String(pageToken("lm", fingerprint, end))
	}
	return output, nil
}

// requestFingerprint identifies a request apart from its NextToken, so that a token is
// accepted only with the request that produced it, as CloudWatch requires.
func requestFingerprint(region string, input cbor.Map) string {
	rest := cbor.Map{}
	for k, v := range input {
		if k != "NextToken" {
			rest[k] = v
		}
	}
	// cbor.Encode writes map entries in Go's random map order, so hash a canonical form.
	sum := sha256.Sum256([]byte(region + "\x00" + canonical(rest)))
	return hex.EncodeToString(sum[:8])
}

// canonical renders a decoded CBOR value with map keys sorted.
func canonical(v cbor.Value) string {
	switch t := v.(type) {
	case cbor.Map:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var b strings.Builder
		b.WriteString("{")
		for _, k := range keys {
			fmt.Fprintf(&b, "%q:%s,", k, canonical(t[k]))
		}
		b.WriteString("}")
		return b.String()
	case cbor.List:
		parts := make([]string, len(t))
		for i, item := range t {
			parts[i] = canonical(item)
		}
		return "[" + strings.Join(parts, ",") + "]"
	case *cbor.Tag:
		return fmt.Sprintf("tag%d(%s)", t.ID, canonical(t.Value))
	}
	return fmt.Sprintf("%T:%v", v, v)
}

func pageToken(kind, fingerprint string, offset int) string {
	return fmt.Sprintf("%s-%s-%d", kind, fingerprint, offset)
}

// pageOffset returns the offset a NextToken stands for, or 0 without a token.
func pageOffset(token, kind, fingerprint string) (int, *apiError) {
	if token == "" {
		return 0, nil
	}
	rest, ok := strings.CutPrefix(token, kind+"-"+fingerprint+"-")
	offset, err := strconv.Atoi(rest)
	if !ok || err != nil || offset < 0 {
		return 0, &apiError{Status: http.StatusBadRequest, Type: "com.amazonaws.cloudwatch#InvalidNextToken",
			QueryCode: "InvalidNextToken", Fault: "Sender",
			Message: "The service couldn't process NextToken: it does not belong to this request"}
	}
	return offset, nil
}

func stringMember(m cbor.Map, key string) (string, bool) {
	v, ok := m[key].(cbor.String)
	return string(v), ok
}

func intMember(m cbor.Map, key string) (int64, bool) {
	v, present := m[key]
	if !present {
		return 0, false
	}
	n, err := cbor.AsInt64(v)
	return n, err == nil
}

func timeMember(m cbor.Map, key string) (time.Time, bool) {
	v, present := m[key]
	if !present {
		return time.Time{}, false
	}
	t, err := cbor.AsTime(v)
	return t.UTC(), err == nil
}

// epochTag is a timestamp as RPC v2 CBOR sends it: tag 1 around epoch seconds.
func epochTag(t time.Time) cbor.Value {
	return &cbor.Tag{ID: 1, Value: cbor.Float64(float64(t.UnixMilli()) / 1e3)}
}
