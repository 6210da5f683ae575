// Package stackfile reads Pulumi.yaml and a stack file with Pulumi's own loaders. It merges them
// into the raw config map that the Pulumi engine would pass to the program: the stack's values,
// then the defaults that Pulumi.yaml declares for keys the stack does not set. Each value is
// checked against its declared type, as the Pulumi CLI does.
package stackfile

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag/colors"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"

	alexconfig "github.com/alex-enterprise/monitoring/config"
)

// Stack is a loaded stack: the project and the raw config values keyed by full name.
type Stack struct {
	Project string
	Name    string
	Config  map[string]string
}

// Load reads projectDir/Pulumi.yaml and the stack file. stackFile may be empty, in which case
// projectDir/Pulumi.<stack>.yaml is read.
func Load(projectDir, stack, stackFile string) (*Stack, error) {
	projectPath := filepath.Join(projectDir, "Pulumi.yaml")
	project, err := workspace.LoadProject(projectPath)
	if err != nil {
		return nil, fmt.Errorf("loading project %s: %w (run from the project directory or pass --project-dir)",
			projectPath, err)
	}
	if stackFile == "" {
		stackFile = filepath.Join(projectDir, "Pulumi."+stack+".yaml")
	}
	if _, err := os.Stat(stackFile); err != nil {
		return nil, fmt.Errorf("reading stack file: %w (create it with: pulumi stack init %s, or pass a "+
			"stack file with --config)", err, stack)
	}
	sink := diag.DefaultSink(io.Discard, io.Discard, diag.FormatOptions{Color: colors.Never})
	ps, err := workspace.LoadProjectStack(sink, project, stackFile)
	if err != nil {
		return nil, fmt.Errorf("loading stack file %s: %w", stackFile, err)
	}
	raw, err := Merge(project, stack, ps.Config)
	if err != nil {
		return nil, fmt.Errorf("stack file %s: %w", stackFile, err)
	}
	return &Stack{Project: project.Name.String(), Name: stack, Config: raw}, nil
}

// Merge returns the raw config of a stack: its values, and the project's defaults for keys
// it does not set. Values of typed project keys must match their declared type, as the
// Pulumi CLI requires before it runs a program. Every mismatch is reported in the form of the
// program's own config errors.
func Merge(project *workspace.Project, stack string, values config.Map) (map[string]string, error) {
	name := project.Name.String()
	raw := map[string]string{}
	var secrets []string
	var mismatches []*alexconfig.Error
	for key, value := range values {
		full := key.String()
		if value.Secure() {
			secrets = append(secrets, full)
			continue
		}
		text, err := value.Value(config.NopDecrypter)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", full, err)
		}
		raw[full] = text
		mismatch, err := checkType(project, name, stack, key, value, text)
		if err != nil {
			return nil, err
		}
		if mismatch != nil {
			mismatches = append(mismatches, mismatch)
		}
	}
	if len(mismatches) > 0 {
		sort.Slice(mismatches, func(i, j int) bool { return mismatches[i].Key < mismatches[j].Key })
		return nil, &alexconfig.ValidationError{Stack: stack, Problems: mismatches}
	}
	if len(secrets) > 0 {
		sort.Strings(secrets)
		return nil, fmt.Errorf("secret values cannot be decrypted offline: %s; render from a copy of the "+
			"stack file with plain values (--config FILE)", strings.Join(secrets, ", "))
	}
	for key, declared := range project.Config {
		full := key
		if !strings.Contains(key, ":") {
			full = name + ":" + key
		}
		if _, set := raw[full]; set || declared.Default == nil {
			continue
		}
		text, err := defaultText(declared.Default)
		if err != nil {
			return nil, fmt.Errorf("default of %s: %w", full, err)
		}
		raw[full] = text
	}
	return raw, nil
}

// checkType applies the check the Pulumi CLI makes on a typed project key and returns a
// problem when the value does not match the declared type.
func checkType(project *workspace.Project, name, stack string, key config.Key, value config.Value,
	text string) (*alexconfig.Error, error) {
	if key.Namespace() != name {
		return nil, nil
	}
	declared, ok := project.Config[key.Name()]
	if !ok || !declared.IsExplicitlyTyped() {
		return nil, nil
	}
	obj, err := value.ToObject()
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", key, err)
	}
	if workspace.ValidateConfigValue(declared.TypeName(), declared.Items, obj) {
		return nil, nil
	}
	typ := workspace.InferFullTypeName(declared.TypeName(), declared.Items)
	fix := fmt.Sprintf("pulumi config set --stack %s --path '%s[0]' VALUE, one index per entry", stack, key.Name())
	if declared.Items == nil {
		example, err := defaultText(declared.Default)
		if err != nil || declared.Default == nil {
			example = "VALUE"
		}
		fix = fmt.Sprintf("pulumi config set --stack %s '%s' '%s'", stack, key.Name(), example)
	}
	return &alexconfig.Error{Key: key.String(), Value: text,
		Reason: fmt.Sprintf("must be of type %s, as Pulumi.yaml declares (pulumi preview rejects it too)", typ),
		Fix:    fix}, nil
}

// defaultText renders a Pulumi.yaml default as the engine passes it: strings as they are,
// everything else as JSON.
func defaultText(v any) (string, error) {
	if s, ok := v.(string); ok {
		return s, nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}
