// Command alexmon does what a person does around the monitoring stack: render the dashboards
// offline, report on recent usage and cost, and diagnose dashboards that show no data.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
)

const usage = `alexmon: tools for the alex-enterprise monitoring stack

Usage:
  alexmon render --stack NAME [--config FILE] [--out DIR] [--account-id ID]
  alexmon report --stack NAME [--config FILE] [--since 24h] [--format table|json|markdown] [--timeout 60s]
  alexmon doctor --stack NAME [--config FILE] [--timeout 60s] [--topic-arn ARN]

Exit status: 0 success, 1 failure (invalid config, failed AWS call), 2 usage error,
3 doctor found a model, function or endpoint that publishes none of the metrics its
dashboard widgets and alarms use, so they will show no data.

Each command reads Pulumi.yaml and Pulumi.NAME.yaml from the project directory (--project-dir,
default the current directory), or the stack file given with --config.
Run 'alexmon COMMAND -h' for the flags of one command.
`

// errUsage marks errors in the command line, which exit with status 2.
var errUsage = errors.New("usage error")

func main() {
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, logger))
}

// run executes one command and returns the process exit status.
func run(args []string, stdout, stderr io.Writer, logger *slog.Logger) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	var err error
	switch args[0] {
	case "render":
		err = runRender(args[1:], stdout, stderr, logger)
	case "report":
		err = runReport(args[1:], stdout, stderr, logger)
	case "doctor":
		err = runDoctor(args[1:], stdout, stderr, logger)
	default:
		fmt.Fprintf(stderr, "alexmon: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "alexmon %s: %v\n", args[0], err)
		return 2
	case errors.Is(err, errFindings):
		return exitFindings
	default:
		fmt.Fprintf(stderr, "alexmon %s: %v\n", args[0], err)
		return 1
	}
}

// errFindings is returned by a command that has already printed its findings and only needs
// to exit non-zero, such as doctor when a widget will show no data.
var errFindings = errors.New("findings reported")

// exitFindings is the exit status for errFindings. It differs from 1, a failed command or AWS
// call, so that a script can tell "the dashboards will be empty" from "the check did not run".
const exitFindings = 3

// stackFlags are the flags every command takes to find the stack config.
type stackFlags struct {
	stack      string
	configFile string
	projectDir string
}

func (s *stackFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&s.stack, "stack", "", "stack name; reads Pulumi.NAME.yaml (required)")
	fs.StringVar(&s.configFile, "config", "", "stack file to read instead of Pulumi.NAME.yaml, in the same format")
	fs.StringVar(&s.projectDir, "project-dir", ".", "directory that holds Pulumi.yaml")
}

// parseFlags parses args and checks that --stack is set.
func parseFlags(fs *flag.FlagSet, args []string, s *stackFlags) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(os.Stdout) // help that was asked for goes to stdout, so it can be paged
			fs.Usage()
			return flag.ErrHelp
		}
		return fmt.Errorf("%w: %v (run 'alexmon %s -h' for the flags)", errUsage, err, fs.Name())
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	if s.stack == "" {
		return fmt.Errorf("%w: --stack is required, for example --stack dev", errUsage)
	}
	return nil
}

// commandUsage returns a usage function that prints a command's synopsis, what it does and
// its flags.
func commandUsage(fs *flag.FlagSet, synopsis, description string) func() {
	return func() {
		out := fs.Output()
		fmt.Fprintf(out, "Usage: alexmon %s\n\n%s\n\nFlags:\n", synopsis, description)
		fs.PrintDefaults()
	}
}
