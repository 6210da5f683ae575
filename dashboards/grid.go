package dashboards

// GridColumns is the width of the CloudWatch dashboard grid.
const GridColumns = 24

// Named widget widths on the 24-column grid.
const (
	Full    = GridColumns
	Half    = GridColumns / 2
	Third   = GridColumns / 3
	Quarter = GridColumns / 4
)

// Standard widget heights.
const (
	HeaderHeight = 3
	GraphHeight  = 6
	SingleHeight = 4
)

// placer fills rows left to right and wraps to a new row when a widget does not fit. A row is
// as tall as its tallest widget.
type placer struct {
	x, y, rowHeight int
	widgets         []Widget
}

// add places a widget of the given size.
func (p *placer) add(typ string, width, height int, properties any) {
	if p.x+width > GridColumns {
		p.newRow()
	}
	p.widgets = append(p.widgets, Widget{Type: typ, X: p.x, Y: p.y, Width: width, Height: height,
		Properties: properties})
	p.x += width
	p.rowHeight = max(p.rowHeight, height)
}

// newRow starts a new row unless the current one is empty.
func (p *placer) newRow() {
	if p.x == 0 {
		return
	}
	p.y += p.rowHeight
	p.x, p.rowHeight = 0, 0
}

func (p *placer) metric(width, height int, properties *MetricProperties) {
	p.add(TypeMetric, width, height, properties)
}

func (p *placer) text(width, height int, markdown string) {
	p.add(TypeText, width, height, &TextProperties{Markdown: markdown})
}
