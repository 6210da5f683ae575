package config

import (
	"fmt"
	"regexp"
	"strings"
)

// ModelID is a parsed Bedrock model or inference profile ID.
type ModelID struct {
	ID        string
	Geography string // cross-region profile prefix such as us or global; empty for a base model
	BaseModel string // the ID without the geography prefix
	// ApplicationProfile marks the short ID of an application inference profile.
	ApplicationProfile bool
}

var (
	// baseModelPattern follows the BedrockModelId shape of the Bedrock service model:
	// provider.model segments of [a-z0-9-], then optional :revision parts.
	baseModelPattern = regexp.MustCompile(`^[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63})+(:[a-z0-9-]{1,63}){0,2}$`)

	// applicationProfilePattern is the 12-character ID at the end of an application inference
	// profile ARN, as public code observes it.
	applicationProfilePattern = regexp.MustCompile(`^[a-z0-9]{12}$`)
)

// Geographies are the cross-region inference profile prefixes and the region code prefixes
// from which each can be called.
var Geographies = map[string][]string{
	"us":     {"us-"},
	"us-gov": {"us-gov-"},
	"eu":     {"eu-"},
	"apac":   {"ap-"},
	"jp":     {"ap-northeast-"},
	"au":     {"ap-southeast-"},
	"ca":     {"ca-"},
	"global": {""},
}

// ParseModelID checks that id is a model or inference profile ID as CloudWatch's ModelId
// dimension holds it, rather than an ARN or a malformed string.
func ParseModelID(id string) (ModelID, error) {
	if strings.HasPrefix(id, "arn:") {
		kind := "an ARN"
		switch {
		case strings.Contains(id, ":foundation-model/"):
			kind = "a foundation-model ARN"
		case strings.Contains(id, ":inference-profile/"):
			kind = "an inference-profile ARN"
		case strings.Contains(id, ":application-inference-profile/"):
			kind = "an application inference profile ARN"
		}
		return ModelID{}, fmt.Errorf("is %s, but Bedrock publishes metrics under the model or profile ID "+
			"(the part after the last /), so the widgets would stay empty", kind)
	}
	if applicationProfilePattern.MatchString(id) {
		return ModelID{ID: id, ApplicationProfile: true}, nil
	}
	if id == "" || len(id) > 140 || !baseModelPattern.MatchString(id) {
		return ModelID{}, fmt.Errorf("not a Bedrock model ID such as amazon.nova-pro-v1:0 " +
			"or an inference profile ID such as us.amazon.nova-pro-v1:0")
	}
	parsed := ModelID{ID: id, BaseModel: id}
	first, rest, _ := strings.Cut(id, ".")
	if _, isGeo := Geographies[first]; isGeo && strings.Contains(rest, ".") {
		parsed.Geography, parsed.BaseModel = first, rest
	}
	return parsed, nil
}

// GeographyMatchesRegion reports whether a profile of the geography can be called from region.
func GeographyMatchesRegion(geography, region string) bool {
	if geography == "us" && strings.HasPrefix(region, "us-gov-") {
		return false
	}
	if geography == "global" {
		return partitionOf(region) == "aws"
	}
	for _, prefix := range Geographies[geography] {
		if strings.HasPrefix(region, prefix) {
			return true
		}
	}
	return false
}

// exampleRegion returns a region from which profiles of the geography can be called.
func exampleRegion(geography string) string {
	switch geography {
	case "eu":
		return "eu-central-1"
	case "apac":
		return "ap-southeast-1"
	case "jp":
		return "ap-northeast-1"
	case "au":
		return "ap-southeast-2"
	case "ca":
		return "ca-central-1"
	case "us-gov":
		return "us-gov-west-1"
	}
	return "us-west-2"
}
