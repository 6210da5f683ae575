package monitoring

import "encoding/json"

// policyDocument is an IAM policy document.
type policyDocument struct {
	Version   string            `json:"Version"`
	ID        string            `json:"Id,omitempty"`
	Statement []policyStatement `json:"Statement"`
}

type policyStatement struct {
	Sid       string                       `json:"Sid"`
	Effect    string                       `json:"Effect"`
	Principal map[string]string            `json:"Principal"`
	Action    []string                     `json:"Action"`
	Resource  string                       `json:"Resource"`
	Condition map[string]map[string]string `json:"Condition,omitempty"`
}

const cloudWatchPrincipal = "cloudwatch.amazonaws.com"

func (p *Plan) accountRoot() string {
	return "arn:" + p.Config.Partition + ":iam::" + p.AccountID + ":root"
}

func (p *Plan) alarmSourceARN(region string) string {
	return "arn:" + p.Config.Partition + ":cloudwatch:" + region + ":" + p.AccountID + ":alarm:*"
}

// KMSKeyPolicy returns the key policy of an alert topic's key in region. The account keeps full
// control. CloudWatch may generate data keys and decrypt, because it needs both to publish to an
// encrypted topic, and the policy of the AWS-managed key alias/aws/sns cannot grant them.
func (p *Plan) KMSKeyPolicy(region string) string {
	return mustJSON(policyDocument{
		Version: "2012-10-17",
		Statement: []policyStatement{
			{Sid: "AccountAdministration", Effect: "Allow", Principal: map[string]string{"AWS": p.accountRoot()},
				Action: []string{"kms:*"}, Resource: "*"},
			{Sid: "CloudWatchAlarmsPublish", Effect: "Allow",
				Principal: map[string]string{"Service": cloudWatchPrincipal},
				Action:    []string{"kms:Decrypt", "kms:GenerateDataKey*"}, Resource: "*"},
		},
	})
}

// TopicPolicy returns the access policy of the alert topic in region: the account manages the
// topic, and CloudWatch alarms of this account and region may publish to it.
func (p *Plan) TopicPolicy(region string) string {
	topic := p.TopicARN(region)
	return mustJSON(policyDocument{
		Version: "2012-10-17",
		Statement: []policyStatement{
			{Sid: "AccountManagement", Effect: "Allow", Principal: map[string]string{"AWS": p.accountRoot()},
				Action: []string{"SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission",
					"SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic",
					"SNS:Publish"},
				Resource: topic},
			{Sid: "CloudWatchAlarmsPublish", Effect: "Allow",
				Principal: map[string]string{"Service": cloudWatchPrincipal},
				Action:    []string{"SNS:Publish"}, Resource: topic,
				Condition: map[string]map[string]string{
					"StringEquals": {"aws:SourceAccount": p.AccountID},
					"ArnLike":      {"aws:SourceArn": p.alarmSourceARN(region)},
				}},
		},
	})
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic("monitoring: marshalling a policy document: " + err.Error())
	}
	return string(b)
}
