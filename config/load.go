package config

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Load builds and validates the Config of a stack from raw config values keyed by their full
// names (alex-enterprise:agents, aws:region), as the Pulumi engine passes them to a program.
// Arrays and objects are JSON text. A missing project key takes its default from Keys. Load
// returns a *ValidationError that lists every problem it finds.
func Load(project, stack string, raw map[string]string) (*Config, error) {
	cfg := &Config{Project: project, Stack: stack}
	p := &problems{cfg: cfg}
	r := reader{cfg: cfg, raw: raw, p: p}

	r.checkUnknownKeys()
	cfg.Region = r.region()
	cfg.Partition = partitionOf(cfg.Region)

	cfg.Bedrock = Bedrock{
		Enabled: r.boolean(KeyBedrockEnabled),
		Region:  r.str(KeyBedrockRegion),
	}
	cfg.NamePrefix = r.str(KeyNamePrefix)
	cfg.LambdaFunctionPrefix = r.str(KeyLambdaFunctionPrefix)
	cfg.AgentDiscovery = r.boolean(KeyAgentDiscovery)
	cfg.LambdaInsights = r.boolean(KeyLambdaInsights)
	cfg.SageMaker = SageMaker{
		Enabled:      r.boolean(KeySageMakerEnabled),
		EndpointName: r.str(KeySageMakerEndpoint),
		VariantName:  r.str(KeySageMakerVariant),
		Serverless:   r.boolean(KeySageMakerServerless),
	}
	cfg.DashboardTimeRange = r.str(KeyDashboardTimeRange)
	cfg.DashboardPeriodSeconds = r.integer(KeyDashboardPeriod)
	cfg.AdoptExisting = r.boolean(KeyAdoptExisting)
	cfg.Protect = r.boolean(KeyProtect)
	cfg.Alarms = r.alarms()

	validateRegions(cfg, p)
	cfg.Bedrock.Models = r.models()
	validateModels(cfg, p)
	validateNames(cfg, p)
	cfg.Agents = r.agents()
	if cfg.AgentDiscovery && len(cfg.Agents) == 0 && cfg.Alarms.Enabled {
		cfg.Warnings = append(cfg.Warnings, fmt.Sprintf("%s is true and %s is empty: alarms cannot use "+
			"SEARCH, so no agent has alarms; list the agents to get them", cfg.fullKey(KeyAgentDiscovery),
			cfg.fullKey(KeyAgents)))
	}
	validateDashboardSettings(cfg, p)
	validateAlarms(cfg, p)
	validateNoPlaceholders(cfg, raw, p)

	if err := p.err(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// reader parses raw values strictly: a value of the wrong type is a problem, never a silent
// zero value as with Pulumi's config.Get*.
type reader struct {
	cfg *Config
	raw map[string]string
	p   *problems
}

func (r *reader) value(name string) (string, bool) {
	v, ok := r.raw[r.cfg.fullKey(name)]
	return v, ok
}

func (r *reader) declaration(name string) Key {
	k, ok := LookupKey(name)
	if !ok {
		panic("config: key " + name + " is not declared in Keys")
	}
	return k
}

func (r *reader) str(name string) string {
	v, ok := r.value(name)
	if !ok {
		return r.declaration(name).Default.(string)
	}
	return strings.TrimSpace(v)
}

func (r *reader) boolean(name string) bool {
	def := r.declaration(name).Default.(bool)
	v, ok := r.value(name)
	if !ok {
		return def
	}
	switch strings.TrimSpace(v) {
	case "true":
		return true
	case "false":
		return false
	}
	r.p.add(name, v, "must be true or false", strconv.FormatBool(def))
	return def
}

func (r *reader) integer(name string) int {
	def := r.declaration(name).Default.(int)
	v, ok := r.value(name)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		r.p.add(name, v, "must be a whole number", strconv.Itoa(def))
		return def
	}
	return n
}

// strings reads an array of strings; an unset key returns the declared default. It reports
// false when the value is not a list of strings.
func (r *reader) strings(name string) ([]string, bool) {
	v, ok := r.value(name)
	if !ok {
		var out []string
		for _, item := range r.declaration(name).Default.([]any) {
			out = append(out, item.(string))
		}
		return out, true
	}
	var out []string
	if err := json.Unmarshal([]byte(v), &out); err != nil {
		r.p.addStep(name, v, "must be a list of strings",
			fmt.Sprintf("pulumi config set%s --path '%s[0]' VALUE, one index per entry", r.cfg.StackFlag(), name))
		return nil, false
	}
	for i := range out {
		out[i] = strings.TrimSpace(out[i])
	}
	return out, true
}

// stringList reads an array of strings whose parse errors need no further handling.
func (r *reader) stringList(name string) []string {
	out, _ := r.strings(name)
	return out
}

// object decodes a JSON object or array value into target; it reports whether a value was set.
// example is a path and value that show the expected shape.
func (r *reader) object(name, want, example string, target any) bool {
	v, ok := r.value(name)
	if !ok || strings.TrimSpace(v) == "" {
		return false
	}
	dec := json.NewDecoder(strings.NewReader(v))
	dec.DisallowUnknownFields()
	if err := dec.Decode(target); err != nil {
		r.p.addStep(name, v, fmt.Sprintf("must be %s (%v)", want, err),
			fmt.Sprintf("pulumi config rm%s %s, then set each entry: pulumi config set%s --path %s",
				r.cfg.StackFlag(), name, r.cfg.StackFlag(), example))
		return false
	}
	return true
}

// checkUnknownKeys rejects keys in the project namespace that no declaration matches:
// Pulumi accepts a misspelled key silently and the program would use the default instead.
func (r *reader) checkUnknownKeys() {
	prefix := r.cfg.Project + ":"
	var unknown []string
	for full := range r.raw {
		name, ok := strings.CutPrefix(full, prefix)
		if !ok {
			continue
		}
		if _, known := LookupKey(name); !known {
			unknown = append(unknown, name)
		}
	}
	sort.Strings(unknown)
	for _, name := range unknown {
		closest := closestKey(name)
		value := r.raw[prefix+name]
		if strings.HasPrefix(strings.TrimSpace(value), "[") || strings.HasPrefix(strings.TrimSpace(value), "{") {
			// A list or object moves by renaming the key in the stack file; set would store text.
			value = "VALUE"
		}
		r.p.list = append(r.p.list, &Error{
			Key:    r.cfg.fullKey(name),
			Value:  r.raw[prefix+name],
			Reason: fmt.Sprintf("unknown config key; did you mean %q?", closest),
			Fix: fmt.Sprintf("pulumi config rm%s '%s' && pulumi config set%s '%s' '%s'",
				r.cfg.StackFlag(), name, r.cfg.StackFlag(), closest, value),
		})
	}
	r.checkMisspelledNamespaces()
}

// knownNamespaces are config namespaces other than the project's that stack files use.
var knownNamespaces = map[string]bool{"aws": true, "pulumi": true}

// checkMisspelledNamespaces rejects keys whose namespace is a near miss of the project name,
// such as alex-enterprse:namePrefix, which Pulumi would pass on and the program would ignore.
func (r *reader) checkMisspelledNamespaces() {
	var keys []string
	for full := range r.raw {
		namespace, _, ok := strings.Cut(full, ":")
		if !ok || namespace == r.cfg.Project || knownNamespaces[namespace] {
			continue
		}
		if editDistance(strings.ToLower(namespace), strings.ToLower(r.cfg.Project)) <= 3 {
			keys = append(keys, full)
		}
	}
	sort.Strings(keys)
	for _, full := range keys {
		_, name, _ := strings.Cut(full, ":")
		r.p.list = append(r.p.list, &Error{
			Key:    full,
			Value:  r.raw[full],
			Reason: fmt.Sprintf("unknown namespace; did you mean %s:%s?", r.cfg.Project, name),
			Fix: fmt.Sprintf("rename the key to %s:%s in Pulumi.%s.yaml", r.cfg.Project, name,
				r.cfg.StackName()),
		})
	}
}

// closestKey returns the declared key with the smallest edit distance to name, ignoring case.
func closestKey(name string) string {
	best, bestDistance := "", -1
	for _, k := range Keys {
		d := editDistance(strings.ToLower(name), strings.ToLower(k.Name))
		if bestDistance < 0 || d < bestDistance {
			best, bestDistance = k.Name, d
		}
	}
	return best
}

// editDistance returns the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	previous := make([]int, len(b)+1)
	current := make([]int, len(b)+1)
	for j := range previous {
		previous[j] = j
	}
	for i := 1; i <= len(a); i++ {
		current[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			current[j] = min(previous[j]+1, current[j-1]+1, previous[j-1]+cost)
		}
		previous, current = current, previous
	}
	return previous[len(b)]
}

