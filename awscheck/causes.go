package awscheck

import (
	"fmt"
	"slices"
	"strings"

	"github.com/alex-enterprise/monitoring/catalog"
	"github.com/alex-enterprise/monitoring/config"
)

// bedrockRegions are the regions searched for a model that publishes nothing in
// bedrockRegion. NOTE: a fixed list of regions with Bedrock runtime endpoints; a model
// called from a region not listed here is not found.
var bedrockRegions = []string{
	"us-east-1", "us-east-2", "us-west-2", "us-gov-west-1", "us-gov-east-1", "ca-central-1",
	"eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-north-1", "eu-south-1", "eu-south-2",
	"ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
	"ap-southeast-1", "ap-southeast-2", "sa-east-1",
}

// regionsToSearch returns the other regions to look for a model in: the main region first,
// then the Bedrock regions of the same partition and continent as region, so that a search
// from us-east-1 covers us-east-2 and us-west-2 but not Europe.
func regionsToSearch(region, mainRegion string) []string {
	continent, _, _ := strings.Cut(region, "-")
	var out []string
	if mainRegion != region {
		out = append(out, mainRegion)
	}
	for _, r := range bedrockRegions {
		c, _, _ := strings.Cut(r, "-")
		if r != region && !slices.Contains(out, r) && c == continent &&
			strings.HasPrefix(r, "us-gov-") == strings.HasPrefix(region, "us-gov-") {
			out = append(out, r)
		}
	}
	return out
}

// findCause fills in the cause and fixes of a subject that publishes nothing.
func (d *doctor) findCause(r *SubjectResult) error {
	switch r.Namespace {
	case catalog.NamespaceBedrock:
		return d.bedrockCause(r)
	case catalog.NamespaceLambda:
		return d.functionCause(r, catalog.NamespaceLambda, catalog.LambdaInvocations.Name,
			catalog.DimensionFunctionName)
	case catalog.NamespaceLambdaInsights:
		return d.insightsCause(r)
	case catalog.NamespaceSageMaker, catalog.NamespaceSageMakerEndpoint:
		return d.sageMakerCause(r)
	}
	r.Cause = "no datapoints in the last 14 days"
	return nil
}

func dimensionValue(dims []catalog.Dimension, name string) string {
	for _, d := range dims {
		if d.Name == name {
			return d.Value
		}
	}
	return ""
}

// setCommand returns the pulumi command that sets a project config key of the stack.
func (d *doctor) setCommand(key, value string) string {
	path := ""
	if strings.ContainsAny(key, "[.") {
		path = " --path"
	}
	return fmt.Sprintf("pulumi config set --stack %s%s '%s' '%s'", d.cfg.Stack, path, key, value)
}

// modelKey returns the config key that holds the ID of the model, as the stack sets it.
func (d *doctor) modelKey(modelID string) string {
	models := d.cfg.Bedrock.Models
	i := slices.IndexFunc(models, func(m config.Model) bool { return m.ID == modelID })
	if len(models) == 1 && models[0].InputPricePer1kTokens == nil && models[0].OutputPricePer1kTokens == nil {
		return config.KeyBedrockModelID
	}
	return fmt.Sprintf("%s[%d].id", config.KeyBedrockModels, max(i, 0))
}

// relatedModelIDs returns the IDs among ids that name the same base model as modelID under
// another inference-profile prefix, or without one, or as an ARN.
func relatedModelIDs(modelID string, ids []string) []string {
	want, err := config.ParseModelID(modelID)
	if err != nil || want.ApplicationProfile {
		return nil
	}
	var related []string
	for _, id := range ids {
		plain := id
		if i := strings.LastIndex(id, "/"); strings.HasPrefix(id, "arn:") && i >= 0 {
			plain = id[i+1:]
		}
		got, err := config.ParseModelID(plain)
		if id != modelID && err == nil && got.BaseModel == want.BaseModel {
			related = append(related, id)
		}
	}
	return related
}

