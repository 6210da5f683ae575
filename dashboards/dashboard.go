package dashboards

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/alex-enterprise/monitoring/config"
)

// Dashboard is one dashboard the stack declares.
type Dashboard struct {
	// Key names the dashboard in the dashboard_names and dashboard_urls outputs, such as
	// ai_model_usage; extra pages of a dashboard that outgrew CloudWatch's limits get _2, _3.
	Key  string
	Name string
	Body Body
}

// Output keys and name suffixes of the two dashboards.
const (
	KeyAIModelUsage     = "ai_model_usage"
	KeyAgentPerformance = "agent_performance"
	nameAIModelUsage    = "ai-model-usage"
	nameAgentPerf       = "agent-performance"
)

// Options are the inputs of Build besides the config.
type Options struct {
	// Alarms are the stack's alarms; empty when alarms are disabled.
	Alarms []AlarmMarker
}

// Build returns the stack's dashboards, validated: the AI model usage dashboard and the agent
// performance dashboard, each split into numbered pages when one dashboard would exceed
// CloudWatch's widget or metric limits.
func Build(cfg *config.Config, opts Options) ([]Dashboard, error) {
	ai := aiModelUsage(cfg, opts.Alarms)
	agents := agentPerformance(cfg, opts.Alarms)
	var all []Dashboard
	all = append(all, ai.paginate(cfg.Name(nameAIModelUsage), KeyAIModelUsage, cfg)...)
	all = append(all, agents.paginate(cfg.Name(nameAgentPerf), KeyAgentPerformance, cfg)...)
	var errs []error
	for _, d := range all {
		errs = append(errs, Validate(d.Name, d.Body))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return all, nil
}

// section is a block of widgets laid out from y = 0, placed on a page below the previous one.
type section struct {
	widgets []Widget
	height  int
}

func newSection(p *placer) section {
	p.newRow()
	return section{widgets: p.widgets, height: p.y}
}

func (s section) metrics() int { return CountMetrics(Body{Widgets: s.widgets}) }

// layout is a dashboard before pagination: a header repeated on every page, the content
// sections, and a footer (alarm status) on the first page.
type layout struct {
	header   func(page, pages int) section
	sections []section
	status   []section
}

// paginate assigns sections to pages so that no page exceeds MaxWidgets or
// MaxMetricsPerDashboard, and names the pages base, base-2, base-3, ...
func (l layout) paginate(base, key string, cfg *config.Config) []Dashboard {
	type page struct{ sections []section }
	statusWidgets := 0
	for _, s := range l.status {
		statusWidgets += len(s.widgets)
	}
	headerWidgets := len(l.header(1, 1).widgets)
	var pages []page
	current, widgets, metrics := page{}, headerWidgets+statusWidgets, l.header(1, 1).metrics()
	for _, s := range l.sections {
		if len(current.sections) > 0 &&
			(widgets+len(s.widgets) > MaxWidgets || metrics+s.metrics() > MaxMetricsPerDashboard) {
			pages = append(pages, current)
			current, widgets, metrics = page{}, headerWidgets, 0
		}
		current.sections = append(current.sections, s)
		widgets += len(s.widgets)
		metrics += s.metrics()
	}
	pages = append(pages, current)

	out := make([]Dashboard, len(pages))
	for i, pg := range pages {
		all := append([]section{l.header(i+1, len(pages))}, pg.sections...)
		if i == 0 {
			all = append(all, l.status...)
		}
		out[i] = Dashboard{
			Key:  pageKey(key, i+1),
			Name: pageName(base, i+1),
			Body: Body{Start: cfg.DashboardTimeRange, Widgets: stack(all)},
		}
	}
	return out
}

func pageKey(key string, page int) string {
	if page == 1 {
		return key
	}
	return key + "_" + strconv.Itoa(page)
}

func pageName(base string, page int) string {
	if page == 1 {
		return base
	}
	return base + "-" + strconv.Itoa(page)
}

// stack places sections one below the other.
func stack(sections []section) []Widget {
	var out []Widget
	y := 0
	for _, s := range sections {
		for _, w := range s.widgets {
			w.Y += y
			out = append(out, w)
		}
		y += s.height
	}
	return out
}

// chunk splits n items into groups of at most size and returns the [start, end) bounds.
func chunk(n, size int) [][2]int {
	var out [][2]int
	for start := 0; start < n; start += size {
		out = append(out, [2]int{start, min(start+size, n)})
	}
	return out
}

// thresholds returns the horizontal annotations of the alarms that watch graph on one of the
// subjects the graph charts, one line per distinct threshold. A sum-per-period threshold is
// drawn only when the graph sums over the same period, because on another period the line
// would sit at the wrong scale. A line shared by several alarms (one per agent, say) is labelled
// with what their labels have in common and the number of alarms.
func thresholds(markers []AlarmMarker, graph Graph, period int, subjects ...string) *Annotations {
	var lines []HorizontalAnnotation
	labels := map[float64][]string{}
	for _, m := range markers {
		if m.Graph != graph || (m.PeriodSeconds != 0 && m.PeriodSeconds != period) {
			continue
		}
		if len(subjects) > 0 && !slices.Contains(subjects, m.Subject) {
			continue
		}
		label := m.Label
		if label == "" {
			label = "alarm threshold"
		}
		if _, seen := labels[m.Threshold]; !seen {
			lines = append(lines, HorizontalAnnotation{Value: m.Threshold, Color: colorAlarm})
		}
		labels[m.Threshold] = append(labels[m.Threshold], strings.TrimPrefix(label, m.Subject+" "))
	}
	if len(lines) == 0 {
		return nil
	}
	for i, line := range lines {
		shared := labels[line.Value]
		lines[i].Label = sharedLabel(shared)
	}
	return &Annotations{Horizontal: lines}
}

// sharedLabel returns the label of a threshold line for the labels of the alarms that share it:
// the label itself for one alarm, else the common label and the number of alarms.
func sharedLabel(labels []string) string {
	if len(labels) == 1 {
		return labels[0]
	}
	for _, l := range labels[1:] {
		if l != labels[0] {
			return fmt.Sprintf("alarm threshold of %d alarms", len(labels))
		}
	}
	return fmt.Sprintf("%s (%d alarms)", labels[0], len(labels))
}

// statusSections returns alarm status widgets for the markers that belong to a dashboard,
// at most MaxAlarmsPerWidget alarms each.
func statusSections(markers []AlarmMarker, belongs func(Graph) bool, title string) []section {
	var arns []string
	for _, m := range markers {
		if m.Graph == GraphNone || belongs(m.Graph) {
			arns = append(arns, m.ARN)
		}
	}
	groups := chunk(len(arns), MaxAlarmsPerWidget)
	if len(groups) == 0 {
		return nil
	}
	p := &placer{}
	p.text(Full, 1, "## Alarms")
	for i, g := range groups {
		t := title
		if len(groups) > 1 {
			t = fmt.Sprintf("%s (%d of %d)", title, i+1, len(groups))
		}
		p.add(TypeAlarm, Full, alarmWidgetHeight(g[1]-g[0]), &AlarmProperties{
			Title: t, Alarms: arns[g[0]:g[1]], SortBy: "stateUpdatedTimestamp"})
	}
	return []section{newSection(p)}
}

// alarmWidgetHeight gives an alarm status widget room for its alarms, about four per row.
func alarmWidgetHeight(alarms int) int {
	return min(max(3, 2+alarms/4), 24)
}

// Colours used for the same meaning on every graph.
const (
	colorAlarm  = "#d62728"
	colorErrors = "#ff7f0e"
)
