package awscheck

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/smithy-go"
)

// pendingConfirmation is the SubscriptionArn that SNS lists for an unconfirmed
// subscription created without ReturnSubscriptionArn.
const pendingConfirmation = "PendingConfirmation"

// Topic names an alert topic: by ARN, or by region and name when the account, and so the
// ARN, is not known.
type Topic struct {
	ARN    string
	Region string
	Name   string
}

// TopicFromARN parses an SNS topic ARN, arn:PARTITION:sns:REGION:ACCOUNT:NAME.
func TopicFromARN(arn string) (Topic, error) {
	parts := strings.Split(arn, ":")
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "sns" || parts[3] == "" || parts[5] == "" {
		return Topic{}, fmt.Errorf("%q is not an SNS topic ARN such as arn:aws:sns:us-east-1:111122223333:alerts", arn)
	}
	return Topic{ARN: arn, Region: parts[3], Name: parts[5]}, nil
}

// TopicResult is the state of an alert topic's subscriptions.
type TopicResult struct {
	Name string `json:"name"`
	// TopicARN is empty when no topic of that name exists in the region.
	TopicARN      string               `json:"topicArn,omitempty"`
	Region        string               `json:"region"`
	Subscriptions []SubscriptionResult `json:"subscriptions"`
	// Problem is set when alerts on the topic reach nobody: the topic does not exist or
	// has no confirmed subscription.
	Problem string `json:"problem,omitempty"`
}

// SubscriptionResult is one subscription to a topic.
type SubscriptionResult struct {
	Protocol string `json:"protocol"`
	Endpoint string `json:"endpoint"`
	// ARN is empty while SNS lists the subscription as PendingConfirmation.
	ARN     string `json:"arn,omitempty"`
	Pending bool   `json:"pending"`
}

// Pending returns the subscriptions still pending confirmation.
func (t TopicResult) Pending() []SubscriptionResult {
	var pending []SubscriptionResult
	for _, s := range t.Subscriptions {
		if s.Pending {
			pending = append(pending, s)
		}
	}
	return pending
}

// CheckTopic lists the subscriptions of a topic in the topic's region, after finding its
// ARN with ListTopics when only the name is known. A subscription is pending when SNS
// lists it as PendingConfirmation or, for one created with ReturnSubscriptionArn (as
// Pulumi and Terraform do), when GetSubscriptionAttributes returns PendingConfirmation true.
func CheckTopic(ctx context.Context, clients Clients, topic Topic) (TopicResult, error) {
	result := TopicResult{Name: topic.Name, TopicARN: topic.ARN, Region: topic.Region,
		Subscriptions: []SubscriptionResult{}}
	api := clients.SNS(topic.Region)
	if result.TopicARN == "" {
		arn, err := findTopic(ctx, api, topic.Region, topic.Name)
		if err != nil {
			return result, err
		}
		if arn == "" {
			result.Problem = fmt.Sprintf("no topic named %s in %s, so alarms there notify nobody", topic.Name, topic.Region)
			return result, nil
		}
		result.TopicARN = arn
	}
	paginator := sns.NewListSubscriptionsByTopicPaginator(api, &sns.ListSubscriptionsByTopicInput{
		TopicArn: aws.String(result.TopicARN),
	})
	for paginator.HasMorePages() {
		page, err := paginator.NextPage(ctx)
		if isNotFound(err) {
			result.Problem = fmt.Sprintf("the topic does not exist in %s, so alarms there notify nobody", topic.Region)
			return result, nil
		}
		if err != nil {
			return result, newCallError(ctx, serviceSNS, "ListSubscriptionsByTopic", topic.Region, err)
		}
		for _, s := range page.Subscriptions {
			sub := SubscriptionResult{Protocol: aws.ToString(s.Protocol), Endpoint: aws.ToString(s.Endpoint)}
			arn := aws.ToString(s.SubscriptionArn)
			if arn == pendingConfirmation {
				sub.Pending = true
			} else {
				sub.ARN = arn
				if sub.Pending, err = attributePending(ctx, api, topic.Region, arn); err != nil {
					return result, err
				}
			}
			result.Subscriptions = append(result.Subscriptions, sub)
		}
	}
	if len(result.Subscriptions) == len(result.Pending()) {
		result.Problem = "no confirmed subscription, so alarms on this topic notify nobody"
	}
	return result, nil
}

// findTopic returns the ARN of the topic named name in region, or "" when there is none.
func findTopic(ctx context.Context, api SNSAPI, region, name string) (string, error) {
	paginator := sns.NewListTopicsPaginator(api, &sns.ListTopicsInput{})
	for paginator.HasMorePages() {
		page, err := paginator.NextPage(ctx)
		if err != nil {
			return "", newCallError(ctx, serviceSNS, "ListTopics", region, err)
		}
		for _, t := range page.Topics {
			arn := aws.ToString(t.TopicArn)
			if strings.HasSuffix(arn, ":"+name) {
				return arn, nil
			}
		}
	}
	return "", nil
}

// attributePending reports whether the subscription with an ARN still awaits confirmation.
// A subscription deleted since it was listed counts as confirmed, so that it is not
// reported as pending.
func attributePending(ctx context.Context, api SNSAPI, region, arn string) (bool, error) {
	out, err := api.GetSubscriptionAttributes(ctx, &sns.GetSubscriptionAttributesInput{SubscriptionArn: aws.String(arn)})
	if isNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, newCallError(ctx, serviceSNS, "GetSubscriptionAttributes", region, err)
	}
	return out.Attributes["PendingConfirmation"] == "true", nil
}

func isNotFound(err error) bool {
	var apiErr smithy.APIError
	return errors.As(err, &apiErr) && apiErr.ErrorCode() == "NotFound"
}
