/// A generational genetic algorithm: binary tournament selection, uniform crossover, per-gene
/// mutation, and the best individual carried over (elitism).
public struct GeneticAlgorithm: SearchEngine {
    /// `genetic`.
    public let name = "genetic"
    /// Configurations per generation.
    public var populationSize: Int
    /// Probability per gene; nil = 1 / number of parameters.
    public var mutationRate: Double?
    var queue: [Configuration] = []
    var evaluated: [(configuration: Configuration, score: Double)] = []

    /// A GA with `populationSize` per generation and a mutation rate per parameter (default
    /// 1 / number of parameters).
    public init(populationSize: Int = 20, mutationRate: Double? = nil) {
        self.populationSize = max(populationSize, 2)
        self.mutationRate = mutationRate
    }

    /// A random configuration in the first generation; then a child of two tournament winners,
    /// crossed over and mutated (the best of the last generation is kept).
    public mutating func ask(_ space: SearchSpace, using rng: inout SeededRandomNumberGenerator)
        -> Configuration?
    {
        if queue.isEmpty {
            if evaluated.count < populationSize {
                queue = (0..<populationSize).map { _ in space.random(using: &rng) }
            } else {
                queue = nextGeneration(space, &rng)
                evaluated.removeAll()
            }
        }
        return queue.removeFirst()
    }

    /// Records the score; a full generation becomes the parents of the next.
    public mutating func tell(_ configuration: Configuration, score: Double) {
        evaluated.append((configuration, score))
    }

    func nextGeneration(_ space: SearchSpace, _ rng: inout SeededRandomNumberGenerator)
        -> [Configuration]
    {
        let rate = mutationRate ?? 1 / Double(max(space.parameters.count, 1))
        func tournament() -> Configuration {
            let a = evaluated[Int.random(in: 0..<evaluated.count, using: &rng)]
            let b = evaluated[Int.random(in: 0..<evaluated.count, using: &rng)]
            return a.1 <= b.1 ? a.0 : b.0
        }
        var children: [Configuration] = []
        if let elite = evaluated.min(by: { $0.score < $1.score }) {
            children.append(elite.configuration)
        }
        while children.count < populationSize {
            let mother = tournament()
            let father = tournament()
            var child = zip(mother, father).map { Bool.random(using: &rng) ? $0 : $1 }
            for k in child.indices where Double.random(in: 0..<1, using: &rng) < rate {
                child[k] = Int.random(in: 0..<space.parameters[k].values.count, using: &rng)
            }
            children.append(space.canonical(child))
        }
        return children
    }
}
