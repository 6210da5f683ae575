package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/alex-enterprise/monitoring/awscheck"
)

// reportTable is one section of a report as rows of cells. The first textColumns columns
// hold names and are left-aligned; the others hold numbers and are right-aligned.
type reportTable struct {
	title       string
	headers     []string
	textColumns int
	rows        [][]string
}

// writeReport writes the report in format: table, json or markdown.
func writeReport(w io.Writer, r *awscheck.Report, format string) error {
	if format == formatJSON {
		out, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			return fmt.Errorf("encoding the report as JSON: %w", err)
		}
		_, err = fmt.Fprintf(w, "%s\n", out)
		return err
	}
	tables := reportTables(r)
	var b strings.Builder
	if format == formatMarkdown {
		writeMarkdown(&b, r, tables)
	} else {
		writeTables(&b, r, tables)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func reportTables(r *awscheck.Report) []reportTable {
	var tables []reportTable
	if r.BedrockRegion != "" {
		t := reportTable{
			title:       "Bedrock models (" + r.BedrockRegion + ")",
			textColumns: 1,
			headers: []string{"Model", "Invocations", "Input tokens", "Output tokens", "Client errors", "Server errors",
				"Throttles", "Avg latency", "Est. cost"},
		}
		for _, m := range r.Models {
			cost := m.CostNote
			if m.EstimatedCostUSD != nil {
				cost = formatUSD(*m.EstimatedCostUSD)
			}
			t.rows = append(t.rows, []string{noData(m.ModelID, m.NoData), formatCount(m.Invocations),
				formatCount(m.InputTokens), formatCount(m.OutputTokens), formatCount(m.ClientErrors),
				formatCount(m.ServerErrors), formatCount(m.Throttles), formatMs(m.AverageLatencyMs), cost})
		}
		tables = append(tables, t)
	}
	if len(r.Agents) > 0 {
		t := reportTable{
			title:       "Agents (" + r.Region + ")",
			textColumns: 2,
			headers: []string{"Agent", "Function", "Invocations", "Errors", "Error rate", "Avg duration",
				"Max duration"},
		}
		for _, a := range r.Agents {
			t.rows = append(t.rows, []string{noData(a.Name, a.NoData), a.FunctionName, formatCount(a.Invocations),
				formatCount(a.Errors), formatPercent(a.ErrorRatePercent), formatMs(a.AverageDurationMs),
				formatMs(a.MaxDurationMs)})
		}
		tables = append(tables, t)
	}
	if sm := r.SageMaker; sm != nil {
		tables = append(tables, reportTable{
			title:       "SageMaker endpoint (" + r.Region + ")",
			textColumns: 2,
			headers:     []string{"Endpoint", "Variant", "Invocations", "4XX errors", "5XX errors", "Avg model latency"},
			rows: [][]string{{noData(sm.EndpointName, sm.NoData), sm.VariantName, formatCount(sm.Invocations),
				formatCount(sm.Errors4XX), formatCount(sm.Errors5XX), formatMs(sm.AverageModelLatencyMs)}},
		})
	}
	return tables
}

// summary returns the lines under the title: the window and the total cost.
func summary(r *awscheck.Report) []string {
	lines := []string{fmt.Sprintf("Window: %s to %s (%s), one datapoint per series every %d s.",
		r.Start.Format("2006-01-02 15:04 UTC"), r.End.Format("2006-01-02 15:04 UTC"),
		formatWindow(r.End.Sub(r.Start)), r.PeriodSeconds)}
	switch {
	case r.EstimatedCostUSD != nil && r.CostNote != "":
		lines = append(lines, fmt.Sprintf("Estimated Bedrock cost: %s (%s).", formatUSD(*r.EstimatedCostUSD), r.CostNote))
	case r.EstimatedCostUSD != nil:
		lines = append(lines, fmt.Sprintf("Estimated Bedrock cost: %s.", formatUSD(*r.EstimatedCostUSD)))
	case r.CostNote != "":
		lines = append(lines, "Estimated Bedrock cost: "+r.CostNote+".")
	}
	lines = append(lines, fmt.Sprintf("GetMetricData requests: %d.", r.GetMetricDataRequests))
	if hasNoData(r) {
		lines = append(lines, "Entries marked (no data) had no datapoints in the window; alexmon doctor finds out why.")
	}
	return lines
}

func hasNoData(r *awscheck.Report) bool {
	for _, m := range r.Models {
		if m.NoData {
			return true
		}
	}
	for _, a := range r.Agents {
		if a.NoData {
			return true
		}
	}
	return r.SageMaker != nil && r.SageMaker.NoData
}

func writeTables(b *strings.Builder, r *awscheck.Report, tables []reportTable) {
	fmt.Fprintf(b, "alexmon report: stack %s\n", r.Stack)
	for _, line := range summary(r) {
		b.WriteString(line + "\n")
	}
	for _, t := range tables {
		fmt.Fprintf(b, "\n%s\n", t.title)
		upper := make([]string, len(t.headers))
		for i, h := range t.headers {
			upper[i] = strings.ToUpper(h)
		}
		rows := append([][]string{upper}, t.rows...)
		widths := make([]int, len(upper))
		for _, row := range rows {
			for i, cell := range row {
				widths[i] = max(widths[i], utf8.RuneCountInString(cell))
			}
		}
		for _, row := range rows {
			cells := make([]string, len(row))
			for i, cell := range row {
				pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell))
				if i < t.textColumns {
					cells[i] = cell + pad
				} else {
					cells[i] = pad + cell
				}
			}
			b.WriteString(strings.TrimRight(strings.Join(cells, "  "), " ") + "\n")
		}
	}
	writeWarnings(b, r.Warnings, "")
}