func (r *reader) region() string {
	v, ok := r.raw[RegionKey]
	v = strings.TrimSpace(v)
	if !ok || v == "" {
		r.p.add(RegionKey, v, "missing: the main region (Lambda agents, SageMaker endpoint) is not set", "us-east-1")
		return ""
	}
	return v
}

// agents reads the agents list, whose entries have the form name or name=function-name.
func (r *reader) agents() []Agent {
	entries, ok := r.strings(KeyAgents)
	if !ok {
		return nil
	}
	agents := make([]Agent, 0, len(entries))
	for i, entry := range entries {
		name, function, explicit := strings.Cut(entry, "=")
		name, function = strings.TrimSpace(name), strings.TrimSpace(function)
		if !explicit {
			function = r.cfg.LambdaFunctionPrefix + name
		}
		agents = append(agents, Agent{Name: name, FunctionName: function})
		validateAgent(r.cfg, r.p, i, entry, agents[len(agents)-1], explicit)
	}
	validateAgentList(r.cfg, r.p, agents)
	return agents
}

// modelEntry is one bedrockModels item as configured.
type modelEntry struct {
	ID                     string   `json:"id"`
	InputPricePer1kTokens  *float64 `json:"inputPricePer1kTokens"`
	OutputPricePer1kTokens *float64 `json:"outputPricePer1kTokens"`
}

