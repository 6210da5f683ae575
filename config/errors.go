package config

import (
	"fmt"
	"strings"
)

// Error is one invalid or missing config value.
type Error struct {
	Key    string // fully namespaced key, such as alex-enterprise:bedrockRegion
	Value  string // the value as configured; empty when missing
	Reason string
	Fix    string // the command, or the step, that fixes it
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "config %s = %q: %s", e.Key, e.Value, e.Reason)
	if e.Fix != "" {
		fmt.Fprintf(&b, "; fix: %s", e.Fix)
	}
	return b.String()
}

// ValidationError holds every problem found in one configuration, so that one run reports
// them all.
type ValidationError struct {
	Stack    string
	Problems []*Error
}

func (e *ValidationError) Error() string {
	return FormatProblems(fmt.Sprintf("invalid configuration for stack %q", e.Stack), e.Problems)
}

// Unwrap returns the individual problems for errors.As.
func (e *ValidationError) Unwrap() []error { return AsErrors(e.Problems) }

// FormatProblems formats a title, the number of problems and one indented line per problem.
// Every validation error of the project reads this way.
func FormatProblems[E error](title string, problems []E) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%d problem", title, len(problems))
	if len(problems) != 1 {
		b.WriteString("s")
	}
	b.WriteString("):")
	for _, p := range problems {
		b.WriteString("\n  - ")
		b.WriteString(p.Error())
	}
	return b.String()
}

// AsErrors converts a list of typed errors for an Unwrap method.
func AsErrors[E error](problems []E) []error {
	errs := make([]error, len(problems))
	for i, p := range problems {
		errs[i] = p
	}
	return errs
}

// problems collects config errors while a configuration is loaded.
type problems struct {
	cfg  *Config
	list []*Error
}

// add records a problem with key, whose configured value is value, and the value that fixes it.
func (p *problems) add(key, value, reason, fixValue string) {
	fix := ""
	if fixValue != "" {
		fix = p.cfg.setCommand(key, fixValue)
	}
	p.list = append(p.list, &Error{Key: p.cfg.fullKey(key), Value: value, Reason: reason, Fix: fix})
}

// addStep records a problem whose fix is not a single set command.
func (p *problems) addStep(key, value, reason, step string) {
	p.list = append(p.list, &Error{Key: p.cfg.fullKey(key), Value: value, Reason: reason, Fix: step})
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	return &ValidationError{Stack: p.cfg.Stack, Problems: p.list}
}
