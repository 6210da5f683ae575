package config

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

var (
	// regionPattern matches commercial, China and GovCloud region codes such as us-west-2,
	// cn-north-1 and us-gov-west-1.
	regionPattern = regexp.MustCompile(
		`^(af|ap|ca|cn|eu|il|me|mx|sa|us)(-gov)?-(central|north|south|east|west|northeast|northwest|southeast|southwest)-[1-9]$`)

	// namePattern is what dashboard names (and so the prefix) accept: letters, digits, - and _.
	namePattern = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

	// functionNamePattern is a Lambda function name (not an ARN): at most 64 characters.
	functionNamePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

	// endpointNamePattern is a SageMaker endpoint or production variant name.
	endpointNamePattern = regexp.MustCompile(`^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$`)

	// timeRangePattern is a relative dashboard start: -PT<n>M, -PT<n>H, -P<n>D, -P<n>W or -P<n>M.
	timeRangePattern = regexp.MustCompile(`^-P(T[1-9][0-9]*[HM]|[1-9][0-9]*[DWM])$`)

	emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

	kmsKeyARNPattern = regexp.MustCompile(`^arn:(aws|aws-cn|aws-us-gov):kms:([a-z0-9-]+):([0-9]{12}):(key|alias)/(.+)$`)
)

// maxPrefixLength keeps the longest generated name (an alarm name carrying a 64-character
// function name) well under the 255-character CloudWatch limit.
const maxPrefixLength = 64

