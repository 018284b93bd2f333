/// One plot panel, independent of how it is drawn: axes, series of points (optionally with a
/// spread band), shaded reference bands, and rectangles/marks for pictures such as memory maps.
public struct Figure: Sendable {
    /// The panel's title.
    public var title: String
    /// The x axis's label.
    public var xLabel: String
    /// The y axis's label.
    public var yLabel: String
    /// Linear or logarithmic x axis.
    public var xScale: AxisScale.Kind = .linear
    /// Linear or logarithmic y axis.
    public var yScale: AxisScale.Kind = .linear
    /// Start the y axis at zero (bars, traffic, cost).
    public var yIncludesZero = false
    /// Category names at integer x positions instead of numeric ticks (bar charts).
    public var xCategories: [String]? = nil
    /// Category names at integer y positions (heat maps), top to bottom.
    public var yCategories: [String]? = nil
    /// Draw y growing downward (memory maps: address 0 at the top).
    public var yDownward = false
    /// The data series, drawn in order.
    public var series: [Series] = []
    /// Shaded horizontal ranges behind the data.
    public var bands: [ReferenceBand] = []
    /// Filled rectangles (memory maps, bars).
    public var rectangles: [Rectangle] = []
    /// Triangle marks (spills and retrievals).
    public var marks: [Mark] = []
    /// Extra legend entries (for rectangles): name and colour index.
    public var legend: [(name: String, color: Int)] = []
    /// A line under the plot saying how to read it (what a band means, where data came from).
    public var footnote: String? = nil

    /// An empty panel with these labels.
    public init(title: String, xLabel: String, yLabel: String) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// A data point; `low`/`high` draw a spread band (e.g. min–max over seeds).
    public struct Point: Sendable, Equatable {
        /// The x value.
        public var x: Double
        /// The y value (a mean where there is a band).
        public var y: Double
        /// The band's lower end, when the point has a spread.
        public var low: Double?
        /// The band's upper end.
        public var high: Double?
        /// Drawn larger and outlined (Pareto-optimal points).
        public var highlighted: Bool
        /// Hover text.
        public var label: String?

        /// A point with these values.
        public init(
            x: Double, y: Double, low: Double? = nil, high: Double? = nil,
            highlighted: Bool = false, label: String? = nil
        ) {
            self.x = x
            self.y = y
            self.low = low
            self.high = high
            self.highlighted = highlighted
            self.label = label
        }
    }

    /// Points drawn with one colour and style.
    public struct Series: Sendable {
        /// How consecutive points are joined: not, straight, or as a staircase.
        public enum Line: Sendable { case none, straight, steps }
        /// The legend entry.
        public var name: String
        /// The points, in x order.
        public var points: [Point]
        /// How they are joined.
        public var line: Line
        /// Whether each point gets a marker.
        public var markers: Bool
        /// Whether the line is dashed.
        public var dashed: Bool
        /// Colour index in the palette; series with the same index share a colour.
        public var color: Int
        /// Shown in the legend.
        public var inLegend: Bool

        /// A series with these points and style.
        public init(
            name: String, points: [Point], line: Line = .straight, markers: Bool = true,
            dashed: Bool = false, color: Int, inLegend: Bool = true
        ) {
            self.name = name
            self.points = points
            self.line = line
            self.markers = markers
            self.dashed = dashed
            self.color = color
            self.inLegend = inLegend
        }
    }

    /// A shaded horizontal range with a label (e.g. a paper's reported range).
    public struct ReferenceBand: Sendable {
        /// The range's lower end.
        public var low: Double
        /// The range's upper end.
        public var high: Double
        /// Its legend entry.
        public var label: String
        /// A band from `low` to `high`.
        public init(low: Double, high: Double, label: String) {
            self.low = low
            self.high = high
            self.label = label
        }
    }

    /// A filled rectangle in data coordinates.
    public struct Rectangle: Sendable {
        public var x0: Double, x1: Double, y0: Double, y1: Double
        /// The palette index of its fill.
        public var color: Int
        /// Hover text.
        public var label: String
        /// Text written inside when it fits.
        public var text: String?
        /// A rectangle from (x0, y0) to (x1, y1).
        public init(
            x0: Double, x1: Double, y0: Double, y1: Double, color: Int, label: String,
            text: String? = nil
        ) {
            self.x0 = x0
            self.x1 = x1
            self.y0 = y0
            self.y1 = y1
            self.color = color
            self.label = label
            self.text = text
        }
    }

    /// A small triangle at a data point: `up` for a tensor read back from host, `down` for one
    /// written out.
    public struct Mark: Sendable {
        /// A triangle pointing up or down.
        public enum Shape: String, Sendable { case up, down }
        /// The mark's x.
        public var x: Double
        /// The mark's y.
        public var y: Double
        /// Which way the triangle points.
        public var shape: Shape
        /// Hover text.
        public var label: String
        /// A mark at (x, y).
        public init(x: Double, y: Double, shape: Shape, label: String) {
            self.x = x
            self.y = y
            self.shape = shape
            self.label = label
        }
    }
}
