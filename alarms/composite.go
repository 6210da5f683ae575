package alarms

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/alex-enterprise/monitoring/config"
)

// Limits of PutCompositeAlarm.
const (
	MaxCompositeChildren = 100
	MaxAlarmRuleLength   = 10240
)

// systemHealth returns the system-health composites over the metric alarms of each region:
// the main region first, then the others in name order. A region whose alarms do not fit in
// one rule of MaxCompositeChildren children and MaxAlarmRuleLength characters gets several
// composites, numbered from 1. A composite may only reference alarms of its own region.
func systemHealth(cfg *config.Config, metricAlarms []Alarm) []Alarm {
	byRegion := map[string][]string{}
	for _, a := range metricAlarms {
		byRegion[a.Region] = append(byRegion[a.Region], a.Name)
	}
	regions := make([]string, 0, len(byRegion))
	for region := range byRegion {
		if region != cfg.Region {
			regions = append(regions, region)
		}
	}
	slices.Sort(regions)
	if _, ok := byRegion[cfg.Region]; ok {
		regions = append([]string{cfg.Region}, regions...)
	}

	var composites []Alarm
	for _, region := range regions {
		groups := splitChildren(byRegion[region])
		for i, children := range groups {
			subject := []string{region}
			if len(groups) > 1 {
				subject = append(subject, strconv.Itoa(i+1))
			}
			composites = append(composites, compositeAlarm(cfg, region, subject, children, i+1, len(groups)))
		}
	}
	return composites
}

func compositeAlarm(cfg *config.Config, region string, subject, children []string, part, parts int) Alarm {
	description := fmt.Sprintf("At least one of the %d alarms of stack %s in %s is in ALARM.",
		len(children), cfg.NamePrefix, region)
	if parts > 1 {
		description = fmt.Sprintf("At least one of %d alarms of stack %s in %s (part %d of %d) is in ALARM.",
			len(children), cfg.NamePrefix, region, part, parts)
	}
	return Alarm{
		Kind:        KindComposite,
		Check:       CheckSystemHealth,
		Name:        Name(cfg, CheckSystemHealth, subject...),
		Region:      region,
		Description: description,
		AlarmRule:   alarmRule(children),
		Children:    children,
		Graph:       checkSpecs[CheckSystemHealth].graph,
	}
}

// alarmRule returns a rule that is in ALARM while any of the named alarms is.
func alarmRule(children []string) string {
	terms := make([]string, len(children))
	for i, name := range children {
		terms[i] = alarmTerm(name)
	}
	return strings.Join(terms, ruleOr)
}

const ruleOr = " OR "

func alarmTerm(name string) string { return `ALARM("` + name + `")` }

// splitChildren splits names, in order, into groups whose rule stays within
// MaxCompositeChildren children and MaxAlarmRuleLength characters.
func splitChildren(names []string) [][]string {
	var groups [][]string
	var current []string
	length := 0
	for _, name := range names {
		added := len(alarmTerm(name))
		if len(current) > 0 {
			added += len(ruleOr)
		}
		if len(current) == MaxCompositeChildren || (len(current) > 0 && length+added > MaxAlarmRuleLength) {
			groups = append(groups, current)
			current, length = nil, 0
			added = len(alarmTerm(name))
		}
		current = append(current, name)
		length += added
	}
	if len(current) > 0 {
		groups = append(groups, current)
	}
	return groups
}