func partitionOf(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

func validateRegions(cfg *Config, p *problems) {
	if cfg.Region != "" && !regionPattern.MatchString(cfg.Region) {
		p.add(RegionKey, cfg.Region, "not an AWS region code such as us-east-1", "us-east-1")
	}
	if !cfg.Bedrock.Enabled {
		return
	}
	if !regionPattern.MatchString(cfg.Bedrock.Region) {
		p.add(KeyBedrockRegion, cfg.Bedrock.Region, "not an AWS region code such as us-west-2", "us-west-2")
		return
	}
	if cfg.Region != "" && partitionOf(cfg.Bedrock.Region) != cfg.Partition {
		p.add(KeyBedrockRegion, cfg.Bedrock.Region,
			fmt.Sprintf("is in partition %s but aws:region %s is in %s; one stack cannot span partitions",
				partitionOf(cfg.Bedrock.Region), cfg.Region, cfg.Partition), cfg.Region)
	}
}

func validateModels(cfg *Config, p *problems) {
	if !cfg.Bedrock.Enabled {
		return
	}
	key := KeyBedrockModelID
	if len(cfg.Bedrock.Models) > 1 || cfg.Bedrock.Models[0].InputPricePer1kTokens != nil ||
		cfg.Bedrock.Models[0].OutputPricePer1kTokens != nil {
		key = KeyBedrockModels
	}
	seen := map[string]bool{}
	for i, m := range cfg.Bedrock.Models {
		itemKey := key
		if key == KeyBedrockModels {
			itemKey = fmt.Sprintf("%s[%d].id", KeyBedrockModels, i)
		}
		if seen[m.ID] {
			p.addStep(itemKey, m.ID, "duplicate model ID; each model is listed once",
				fmt.Sprintf("pulumi config rm%s --path '%s[%d]'", cfg.StackFlag(), KeyBedrockModels, i))
		}
		seen[m.ID] = true
		validateModelID(cfg, p, itemKey, m.ID)
		validatePrices(cfg, p, key, i, m)
	}
}

func validatePrices(cfg *Config, p *problems, key string, index int, m Model) {
	for _, price := range []struct {
		field string
		value *float64
	}{{"inputPricePer1kTokens", m.InputPricePer1kTokens}, {"outputPricePer1kTokens", m.OutputPricePer1kTokens}} {
		if price.value == nil {
			continue
		}
		if *price.value < 0 || *price.value > 1000 {
			itemKey := fmt.Sprintf("%s[%d].%s", key, index, price.field)
			p.add(itemKey, strconv.FormatFloat(*price.value, 'g', -1, 64),
				"must be a price in USD per 1,000 tokens between 0 and 1000", "0.0008")
		}
	}
	if (m.InputPricePer1kTokens == nil) != (m.OutputPricePer1kTokens == nil) {
		missing := "outputPricePer1kTokens"
		if m.InputPricePer1kTokens == nil {
			missing = "inputPricePer1kTokens"
		}
		p.addStep(fmt.Sprintf("%s[%d]", key, index), m.ID,
			"sets only one of inputPricePer1kTokens and outputPricePer1kTokens; cost needs both",
			fmt.Sprintf("pulumi config set%s --path '%s[%d].%s' PRICE-IN-USD", cfg.StackFlag(), key, index,
				missing))
	}
}

func validateModelID(cfg *Config, p *problems, key, id string) {
	parsed, err := ParseModelID(id)
	if err != nil {
		p.add(key, id, err.Error(), suggestModelID(id))
		return
	}
	if parsed.ApplicationProfile {
		cfg.Warnings = append(cfg.Warnings, fmt.Sprintf(
			"%s %q looks like an application inference profile ID; CloudWatch is assumed to publish "+
				"its metrics under that ID (not confirmed by AWS documentation)", cfg.fullKey(key), id))
		return
	}
	if parsed.Geography == "" {
		cfg.Warnings = append(cfg.Warnings, fmt.Sprintf(
			"%s %q has no geography prefix: if the agents call it through a cross-region inference "+
				"profile (us., eu., apac., global. ...), Bedrock publishes metrics under the profile ID "+
				"and these widgets stay empty; set the ID exactly as the agents pass it", cfg.fullKey(key), id))
		return
	}
	if !GeographyMatchesRegion(parsed.Geography, cfg.Bedrock.Region) {
		p.add(key, id, fmt.Sprintf(
			"inference profile geography %q cannot be called from bedrockRegion %s; Bedrock publishes "+
				"metrics in the region the agents call, so set bedrockRegion to that region", parsed.Geography,
			cfg.Bedrock.Region), "")
		last := p.list[len(p.list)-1]
		last.Fix = cfg.setCommand(KeyBedrockRegion, exampleRegion(parsed.Geography))
	}
}

// suggestModelID returns the plain model or profile ID inside an ARN, or a sample ID.
func suggestModelID(id string) string {
	if i := strings.LastIndex(id, "/"); strings.HasPrefix(id, "arn:") && i >= 0 {
		return id[i+1:]
	}
	return "amazon.nova-pro-v1:0"
}

func validateNames(cfg *Config, p *problems) {
	if cfg.NamePrefix == "" || len(cfg.NamePrefix) > maxPrefixLength || !namePattern.MatchString(cfg.NamePrefix) {
		p.add(KeyNamePrefix, cfg.NamePrefix, fmt.Sprintf(
			"must be 1 to %d letters, digits, - or _ (CloudWatch dashboard names accept no other characters)",
			maxPrefixLength), suggestPrefix(cfg))
	}
	if cfg.LambdaFunctionPrefix != "" && !namePattern.MatchString(cfg.LambdaFunctionPrefix) {
		p.add(KeyLambdaFunctionPrefix, cfg.LambdaFunctionPrefix,
			"must contain only letters, digits, - or _, as Lambda function names do", "alex-")
	}
	if !cfg.SageMaker.Enabled {
		return
	}
	if !endpointNamePattern.MatchString(cfg.SageMaker.EndpointName) {
		p.add(KeySageMakerEndpoint, cfg.SageMaker.EndpointName,
			"not a SageMaker endpoint name (1 to 63 letters, digits and single hyphens)", "alex-embedding-endpoint")
	}
	if !endpointNamePattern.MatchString(cfg.SageMaker.VariantName) {
		p.add(KeySageMakerVariant, cfg.SageMaker.VariantName,
			"not a production variant name (1 to 63 letters, digits and single hyphens)", "AllTraffic")
	}
}

func validateAgent(cfg *Config, p *problems, index int, entry string, a Agent, explicit bool) {
	key := fmt.Sprintf("%s[%d]", KeyAgents, index)
	if a.Name == "" || !namePattern.MatchString(a.Name) || len(a.Name) > 64 {
		p.add(key, entry, "agent name must be 1 to 64 letters, digits, - or _", suggestAgentName(a.Name, index))
		return
	}
	if !functionNamePattern.MatchString(a.FunctionName) {
		reason := fmt.Sprintf("Lambda function name %q is invalid: at most 64 letters, digits, - or _", a.FunctionName)
		if !explicit {
			reason += fmt.Sprintf(" (lambdaFunctionPrefix %q plus the agent name)", cfg.LambdaFunctionPrefix)
		}
		p.add(key, entry, reason, a.Name+"=FUNCTION-NAME")
		return
	}
	if explicit && cfg.LambdaFunctionPrefix != "" && strings.HasPrefix(a.FunctionName,
		cfg.LambdaFunctionPrefix+cfg.LambdaFunctionPrefix) {
		p.add(key, entry, fmt.Sprintf("function name repeats lambdaFunctionPrefix %q; write the deployed name once",
			cfg.LambdaFunctionPrefix), a.Name+"="+strings.TrimPrefix(a.FunctionName, cfg.LambdaFunctionPrefix))
	}
}

// suggestPrefix turns an invalid name prefix into a valid one. It never suggests the default
// prefix alone, which another stack is likely to use already.
func suggestPrefix(cfg *Config) string {
	fixed := strings.Trim(invalidNameChars.ReplaceAllString(strings.TrimSpace(cfg.NamePrefix), "-"), "-")
	if fixed == "" {
		fixed = "alex-" + strings.Trim(invalidNameChars.ReplaceAllString(cfg.StackName(), "-"), "-")
	}
	return fixed[:min(len(fixed), maxPrefixLength)]
}

// suggestAgentName turns an invalid agent name into a valid one by replacing the characters
// that names reject.
func suggestAgentName(name string, index int) string {
	fixed := strings.Trim(invalidNameChars.ReplaceAllString(strings.TrimSpace(name), "-"), "-")
	if fixed == "" {
		return fmt.Sprintf("agent-%d", index+1)
	}
	return fixed[:min(len(fixed), 64)]
}

var invalidNameChars = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

func validateAgentList(cfg *Config, p *problems, agents []Agent) {
	if len(agents) == 0 && !cfg.AgentDiscovery {
		p.addStep(KeyAgents, "[]", "no agents: the agent dashboard would have no metrics",
			fmt.Sprintf("pulumi config set%s --path 'agents[0]' planner, or set agentDiscovery to true",
				cfg.StackFlag()))
	}
	names, functions := map[string]int{}, map[string]int{}
	for i, a := range agents {
		key := fmt.Sprintf("%s[%d]", KeyAgents, i)
		if j, dup := names[a.Name]; dup {
			p.addStep(key, a.Name, fmt.Sprintf("duplicate agent name, already agents[%d]", j),
				fmt.Sprintf("pulumi config rm%s --path '%s'", cfg.StackFlag(), key))
			continue
		}
		if j, dup := functions[a.FunctionName]; dup {
			p.addStep(key, a.FunctionName, fmt.Sprintf("duplicate function name, already agents[%d]", j),
				fmt.Sprintf("pulumi config rm%s --path '%s'", cfg.StackFlag(), key))
			continue
		}
		names[a.Name], functions[a.FunctionName] = i, i
	}
	if cfg.AgentDiscovery && cfg.LambdaFunctionPrefix == "" {
		p.add(KeyLambdaFunctionPrefix, "", "agentDiscovery needs a function-name prefix to search for", "alex-")
	}
}

func validateDashboardSettings(cfg *Config, p *problems) {
	if !timeRangePattern.MatchString(cfg.DashboardTimeRange) {
		p.add(KeyDashboardTimeRange, cfg.DashboardTimeRange,
			"must be a relative ISO 8601 duration such as -PT3H, -PT30M, -P1D or -P1W", "-PT6H")
	}
	if cfg.DashboardPeriodSeconds < 60 || cfg.DashboardPeriodSeconds%60 != 0 || cfg.DashboardPeriodSeconds > 86400 {
		p.add(KeyDashboardPeriod, strconv.Itoa(cfg.DashboardPeriodSeconds),
			"must be a multiple of 60 between 60 and 86400 seconds", "300")
	}
}

func validateAlarms(cfg *Config, p *problems) {
	a := cfg.Alarms
	for i, email := range a.Emails {
		if !emailPattern.MatchString(email) {
			p.add(fmt.Sprintf("%s[%d]", KeyAlarmEmails, i), email, "not an e-mail address", "oncall@yourcompany.com")
		}
	}
	for i, endpoint := range a.HTTPSEndpoints {
		u, err := url.Parse(endpoint)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			p.add(fmt.Sprintf("%s[%d]", KeyAlarmHTTPSEndpoints, i), endpoint,
				"must be an https:// URL (SNS protocol https)", "https://alerts.yourcompany.com/sns")
		}
	}
	validateKMSKeys(cfg, p)
	validateAlarmWindow(cfg, p)
	for _, t := range []struct {
		key   string
		value int
		max   int
	}{
		{KeyBedrockInputTokens, a.BedrockInputTokensPerPeriod, 1 << 40},
		{KeyBedrockServerErrors, a.BedrockServerErrorsPerPeriod, 1 << 30},
		{KeyBedrockThrottles, a.BedrockThrottlesPerPeriod, 1 << 30},
		{KeyBedrockErrorRate, a.BedrockErrorRatePercent, 100},
		{KeyBedrockLatencyP99, a.BedrockLatencyP99Ms, 3_600_000},
		{KeyAgentErrorRate, a.AgentErrorRatePercent, 100},
		{KeyAgentMinInvocations, a.AgentMinInvocations, 1 << 30},
		{KeyAgentThrottles, a.AgentThrottlesPerPeriod, 1 << 30},
		{KeyAgentDurationP99, a.AgentDurationP99Ms, 900_000},
		{KeySageMaker5XXErrors, a.SageMaker5XXErrorsPerPeriod, 1 << 30},
		{KeySageMakerLatencyP99, a.SageMakerLatencyP99Ms, 3_600_000},
	} {
		if t.value < 0 || t.value > t.max {
			def, _ := LookupKey(t.key)
			p.add(t.key, strconv.Itoa(t.value), fmt.Sprintf("must be between 0 and %d", t.max),
				strconv.Itoa(def.Default.(int)))
		}
	}
	if a.AnomalyDetectionStddevs < 1 || a.AnomalyDetectionStddevs > 10 {
		p.add(KeyAnomalyDetectionStddevs, strconv.Itoa(a.AnomalyDetectionStddevs),
			"must be between 1 and 10 standard deviations", "2")
	}
}

