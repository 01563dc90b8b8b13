import Stochastic

/// The mechanism registry: the one list a new liquidation mechanism joins (docs/ARCHITECTURE.md, "Adding a
/// mechanism"). Everything else about a mechanism (its name, parameters, plug-in, steps) lives in its own
/// folder under Mechanisms/.
public enum MechanismRegistry {
    /// Every mechanism, by the type of its parameters, in the order scenario-file messages list them.
    static let all: [any PluggableMechanism.Type] = [
        FixedSpreadSpec.self, DutchAuctionSpec.self, EnglishAuctionSpec.self, BackstopPoolSpec.self, SoftLiquidationSpec.self,
    ]

    /// The names scenario files may give `[protocol.liquidation] mechanism`.
    public static var names: [MechanismName] { all.map { $0.mechanism } }
}

/// A liquidation mechanism's name as scenario files spell it (`[protocol.liquidation] mechanism = "..."`):
/// the one source for the config reader, ``MechanismSpec/name`` and the records' ``LiquidationStep``. Each
/// mechanism declares its own in its folder (`extension MechanismName { static let ... }`).
public struct MechanismName: RawRepresentable, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The registered mechanisms' names (``MechanismRegistry/names``).
    public static var allCases: [MechanismName] { MechanismRegistry.names }
    public var description: String { rawValue }
}

/// A mechanism's parameters (`[protocol.liquidation]`).
public protocol MechanismParameters: Sendable {
    /// The mechanism they are for.
    static var mechanism: MechanismName { get }
    /// Every out-of-range parameter, keys as `[protocol.liquidation]` spells them.
    func validate() -> [ParameterProblem]
    /// Whether `other` holds the same parameters.
    func isEqual(to other: any MechanismParameters) -> Bool
    /// What the mechanism cannot work with among the scenario's liquidator classes, keys as full scenario key
    /// paths (`liquidators[1].capital`). Default: nothing.
    func keeperProblems(_ liquidators: [LiquidatorSpec]) -> [ParameterProblem]
    /// What the mechanism cannot work with in the scenario's borrower behaviour, keys as full scenario key
    /// paths (`borrowers.enabled`). Default: nothing.
    func borrowerProblems(_ borrowers: BorrowerSpec) -> [ParameterProblem]
}

extension MechanismParameters {
    public func keeperProblems(_ liquidators: [LiquidatorSpec]) -> [ParameterProblem] { [] }
    public func borrowerProblems(_ borrowers: BorrowerSpec) -> [ParameterProblem] { [] }
}

extension MechanismParameters where Self: Equatable {
    public func isEqual(to other: any MechanismParameters) -> Bool { (other as? Self) == self }
}

/// Parameters that build their plug-in: what the engine needs of a registered mechanism.
protocol PluggableMechanism: MechanismParameters {
    /// Hands `builder` the plug-in built from these parameters. The requirement is not generic, so the one
    /// dynamic call per run (through the existential ``MechanismSpec/parameters``) lands in code where the
    /// plug-in's type is concrete: `builder.build(_:)`, and the ``Engine`` it builds, are specialised for it.
    func buildRun(_ builder: EngineBuilder) throws -> () throws -> RunResult
}

/// The liquidation mechanism a scenario selects, with its parameters. All mechanisms are driven by the same
/// paths and seeds, so runs differ only in the mechanism. Each mechanism's folder adds a constructor
/// (`.fixedSpread(_:)`, `.dutchAuction(_:)`, ...).
public struct MechanismSpec: Sendable, Equatable {
    /// The mechanism's parameters; ``parameters(as:)`` reads them as their type.
    public let parameters: any MechanismParameters

    public init(_ parameters: some MechanismParameters) { self.parameters = parameters }

    /// The parameters if they are of type `P`.
    public func parameters<P: MechanismParameters>(as type: P.Type) -> P? { parameters as? P }

    /// The scenario-file name.
    public var name: MechanismName { type(of: parameters).mechanism }

    /// Every out-of-range parameter, keys as `[protocol.liquidation]` spells them.
    public func validate() -> [ParameterProblem] { parameters.validate() }

    public static func == (a: MechanismSpec, b: MechanismSpec) -> Bool { a.parameters.isEqual(to: b.parameters) }

    /// The run of `builder`'s replication under this mechanism. - Precondition: the parameters' type has a
    /// plug-in (``PluggableMechanism``); every type the scenario reader produces has.
    func buildRun(_ builder: EngineBuilder) throws -> () throws -> RunResult {
        guard let pluggable = parameters as? any PluggableMechanism else {
            preconditionFailure("\(name) has parameters but no plug-in: make \(type(of: parameters)) a PluggableMechanism")
        }
        return try pluggable.buildRun(builder)
    }
}
