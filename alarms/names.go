package alarms

import (
	"strings"

	"github.com/alex-enterprise/monitoring/config"
)

// Name returns the name of the alarm that watches check on subject: the stack's name prefix,
// the check and the subject parts joined with hyphens, such as alex-agent-error-rate-planner.
// Every alarm name Build declares comes from here.
//
// Subject characters other than ASCII letters, digits, '.', '_' and '-' become '-'. Alarm
// names accept ':', but a model ID such as us.amazon.nova-pro-v1:0 then reads like an ARN
// separator, so it becomes alex-bedrock-input-tokens-us.amazon.nova-pro-v1-0. Two model IDs
// that differ only in those characters map to one name, which Validate reports.
func Name(cfg *config.Config, check Check, subject ...string) string {
	parts := make([]string, 0, len(subject)+1)
	parts = append(parts, string(check))
	for _, s := range subject {
		parts = append(parts, sanitizeNamePart(s))
	}
	return cfg.Name(parts...)
}

func sanitizeNamePart(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			return r
		}
		return '-'
	}, s)
}
