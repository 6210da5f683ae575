package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"

	"github.com/alex-enterprise/monitoring/alarms"
	"github.com/alex-enterprise/monitoring/config"
	"github.com/alex-enterprise/monitoring/monitoring"
	"github.com/alex-enterprise/monitoring/stackfile"
)

// runRender writes, without calling AWS, each dashboard body exactly as the program would
// deploy it, the stack outputs and the alarm specifications.
func runRender(args []string, stdout, stderr io.Writer, logger *slog.Logger) error {
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	fs.Usage = commandUsage(fs, "render --stack NAME [flags]",
		"Writes each dashboard body exactly as the program deploys it, outputs.json and alarms.json, without calling AWS.")
	var sf stackFlags
	sf.register(fs)
	out := fs.String("out", "out", "directory to write <dashboard name>.json, outputs.json and alarms.json to")
	account := fs.String("account-id", monitoring.PlaceholderAccountID,
		"AWS account ID for alarm and topic ARNs (the real one is not known offline)")
	if err := parseFlags(fs, args, &sf); err != nil {
		return err
	}
	if !accountIDPattern.MatchString(*account) {
		return fmt.Errorf("%w: --account-id %q is not a 12-digit AWS account ID", errUsage, *account)
	}

	cfg, err := loadConfig(sf, logger)
	if err != nil {
		return err
	}
	plan, err := monitoring.Build(cfg, *account)
	if err != nil {
		return err
	}
	files, err := renderFiles(plan)
	if err != nil {
		return err
	}

	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("creating output directory: %w", err)
	}
	if err := removeStaleDashboards(*out, cfg.NamePrefix, files, logger); err != nil {
		return err
	}
	for _, f := range files {
		path := filepath.Join(*out, f.name)
		if err := os.WriteFile(path, f.data, 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
		fmt.Fprintln(stdout, path)
	}
	logger.Info("rendered stack offline", "stack", cfg.Stack, "dashboards", len(plan.Dashboards),
		"alarms", len(plan.Alarms), "dir", *out)
	return nil
}

var accountIDPattern = regexp.MustCompile(`^[0-9]{12}$`)

// removeStaleDashboards deletes dashboard files of an earlier render into dir that this render
// does not write, such as a page that a smaller agent list no longer needs, so that the
// directory holds exactly one render. Only <prefix>-*.json files are touched.
func removeStaleDashboards(dir, prefix string, files []renderedFile, logger *slog.Logger) error {
	current := map[string]bool{}
	for _, f := range files {
		current[f.name] = true
	}
	stale, err := filepath.Glob(filepath.Join(dir, prefix+"-*.json"))
	if err != nil {
		return err
	}
	for _, path := range stale {
		if current[filepath.Base(path)] {
			continue
		}
		if err := os.Remove(path); err != nil {
			return fmt.Errorf("removing stale render %s: %w", path, err)
		}
		logger.Info("removed dashboard file of an earlier render", "file", path)
	}
	return nil
}

// loadConfig reads the stack files and builds the same validated Config as the program.
func loadConfig(sf stackFlags, logger *slog.Logger) (*config.Config, error) {
	stack, err := stackfile.Load(sf.projectDir, sf.stack, sf.configFile)
	if err != nil {
		return nil, err
	}
	cfg, err := config.Load(stack.Project, stack.Name, stack.Config)
	if err != nil {
		return nil, err
	}
	for _, warning := range cfg.Warnings {
		logger.Warn(warning)
	}
	return cfg, nil
}

type renderedFile struct {
	name string
	data []byte
}

// renderFiles returns the files of a render: one per dashboard holding the exact body the
// program deploys, outputs.json and alarms.json.
func renderFiles(plan *monitoring.Plan) ([]renderedFile, error) {
	var files []renderedFile
	for _, d := range plan.Dashboards {
		body, err := d.Body.JSON()
		if err != nil {
			return nil, fmt.Errorf("marshalling dashboard %s: %w", d.Name, err)
		}
		files = append(files, renderedFile{d.Name + ".json", []byte(body)})
	}
	outputs, err := indentJSON(plan.Outputs())
	if err != nil {
		return nil, err
	}
	files = append(files, renderedFile{"outputs.json", outputs})
	list, err := indentJSON(alarms.APIForm(plan.Alarms, plan.Config.Partition, plan.AccountID, plan.TopicARN))
	if err != nil {
		return nil, err
	}
	return append(files, renderedFile{"alarms.json", list}), nil
}

// indentJSON encodes v indented, without escaping <, > and &, which setup instructions and
// alarm expressions contain.
func indentJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	err := enc.Encode(v)
	return buf.Bytes(), err
}
