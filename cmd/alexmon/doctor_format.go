package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/alex-enterprise/monitoring/awscheck"
	"github.com/alex-enterprise/monitoring/catalog"
)

// statusLabels are the first column of the doctor's output.
var statusLabels = map[awscheck.Status]string{
	awscheck.StatusOK:      "ok  ",
	awscheck.StatusWarning: "WARN",
	awscheck.StatusError:   "FAIL",
}

// detailIndent lines up detail lines under the subject after the status label.
const detailIndent = "      "

// writeDiagnosis writes one block per subject and per topic, then a one-line result.
func writeDiagnosis(w io.Writer, d *awscheck.Diagnosis) error {
	var b strings.Builder
	fmt.Fprintf(&b, "alexmon doctor: stack %s\n", d.Stack)
	b.WriteString("Metrics the dashboards chart, as ListMetrics shows them (metrics with datapoints in the last 14 days):\n\n")
	failed, warned := 0, 0
	for _, s := range d.Subjects {
		writeSubject(&b, s)
		switch s.Status {
		case awscheck.StatusError:
			failed++
		case awscheck.StatusWarning:
			warned++
		}
	}

	b.WriteString("\nAlert topics:\n")
	if len(d.Topics) == 0 {
		b.WriteString("none: the stack declares no alarms\n")
	}
	for _, t := range d.Topics {
		writeTopic(&b, t)
	}

	b.WriteString("\n")
	if failed > 0 {
		fmt.Fprintf(&b, "Result: %d of %d subjects publish no metrics, so their widgets will show no data.\n",
			failed, len(d.Subjects))
	} else {
		fmt.Fprintf(&b, "Result: every subject publishes metrics (%d subjects, %d with warnings).\n",
			len(d.Subjects), warned)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeSubject(b *strings.Builder, s awscheck.SubjectResult) {
	checked := len(s.Present) + len(s.Missing)
	fmt.Fprintf(b, "%s  %s  %s %s  %d of %d metrics  (%s)\n", statusLabels[s.Status], s.Region, s.Namespace,
		dimensions(s.Dimensions), len(s.Present), checked, s.UsedBy)
	if len(s.Missing) > 0 {
		fmt.Fprintf(b, "%smissing: %s\n", detailIndent, strings.Join(s.Missing, ", "))
	}
	if s.Cause != "" {
		fmt.Fprintf(b, "%scause:   %s\n", detailIndent, s.Cause)
	}
	for i, fix := range s.Fixes {
		label := "fix:    "
		if i > 0 {
			label = "        "
		}
		fmt.Fprintf(b, "%s%s %s\n", detailIndent, label, fix)
	}
	if s.Note != "" {
		fmt.Fprintf(b, "%s%s\n", detailIndent, s.Note)
	}
}

// pendingAdvice returns how a subscription of the protocol gets confirmed.
func pendingAdvice(protocol string) string {
	switch protocol {
	case "email", "email-json":
		return "the recipient must open the link in the confirmation e-mail; the link expires after 2 days " +
			"and SNS deletes the subscription after 3 days"
	case "http", "https":
		return "the endpoint must visit the SubscribeURL of the confirmation message SNS posted to it"
	}
	return "confirm it, or subscribe again"
}

func writeTopic(b *strings.Builder, t awscheck.TopicResult) {
	pending := t.Pending()
	label := statusLabels[awscheck.StatusOK]
	if t.Problem != "" || len(pending) > 0 {
		label = statusLabels[awscheck.StatusWarning]
	}
	name := t.TopicARN
	if name == "" {
		name = t.Name
	}
	fmt.Fprintf(b, "%s  %s  %s  %d subscriptions, %d pending confirmation\n", label, t.Region, name,
		len(t.Subscriptions), len(pending))
	if t.Problem != "" {
		fmt.Fprintf(b, "%sproblem: %s\n", detailIndent, t.Problem)
	}
	for _, s := range pending {
		fmt.Fprintf(b, "%spending: %s %s: %s\n", detailIndent, s.Protocol, s.Endpoint, pendingAdvice(s.Protocol))
	}
}

// dimensions writes dimensions as Name=Value pairs separated by commas.
func dimensions(dims []catalog.Dimension) string {
	parts := make([]string, len(dims))
	for i, d := range dims {
		parts[i] = d.Name + "=" + d.Value
	}
	return strings.Join(parts, ",")
}