// describeModelID names the kind of a ModelId value: ARN, inference-profile ID or model ID.
func describeModelID(id string) string {
	if strings.HasPrefix(id, "arn:") {
		return "the ARN"
	}
	if parsed, err := config.ParseModelID(id); err == nil && parsed.Geography != "" {
		return "the inference-profile ID"
	}
	return "the model ID"
}

// bedrockCause looks for the model under a related ID in its region, then under its own or
// a related ID in the other regions of regionsToSearch.
func (d *doctor) bedrockCause(r *SubjectResult) error {
	modelID := dimensionValue(r.Dimensions, catalog.DimensionModelID)
	modelDims := []string{catalog.DimensionModelID}
	invocations := catalog.BedrockInvocations.Name
	inRegion, err := d.lister.dimensionValues(r.Region, catalog.NamespaceBedrock, invocations, catalog.DimensionModelID,
		modelDims, nil)
	if err != nil {
		return err
	}
	if related := relatedModelIDs(modelID, inRegion); len(related) > 0 {
		d.modelMoved(r, "", related[0])
		return nil
	}

	searched := regionsToSearch(r.Region, d.cfg.Region)
	for _, region := range searched {
		elsewhere, err := d.lister.dimensionValues(region, catalog.NamespaceBedrock, invocations, catalog.DimensionModelID,
			modelDims, nil)
		if err != nil {
			return err
		}
		if slices.Contains(elsewhere, modelID) {
			d.modelMoved(r, region, modelID)
			return nil
		}
		if related := relatedModelIDs(modelID, elsewhere); len(related) > 0 {
			d.modelMoved(r, region, related[0])
			return nil
		}
	}

	if len(inRegion) > 0 {
		r.Cause = fmt.Sprintf("no Bedrock metrics under ModelId %s in %s in the last 14 days; models that publish "+
			"there: %s. Set the ID exactly as the agents pass it in modelId", modelID, r.Region, strings.Join(inRegion, ", "))
		return nil
	}
	regions := strings.Join(append([]string{r.Region}, searched...), ", ")
	r.Cause = fmt.Sprintf("no Bedrock metrics at all in %s in the last 14 days: the agents call Bedrock "+
		"from another region, have not called it, or use another model provider (then set %s to false)",
		regions, config.KeyBedrockEnabled)
	return nil
}

// modelMoved records that the model publishes under publishedID, in region when it is not
// empty, else in the subject's region.
func (d *doctor) modelMoved(r *SubjectResult, region, publishedID string) {
	modelID := dimensionValue(r.Dimensions, catalog.DimensionModelID)
	where := r.Region
	if region != "" {
		where = region
		r.Fixes = append(r.Fixes, d.setCommand(config.KeyBedrockRegion, region))
	}
	switch {
	case publishedID == modelID:
		r.Cause = fmt.Sprintf("Bedrock publishes model %s in %s, the region the agents call, not in %s",
			modelID, where, r.Region)
	case strings.HasPrefix(publishedID, "arn:"):
		plain := publishedID[strings.LastIndex(publishedID, "/")+1:]
		r.Cause = fmt.Sprintf("Bedrock publishes this model in %s under the ARN %s because the agents pass an ARN "+
			"as modelId; make them pass the ID %s, which the stack config expects", where, publishedID, plain)
		if plain != modelID {
			r.Fixes = append(r.Fixes, d.setCommand(d.modelKey(modelID), plain))
		}
	default:
		r.Cause = fmt.Sprintf("Bedrock publishes this model in %s under %s %s, which the agents pass as modelId",
			where, describeModelID(publishedID), publishedID)
		r.Fixes = append(r.Fixes, d.setCommand(d.modelKey(modelID), publishedID))
	}
}

// agentOf returns the agent, and its index in the agents key, whose function is function.
func (d *doctor) agentOf(function string) (config.Agent, int, bool) {
	i := slices.IndexFunc(d.cfg.Agents, func(a config.Agent) bool { return a.FunctionName == function })
	if i < 0 {
		return config.Agent{}, -1, false
	}
	return d.cfg.Agents[i], i, true
}

