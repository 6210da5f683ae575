package awstest

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

const (
	snsVersion   = "2010-03-31"
	snsNamespace = "http://sns.amazonaws.com/doc/2010-03-31/"
	requestID    = "00000000-0000-4000-8000-000000000000"
)

type snsError struct {
	Status  int
	Type    string // Sender or Receiver
	Code    string
	Message string
}

func (s *Server) serveSNS(w http.ResponseWriter, r *http.Request, region string) {
	operation := ""
	status := http.StatusOK
	defer func() { s.record(ServiceSNS, operation, region, status) }()

	var err *snsError
	if r.Method != http.MethodPost || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		err = &snsError{http.StatusBadRequest, "Sender", "MalformedQueryString", "expected a POST of a form-encoded body"}
	} else if parseErr := r.ParseForm(); parseErr != nil {
		err = &snsError{http.StatusBadRequest, "Sender", "MalformedQueryString", parseErr.Error()}
	} else if v := r.PostForm.Get("Version"); v != snsVersion {
		err = &snsError{http.StatusBadRequest, "Sender", "InvalidParameter", fmt.Sprintf("Version %q, expected %s", v, snsVersion)}
	}
	operation = r.PostForm.Get("Action")
	if err == nil {
		if kind, faulty := s.takeFault(operation, region); faulty {
			if kind == FaultHang {
				s.hang(r.Context())
				status = 0
				return
			}
			err = snsFault(kind, operation, region)
		}
	}
	var body any
	if err == nil {
		switch operation {
		case "ListTopics":
			body, err = s.listTopics(region, r.PostForm.Get("NextToken"))
		case "ListSubscriptionsByTopic":
			body, err = s.listSubscriptionsByTopic(region, r.PostForm.Get("TopicArn"), r.PostForm.Get("NextToken"))
		case "GetSubscriptionAttributes":
			body, err = s.getSubscriptionAttributes(region, r.PostForm.Get("SubscriptionArn"))
		default:
			err = &snsError{http.StatusBadRequest, "Sender", "InvalidAction", "the test server does not implement " + operation}
		}
	}
	if err != nil {
		status = err.Status
		body = xmlErrorResponse{Xmlns: snsNamespace, Error: xmlError{Type: err.Type, Code: err.Code, Message: err.Message},
			RequestID: requestID}
	}
	out, marshalErr := xml.Marshal(body)
	if marshalErr != nil {
		status = http.StatusInternalServerError
		http.Error(w, marshalErr.Error(), status)
		return
	}
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(xml.Header))
	_, _ = w.Write(out)
}

func snsFault(kind FaultKind, operation, region string) *snsError {
	if kind == FaultAccessDenied {
		return &snsError{http.StatusForbidden, "Sender", "AuthorizationError", fmt.Sprintf(
			"User: arn:aws:iam::%s:user/alexmon-test is not authorized to perform: SNS:%s on resource: arn:aws:sns:%s:%s:*",
			AccountID, operation, region, AccountID)}
	}
	return &snsError{http.StatusBadRequest, "Sender", "Throttling", "Rate exceeded"}
}

func notFound(resource string) *snsError {
	return &snsError{http.StatusNotFound, "Sender", "NotFound", resource + " does not exist"}
}

func (s *Server) topic(region, arn string) (Topic, *snsError) {
	if arn == "" {
		return Topic{}, &snsError{http.StatusBadRequest, "Sender", "InvalidParameter",
			"Invalid parameter: TopicArn"}
	}
	if topicRegion(arn) != region {
		return Topic{}, &snsError{http.StatusBadRequest, "Sender", "InvalidParameter",
			fmt.Sprintf("Invalid parameter: TopicArn: the topic is in %s, not in %s", topicRegion(arn), region)}
	}
	i := slices.IndexFunc(s.world.Topics, func(t Topic) bool { return t.ARN == arn })
	if i < 0 {
		return Topic{}, notFound("Topic")
	}
	return s.world.Topics[i], nil
}

func (s *Server) listTopics(region, token string) (any, *snsError) {
	var arns []string
	for _, t := range s.world.Topics {
		if topicRegion(t.ARN) == region {
			arns = append(arns, t.ARN)
		}
	}
	offset, err := snsPageOffset(token, "topics-", len(arns))
	if err != nil {
		return nil, err
	}
	end := min(offset+s.options.TopicsPerPage, len(arns))
	response := xmlListTopicsResponse{Xmlns: snsNamespace, Metadata: xmlMetadata{RequestID: requestID}}
	for _, arn := range arns[offset:end] {
		response.Result.Topics = append(response.Result.Topics, xmlTopic{TopicArn: arn})
	}
	if end < len(arns) {
		response.Result.NextToken = "topics-" + strconv.Itoa(end)
	}
	return response, nil
}