// validateAlarmWindow applies PutMetricAlarm's limits on period, evaluation periods and
// datapoints to alarm.
func validateAlarmWindow(cfg *Config, p *problems) {
	a := cfg.Alarms
	period := a.PeriodSeconds
	switch {
	case period == 10 || period == 20 || period == 30:
		p.add(KeyAlarmPeriod, strconv.Itoa(period), "10, 20 and 30 seconds make high-resolution alarms, "+
			"which need high-resolution custom metrics; Bedrock, Lambda and SageMaker publish per minute", "300")
		return
	case period < 60 || period%60 != 0:
		p.add(KeyAlarmPeriod, strconv.Itoa(period), "must be a multiple of 60 seconds, because Bedrock, "+
			"Lambda and SageMaker publish metrics per minute", "300")
		return
	}
	if a.EvaluationPeriods < 1 {
		p.add(KeyAlarmEvaluationPeriods, strconv.Itoa(a.EvaluationPeriods), "must be at least 1", "3")
		return
	}
	maxWindow := 604_800
	if period < 3600 {
		maxWindow = 86_400
	}
	if period*a.EvaluationPeriods > maxWindow {
		p.add(KeyAlarmEvaluationPeriods, strconv.Itoa(a.EvaluationPeriods), fmt.Sprintf(
			"alarmPeriodSeconds × alarmEvaluationPeriods = %d s exceeds CloudWatch's limit of %d s "+
				"(1 day when the period is under an hour, else 7 days)", period*a.EvaluationPeriods, maxWindow),
			strconv.Itoa(maxWindow/period))
	}
	if a.DatapointsToAlarm < 1 || a.DatapointsToAlarm > a.EvaluationPeriods {
		p.add(KeyAlarmDatapointsToAlarm, strconv.Itoa(a.DatapointsToAlarm), fmt.Sprintf(
			"must be between 1 and alarmEvaluationPeriods (%d)", a.EvaluationPeriods),
			strconv.Itoa(min(max(a.DatapointsToAlarm, 1), a.EvaluationPeriods)))
	}
}

