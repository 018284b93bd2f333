/// One plot panel, independent of how it is drawn: axes, series of points (optionally with a
/// spread band), shaded reference bands, and rectangles/marks for pictures such as memory maps.
public struct Figure: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var xScale: AxisScale.Kind = .linear
    public var yScale: AxisScale.Kind = .linear
    /// Start the y axis at zero (bars, traffic, cost).
    public var yIncludesZero = false
    /// Category names at integer x positions instead of numeric ticks (bar charts).
    public var xCategories: [String]? = nil
    /// Category names at integer y positions (heat maps), top to bottom.
    public var yCategories: [String]? = nil
    /// Draw y growing downward (memory maps: address 0 at the top).
    public var yDownward = false
    public var series: [Series] = []
    public var bands: [ReferenceBand] = []
    public var rectangles: [Rectangle] = []
    public var marks: [Mark] = []
    /// Extra legend entries (for rectangles): name and colour index.
    public var legend: [(name: String, color: Int)] = []
    /// A line under the plot saying how to read it (what a band means, where data came from).
    public var footnote: String? = nil

    public init(title: String, xLabel: String, yLabel: String) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// A data point; `low`/`high` draw a spread band (e.g. min–max over seeds).
    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public var low: Double?
        public var high: Double?
        /// Drawn larger and outlined (Pareto-optimal points).
        public var highlighted: Bool
        /// Hover text.
        public var label: String?

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

    public struct Series: Sendable {
        public enum Line: Sendable { case none, straight, steps }
        public var name: String
        public var points: [Point]
        public var line: Line
        public var markers: Bool
        public var dashed: Bool
        /// Colour index in the palette; series with the same index share a colour.
        public var color: Int
        /// Shown in the legend.
        public var inLegend: Bool

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
        public var low: Double
        public var high: Double
        public var label: String
        public init(low: Double, high: Double, label: String) {
            self.low = low
            self.high = high
            self.label = label
        }
    }

    /// A filled rectangle in data coordinates.
    public struct Rectangle: Sendable {
        public var x0: Double, x1: Double, y0: Double, y1: Double
        public var color: Int
        /// Hover text.
        public var label: String
        /// Text written inside when it fits.
        public var text: String?
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
        public enum Shape: String, Sendable { case up, down }
        public var x: Double
        public var y: Double
        public var shape: Shape
        public var label: String
        public init(x: Double, y: Double, shape: Shape, label: String) {
            self.x = x
            self.y = y
            self.shape = shape
            self.label = label
        }
    }
}