// functionCause looks for a deployed function whose name ends with the agent's name, which
// means the functions were deployed with another prefix.
func (d *doctor) functionCause(r *SubjectResult, namespace, metric, dimension string) error {
	function := dimensionValue(r.Dimensions, dimension)
	functions, err := d.lister.dimensionValues(r.Region, namespace, metric, dimension, []string{dimension}, nil)
	if err != nil {
		return err
	}
	agent, index, ok := d.agentOf(function)
	if ok {
		for _, name := range functions {
			if name == function || !strings.HasSuffix(name, agent.Name) {
				continue
			}
			prefix := strings.TrimSuffix(name, agent.Name)
			if function == d.cfg.LambdaFunctionPrefix+agent.Name {
				r.Cause = fmt.Sprintf("the %s agent's function publishes as %s: the deployed functions use the "+
					"prefix %q, not lambdaFunctionPrefix %q", agent.Name, name, prefix, d.cfg.LambdaFunctionPrefix)
				r.Fixes = append(r.Fixes, d.setCommand(config.KeyLambdaFunctionPrefix, prefix))
			} else {
				r.Cause = fmt.Sprintf("the %s agent's function publishes as %s, not as %s", agent.Name, name, function)
				r.Fixes = append(r.Fixes, d.setCommand(fmt.Sprintf("%s[%d]", config.KeyAgents, index),
					agent.Name+"="+name))
			}
			return nil
		}
	}
	r.Cause = fmt.Sprintf("no function named %s published metrics in %s in the last 14 days: it is not deployed "+
		"in %s under that name, or was not invoked", function, r.Region, r.Region)
	if withPrefix := withPrefix(functions, d.cfg.LambdaFunctionPrefix); len(withPrefix) > 0 {
		r.Cause += fmt.Sprintf("; functions with prefix %q there: %s", d.cfg.LambdaFunctionPrefix,
			strings.Join(withPrefix, ", "))
	}
	return nil
}

func withPrefix(names []string, prefix string) []string {
	var out []string
	for _, n := range names {
		if prefix != "" && strings.HasPrefix(n, prefix) {
			out = append(out, n)
		}
	}
	return out
}

// insightsCause distinguishes a missing Lambda Insights extension from a function name
// mismatch.
func (d *doctor) insightsCause(r *SubjectResult) error {
	metric := catalog.InsightsMemoryUtilization
	functions, err := d.lister.dimensionValues(r.Region, metric.Namespace, metric.Name, catalog.DimensionInsightsFunction,
		metric.Dimensions, nil)
	if err != nil {
		return err
	}
	if len(functions) == 0 {
		r.Cause = fmt.Sprintf("no Lambda Insights metrics at all in %s in the last 14 days: the extension layer is "+
			"not installed on the functions, or they were not invoked", r.Region)
		r.Fixes = append(r.Fixes, d.setCommand(config.KeyLambdaInsights, "false"))
		return nil
	}
	return d.functionCause(r, metric.Namespace, metric.Name, catalog.DimensionInsightsFunction)
}