func validateKMSKeys(cfg *Config, p *problems) {
	regions := make([]string, 0, len(cfg.Alarms.KMSKeys))
	for region := range cfg.Alarms.KMSKeys {
		regions = append(regions, region)
	}
	sort.Strings(regions)
	for _, region := range regions {
		key := KeyAlarmKMSKeys + "." + region
		value := cfg.Alarms.KMSKeys[region]
		if strings.Contains(value, "alias/aws/sns") {
			p.add(key, value, "the AWS-managed key alias/aws/sns cannot be used: CloudWatch needs "+
				"kms:GenerateDataKey* and kms:Decrypt on the key, which only a customer-managed key's policy can grant; "+
				"remove the entry and the stack creates a key", "")
			last := p.list[len(p.list)-1]
			last.Fix = fmt.Sprintf("pulumi config rm%s --path '%s'", cfg.StackFlag(), key)
			continue
		}
		m := kmsKeyARNPattern.FindStringSubmatch(value)
		if regionPattern.MatchString(region) && !slices.Contains(alarmRegions(cfg), region) {
			p.addStep(key, value, fmt.Sprintf("no alarms live in %s, so no topic would use this key; the alarm "+
				"regions are %s", region, strings.Join(alarmRegions(cfg), " and ")),
				fmt.Sprintf("pulumi config rm%s --path '%s'", cfg.StackFlag(), key))
			continue
		}
		if !regionPattern.MatchString(region) {
			p.addStep(key, value, fmt.Sprintf("%q is not a region code; the map is keyed by region", region),
				fmt.Sprintf("pulumi config rm%s --path '%s' && pulumi config set%s --path '%s.us-east-1' '%s'",
					cfg.StackFlag(), key, cfg.StackFlag(), KeyAlarmKMSKeys, value))
			continue
		}
		if m == nil {
			p.add(key, value, "must be a KMS key or alias ARN, arn:aws:kms:REGION:ACCOUNT:key/ID",
				fmt.Sprintf("arn:%s:kms:%s:ACCOUNT:key/KEY-ID", partitionOf(region), region))
			continue
		}
		if m[2] != region {
			p.add(key, value, fmt.Sprintf("key is in region %s, but an SNS topic in %s can only use a key of its own region",
				m[2], region), strings.Replace(value, ":"+m[2]+":", ":"+region+":", 1))
		}
	}
}