func writeMarkdown(b *strings.Builder, r *awscheck.Report, tables []reportTable) {
	fmt.Fprintf(b, "## alexmon report: stack %s\n\n", r.Stack)
	b.WriteString(strings.Join(summary(r), " ") + "\n")
	for _, t := range tables {
		fmt.Fprintf(b, "\n### %s\n\n", t.title)
		b.WriteString("| " + strings.Join(t.headers, " | ") + " |\n|")
		for i := range t.headers {
			if i < t.textColumns {
				b.WriteString(" --- |")
			} else {
				b.WriteString(" ---: |")
			}
		}
		b.WriteString("\n")
		for _, row := range t.rows {
			escaped := make([]string, len(row))
			for i, cell := range row {
				escaped[i] = strings.ReplaceAll(cell, "|", `\|`)
			}
			b.WriteString("| " + strings.Join(escaped, " | ") + " |\n")
		}
	}
	writeWarnings(b, r.Warnings, "- ")
}

func writeWarnings(b *strings.Builder, warnings []string, bullet string) {
	if len(warnings) == 0 {
		return
	}
	b.WriteString("\nWarnings:\n")
	for _, w := range warnings {
		fmt.Fprintf(b, "%s%s\n", bullet, w)
	}
}

func noData(name string, empty bool) string {
	if empty {
		return name + " (no data)"
	}
	return name
}

// formatCount writes a whole count with thousands separators, and a fraction with 2 decimals.
func formatCount(v float64) string {
	if v != math.Trunc(v) || math.Abs(v) >= 1e15 {
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	digits := strconv.FormatInt(int64(math.Abs(v)), 10)
	var b strings.Builder
	if v < 0 {
		b.WriteString("-")
	}
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(",")
		}
		b.WriteRune(d)
	}
	return b.String()
}

func formatMs(v *float64) string {
	if v == nil {
		return "-"
	}
	if *v >= 100 {
		return formatCount(math.Round(*v)) + " ms"
	}
	return strconv.FormatFloat(*v, 'f', 1, 64) + " ms"
}

func formatPercent(v *float64) string {
	if v == nil {
		return "-"
	}
	return strconv.FormatFloat(*v, 'f', 2, 64) + " %"
}

// formatUSD writes dollars with cents, and with 4 decimals below one dollar.
func formatUSD(v float64) string {
	if v < 1 {
		return "$" + strconv.FormatFloat(v, 'f', 4, 64)
	}
	return "$" + strconv.FormatFloat(v, 'f', 2, 64)
}

// formatWindow writes a window length as days, hours or minutes.
func formatWindow(d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0:
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	}
	return fmt.Sprintf("%dm", d/time.Minute)
}