// sageMakerCause distinguishes a different variant name from an endpoint that does not
// publish.
func (d *doctor) sageMakerCause(r *SubjectResult) error {
	endpoint := dimensionValue(r.Dimensions, catalog.DimensionEndpointName)
	variant := dimensionValue(r.Dimensions, catalog.DimensionVariantName)
	metric := r.Missing[0]
	pair := []string{catalog.DimensionEndpointName, catalog.DimensionVariantName}
	variants, err := d.lister.dimensionValues(r.Region, r.Namespace, metric, catalog.DimensionVariantName, pair,
		[]catalog.Dimension{{Name: catalog.DimensionEndpointName, Value: endpoint}})
	if err != nil {
		return err
	}

	if len(variants) > 0 {
		r.Cause = fmt.Sprintf("endpoint %s publishes under VariantName %s, not %s",
			endpoint, strings.Join(variants, ", "), variant)
		r.Fixes = append(r.Fixes, d.setCommand(config.KeySageMakerVariant, variants[0]))
		return nil
	}

	if r.Namespace == catalog.NamespaceSageMakerEndpoint {
		invocations, err := d.lister.dimensionValues(r.Region, catalog.NamespaceSageMaker,
			catalog.SageMakerInvocations.Name, catalog.DimensionVariantName, pair,
			[]catalog.Dimension{{Name: catalog.DimensionEndpointName, Value: endpoint}})
		if err != nil {
			return err
		}
		if slices.Contains(invocations, variant) {
			r.Cause = fmt.Sprintf("the endpoint publishes invocation metrics but no %s metrics in the last 14 days; "+
				"serverless endpoints publish only MemoryUtilization there: check %s", r.Namespace,
				config.KeySageMakerServerless)
			return nil
		}
	}

	endpoints, err := d.lister.dimensionValues(r.Region, r.Namespace, metric, catalog.DimensionEndpointName, pair, nil)
	if err != nil {
		return err
	}
	r.Cause = fmt.Sprintf("no endpoint named %s published metrics in %s in the last 14 days: it does not exist "+
		"in %s, or received no invocations", endpoint, r.Region, r.Region)
	if len(endpoints) > 0 {
		r.Cause += "; endpoints that publish there: " + strings.Join(endpoints, ", ")
	}
	// Suggest an endpoint only when it is the one endpoint there; else the user names it.
	deployed := "DEPLOYED-ENDPOINT-NAME"
	if len(endpoints) == 1 {
		deployed = endpoints[0]
	}
	r.Fixes = append(r.Fixes, d.setCommand(config.KeySageMakerEndpoint, deployed),
		d.setCommand(config.KeySageMakerEnabled, "false")+" (if the application uses no endpoint)")
	return nil
}

// checkDiscovery checks that some function with lambdaFunctionPrefix publishes metrics, as
// the agent dashboards then search by that prefix.
func (d *doctor) checkDiscovery() (SubjectResult, error) {
	prefix := d.cfg.LambdaFunctionPrefix
	r := SubjectResult{
		Subject: Subject{Region: d.cfg.Region, Namespace: catalog.NamespaceLambda, UsedBy: "dashboard SEARCH by function name",
			Dimensions: []catalog.Dimension{{Name: catalog.DimensionFunctionName, Value: prefix + "*"}}},
		Present: []string{}, Missing: []string{},
	}
	dimension := catalog.DimensionFunctionName
	functions, err := d.lister.dimensionValues(d.cfg.Region, catalog.NamespaceLambda, catalog.LambdaInvocations.Name,
		dimension, []string{dimension}, nil)
	if err != nil {
		return r, err
	}
	if found := withPrefix(functions, prefix); len(found) > 0 {
		r.Status = StatusOK
		r.Present = append(r.Present, catalog.LambdaInvocations.Name)
		r.Note = fmt.Sprintf("%d functions found: %s", len(found), strings.Join(found, ", "))
		return r, nil
	}
	r.Status = StatusError
	r.Missing = append(r.Missing, catalog.LambdaInvocations.Name)
	r.Cause = fmt.Sprintf("no function whose name starts with %q published metrics in %s in the last 14 days",
		prefix, d.cfg.Region)
	for _, a := range d.cfg.Agents {
		for _, name := range functions {
			if strings.HasSuffix(name, a.Name) && name != a.Name {
				other := strings.TrimSuffix(name, a.Name)
				r.Cause += fmt.Sprintf("; the %s agent's function publishes as %s", a.Name, name)
				r.Fixes = append(r.Fixes, d.setCommand(config.KeyLambdaFunctionPrefix, other))
				return r, nil
			}
		}
	}
	return r, nil
}
