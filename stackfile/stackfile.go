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
		return nil, fmt.Errorf("loading project %s: %w", projectPath, err)
	}
	if stackFile == "" {
		stackFile = filepath.Join(projectDir, "Pulumi."+stack+".yaml")
	}
	if _, err := os.Stat(stackFile); err != nil {
		return nil, fmt.Errorf("reading stack file: %w (create it with: pulumi stack init %s)", err, stack)
	}
	sink := diag.DefaultSink(io.Discard, io.Discard, diag.FormatOptions{Color: colors.Never})
	ps, err := workspace.LoadProjectStack(sink, project, stackFile)
	if err != nil {
		return nil, fmt.Errorf("loading stack file %s: %w", stackFile, err)
	}
	raw, err := Merge(project, ps.Config)
	if err != nil {
		return nil, fmt.Errorf("stack file %s: %w", stackFile, err)
	}
	return &Stack{Project: project.Name.String(), Name: stack, Config: raw}, nil
}

// Merge returns the raw config of a stack: its values, and the project's defaults for keys
// it does not set. Values of typed project keys must match their declared type, as the
// Pulumi CLI requires before it runs a program.
func Merge(project *workspace.Project, values config.Map) (map[string]string, error) {
	name := project.Name.String()
	raw := map[string]string{}
	var secrets []string
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
		if err := checkType(project, name, key, value); err != nil {
			return nil, err
		}
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

// checkType applies the check the Pulumi CLI makes on a typed project key.
func checkType(project *workspace.Project, name string, key config.Key, value config.Value) error {
	if key.Namespace() != name {
		return nil
	}
	declared, ok := project.Config[key.Name()]
	if !ok || !declared.IsExplicitlyTyped() {
		return nil
	}
	obj, err := value.ToObject()
	if err != nil {
		return fmt.Errorf("reading %s: %w", key, err)
	}
	if !workspace.ValidateConfigValue(declared.TypeName(), declared.Items, obj) {
		return fmt.Errorf("configuration key %q must be of type %q", key.String(),
			workspace.InferFullTypeName(declared.TypeName(), declared.Items))
	}
	return nil
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