// models reads bedrockModels, or bedrockModelId when the list is empty.
func (r *reader) models() []Model {
	var entries []modelEntry
	if r.object(KeyBedrockModels, "a list of objects with id and optional inputPricePer1kTokens and outputPricePer1kTokens",
		"'bedrockModels[0].id' 'us.amazon.nova-pro-v1:0'", &entries) && len(entries) > 0 {
		single, explicit := r.value(KeyBedrockModelID)
		def := r.declaration(KeyBedrockModelID).Default.(string)
		if explicit && strings.TrimSpace(single) != def {
			r.p.addStep(KeyBedrockModelID, single,
				"set together with bedrockModels; keep one: bedrockModels lists every model, bedrockModelId is the one-model form",
				fmt.Sprintf("pulumi config rm%s %s (add it to bedrockModels if it is still called)",
					r.cfg.StackFlag(), KeyBedrockModelID))
		}
		models := make([]Model, len(entries))
		for i, e := range entries {
			models[i] = Model{ID: strings.TrimSpace(e.ID), InputPricePer1kTokens: e.InputPricePer1kTokens,
				OutputPricePer1kTokens: e.OutputPricePer1kTokens}
		}
		return models
	}
	return []Model{{ID: r.str(KeyBedrockModelID)}}
}

func (r *reader) alarms() Alarms {
	a := Alarms{
		Enabled:                      r.boolean(KeyAlarmsEnabled),
		Emails:                       r.stringList(KeyAlarmEmails),
		HTTPSEndpoints:               r.stringList(KeyAlarmHTTPSEndpoints),
		PeriodSeconds:                r.integer(KeyAlarmPeriod),
		EvaluationPeriods:            r.integer(KeyAlarmEvaluationPeriods),
		DatapointsToAlarm:            r.integer(KeyAlarmDatapointsToAlarm),
		BedrockInputTokensPerPeriod:  r.integer(KeyBedrockInputTokens),
		BedrockServerErrorsPerPeriod: r.integer(KeyBedrockServerErrors),
		BedrockThrottlesPerPeriod:    r.integer(KeyBedrockThrottles),
		BedrockErrorRatePercent:      r.integer(KeyBedrockErrorRate),
		BedrockLatencyP99Ms:          r.integer(KeyBedrockLatencyP99),
		AgentErrorRatePercent:        r.integer(KeyAgentErrorRate),
		AgentMinInvocations:          r.integer(KeyAgentMinInvocations),
		AgentThrottlesPerPeriod:      r.integer(KeyAgentThrottles),
		AgentDurationP99Ms:           r.integer(KeyAgentDurationP99),
		SageMaker5XXErrorsPerPeriod:  r.integer(KeySageMaker5XXErrors),
		SageMakerLatencyP99Ms:        r.integer(KeySageMakerLatencyP99),
		AnomalyDetection:             r.boolean(KeyAnomalyDetection),
		AnomalyDetectionStddevs:      r.integer(KeyAnomalyDetectionStddevs),
		KMSKeys:                      map[string]string{},
	}
	r.object(KeyAlarmKMSKeys, "an object that maps a region to a KMS key ARN",
		"'alarmKmsKeys.us-east-1' 'arn:aws:kms:us-east-1:ACCOUNT:key/KEY-ID'", &a.KMSKeys)
	return a
}