// alarmRegions returns the regions that can hold alarms: the main region and, when Bedrock is
// monitored, bedrockRegion.
func alarmRegions(cfg *Config) []string {
	regions := []string{cfg.Region}
	if cfg.BedrockRegionDiffers() {
		regions = append(regions, cfg.Bedrock.Region)
	}
	return regions
}

// placeholderPattern matches values copied from an example that were never replaced.
var placeholderPattern = regexp.MustCompile(
	`(?i)(@example\.(com|org|net)\b|//example\.(com|org|net)\b|\bchange[-_ ]?me\b|\breplace[-_ ]?me\b|` +
		`<[a-z0-9 _-]+>|\bYOUR[-_]|:123456789012:)`)

// validateNoPlaceholders rejects example placeholders left in a stack file, so that a preview
// in CI never runs against a made-up address, account or region. A placeholder inside a list or
// object is reported at its own path, and a key that already has a problem is not reported twice.
func validateNoPlaceholders(cfg *Config, raw map[string]string, p *problems) {
	reported := map[string]bool{}
	for _, e := range p.list {
		reported[e.Key] = true
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		if k == RegionKey || strings.HasPrefix(k, cfg.Project+":") {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !placeholderPattern.MatchString(raw[k]) {
			continue
		}
		path, value := placeholderPath(k, raw[k])
		if reported[path] || reported[k] {
			continue
		}
		name := strings.TrimPrefix(path, cfg.Project+":")
		flag := ""
		if name != strings.TrimPrefix(k, cfg.Project+":") {
			flag = " --path"
		}
		p.list = append(p.list, &Error{
			Key:    path,
			Value:  value,
			Reason: "still holds an example placeholder; replace it with a real value",
			Fix:    fmt.Sprintf("pulumi config set%s%s '%s' REAL-VALUE", cfg.StackFlag(), flag, name),
		})
	}
}

// placeholderPath returns the path and the entry of the first placeholder inside a JSON list
// or object value, such as alex-enterprise:alarmEmails[0]. Other values are returned as they are.
func placeholderPath(key, value string) (string, string) {
	var list []any
	if json.Unmarshal([]byte(value), &list) == nil {
		for i, item := range list {
			text, _ := json.Marshal(item)
			if placeholderPattern.Match(text) {
				if s, ok := item.(string); ok {
					return fmt.Sprintf("%s[%d]", key, i), s
				}
				return fmt.Sprintf("%s[%d]", key, i), string(text)
			}
		}
	}
	var object map[string]any
	if json.Unmarshal([]byte(value), &object) == nil {
		names := make([]string, 0, len(object))
		for name := range object {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			if s, ok := object[name].(string); ok && placeholderPattern.MatchString(s) {
				return key + "." + name, s
			}
		}
	}
	return key, value
}