// snsPageOffset returns the offset a NextToken of the form prefix<offset> stands for.
func snsPageOffset(token, prefix string, total int) (int, *snsError) {
	if token == "" {
		return 0, nil
	}
	rest, ok := strings.CutPrefix(token, prefix)
	n, convErr := strconv.Atoi(rest)
	if !ok || convErr != nil || n < 0 || n > total {
		return 0, &snsError{http.StatusBadRequest, "Sender", "InvalidParameter", "Invalid parameter: NextToken"}
	}
	return n, nil
}

func (s *Server) listSubscriptionsByTopic(region, topicARN, token string) (any, *snsError) {
	topic, err := s.topic(region, topicARN)
	if err != nil {
		return nil, err
	}
	offset, err := snsPageOffset(token, "subs-", len(topic.Subscriptions))
	if err != nil {
		return nil, err
	}
	end := min(offset+s.options.SubscriptionsPerPage, len(topic.Subscriptions))
	response := xmlListSubscriptionsByTopicResponse{Xmlns: snsNamespace, Metadata: xmlMetadata{RequestID: requestID}}
	for _, sub := range topic.Subscriptions[offset:end] {
		arn := sub.ARN
		if arn == "" {
			arn = "PendingConfirmation"
		}
		response.Result.Subscriptions = append(response.Result.Subscriptions, xmlSubscription{
			TopicArn: topic.ARN, Protocol: sub.Protocol, SubscriptionArn: arn, Owner: AccountID, Endpoint: sub.Endpoint,
		})
	}
	if end < len(topic.Subscriptions) {
		response.Result.NextToken = "subs-" + strconv.Itoa(end)
	}
	return response, nil
}

func (s *Server) getSubscriptionAttributes(region, arn string) (any, *snsError) {
	if topicRegion(arn) != region {
		return nil, &snsError{http.StatusBadRequest, "Sender", "InvalidParameter", "Invalid parameter: SubscriptionArn"}
	}
	for _, topic := range s.world.Topics {
		for _, sub := range topic.Subscriptions {
			if sub.ARN == "" || sub.ARN != arn {
				continue
			}
			response := xmlGetSubscriptionAttributesResponse{Xmlns: snsNamespace, Metadata: xmlMetadata{RequestID: requestID}}
			response.Result.Entries = []xmlEntry{
				{"Endpoint", sub.Endpoint},
				{"Owner", AccountID},
				{"PendingConfirmation", strconv.FormatBool(sub.Pending)},
				{"Protocol", sub.Protocol},
				{"SubscriptionArn", sub.ARN},
				{"TopicArn", topic.ARN},
			}
			return response, nil
		}
	}
	return nil, notFound("Subscription")
}

type xmlMetadata struct {
	RequestID string `xml:"RequestId"`
}

type xmlSubscription struct {
	TopicArn        string
	Protocol        string
	SubscriptionArn string
	Owner           string
	Endpoint        string
}

type xmlTopic struct {
	TopicArn string
}

type xmlListTopicsResponse struct {
	XMLName xml.Name `xml:"ListTopicsResponse"`
	Xmlns   string   `xml:"xmlns,attr"`
	Result  struct {
		Topics    []xmlTopic `xml:"Topics>member"`
		NextToken string     `xml:"NextToken,omitempty"`
	} `xml:"ListTopicsResult"`
	Metadata xmlMetadata `xml:"ResponseMetadata"`
}

type xmlListSubscriptionsByTopicResponse struct {
	XMLName xml.Name `xml:"ListSubscriptionsByTopicResponse"`
	Xmlns   string   `xml:"xmlns,attr"`
	Result  struct {
		Subscriptions []xmlSubscription `xml:"Subscriptions>member"`
		NextToken     string            `xml:"NextToken,omitempty"`
	} `xml:"ListSubscriptionsByTopicResult"`
	Metadata xmlMetadata `xml:"ResponseMetadata"`
}

type xmlEntry struct {
	Key   string `xml:"key"`
	Value string `xml:"value"`
}

type xmlGetSubscriptionAttributesResponse struct {
	XMLName xml.Name `xml:"GetSubscriptionAttributesResponse"`
	Xmlns   string   `xml:"xmlns,attr"`
	Result  struct {
		Entries []xmlEntry `xml:"Attributes>entry"`
	} `xml:"GetSubscriptionAttributesResult"`
	Metadata xmlMetadata `xml:"ResponseMetadata"`
}

type xmlError struct {
	Type    string
	Code    string
	Message string
}

type xmlErrorResponse struct {
	XMLName   xml.Name `xml:"ErrorResponse"`
	Xmlns     string   `xml:"xmlns,attr"`
	Error     xmlError `xml:"Error"`
	RequestID string   `xml:"RequestId"`
}
